package io.threadwire.serialize;

import com.esotericsoftware.kryo.io.Output;
import java.util.function.Consumer;

/**
 * Hand-made wire bytes, as a hostile peer would write them with Kryo's {@link Output}. A value
 * is a class id, written as the varint {@code id + 2} (0 means null, 1 means "class by name"),
 * then the class's serializer's bytes. The ids are part of the protocol (Kryo's own for
 * {@code int} and {@code String}, threadwire's in BuiltInTypes).
 */
final class Wire {
    static final int INT = 0;
    static final int STRING = 1;
    static final int BYTE_ARRAY = 10;
    static final int INT_ARRAY = 12;
    static final int LONG_ARRAY = 13;
    static final int CHAR_ARRAY = 16;
    static final int BOOLEAN_ARRAY = 17;
    static final int STRING_ARRAY = 18;
    static final int OBJECT_ARRAY = 19;
    static final int ARRAY_LIST = 20;
    static final int LINKED_LIST = 21;
    static final int HASH_MAP = 22;
    static final int LINKED_HASH_MAP = 23;
    static final int HASH_SET = 25;
    static final int LINKED_HASH_SET = 26;
    static final int ARRAY_DEQUE = 28;
    static final int CONCURRENT_HASH_MAP = 29;
    static final int ARRAYS_AS_LIST = 37;
    static final int LIST_N = 39;
    static final int SET_N = 41;
    static final int MAP_N = 43;
    static final int BIG_INTEGER = 51;
    static final int BIT_SET = 53;

    private Wire() {
    }

    static byte[] bytes(Consumer<Output> writer) {
        Output out = new Output(64, -1);
        writer.accept(out);
        return out.toBytes();
    }

    static void classId(Output out, int id) {
        out.writeVarInt(id + 2, true);
    }

    /** A class named in full, the first name of its message (name id 0). */
    static void className(Output out, String name) {
        out.writeByte(1);
        out.writeVarInt(0, true);
        out.writeString(name);
    }

    /** An Integer as a whole value: its class id and its varint. */
    static void integer(Output out, int value) {
        classId(out, INT);
        out.writeVarInt(value, false);
    }
}
