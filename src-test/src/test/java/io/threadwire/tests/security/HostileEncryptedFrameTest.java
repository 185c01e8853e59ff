package io.threadwire.tests.security;

import static io.threadwire.tests.security.AttackedNode.RETAINED_BOUND;
import static io.threadwire.tests.security.Delays.QUICK;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.testkit.Cluster;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Scenario: a peer that holds the secret, welcomed to an encrypted connection, sends a data frame
 * that fails authentication: sealed under another secret's key, with a bit flipped, cut short,
 * replayed, out of order, reflected (one of the node's own frames sent back), taken from another
 * connection, or in clear. Each must close that one connection quickly, with none of the
 * frame's items delivered; another authenticated peer's connection stays up, and the legitimate
 * peer goes on being served.
 *
 * <p>Before its forged frame the peer sends a genuine one and waits for the node's encrypted
 * answer to a Monitor: the node and the peer agree on keys and counters up to the forgery, so
 * the forgery alone is what the node refuses.
 *
 * <p>Runs for both ways a connection comes to encrypt: the node is configured to (the peer's
 * Hello does not ask), or the peer asks in its Hello (the node is not configured to).
 */
@ParameterizedClass(name = "{0} asks to encrypt")
@EnumSource(HostileEncryptedFrameTest.WhoAsks.class)
class HostileEncryptedFrameTest {
    private static final byte[] WRONG_SECRET = "not the cluster's secret at all".getBytes(StandardCharsets.UTF_8);

    /** Which side asks for encryption in its handshake message. */
    enum WhoAsks { NODE, PEER }

    /** What a forger has at hand: its connection, another authenticated one, and a genuine frame it sent. */
    record Forge(RawPeer peer, RawPeer other, byte[] secret, byte[] accepted) {
    }

    /** One way to forge; {@link #frames} are what the peer sends, {@code body} the items the forgery carries, in clear. */
    enum Forgery {
        /** The right counter, under the key the same handshake gives another secret. */
        WRONG_SECRET {
            @Override
            List<byte[]> frames(Forge f, byte[] body) {
                return List.of(RawPeer.sealedFrame(f.peer().sendKeyUnder(HostileEncryptedFrameTest.WRONG_SECRET),
                        f.peer().framesSealed(), body));
            }
        },
        /** One bit of the ciphertext flipped. */
        FLIPPED_CIPHERTEXT_BIT {
            @Override
            List<byte[]> frames(Forge f, byte[] body) {
                byte[] frame = f.peer().dataFrameOf(body);
                frame[5 + body.length / 2] ^= 0x08;
                return List.of(frame);
            }
        },
        /** One bit of the tag flipped. */
        FLIPPED_TAG_BIT {
            @Override
            List<byte[]> frames(Forge f, byte[] body) {
                byte[] frame = f.peer().dataFrameOf(body);
                frame[frame.length - 1] ^= 0x01;
                return List.of(frame);
            }
        },
        /** The last byte of the tag cut off, the length prefix adjusted. */
        TRUNCATED {
            @Override
            List<byte[]> frames(Forge f, byte[] body) {
                byte[] frame = f.peer().dataFrameOf(body);
                byte[] cut = Arrays.copyOf(frame, frame.length - 1);
                ByteBuffer.wrap(cut).putInt(cut.length - 4);
                return List.of(cut);
            }
        },
        /** The genuine frame the node already accepted, sent again. */
        REPLAYED {
            @Override
            List<byte[]> frames(Forge f, byte[] body) {
                return List.of(f.accepted());
            }
        },
        /** Two genuine frames, the second one first. */
        OUT_OF_ORDER {
            @Override
            List<byte[]> frames(Forge f, byte[] body) {
                byte[] first = f.peer().dataFrameOf(body);
                byte[] second = f.peer().dataFrameOf(body);
                return List.of(second, first);
            }
        },
        /** The node's last frame to this peer (its answer to the Monitor), sent back to it. */
        REFLECTED {
            @Override
            List<byte[]> frames(Forge f, byte[] body) {
                return List.of(f.peer().lastDataFrame());
            }
        },
        /** The frame another authenticated connection would send at this counter: keys belong to one connection. */
        FROM_ANOTHER_CONNECTION {
            @Override
            List<byte[]> frames(Forge f, byte[] body) {
                return List.of(RawPeer.sealedFrame(f.other().sendKeyUnder(f.secret()), f.peer().framesSealed(), body));
            }
        },
        /** The items in clear, as an unencrypted connection would send them. */
        IN_CLEAR {
            @Override
            List<byte[]> frames(Forge f, byte[] body) {
                return List.of(RawPeer.frame(RawPeer.DATA, body));
            }
        },
        /** A heartbeat in clear: a body shorter than a tag. */
        HEARTBEAT_IN_CLEAR {
            @Override
            List<byte[]> frames(Forge f, byte[] body) {
                return List.of(RawPeer.frame(RawPeer.DATA, RawPeer.items(new byte[] {RawPeer.HEARTBEAT})));
            }
        };

        abstract List<byte[]> frames(Forge f, byte[] body);

        String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    @RegisterExtension
    final Cluster cluster;

    private final WhoAsks asks;
    private Bystander bystander;
    private byte[] secret;
    /** Another authenticated, encrypting peer of the attacked node: its connection must outlive every forgery. */
    private RawPeer witness;

    HostileEncryptedFrameTest(WhoAsks asks) {
        this.asks = asks;
        cluster = AttackedNode.cluster(asks == WhoAsks.NODE ? WireMode.ENCRYPTED : WireMode.PLAIN);
    }

    @BeforeEach
    void connect() throws IOException {
        bystander = new Bystander(AttackedNode.legit(cluster), AttackedNode.attacked(cluster));
        secret = AttackedNode.secret(cluster);
        witness = encryptingPeer();
        witness.sync();
    }

    @AfterEach
    void closeTheWitness() throws IOException {
        if (witness != null) {
            witness.close();
        }
    }

    /** A raw peer authenticated with the attacked node, asking for encryption if the peer is the one to ask. */
    private RawPeer encryptingPeer() throws IOException {
        RawPeer p = RawPeer.connect(AttackedNode.attacked(cluster).address());
        try {
            p.authenticate(secret, asks == WhoAsks.PEER);
            assertThat(p.encrypting()).as("the connection encrypts").isTrue();
            return p;
        } catch (IOException | RuntimeException | Error e) {
            p.close();
            throw e;
        }
    }

    private static byte[] intrusion(String text) {
        return RawPeer.sendByName(Bystander.SINK, Payloads.string(text.length(), text));
    }

    /**
     * A frame that fails authentication closes its connection, and only it: none of its items
     * reaches a thread, the witness's connection still answers, the legitimate peer is served.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Forgery.class)
    void aFrameThatFailsAuthenticationClosesItsConnectionOnly(Forgery forgery) throws Exception {
        String accepted = "accepted before " + forgery.label();
        Heap.Report heap = Heap.around(forgery.label(), () -> {
            try (RawPeer p = encryptingPeer()) {
                byte[] genuine = p.dataFrame(intrusion(accepted));
                p.sendRaw(genuine);
                p.sync(); // the node opened the peer's frames, and the peer the node's: they agree so far
                bystander.awaitForeign(accepted);
                for (byte[] frame : forgery.frames(new Forge(p, witness, secret, genuine),
                        RawPeer.items(intrusion("forged " + forgery.label())))) {
                    p.sendHostile(frame);
                }
                assertThat(p.awaitClosed(QUICK)).as("time to close").isLessThan(QUICK);
            }
        });
        witness.sync(); // the other authenticated connection is still up, its counters intact
        bystander.assertServed(Bystander.MESSAGES); // nothing forged reached the sink, the genuine item once
        heap.assertRetainedBelow(RETAINED_BOUND);
    }
}
