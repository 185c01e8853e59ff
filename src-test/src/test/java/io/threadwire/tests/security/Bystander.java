package io.threadwire.tests.security;

import static io.threadwire.core.Messaging.monitor;
import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.receiveIf;
import static io.threadwire.core.Messaging.self;
import static io.threadwire.core.Messaging.send;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.Down;
import io.threadwire.core.LocalThread;
import io.threadwire.core.ReceiveTimeoutException;
import io.threadwire.core.RemoteThread;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeDown;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The legitimate peer of an attacked node: a node of the same cluster that connects before the
 * attack and must go on being served through it and after it.
 *
 * <p>On the attacked node a sink thread, registered as {@value #SINK}, checks that numbered
 * messages arrive in order and keeps anything else it receives (an intruder's message). On the
 * legitimate node a driver thread sends bursts of numbered messages and watches the sink (a
 * monitor, and {@code monitorNode}): any {@link Down} or {@link NodeDown} it sees means the
 * legitimate connection was lost. Both threads belong to their nodes and end when they close.
 * A message is {@code epoch << 32 | sequence}; the end of a burst is marked by sequence
 * {@value #END}, on which the sink reports to the test thread.
 */
final class Bystander {
    static final String SINK = "sink";
    /** The burst every test sends after its attack. */
    static final int MESSAGES = 100_000;
    private static final long END = 0xFFFF_FFFFL;

    /** What the sink has seen in the current epoch. */
    record Report(long epoch, long received, long outOfOrder, String firstViolation, List<String> foreign) {
    }

    /** The sink received {@code text} from somewhere other than the driver. */
    private record Foreign(String text) {
    }

    /** {@code count} numbered messages; the end marker after them only if {@code reported}. */
    private record Burst(long epoch, long count, boolean reported) {
    }

    private record Check() {
    }

    private record AwaitLoss(Duration within) {
    }

    private record Losses(List<Object> events) {
    }

    private record NewEpoch(long epoch) {
    }

    private final List<String> expectedForeign = new ArrayList<>();
    private final List<String> unreadNotices = new ArrayList<>(); // expected foreign messages whose Foreign is in the test's mailbox
    private final LocalThread test = self();
    private final LocalThread sink;
    private final LocalThread driver;
    private long epoch;

    /** Starts the sink on {@code attacked} and the driver on {@code legit}, and connects them with a first burst. */
    Bystander(Node legit, Node attacked) {
        sink = attacked.spawn("sink", this::sinkLoop);
        attacked.registerRemoteThread(sink, SINK);
        RemoteThread remoteSink = attacked.remoteThread(SINK);
        driver = legit.spawn("driver", () -> driverLoop(legit, remoteSink));
        Report warmUp = burst(1_000);
        assertThat(warmUp.received()).as("warm-up messages").isEqualTo(1_000);
    }

    /**
     * Sends {@code count} numbered messages from the legitimate node and asserts they all arrived,
     * in order, that the sink received nothing else, and that the legitimate connection was never lost.
     */
    void assertServed(int count) {
        long start = System.nanoTime();
        Report r = burst(count);
        assertThat(r.outOfOrder()).as("messages out of order or missing; first: %s", r.firstViolation()).isZero();
        assertThat(r.received()).as("numbered messages received").isEqualTo(count);
        assertThat(r.foreign()).as("messages the sink got from elsewhere").isEqualTo(expectedForeign);
        assertNeverLost();
        for (String text : unreadNotices) { // the sink sent them before its report: they are here
            receiveIf(m -> m instanceof Foreign f && f.text().equals(text), LONG);
        }
        unreadNotices.clear();
        System.out.printf("[bystander] %,d messages in order in %d ms%n", count, (System.nanoTime() - start) / 1_000_000);
    }

    /** Declares that the sink was sent {@code message} by a legitimate raw peer: it is no intrusion. */
    void expectForeign(String message) {
        expectedForeign.add(message);
        unreadNotices.add(message);
    }

    /** Waits until the sink has received {@code text} from elsewhere than the driver, and expects it from now on. */
    void awaitForeign(String text) {
        receiveIf(m -> m instanceof Foreign f && f.text().equals(text), LONG);
        expectedForeign.add(text);
    }

    /** Sends a burst in a new epoch and returns the sink's report of it. */
    Report burst(long count) {
        newEpoch();
        send(new Burst(epoch, count, true), driver);
        long current = epoch;
        return (Report) receiveIf(m -> m instanceof Report r && r.epoch() == current, LONG);
    }

    /**
     * Starts a burst in a new epoch that the sink never reports on (no end marker): traffic for
     * an attack to break, whose report, if the end marker got through, would be left unread.
     */
    void startUnreportedBurst(long count) {
        newEpoch();
        send(new Burst(epoch, count, false), driver);
    }

    /** Asserts the driver has seen no {@link Down} or {@link NodeDown}: the legitimate connection stayed up. */
    void assertNeverLost() {
        send(new Check(), driver);
        Losses losses = (Losses) receiveIf(m -> m instanceof Losses, LONG);
        assertThat(losses.events()).as("the legitimate connection was lost").isEmpty();
    }

    /**
     * Waits until the driver sees the legitimate connection lost: a {@link Down} of its monitor
     * on the sink and a {@link NodeDown}; returns them. The driver then monitors the sink again.
     */
    List<Object> awaitLoss() {
        send(new AwaitLoss(LONG), driver);
        return ((Losses) receiveIf(m -> m instanceof Losses, LONG.multipliedBy(2))).events();
    }

    private void newEpoch() {
        epoch++;
        send(new NewEpoch(epoch), sink); // local: ahead of any message of the epoch
    }

    // ---- the sink, on the attacked node ---------------------------------------------------

    private void sinkLoop() {
        long currentEpoch = 0;
        long next = 0;
        long outOfOrder = 0;
        String firstViolation = null;
        List<String> foreign = new ArrayList<>();
        for (;;) {
            Object m = receive();
            if (m instanceof NewEpoch e) {
                currentEpoch = e.epoch();
                next = 0;
                outOfOrder = 0;
                firstViolation = null;
            } else if (m instanceof Long v) {
                long messageEpoch = v >>> 32;
                long seq = v & END;
                if (messageEpoch < currentEpoch) {
                    continue; // a late message of an earlier burst
                }
                if (seq == END) {
                    send(new Report(currentEpoch, next, outOfOrder, firstViolation, List.copyOf(foreign)), test);
                } else if (messageEpoch != currentEpoch || seq != next) {
                    outOfOrder++;
                    if (firstViolation == null) {
                        firstViolation = "expected " + currentEpoch + ":" + next + ", got " + messageEpoch + ":" + seq;
                    }
                    next = seq + 1;
                } else {
                    next++;
                }
            } else if (foreign.size() < 100) {
                String text = m instanceof String s ? s : m.getClass().getName(); // never toString a hostile graph
                foreign.add(text);
                send(new Foreign(text), test);
            }
        }
    }

    // ---- the driver, on the legitimate node --------------------------------------------------

    private void driverLoop(Node legit, RemoteThread remoteSink) {
        monitor(remoteSink);
        legit.monitorNode(remoteSink.node());
        for (;;) {
            Object command = receiveIf(m -> m instanceof Burst || m instanceof Check || m instanceof AwaitLoss);
            switch (command) {
                case Burst b -> {
                    long base = b.epoch() << 32;
                    for (long i = 0; i < b.count(); i++) {
                        send(base + i, remoteSink);
                    }
                    if (b.reported()) {
                        send(base + END, remoteSink);
                    }
                }
                case Check c -> send(new Losses(drainLosses(Duration.ZERO)), test);
                case AwaitLoss a -> {
                    List<Object> losses = new ArrayList<>();
                    losses.add(receiveIf(m -> m instanceof Down, a.within()));
                    losses.add(receiveIf(m -> m instanceof NodeDown, a.within()));
                    losses.addAll(drainLosses(Duration.ZERO));
                    monitor(remoteSink);
                    send(new Losses(losses), test);
                }
                default -> throw new IllegalStateException("unexpected command " + command);
            }
        }
    }

    /** Every Down and NodeDown waiting, after waiting up to {@code first} for one. */
    private static List<Object> drainLosses(Duration first) {
        List<Object> losses = new ArrayList<>();
        Duration wait = first;
        for (;;) {
            try {
                losses.add(receiveIf(m -> m instanceof Down || m instanceof NodeDown, wait));
                wait = Duration.ZERO;
            } catch (ReceiveTimeoutException e) {
                return losses;
            }
        }
    }
}
