package io.threadwire.tests.security;

import static io.threadwire.tests.security.Delays.QUICK;
import static org.assertj.core.api.Assertions.assertThat;

import com.esotericsoftware.kryo.io.Output;
import io.threadwire.core.LocalThread;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.ThreadRef;
import io.threadwire.serialize.HandleResolver;
import io.threadwire.serialize.MessageCodec;
import io.threadwire.serialize.MessageTypes;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.LogCapture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenario: a peer that holds the secret sends messages built to be slow or huge to decode: a
 * hash set of 16,384 keys with one hash code (quadratic to insert), and a list of small strings
 * that would take many times its size in heap, past the node's configured
 * {@code maxDecodedSize}. The first closes the connection at once, without the seconds of CPU
 * it once cost; the second is dropped and logged by class name, the connection kept. The
 * legitimate peer is served.
 */
class HostileDecodingTest {
    private static final long MAX_DECODED = 8L << 20;
    /** HashSet's id among the built-in types, a fixed part of the protocol. */
    private static final int HASH_SET = 25;

    @RegisterExtension
    final Cluster cluster = AttackedNode.cluster(WireMode.ENCRYPTED, b -> b.maxDecodedSize(MAX_DECODED));

    private Bystander bystander;
    /** Encodes as the node does, with limits no node would refuse to send with. */
    private final MessageCodec codec = new MessageCodec(MessageTypes.builtInOnly(), 64 << 20, 100, 1L << 40,
            new HandleResolver() {
                @Override
                public RemoteThread.ById export(LocalThread thread) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public ThreadRef resolve(RemoteThread.ById handle) {
                    return handle;
                }
            });

    @BeforeEach
    void connectTheLegitimatePeer() {
        bystander = new Bystander(AttackedNode.legit(cluster), AttackedNode.attacked(cluster));
    }

    /**
     * A HashSet of 16,384 NodeAddress values whose hosts share one hash code (about 600 KB):
     * the connection is closed as soon as the set shows more than 64 keys of one hash code.
     * Prints how long the node took from the last byte to the close (the same message took
     * 1.72 s of the reader's CPU to decode before hash-based collections were bounded).
     */
    @Test
    void aHashCollisionFloodClosesTheConnectionAtOnce() throws Exception {
        byte[] flood = collidingAddressSet(1 << 14);
        Heap.Report heap = Heap.around("hash collision flood", () -> {
            try (RawPeer p = AttackedNode.authenticatedPeer(cluster)) {
                p.sendItem(RawPeer.sendByName(Bystander.SINK, flood));
                Duration closed = p.awaitClosed(QUICK);
                System.out.printf("[collision] HashSet of 16,384 colliding NodeAddress (%,d KB): connection closed %d ms"
                        + " after its last byte%n", flood.length >> 10, closed.toMillis());
                assertThat(closed).isLessThan(QUICK);
            }
        });
        bystander.assertServed(Bystander.MESSAGES);
        heap.assertRetainedBelow(AttackedNode.RETAINED_BOUND);
    }

    /**
     * A list of 1.5 million one-letter strings (about 3 MB on the wire, some 70 MB decoded) is
     * past the node's {@code maxDecodedSize} of 8 MiB: it is dropped, counted and logged by
     * class name, and the connection stays. (Before the setting reached the codec, the node's
     * limit was the default 64 MiB, and the message was delivered.)
     */
    @Test
    void aMessagePastTheConfiguredDecodedSizeIsDropped() throws Exception {
        List<String> letters = new ArrayList<>();
        for (int i = 0; i < 1_500_000; i++) {
            letters.add("a");
        }
        byte[] payload = codec.encode(letters, null);
        long dropped = AttackedNode.attacked(cluster).stats().messagesDropped();
        try (LogCapture log = LogCapture.start(); RawPeer p = AttackedNode.authenticatedPeer(cluster)) {
            p.sendItem(RawPeer.sendByName(Bystander.SINK, payload));
            p.sync(); // the connection is still up, the message handled
            assertThat(log.lines()).anySatisfy(l -> assertThat(l).contains("dropped a message").contains("ArrayList"));
        }
        assertThat(AttackedNode.attacked(cluster).stats().messagesDropped()).isEqualTo(dropped + 1);
        bystander.assertServed(Bystander.MESSAGES); // and the sink got no list
    }

    /** The bytes of a HashSet of {@code n} NodeAddress values whose hosts all have one hash code, as a peer would write them. */
    private byte[] collidingAddressSet(int n) {
        Output out = new Output(64 * n, -1);
        out.writeVarInt(HASH_SET + 2, true);      // the class id, as Kryo writes it
        out.writeVarIntFlag(false, n + 1, true);  // elements of any class, each with its class
        for (int i = 0; i < n; i++) {
            out.writeBytes(codec.encode(new NodeAddress(collidingHost(i, 14), 9000), null));
        }
        return out.toBytes();
    }

    /** The i-th of 2^blocks host names of "Aa"/"BB" blocks, which all have one String hash code. */
    private static String collidingHost(int i, int blocks) {
        StringBuilder host = new StringBuilder();
        for (int b = 0; b < blocks; b++) {
            host.append((i >> b & 1) == 0 ? "Aa" : "BB");
        }
        return host.toString();
    }
}
