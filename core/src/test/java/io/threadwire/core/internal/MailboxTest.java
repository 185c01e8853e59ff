package io.threadwire.core.internal;

import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The mailbox's queue holds what has not been taken, and nothing of what has. */
class MailboxTest {

    private static final Mailbox.Checkpoint NOTHING_TO_RAISE = () -> { };

    /** Links reachable from the mailbox itself, following the queue from its first stub. */
    private static int linksReachableFrom(Mailbox mailbox) {
        int n = 0;
        for (MailboxNode link = mailbox.next; link != null; link = link.next) {
            n++;
        }
        return n;
    }

    /** A long-lived mailbox does not keep the links of the messages it has handed out. */
    @Test
    void takenMessagesLeaveNoLinkBehind() {
        Mailbox mailbox = new Mailbox();
        int messages = 10_000;
        for (int i = 0; i < messages; i++) {
            mailbox.put(i);
        }
        for (int i = 0; i < messages; i++) {
            assertThat(mailbox.take(null, Mailbox.NO_DEADLINE, NOTHING_TO_RAISE)).isEqualTo(i);
        }
        mailbox.put("last");
        assertThat(linksReachableFrom(mailbox)).as("links reachable from the mailbox after %d taken", messages)
                .isLessThanOrEqualTo(1);
    }

    /**
     * A signal is raised in its place: after the messages put before it, before those put after
     * it, and a checkpoint that throws leaves the message it stood before in place.
     */
    @Test
    void signalIsRaisedInItsPlaceAmongTheMessages() {
        Mailbox mailbox = new Mailbox();
        IllegalStateException failure = new IllegalStateException("linked failure");
        mailbox.put("before");
        mailbox.signal(failure);
        mailbox.put("after");
        assertThat(mailbox.take(null, Mailbox.NO_DEADLINE, NOTHING_TO_RAISE)).isEqualTo("before");
        RuntimeException raised = null;
        try {
            mailbox.take(null, Mailbox.NO_DEADLINE, NOTHING_TO_RAISE);
        } catch (IllegalStateException e) {
            raised = e;
        }
        assertThat(raised).isSameAs(failure);
        RuntimeException exit = new RuntimeException("exit");
        Mailbox.Checkpoint exiting = () -> {
            throw exit;
        };
        try {
            mailbox.take(null, Mailbox.NO_DEADLINE, exiting);
            throw new AssertionError("the checkpoint did not end the take");
        } catch (RuntimeException e) {
            assertThat(e).isSameAs(exit);
        }
        assertThat(mailbox.take(null, Mailbox.NO_DEADLINE, NOTHING_TO_RAISE)).isEqualTo("after");
        assertThat(mailbox.hasMessages()).isFalse();
    }

    /**
     * Runs of messages put in one step ({@link Mailbox#offerAll}) and single puts, from several
     * threads at once, while the owner parks each time it finds the mailbox empty: every message
     * is taken once, each thread's in the order it put them, and no put is left behind a parked
     * owner (the take would time out). Each producer reuses one array for its runs, as the
     * reader does: the mailbox must not keep it.
     */
    @Test
    void runsAndSinglePutsFromManyThreadsArriveOnceInOrder() throws Exception {
        Mailbox mailbox = new Mailbox();
        int producers = 4;
        int runs = 4_000;
        int[] next = new int[producers];
        int perProducer = 0;
        for (int r = 0; r < runs; r++) {
            perProducer += 1 + r % 8;
        }
        List<Future<?>> producing = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int p = 0; p < producers; p++) {
                int producer = p;
                producing.add(pool.submit(() -> {
                    int seq = 0;
                    Object[] run = new Object[10]; // the run in the middle: offerAll takes a range
                    for (int r = 0; r < runs; r++) {
                        int n = 1 + r % 8;
                        for (int i = 1; i <= n; i++) {
                            run[i] = new int[] {producer, seq++};
                        }
                        if (n == 1) {
                            mailbox.put(run[1]);
                        } else {
                            assertThat(mailbox.offerAll(run, 1, n + 1)).isNotEqualTo(Mailbox.REFUSED);
                        }
                        Arrays.fill(run, "overwritten"); // a mailbox that kept the array would hand these out
                    }
                    return null;
                }));
            }
            long deadline = System.nanoTime() + LONG.toNanos();
            for (int taken = 0; taken < producers * perProducer; taken++) {
                Object m = mailbox.take(null, deadline, NOTHING_TO_RAISE);
                if (m == Mailbox.TIMED_OUT) {
                    for (Future<?> f : producing) {
                        f.get(LONG.toNanos(), TimeUnit.NANOSECONDS); // a producer that failed says why
                    }
                }
                assertThat(m).as("message %d of %d", taken, producers * perProducer).isInstanceOf(int[].class);
                int[] pm = (int[]) m;
                assertThat(pm[1]).as("producer %d's next", pm[0]).isEqualTo(next[pm[0]]++);
            }
        }
        assertThat(next).containsOnly(perProducer);
        mailbox.put("last");
        assertThat(linksReachableFrom(mailbox)).isLessThanOrEqualTo(1);
    }

    /** A closed mailbox refuses a run whole. */
    @Test
    void aClosedMailboxRefusesARun() {
        Mailbox mailbox = new Mailbox();
        mailbox.close();
        assertThat(mailbox.offerAll(new Object[] {"a", "b"}, 0, 2)).isEqualTo(Mailbox.REFUSED);
        assertThat(mailbox.hasMessages()).isFalse();
    }
}
