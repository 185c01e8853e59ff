package io.threadwire.serialize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.threadwire.serialize.peer.PeerNote;
import java.util.ArrayList;
import java.util.List;

/** Codecs and helpers shared by the serialize tests. */
final class Codecs {
    /** The package whose classes travel by name in {@link #appTypes()}. */
    static final String PEER_PACKAGE = PeerNote.class.getPackageName();
    static final int MAX_SIZE = 1 << 20;
    static final int MAX_DEPTH = 64;

    private Codecs() {
    }

    static FakeResolver nodeA() {
        return new FakeResolver("node-a.example", 7001, 0xA11CE);
    }

    static FakeResolver nodeB() {
        return new FakeResolver("node-b.example", 7002, 0xB0B);
    }

    static MessageCodec codec(MessageTypes types, HandleResolver resolver) {
        return new MessageCodec(types, MAX_SIZE, MAX_DEPTH, resolver);
    }

    static MessageCodec codec(MessageTypes types) {
        return codec(types, nodeA());
    }

    static MessageCodec builtInCodec() {
        return codec(MessageTypes.builtInOnly());
    }

    /** The test application's types: the records of {@link Messages} registered, the peer package allowed. */
    static MessageTypes appTypes() {
        return MessageTypes.builder()
                .register(Messages.Point.class)
                .register(Messages.Line.class)
                .register(Messages.Color.class)
                .register(Messages.Order.class)
                .register(Messages.Tick.class)
                .register(Messages.Plain.class)
                .register(Messages.Holder.class)
                .register(Messages.Operation.class)
                .allowPackage(PEER_PACKAGE)
                .build();
    }

    static Object roundTrip(MessageCodec codec, Object message) {
        byte[] bytes = codec.encode(message, null);
        return codec.decode(bytes, 0, bytes.length);
    }

    /** Decodes and returns what was thrown, failing the test if nothing was. */
    static Throwable decodeFailure(MessageCodec codec, byte[] bytes) {
        Throwable thrown = catchThrowable(() -> codec.decode(bytes, 0, bytes.length));
        assertThat(thrown).as("decoding %d hostile bytes", bytes.length).isNotNull();
        return thrown;
    }

    /** Every throwable in the cause chain of {@code t}, {@code t} first. */
    static List<Throwable> causes(Throwable t) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable c = t; c != null && !chain.contains(c); c = c.getCause()) {
            chain.add(c);
        }
        return chain;
    }
}
