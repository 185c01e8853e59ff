package io.threadwire.distributed.internal.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threadwire.core.NodeAddress;
import io.threadwire.testkit.Timeouts;
import io.threadwire.distributed.NodeUnreachableException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The peer slot's state machine on its own, driven from several threads with latches so that
 * each interleaving the guarantee depends on happens for certain: a loss reported while a new
 * channel comes up, a stale channel replaced, an attempt that fails while another node's
 * connection arrives.
 */
class PeerSlotTest {
    private static final long PATIENCE_SECONDS = Timeouts.LONG.toSeconds();
    private static final NodeAddress NODE = new NodeAddress("127.0.0.1", 9);

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Recorder events = new Recorder();
    private static final long KEPT_LIMIT = 100;
    private final PeerSlot<FakeChannel, List<String>> slot = new PeerSlot<>(NODE, TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS),
            KEPT_LIMIT, events);

    @AfterEach
    void stopThreads() throws InterruptedException {
        events.release();
        threads.shutdownNow();
        assertThat(threads.awaitTermination(PATIENCE_SECONDS, TimeUnit.SECONDS)).isTrue();
    }

    /**
     * Installs {@code channel}, then loses it ("cut") on another thread, which is held in the
     * loss's report until {@code events.release()}; returns once the report has begun.
     */
    private Future<?> loseHeldInTheReport(FakeChannel channel) throws InterruptedException {
        slot.attach(channel);
        events.holdReports();
        Future<?> loss = threads.submit(() -> slot.lost(channel, "cut"));
        events.awaitReporting();
        return loss;
    }

    /** A sender waiting while a loss is reported gets the new channel only after the report is complete. */
    @Test
    void noChannelIsHandedOutUntilTheLossIsReported() throws Exception {
        FakeChannel a = new FakeChannel("a");
        FakeChannel b = new FakeChannel("b");
        Future<?> loss = loseHeldInTheReport(a);
        assertThat(slot.attach(b)).as("b waits to succeed a").isTrue();
        Future<Boolean> bReader = threads.submit(() -> slot.awaitInstalled(b));
        assertThat(slot.current()).as("the new channel, while the loss is reported").isNull();
        Future<FakeChannel> sender = threads.submit(() -> {
            FakeChannel c = slot.route(new byte[] {1}, patience()).channel();
            events.log("sender got " + c.name);
            return c;
        });
        slot.sendControl(new byte[] {42}); // a monitor made during the loss
        assertThat(bReader.isDone()).as("b's reader is held while the loss is reported").isFalse();
        events.release();
        loss.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
        assertThat(bReader.get(PATIENCE_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(sender.get(PATIENCE_SECONDS, TimeUnit.SECONDS)).isSameAs(b);
        assertThat(events.log()).containsSubsequence("lost cut [watch of a]", "reported", "up b", "sender got b");
        assertThat(b.items).as("the control item made during the loss, sent first on the new channel").containsExactly("42");
    }

    /**
     * A channel that replaces a stale one still installed closes the stale one and waits; the
     * stale one's loss, reported when its reader ends, comes in full before the new one is up.
     */
    @Test
    void aReplacedChannelIsReportedBeforeItsSuccessorIsUp() throws Exception {
        FakeChannel stale = new FakeChannel("stale");
        FakeChannel fresh = new FakeChannel("fresh");
        slot.attach(stale);
        assertThat(slot.attach(fresh)).as("fresh waits").isTrue();
        assertThat(stale.isClosed()).as("the stale channel is closed").isTrue();
        Future<Boolean> freshReader = threads.submit(() -> slot.awaitInstalled(fresh));
        events.holdReports();
        Future<?> staleReaderEnds = threads.submit(() -> slot.lost(stale, "replaced by a new connection"));
        events.awaitReporting();
        assertThat(slot.current()).isNull();
        assertThat(freshReader.isDone()).isFalse();
        events.release();
        staleReaderEnds.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
        assertThat(freshReader.get(PATIENCE_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(slot.current()).isSameAs(fresh);
        assertThat(events.log()).containsExactly("up stale", "lost replaced by a new connection [watch of stale]",
                "reported", "up fresh");
    }

    /**
     * A Monitor kept behind a closed channel is withdrawn by that channel's loss (which fires its
     * watch); one kept once the loss was taken (its watch filed after the drain) goes on the next
     * channel.
     */
    @Test
    void aMonitorKeptBehindALostChannelIsWithdrawnAndOneKeptAfterTheLossIsSent() throws Exception {
        events.onLost(slot::withdrawKeptLinkItemsLocked); // as PeerLink's takeLost does
        FakeChannel a = new FakeChannel("a");
        FakeChannel b = new FakeChannel("b");
        slot.attach(a);
        a.close("closed"); // its reader still hands over what it had: the loss is not taken yet
        slot.sendWatch(new byte[] {1}, false);
        slot.sendControl(new byte[] {3}); // not a link item: stays kept
        events.holdReports();
        Future<?> loss = threads.submit(() -> slot.lost(a, "cut"));
        events.awaitReporting();
        slot.sendWatch(new byte[] {2}, true);
        assertThat(slot.attach(b)).as("b waits to succeed a").isTrue();
        events.release();
        loss.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
        assertThat(slot.current()).isSameAs(b);
        assertThat(a.items).as("nothing went on the closed channel").isEmpty();
        assertThat(b.items).as("the Monitor kept behind a is withdrawn, the one made after its loss is sent")
                .containsExactly("3", "2");
    }

    /** A channel whose reader is still finishing after its close counts as installed: a new one waits for its report. */
    @Test
    void aClosedChannelIsReportedOnlyWhenItsReaderStops() throws Exception {
        FakeChannel a = new FakeChannel("a");
        FakeChannel b = new FakeChannel("b");
        slot.attach(a);
        a.close("closed"); // its reader still hands over what it had
        assertThat(slot.attach(b)).as("b waits to succeed a").isTrue();
        Future<Boolean> bReader = threads.submit(() -> slot.awaitInstalled(b));
        AtomicReference<Thread> sending = new AtomicReference<>();
        Future<FakeChannel> sender = threads.submit(() -> {
            sending.set(Thread.currentThread());
            return slot.route(new byte[] {1}, patience()).channel();
        });
        // the sender waits for the installed (closing) channel's successor; it must not dial
        Timeouts.await(() -> sending.get() != null && sending.get().getState() == Thread.State.TIMED_WAITING,
                "the sender waits for a channel");
        assertThat(slot.current()).isNull();
        assertThat(bReader.isDone()).as("b's reader is held until a's reader stops").isFalse();
        slot.lost(a, "closed");
        assertThat(bReader.get(PATIENCE_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(sender.get(PATIENCE_SECONDS, TimeUnit.SECONDS)).isSameAs(b);
        assertThat(events.log()).containsExactly("up a", "lost closed [watch of a]", "reported", "up b");
    }

    /** A successor that closes while it waits lets its reader go, reporting it never installed. */
    @Test
    void aSuccessorThatClosesReleasesItsReader() throws Exception {
        FakeChannel a = new FakeChannel("a");
        FakeChannel b = new FakeChannel("b");
        Future<?> loss = loseHeldInTheReport(a);
        assertThat(slot.attach(b)).isTrue();
        Future<Boolean> bReader = threads.submit(() -> slot.awaitInstalled(b));
        b.close("gone");
        assertThat(bReader.get(PATIENCE_SECONDS, TimeUnit.SECONDS)).isFalse();
        slot.lost(b, "gone");
        events.release();
        loss.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
        assertThat(slot.current()).isNull();
    }

    /**
     * A thread told of a channel's up looks for the channel at once, as a cluster service answers
     * a {@code PeerUp} with a message to the peer: it finds that channel, though the up is
     * reported before the channel is published. The reader is held in the report until the
     * told thread has looked, or waits for the slot (so the interleaving happens every time).
     */
    @Test
    void aThreadToldOfAnUpFindsTheChannel() throws Exception {
        FakeChannel a = new FakeChannel("a");
        CompletableFuture<FakeChannel> found = new CompletableFuture<>();
        events.onUp(channel -> {
            Thread told = Thread.ofPlatform().name("told-of-up").start(() -> found.complete(slot.settled()));
            Timeouts.await(() -> found.isDone() || LockSupport.getBlocker(told) != null,
                    "the told thread has looked for the channel, or waits for the slot");
        });
        slot.attach(a);
        assertThat(found.get(PATIENCE_SECONDS, TimeUnit.SECONDS)).as("the channel the thread was told is up").isSameAs(a);
        assertThat(slot.settled()).isSameAs(a);
    }

    /** The loss of a channel installed is reported once, whichever thread learns of it first. */
    @Test
    void aLossIsReportedOnce() throws Exception {
        FakeChannel a = new FakeChannel("a");
        slot.attach(a);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> losers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            losers.add(threads.submit(() -> {
                go.await();
                slot.lost(a, "closed");
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : losers) {
            f.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
        }
        assertThat(events.log()).containsExactly("up a", "lost closed [watch of a]", "reported");
    }

    /** A successor that closes while it waits is never installed, and the next send opens a new attempt. */
    @Test
    void aSuccessorThatClosedIsNeverInstalled() throws Exception {
        FakeChannel a = new FakeChannel("a");
        FakeChannel b = new FakeChannel("b");
        Future<?> loss = loseHeldInTheReport(a);
        slot.attach(b);
        b.close("gone");
        slot.lost(b, "gone");
        slot.sendControl(new byte[] {7});
        events.release();
        loss.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
        assertThat(slot.current()).isNull();
        assertThat(events.log()).doesNotContain("up b").endsWith("dial");
    }

    /** A channel that closed as it came up is not installed. */
    @Test
    void aChannelClosedBeforeItIsAttachedIsNotInstalled() {
        FakeChannel a = new FakeChannel("a");
        a.close("closed during its handshake");
        slot.attach(a);
        assertThat(slot.current()).isNull();
        assertThat(events.log()).isEmpty();
    }

    /**
     * Items sent while an attempt is in flight are kept, not waited on; the attempt fails: the
     * application ones are dropped and counted, and the other node's connection that arrives
     * meanwhile is installed only after the failure is reported: NodeDown, then NodeUp.
     */
    @Test
    void aFailedAttemptDropsWhatWasKeptAndIsReportedBeforeAnInboundChannelIsUp() throws Exception {
        SlotRoute<FakeChannel> route = slot.route(new byte[] {1}, patience());
        assertThat(route.kept()).isTrue();
        ConnectAttempt attempt = events.awaitDial();
        slot.sendControl(new byte[] {2});
        events.holdReports();
        Future<?> failing = threads.submit(() -> slot.attemptEnded(attempt, new IOException("connection refused")));
        events.awaitReporting();
        FakeChannel inbound = new FakeChannel("inbound");
        assertThat(slot.attach(inbound)).isTrue();
        assertThat(slot.current()).isNull();
        events.release();
        failing.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
        assertThat(slot.current()).isSameAs(inbound);
        assertThat(events.log()).containsExactly("dial", "dropped 1", "lost unreachable: connection refused []",
                "reported", "up inbound");
        assertThat(inbound.items).as("nothing kept for the failed attempt goes on the next channel").isEmpty();
    }

    /** What was kept for an attempt goes first on its channel, in order, before anything sent after it is up. */
    @Test
    void keptItemsGoFirstOnTheNewChannel() throws Exception {
        assertThat(slot.route(new byte[] {1}, patience()).kept()).isTrue();
        slot.sendControl(new byte[] {2});
        assertThat(slot.route(new byte[] {3}, patience()).kept()).isTrue();
        ConnectAttempt attempt = events.awaitDial();
        FakeChannel dialed = new FakeChannel("dialed");
        slot.attach(dialed);
        SlotRoute<FakeChannel> after = slot.route(new byte[] {4}, patience());
        assertThat(after.channel()).isSameAs(dialed);
        after.channel().sendControl(new byte[] {4});
        slot.attemptEnded(attempt, new IOException("too late to matter"));
        assertThat(dialed.items).containsExactly("1", "2", "3", "4");
        assertThat(events.log()).containsExactly("dial", "up dialed");
    }

    /**
     * A cancel (a Demonitor) follows what it cancels: kept behind a Monitor kept for the channel
     * being made, so that the peer does not keep the monitor for as long as that channel lasts;
     * on the channel in use when there is one; and dropped, starting no attempt, when nothing is
     * kept (what it cancels was lost with a channel).
     */
    @Test
    void aCancelFollowsWhatItCancels() throws Exception {
        slot.sendCancel(new byte[] {9});
        assertThat(events.log()).as("no attempt for a cancel alone").isEmpty();

        slot.sendControl(new byte[] {1}); // a Monitor, kept: no channel yet
        ConnectAttempt attempt = events.awaitDial();
        slot.sendCancel(new byte[] {2}); // its Demonitor, while the channel is being made
        FakeChannel dialed = new FakeChannel("dialed");
        slot.attach(dialed);
        slot.attemptEnded(attempt, null);
        slot.sendCancel(new byte[] {3}); // a Demonitor once the channel is up
        assertThat(dialed.items).containsExactly("1", "2", "3");

        dialed.close("cut");
        slot.lost(dialed, "cut");
        slot.sendCancel(new byte[] {4});
        assertThat(events.log()).containsExactly("dial", "up dialed", "lost cut [watch of dialed]", "reported");
    }

    /** Past the budget for kept items a sender waits for the attempt's channel, and then sends on it. */
    @Test
    void pastTheBudgetASenderWaitsForTheChannel() throws Exception {
        assertThat(slot.route(new byte[(int) KEPT_LIMIT], patience()).kept()).isTrue();
        events.awaitDial();
        Future<SlotRoute<FakeChannel>> waiting = startWaiting(() -> slot.route(new byte[] {5}, patience()));
        FakeChannel dialed = new FakeChannel("dialed");
        slot.attach(dialed);
        SlotRoute<FakeChannel> route = waiting.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
        assertThat(route.kept()).isFalse();
        assertThat(route.channel()).isSameAs(dialed);
        assertThat(dialed.items).as("only the item kept within the budget was flushed").hasSize(1);
    }

    /**
     * A sender that waits past the budget until after the attempt's deadline, and finds it still
     * in flight (its thread late to settle it), fails it then and there: what was kept is dropped
     * with the sender's item and the loss is reported, on a virtual thread of its own, before the
     * late attempt's channel is installed. Else that channel would carry the kept item and what
     * follows, with the sender's missing in between and no Down for it.
     */
    @Test
    void aSenderPastTheBudgetFailsAnAttemptLateToEnd() throws Exception {
        Recorder recorder = new Recorder();
        long quick = TimeUnit.MILLISECONDS.toNanos(50);
        PeerSlot<FakeChannel, List<String>> quickSlot = new PeerSlot<>(NODE, quick, KEPT_LIMIT, recorder);
        assertThat(quickSlot.route(new byte[(int) KEPT_LIMIT], patience()).kept()).isTrue();
        recorder.awaitDial(); // nothing settles the attempt: its thread is late
        SlotRoute<FakeChannel> route = quickSlot.route(new byte[] {5}, quick);
        assertThat(route.kept()).isFalse();
        assertThat(route.channel()).as("dropped").isNull();
        FakeChannel late = new FakeChannel("late");
        quickSlot.attach(late); // the late attempt's channel, as it comes up: it waits for the report
        Timeouts.await(() -> quickSlot.current() == late, "the late channel is installed after the report");
        assertThat(recorder.log()).containsExactly("dial", "dropped 1", "lost unreachable: no connection within the"
                + " connect timeout, and a message waited for it past the budget for messages kept meanwhile []",
                "reported", "up late");
        assertThat(recorder.reporter).isNotSameAs(Thread.currentThread());
        assertThat(recorder.reporter.isVirtual()).as("the report runs on a virtual thread of its own").isTrue();
        assertThat(late.items).as("nothing kept for the failed attempt goes on its late channel").isEmpty();
        assertThat(recorder.violations).isEmpty();
    }

    /**
     * A sender past the budget whose own timeout ends before the attempt's deadline (in a node,
     * one that waited through a loss before this attempt began) lets the attempt run its course:
     * senders never cut an attempt short. It then sends on the attempt's channel.
     */
    @Test
    void aSenderPastTheBudgetLetsAnAttemptWithTimeLeftRunItsCourse() throws Exception {
        assertThat(slot.route(new byte[(int) KEPT_LIMIT], patience()).kept()).isTrue();
        events.awaitDial();
        long timeout = TimeUnit.MILLISECONDS.toNanos(20);
        Future<SlotRoute<FakeChannel>> waiting = startWaiting(() -> slot.route(new byte[] {5}, timeout));
        letTimePass(20 * timeout); // ample for the sender to wake at its timeout, even on a loaded machine
        assertThat(waiting.isDone()).as("still waiting for the attempt").isFalse();
        FakeChannel dialed = new FakeChannel("dialed");
        slot.attach(dialed);
        assertThat(waiting.get(PATIENCE_SECONDS, TimeUnit.SECONDS).channel()).isSameAs(dialed);
        assertThat(events.log()).containsExactly("dial", "up dialed");
    }

    /**
     * A sender whose timeout ends while a loss is reported waits for the report to end, then
     * looks again (here its item is kept for the next attempt): the report may have taken the
     * watches before the sender made its own, so a drop then could go with no Down at all.
     */
    @Test
    void aSenderWhoseTimeoutEndsInAReportWaitsForItsEnd() throws Exception {
        assertThat(slot.route(new byte[(int) KEPT_LIMIT], patience()).kept()).isTrue();
        ConnectAttempt attempt = events.awaitDial();
        events.holdReports();
        Future<?> failing = threads.submit(() -> slot.attemptEnded(attempt, new IOException("connection refused")));
        events.awaitReporting();
        long timeout = TimeUnit.MILLISECONDS.toNanos(20);
        Future<SlotRoute<FakeChannel>> waiting = startWaiting(() -> slot.route(new byte[] {5}, timeout));
        letTimePass(20 * timeout); // ample for the sender to wake at its timeout, even on a loaded machine
        assertThat(waiting.isDone()).as("still waiting for the report").isFalse();
        events.release();
        failing.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
        assertThat(waiting.get(PATIENCE_SECONDS, TimeUnit.SECONDS).kept()).isTrue();
        assertThat(events.log()).containsExactly("dial", "dropped 1", "lost unreachable: connection refused []",
                "reported", "dial");
    }

    /** Runs {@code route} on a thread of the pool; returns once that thread waits in it. */
    private Future<SlotRoute<FakeChannel>> startWaiting(Callable<SlotRoute<FakeChannel>> route) {
        AtomicReference<Thread> waiter = new AtomicReference<>();
        Future<SlotRoute<FakeChannel>> waiting = threads.submit(() -> {
            waiter.set(Thread.currentThread());
            return route.call();
        });
        Timeouts.await(() -> waiter.get() != null && waiter.get().getState() == Thread.State.TIMED_WAITING,
                "the sender waits");
        return waiting;
    }

    /** Parks until {@code nanos} have passed: what a test of a timeout waits for is time itself. */
    private static void letTimePass(long nanos) {
        long start = System.nanoTime();
        for (long left = nanos; left > 0; left = nanos - (System.nanoTime() - start)) {
            LockSupport.parkNanos(left);
        }
    }

    /**
     * Under churn from three threads (losses, new channels, senders), no channel is installed
     * while a loss is reported, and a sender is only ever handed a channel that was installed.
     */
    @Test
    void churnKeepsTheInvariants() throws Exception {
        for (int round = 0; round < 300; round++) {
            FakeChannel old = new FakeChannel("old" + round);
            FakeChannel next = new FakeChannel("next" + round);
            slot.attach(old);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> work = new ArrayList<>();
            work.add(threads.submit(() -> {
                go.await();
                old.close("churn");
                slot.lost(old, "churn");
                return null;
            }));
            work.add(threads.submit(() -> {
                go.await();
                if (ThreadLocalRandom.current().nextBoolean()) {
                    Thread.yield();
                }
                if (slot.attach(next)) {
                    assertThat(slot.awaitInstalled(next)).isTrue();
                }
                return null;
            }));
            work.add(threads.submit(() -> {
                go.await();
                SlotRoute<FakeChannel> r = slot.route(new byte[] {9}, patience());
                if (!r.kept()) {
                    assertThat(events.installed).as("handed out").contains(r.channel());
                }
                return null;
            }));
            go.countDown();
            for (Future<?> f : work) {
                f.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
            }
            assertThat(events.violations).isEmpty();
            assertThat(slot.current()).isSameAs(next);
            next.close("end of round");
            slot.lost(next, "end of round");
        }
    }

    /** How long a route may wait: long enough never to run out in a test that passes. */
    private static long patience() {
        return TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
    }

    /** A channel that records the control items it is given. */
    static final class FakeChannel implements SlotChannel {
        final String name;
        final List<String> items = Collections.synchronizedList(new ArrayList<>());
        private volatile boolean closed;

        FakeChannel(String name) {
            this.name = name;
        }

        @Override
        public boolean isClosed() {
            return closed;
        }

        @Override
        public void close(String reason) {
            closed = true;
        }

        @Override
        public void sendControl(byte[] item) {
            items.add(Byte.toString(item[0]));
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** Records what the slot does, and can hold a report until the test releases it. */
    static final class Recorder implements SlotEvents<FakeChannel, List<String>> {
        final List<FakeChannel> installed = new CopyOnWriteArrayList<>();
        final List<String> violations = Collections.synchronizedList(new ArrayList<>());
        private final List<String> log = Collections.synchronizedList(new ArrayList<>());
        private final AtomicReference<ConnectAttempt> dialed = new AtomicReference<>();
        private final CountDownLatch dialing = new CountDownLatch(1);
        private volatile CountDownLatch hold;
        private volatile CountDownLatch reporting = new CountDownLatch(1);
        private volatile boolean inReport;
        private volatile FakeChannel current;
        private volatile Consumer<FakeChannel> onUp = c -> { };
        private volatile Runnable onLost = () -> { };
        volatile Thread reporter;                       // the thread of the last report

        void holdReports() {
            hold = new CountDownLatch(1);
            reporting = new CountDownLatch(1);
        }

        void awaitReporting() throws InterruptedException {
            assertThat(reporting.await(PATIENCE_SECONDS, TimeUnit.SECONDS)).as("a report began").isTrue();
        }

        void release() {
            CountDownLatch h = hold;
            if (h != null) {
                h.countDown();
            }
        }

        ConnectAttempt awaitDial() throws InterruptedException {
            assertThat(dialing.await(PATIENCE_SECONDS, TimeUnit.SECONDS)).as("an attempt began").isTrue();
            return dialed.get();
        }

        /** Runs {@code action} in each up report, on the installing thread, with the slot's lock held. */
        void onUp(Consumer<FakeChannel> action) {
            onUp = action;
        }

        /** Runs {@code action} as each loss is taken, with the slot's lock held (as PeerLink withdraws link items). */
        void onLost(Runnable action) {
            onLost = action;
        }

        void log(String event) {
            log.add(event);
        }

        List<String> log() {
            return List.copyOf(log);
        }

        @Override
        public List<String> takeLost() {
            inReport = true;
            onLost.run();
            FakeChannel c = current;
            current = null;
            return c == null ? List.of() : List.of("watch of " + c.name);
        }

        @Override
        public void reportLost(List<String> taken, String reason) {
            reporter = Thread.currentThread();
            log("lost " + reason + " " + taken);
            reporting.countDown();
            CountDownLatch h = hold;
            try {
                if (h != null && !h.await(PATIENCE_SECONDS, TimeUnit.SECONDS)) {
                    violations.add("a held report was never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            log("reported");
            inReport = false;
        }

        @Override
        public void reportUp(FakeChannel channel) {
            if (inReport) {
                violations.add(channel.name + " was installed while a loss was reported");
            }
            current = channel;
            installed.add(channel);
            log("up " + channel.name);
            onUp.accept(channel);
        }

        @Override
        public void dial(ConnectAttempt attempt) {
            dialed.set(attempt);
            log("dial");
            dialing.countDown();
        }

        @Override
        public void dropped(int messages) {
            log("dropped " + messages);
        }
    }
}
