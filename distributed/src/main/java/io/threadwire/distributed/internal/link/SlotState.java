package io.threadwire.distributed.internal.link;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The state of one {@link PeerSlot} and every transition of it, under the slot's one lock: which
 * channel is installed, which waits as its successor, whether a loss is being reported, the
 * attempt in flight and the items kept for it, and whether the slot is retired.
 *
 * <p>Transitions: a channel that completes its handshake is installed, or waits as the
 * successor ({@link #attach}); an installed channel is lost ({@link #lost}), or an attempt fails
 * ({@link #attemptEnded}), and the loss is reported outside the lock; then the successor is
 * installed, or an attempt starts for what was kept. Only this class writes the state;
 * {@link PeerSlot}'s routes and waits read it, start an attempt or keep an item through the
 * methods marked "lock held", and wait on {@link #changed}, which every transition signals.
 *
 * @param <C> the channel type
 * @param <L> what a loss takes along to report ({@link SlotEvents#takeLost})
 */
final class SlotState<C extends SlotChannel, L> {
    /**
     * The slot's one lock: every transition, and every wait on {@link #changed}, holds it. Fair:
     * every waiter on {@link #changed} takes it again as each transition signals, and threads
     * that monitor a cut node again after each Down take it in a tight loop; a barging lock let
     * them starve a thread that waited to take it back (a test's disconnect, for minutes). Only
     * the slow paths take it: a send or control item on a channel up never does.
     */
    final ReentrantLock lock = new ReentrantLock(true);
    /** Signalled on every transition: an install, the end of a report, the end of an attempt. */
    final Condition changed = lock.newCondition();
    private final long connectTimeoutNanos;
    private final SlotEvents<C, L> events;
    private volatile C up;                                 // written under lock
    private C successor;                                   // guarded by lock
    private boolean reporting;                             // guarded by lock
    private ConnectAttempt attempt;                        // guarded by lock
    private final KeptItems kept;                          // guarded by lock
    private boolean retired;                               // guarded by lock: forgotten, see retireIfIdle
    private boolean attemptAfterReport;                    // guarded by lock: see startAttemptNowOrAfterReport
    private volatile long idleSince = System.nanoTime();   // when it last had nothing to do

    SlotState(long connectTimeoutNanos, long keptDataLimit, SlotEvents<C, L> events) {
        this.connectTimeoutNanos = connectTimeoutNanos;
        this.kept = new KeptItems(keptDataLimit);
        this.events = events;
    }

    // ---- reading -------------------------------------------------------------------------------

    /** The channel installed, closed or not, or null; read without the lock (it is published last). */
    C up() {
        return up;
    }

    /** Lock held: the channel waiting to succeed a lost one, or null. */
    C successor() {
        return successor;
    }

    /** Lock held: whether a loss is being reported. */
    boolean isReporting() {
        return reporting;
    }

    /** Lock held: the attempt in flight, or null. */
    ConnectAttempt attempt() {
        return attempt;
    }

    /**
     * The state in words, for a test's failure message: the channel installed and the one
     * waiting to succeed it, whether a loss is being reported, the attempt in flight, the items
     * kept. Takes the lock briefly.
     */
    String describe() {
        lock.lock();
        try {
            StringBuilder b = new StringBuilder();
            b.append("installed ").append(up == null ? "none" : up.describe() + (up.isClosed() ? " (closed, its loss not taken yet)" : ""));
            if (successor != null) {
                b.append(", successor ").append(successor.describe());
            }
            if (reporting) {
                b.append(", reporting a loss");
            }
            if (attempt != null) {
                b.append(", attempt in flight (deadline in ")
                        .append(TimeUnit.NANOSECONDS.toMillis(attempt.deadline() - System.nanoTime()))
                        .append(" ms)");
            }
            if (!kept.isEmpty()) {
                b.append(", ").append(kept.size()).append(" items kept");
            }
            if (retired) {
                b.append(", retired");
            }
            return b.toString();
        } finally {
            lock.unlock();
        }
    }

    // ---- retirement --------------------------------------------------------------------------

    /** See {@link PeerSlot#retireIfIdle}. */
    boolean retireIfIdle(long cutoff) {
        lock.lock();
        try {
            if (!retired && up == null && successor == null && attempt == null && !reporting && kept.isEmpty()
                    && idleSince - cutoff < 0) {
                retired = true;
            }
            return retired;
        } finally {
            lock.unlock();
        }
    }

    /** Lock held: throws if the slot was retired. */
    void checkNotRetired() {
        if (retired) {
            throw new SlotRetiredException();
        }
    }

    // ---- attempts and kept items: lock held ----------------------------------------------------

    /** Lock held: starts an attempt unless one is in flight, a channel is installed, or a loss is reported. */
    void startAttemptIfIdle() {
        if (up == null && attempt == null && !reporting) {
            startAttempt();
        }
    }

    /**
     * Lock held: as {@link #startAttemptIfIdle}, and if a loss is being reported, once the report
     * has ended with no channel to install: for one who wants to learn whether the node is there
     * (a node monitor), whom the report under way may have missed, and who would otherwise wait
     * for an event that never comes.
     */
    void startAttemptNowOrAfterReport() {
        if (reporting) {
            attemptAfterReport = true;
        } else {
            startAttemptIfIdle();
        }
    }

    /** Lock held: starts an attempt (there is none in flight). */
    ConnectAttempt startAttempt() {
        ConnectAttempt a = new ConnectAttempt(System.nanoTime() + connectTimeoutNanos);
        attempt = a;
        events.dial(a);
        return a;
    }

    /** Lock held: keeps an application item for the channel being made; false if the budget is full. */
    boolean keepData(byte[] item, DataEncoder again) {
        return kept.keepData(item, again);
    }

    /** Lock held: keeps a protocol item for the next channel. */
    void keepControl(byte[] item) {
        kept.keepControl(item);
    }

    /** Lock held: keeps a link item for the next channel (see {@link KeptItems#withdrawLinkItems}). */
    void keepLinkItem(byte[] item) {
        kept.keepLinkItem(item);
    }

    /** Lock held: removes the link items kept (see {@link KeptItems#withdrawLinkItems}). */
    void withdrawKeptLinkItems() {
        kept.withdrawLinkItems();
    }

    /** Lock held: whether items are kept for the channel being made. */
    boolean keepsItems() {
        return !kept.isEmpty();
    }

    // ---- the channel's life cycle ---------------------------------------------------------

    /** See {@link PeerSlot#attach}. */
    boolean attach(C channel) {
        C stale = null;
        C dropped = null;
        lock.lock();
        try {
            checkNotRetired();
            if (channel.isClosed() || up == channel) {
                return false; // it closed while coming up: its close found nothing to report, and there is nothing to install
            }
            if (up == null && !reporting) {
                install(channel);
                return false;
            }
            dropped = successor;
            successor = channel;
            stale = reporting ? null : up;
        } finally {
            lock.unlock();
        }
        if (dropped != null) {
            dropped.close("replaced by a newer connection");
        }
        if (stale != null) {
            stale.close("replaced by a new connection"); // its reader's end reports the loss
        }
        return true;
    }

    /** See {@link PeerSlot#lost}. */
    void lost(C channel, String reason) {
        L taken;
        lock.lock();
        try {
            if (successor == channel) {
                successor = null;
                return;
            }
            if (up != channel) {
                return;
            }
            up = null;
            reporting = true;
            taken = events.takeLost();
        } finally {
            lock.unlock();
        }
        report(taken, reason);
    }

    /** See {@link PeerSlot#attemptEnded}. */
    void attemptEnded(ConnectAttempt a, Throwable failure) {
        Runnable report;
        lock.lock();
        try {
            report = endAttempt(a, failure);
        } finally {
            lock.unlock();
        }
        if (report != null) {
            report.run();
        }
    }

    /**
     * Lock held: settles {@code a} now, as its own thread would (the caller found it past its
     * deadline): if no channel is installed or waiting and no report is under way, it fails, and
     * the loss is reported on a virtual thread of its own (watch hooks never run on an
     * application's thread), so nothing that arrives after this call can install {@code a}'s
     * channel before the report ends. False if it did not fail (it was settled already, or it
     * counts as succeeded, as {@link #attemptEnded} would have it); then nothing is reported.
     */
    boolean failLate(ConnectAttempt a, Throwable failure, String threadName) {
        Runnable report = endAttempt(a, failure);
        if (report == null) {
            return false;
        }
        Thread.ofVirtual().name(threadName).start(report);
        return true;
    }

    /**
     * Lock held: settles {@code a}. If it failed (no channel installed, none waiting, no report
     * under way), drops what was kept for it and begins to report the loss: returns what
     * finishes that report, to run outside the lock; else null.
     */
    private Runnable endAttempt(ConnectAttempt a, Throwable failure) {
        if (attempt == a) {
            attempt = null;
        }
        changed.signalAll();
        if (a.isDone()) { // a channel was installed and settled it: what came after is not its failure
            return null;
        }
        if (up != null || reporting || successor != null) {
            a.succeed();
            return null;
        }
        a.fail(failure != null ? failure : new TimeoutException("no connection within the connect timeout"));
        int droppedData = kept.drop();
        reporting = true;
        L taken = events.takeLost();
        String reason = "unreachable: " + ConnectAttempt.rootMessage(a.failure());
        return () -> {
            if (droppedData > 0) {
                events.dropped(droppedData);
            }
            report(taken, reason);
        };
    }

    /**
     * Reports a loss outside the lock; then installs the successor, or dials again for what was
     * kept or for a node monitor made meanwhile ({@link #startAttemptNowOrAfterReport}).
     */
    private void report(L taken, String reason) {
        try {
            events.reportLost(taken, reason);
        } finally {
            lock.lock();
            try {
                reporting = false;
                idleSince = System.nanoTime();
                boolean attemptWanted = attemptAfterReport;
                attemptAfterReport = false;
                C next = successor;
                successor = null;
                if (next != null && !next.isClosed()) {
                    install(next);
                } else if ((!kept.isEmpty() || attemptWanted) && attempt == null && up == null) {
                    startAttempt();
                }
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private void install(C channel) { // lock held, not reporting
        ConnectAttempt a = attempt;
        if (a != null) { // settled now, not when its thread gets round to it: the channel may be lost by then
            a.succeed();
            attempt = null;
        }
        kept.flushTo(channel);
        events.reportUp(channel);
        up = channel; // published last: whoever sees it (without the lock, too) finds its NodeUp delivered
        changed.signalAll();
    }
}
