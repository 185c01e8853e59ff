package io.threadwire.serialize.peer;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import java.io.Serializable;

/** A class that asks Kryo for Java serialization, which threadwire never uses. */
@DefaultSerializer(JavaSerializer.class)
public final class Legacy implements Serializable {
    private static final long serialVersionUID = 1L;
    public int value;
}
