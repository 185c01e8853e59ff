package io.threadwire.serialize.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.threadwire.core.LocalThread;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.ThreadRef;
import io.threadwire.serialize.HandleResolver;

/**
 * Thread handles on the wire. A {@link LocalThread} is written exactly as the
 * {@link RemoteThread.ById} it is seen as from other nodes (address, incarnation, id); reading
 * one gives back the {@code LocalThread} when it names a live thread of the reading node, so a
 * handle that goes out and comes back is the same object again.
 *
 * <p>A message field that holds a handle should be declared {@link ThreadRef}: a
 * {@code LocalThread} arrives on another node as a {@code RemoteThread}.
 */
final class HandleSerializers {
    private HandleSerializers() {
    }

    static void writeById(Output out, RemoteThread.ById h) {
        out.writeString(h.node().host());
        out.writeVarInt(h.node().port(), true);
        out.writeLong(h.incarnation());
        out.writeVarLong(h.id(), true);
    }

    static RemoteThread.ById readById(Input in) {
        String host = in.readString();
        int port = in.readVarInt(true);
        long incarnation = in.readLong();
        long id = in.readVarLong(true);
        return new RemoteThread.ById(new NodeAddress(host, port), incarnation, id);
    }

    /**
     * {@code LocalThread} and {@code RemoteThread.ById}, which share one wire form: a local
     * thread goes out as its remote form; either comes in as whatever the resolver makes of it.
     */
    static final class ByIdSerializer extends Serializer<ThreadRef> {
        private final HandleResolver resolver;

        ByIdSerializer(HandleResolver resolver) {
            this.resolver = resolver;
            setImmutable(true);
        }

        @Override
        public void write(Kryo kryo, Output output, ThreadRef handle) {
            writeById(output, handle instanceof LocalThread local ? resolver.export(local) : (RemoteThread.ById) handle);
        }

        @Override
        public ThreadRef read(Kryo kryo, Input input, Class<? extends ThreadRef> type) {
            return resolver.resolve(readById(input));
        }
    }

    /** {@code RemoteThread.Named}: address and name. */
    static final class NamedSerializer extends Serializer<RemoteThread.Named> {
        NamedSerializer() {
            setImmutable(true);
        }

        @Override
        public void write(Kryo kryo, Output output, RemoteThread.Named handle) {
            output.writeString(handle.node().host());
            output.writeVarInt(handle.node().port(), true);
            output.writeString(handle.name());
        }

        @Override
        public RemoteThread.Named read(Kryo kryo, Input input, Class<? extends RemoteThread.Named> type) {
            String host = input.readString();
            int port = input.readVarInt(true);
            return new RemoteThread.Named(new NodeAddress(host, port), input.readString());
        }
    }
}
