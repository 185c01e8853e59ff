package io.threadwire.tests;

import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.receiveIf;
import static io.threadwire.core.Messaging.self;
import static io.threadwire.core.Messaging.send;
import static io.threadwire.testkit.Timeouts.LONG;
import static io.threadwire.tests.support.Tolerant.tolerant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threadwire.core.ReceiveTimeoutException;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.ThreadRef;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeDown;
import io.threadwire.distributed.NodeUp;
import io.threadwire.serialize.MessageTooLargeException;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** Messages of many megabytes, and one over the configured maximum. */
class LargeMessageTest {
    private static final int SIXTEEN_MIB = 16 << 20;

    /** Bytes and the checksum the sender computed over them. */
    record Blob(byte[] bytes, long crc, ThreadRef replyTo) {
    }

    /** A record holding a big string, and its length and hash as the sender computed them. */
    record Text(String text, int length, int hash, ThreadRef replyTo) {
    }

    /** The receiver's verdict on what arrived. */
    record Verdict(boolean intact, String detail) {
    }

    /** Scenario: a 16 MiB byte array sent with default settings arrives with the same length and CRC-32. */
    @Test
    void aSixteenMebibyteByteArrayArrivesIntact() {
        try (Cluster cluster = Cluster.of(2, b -> tolerant(b).register(Blob.class).register(Verdict.class)).start()) {
            Node a = cluster.node(0);
            Node b = cluster.node(1);
            Worker<Void> checker = Worker.run(b, "checker", () -> {
                Blob blob = receive(Blob.class, LONG);
                long crc = crc(blob.bytes());
                send(new Verdict(blob.bytes().length == SIXTEEN_MIB && crc == blob.crc(),
                        blob.bytes().length + " bytes, crc " + crc + " (sent " + blob.crc() + ")"), blob.replyTo());
            });
            b.registerRemoteThread(checker.thread(), "checker");
            Worker<Verdict> sender = Worker.start(a, "sender", () -> {
                byte[] bytes = new byte[SIXTEEN_MIB];
                new SplittableRandom(42).nextBytes(bytes);
                send(new Blob(bytes, crc(bytes), self()), b.remoteThread("checker"));
                return receive(Verdict.class, LONG);
            });
            Verdict verdict = sender.join();
            assertThat(verdict.intact()).as(verdict.detail()).isTrue();
            checker.join();
        }
    }

    /**
     * Big messages of several sizes, one after the other, each arrive intact: the receiver puts
     * most of them together in the buffer of the one before, which is longer than they are.
     */
    @Test
    void bigMessagesOfChangingSizesEachArriveIntact() {
        int[] sizes = {4 << 20, 3 << 20, (5 << 20) / 2, 6 << 20, 1 << 20, (3 << 20) + 12_345};
        try (Cluster cluster = Cluster.of(2, b -> tolerant(b).register(Blob.class).register(Verdict.class)).start()) {
            Node a = cluster.node(0);
            Node b = cluster.node(1);
            Worker<Void> checker = Worker.run(b, "checker", () -> {
                for (int size : sizes) {
                    Blob blob = receive(Blob.class, LONG);
                    long crc = crc(blob.bytes());
                    send(new Verdict(blob.bytes().length == size && crc == blob.crc(),
                            blob.bytes().length + " bytes of " + size + ", crc " + crc + " (sent " + blob.crc() + ")"),
                            blob.replyTo());
                }
            });
            b.registerRemoteThread(checker.thread(), "checker");
            Worker<Void> sender = Worker.start(a, "sender", () -> {
                SplittableRandom random = new SplittableRandom(7);
                for (int size : sizes) {
                    byte[] bytes = new byte[size];
                    random.nextBytes(bytes);
                    send(new Blob(bytes, crc(bytes), self()), b.remoteThread("checker"));
                    Verdict verdict = receive(Verdict.class, LONG);
                    assertThat(verdict.intact()).as(verdict.detail()).isTrue();
                }
                return null;
            });
            sender.join();
            checker.join();
        }
    }

    /**
     * Scenario: two threads each stream 1 MiB {@code byte[]} messages, all of one size, without
     * waiting, to one receiver. Each arrives as it was sent, in each sender's order. A sender
     * node encodes such a message into the array of one it has cut into fragments before, and
     * cuts fragments into the arrays of fragments already written: an array used again too soon
     * would carry another message's bytes.
     */
    @Test
    void aStreamOfBigMessagesOfOneSizeFromTwoThreadsArrivesIntact() {
        int size = 1 << 20;
        int perSender = 24;
        try (Cluster cluster = Cluster.of(2, b -> tolerant(b).register(Verdict.class)).start()) {
            Node a = cluster.node(0);
            Node b = cluster.node(1);
            Worker<Verdict> checker = Worker.start(b, "checker", () -> {
                int[] next = new int[2];
                for (int i = 0; i < 2 * perSender; i++) {
                    byte[] got = receive(byte[].class, LONG);
                    int sender = got[0];
                    int seq = got[1];
                    if (got.length != size || sender < 0 || sender > 1 || seq != next[sender]
                            || !Arrays.equals(got, numbered(sender, seq, size))) {
                        return new Verdict(false, "message " + i + ": " + got.length + " bytes, sender " + sender
                                + ", number " + seq + " where " + (sender >= 0 && sender <= 1 ? next[sender] : -1)
                                + " was due, or its bytes differ");
                    }
                    next[sender]++;
                }
                return new Verdict(true, "all " + 2 * perSender);
            });
            b.registerRemoteThread(checker.thread(), "checker");
            RemoteThread target = b.remoteThread("checker");
            List<Worker<Void>> senders = new ArrayList<>();
            for (int sender = 0; sender < 2; sender++) {
                int me = sender;
                senders.add(Worker.start(a, "sender-" + me, () -> {
                    for (int seq = 0; seq < perSender; seq++) {
                        send(numbered(me, seq, size), target);
                    }
                    return null;
                }));
            }
            senders.forEach(Worker::join);
            Verdict verdict = checker.join();
            assertThat(verdict.intact()).as(verdict.detail()).isTrue();
        }
    }

    /** {@code size} bytes that only message {@code seq} of {@code sender} holds: both numbers first, then bytes of that seed. */
    private static byte[] numbered(int sender, int seq, int size) {
        byte[] bytes = new byte[size];
        new SplittableRandom(1_000L * sender + seq).nextBytes(bytes);
        bytes[0] = (byte) sender;
        bytes[1] = (byte) seq;
        return bytes;
    }

    /** Scenario: a record holding a string of 16 Mi characters (some outside ASCII) arrives with the same length and hash. */
    @Test
    void aRecordHoldingABigStringArrivesIntact() {
        try (Cluster cluster = Cluster.of(2, b -> tolerant(b).register(Text.class).register(Verdict.class)).start()) {
            Node a = cluster.node(0);
            Node b = cluster.node(1);
            Worker<Void> checker = Worker.run(b, "checker", () -> {
                Text t = receive(Text.class, LONG);
                send(new Verdict(t.text().length() == t.length() && t.text().hashCode() == t.hash(),
                        t.text().length() + " chars, hash " + t.text().hashCode()), t.replyTo());
            });
            b.registerRemoteThread(checker.thread(), "checker");
            Worker<Verdict> sender = Worker.start(a, "sender", () -> {
                String text = randomText(SIXTEEN_MIB);
                send(new Text(text, text.length(), text.hashCode(), self()), b.remoteThread("checker"));
                return receive(Verdict.class, LONG);
            });
            Verdict verdict = sender.join();
            assertThat(verdict.intact()).as(verdict.detail()).isTrue();
            checker.join();
        }
    }

    /**
     * Scenario: a message over the configured maxMessageSize fails at send with
     * MessageTooLargeException; the connection stays up (no NodeDown, no new NodeUp, still one
     * connection) and a small message sent next arrives.
     */
    @Test
    void aMessageOverTheMaximumFailsAtSendAndTheConnectionStaysUsable() {
        int max = 1 << 20;
        try (Cluster cluster = Cluster.of(2, b -> tolerant(b).maxMessageSize(max)).start()) {
            Node a = cluster.node(0);
            Node b = cluster.node(1);
            Worker<Object> sink = Worker.start(b, "sink", () -> {
                Object first = receive(LONG);
                Object second = receive(LONG);
                send("got both", RemoteThread.named(a.address(), "test-sender"));
                return first + " then " + second;
            });
            b.registerRemoteThread(sink.thread(), "sink");
            Worker<Optional<Object>> sender = Worker.start(a, "sender", () -> {
                a.registerRemoteThread(self(), "test-sender");
                a.monitorNode(b.address()); // connects, and would report a loss and a reconnection
                receive(NodeUp.class, LONG);
                RemoteThread target = b.remoteThread("sink");
                send("small before", target);
                assertThatThrownBy(() -> send(new byte[max + 1], target))
                        .isInstanceOfSatisfying(MessageTooLargeException.class, e -> assertThat(e.limit()).isEqualTo(max))
                        .hasMessageContaining("byte");
                send("small after", target);
                receiveIf("got both"::equals, LONG);
                assertThat(a.stats().connections()).isEqualTo(1);
                // a lost connection's NodeDown comes before a new connection can carry the reply
                return queued(m -> m instanceof NodeDown || m instanceof NodeUp);
            });
            assertThat(sender.join()).as("NodeDown or NodeUp after the first connection").isEmpty();
            assertThat(sink.join()).isEqualTo("small before then small after");
        }
    }

    /**
     * Scenario: small messages and messages that travel in fragments (1 MiB: 16 fragments of a
     * 64 KiB frame) alternate to one thread. A selective receive finds the last big one, a
     * {@code byte[]}, first; the rest then arrive in the order sent, intact: a small message
     * never passes the fragments of a big one its thread sent before it, though it passes
     * other threads' (the send queue's bulk lane). A big one's fragments are all queued at
     * once, so the next small one is sent while most of them still wait in that lane.
     */
    @Test
    void bigAndSmallMessagesFromOneThreadKeepTheirOrder() {
        int pairs = 8;
        int big = 1 << 20;
        try (Cluster cluster = Cluster.of(2, b -> tolerant(b)).start()) {
            Node a = cluster.node(0);
            Node b = cluster.node(1);
            Worker<String> sink = Worker.start(b, "sink", () -> {
                receiveIf("all sent"::equals, LONG);
                Object last = receiveIf(m -> m instanceof byte[] bytes && bytes[0] == pairs - 1, LONG);
                StringBuilder problems = new StringBuilder();
                if (((byte[]) last).length != big) {
                    problems.append("the last big message has ").append(((byte[]) last).length).append(" bytes; ");
                }
                for (int i = 0; i < pairs; i++) {
                    Object small = receive(LONG);
                    if (!Integer.valueOf(i).equals(small)) {
                        problems.append("expected ").append(i).append(", got ").append(small).append("; ");
                    }
                    if (i == pairs - 1) {
                        break; // its big one was taken first
                    }
                    Object next = receive(LONG);
                    if (!(next instanceof byte[] bytes) || bytes.length != big || bytes[0] != i || bytes[big - 1] != i) {
                        problems.append("expected big ").append(i).append(", got ").append(next).append("; ");
                    }
                }
                return problems.toString();
            });
            b.registerRemoteThread(sink.thread(), "sink");
            Worker.run(a, "sender", () -> {
                RemoteThread target = b.remoteThread("sink");
                for (int i = 0; i < pairs; i++) {
                    byte[] bytes = new byte[big];
                    Arrays.fill(bytes, (byte) i);
                    send(i, target);
                    send(bytes, target);
                }
                send("all sent", target);
            }).join();
            assertThat(sink.join()).isEmpty();
        }
    }

    /** The oldest message {@code filter} accepts that is in the calling thread's mailbox now, without waiting. */
    private static Optional<Object> queued(Predicate<Object> filter) {
        try {
            return Optional.of(receiveIf(filter, Duration.ZERO));
        } catch (ReceiveTimeoutException none) {
            return Optional.empty();
        }
    }

    private static long crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }

    private static String randomText(int length) {
        SplittableRandom random = new SplittableRandom(7);
        char[] alphabet = "abcdefghijklmnopqrstuvwxyzéüß€中 ".toCharArray();
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = alphabet[random.nextInt(alphabet.length)];
        }
        return new String(chars);
    }
}
