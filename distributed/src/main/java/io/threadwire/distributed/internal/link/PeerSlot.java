package io.threadwire.distributed.internal.link;

import io.threadwire.core.NodeAddress;
import io.threadwire.distributed.NodeUnreachableException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Which channel to one other node is in use: the state machine behind the no-holes guarantee.
 *
 * <p>States: <em>idle</em> (no channel, no attempt), <em>connecting</em> (an attempt in
 * flight), <em>up</em> (a channel installed), <em>reporting</em> (a channel was lost, or an
 * attempt failed, and the loss is being reported: watches fire, node watchers hear
 * {@code NodeDown}). A channel that completes its handshake while a loss is reported waits as
 * the <em>successor</em> and is installed when the report is done; one that replaces a stale
 * channel still installed makes the stale one lost first. A successor's reader is held in
 * {@link #attach} until it is installed, and a channel's loss is reported only once its reader
 * has stopped ({@link #lost}): so for each peer, everything that arrived on one channel is
 * handed to the node before its loss is reported, and the loss before anything of the next.
 *
 * <p>Invariants, for every interleaving:
 * <ol>
 *   <li>Nothing is handed a new channel ({@link #awaitChannel}, {@link #sendControl}) until the
 *       loss of the previous one has been reported in full: a monitored thread never receives
 *       message n+1 after message n was lost without its monitor having fired first.</li>
 *   <li>Node events come in order: the {@code NodeDown} of a lost channel is delivered before
 *       the {@code NodeUp} of the next ({@link SlotEvents#reportUp} runs under the lock, and only
 *       when no report is in progress).</li>
 *   <li>A channel is installed at most once and never after it closed; a channel lost before
 *       it was installed is dropped silently (it carried nothing).</li>
 * </ol>
 *
 * <p>Control items made while no channel is up wait in order and go first on the next channel
 * (before any data), or are dropped if the attempt fails (their watches fire then).
 *
 * @param <C> the channel type ({@link Channel}; a fake in tests)
 * @param <L> what a loss takes along to report ({@link SlotEvents#takeLost})
 */
public final class PeerSlot<C extends PeerSlot.Conn, L> {

    /** What the slot needs of a channel. */
    public interface Conn {
        boolean isClosed();

        /** Closes it without blocking; its loss comes back later through {@link #lost}, never on the calling thread. */
        void close(String reason);

        void sendControl(byte[] item);
    }

    private final NodeAddress address;
    private final long connectTimeoutNanos;
    private final SlotEvents<C, L> events;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private volatile C up;                                 // written under lock
    private C successor;                                   // guarded by lock
    private boolean reporting;                             // guarded by lock
    private ConnectAttempt attempt;                        // guarded by lock
    private final List<byte[]> pending = new ArrayList<>(); // guarded by lock
    private boolean retired;                               // guarded by lock: forgotten, see retireIfIdle
    private volatile long idleSince = System.nanoTime();   // when it last had nothing to do

    public PeerSlot(NodeAddress address, long connectTimeoutNanos, SlotEvents<C, L> events) {
        this.address = address;
        this.connectTimeoutNanos = connectTimeoutNanos;
        this.events = events;
    }

    /** The channel in use, or null. */
    public C current() {
        C c = up;
        return c == null || c.isClosed() ? null : c;
    }

    /**
     * The slot was forgotten by its node ({@link #retireIfIdle}): whoever holds it must look the
     * link up again. Thrown, under the slot's lock, by every method that would give it work.
     */
    public static final class RetiredException extends RuntimeException {
        RetiredException() {
            super("the link was forgotten while idle; look it up again", null, false, false);
        }
    }

    /**
     * Retires the slot if it has had nothing to do (no channel, no attempt, no report, nothing
     * waiting) since before {@code cutoff}: it then takes no more work, and its node may forget
     * it. True if it is retired.
     */
    public boolean retireIfIdle(long cutoff) {
        lock.lock();
        try {
            if (!retired && up == null && successor == null && attempt == null && !reporting && pending.isEmpty()
                    && idleSince - cutoff < 0) {
                retired = true;
            }
            return retired;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The channel in use, or null, as seen by a thread that was told of a channel's up: unlike
     * {@link #current}, never misses a channel whose up was reported. {@link SlotEvents#reportUp}
     * runs before the channel is published (so that whoever finds it finds its up delivered),
     * and a thread that hears of the up in between, as a peer-event subscriber that answers a
     * {@code PeerUp} at once does, would find no channel; this waits for the install under way
     * instead. Blocks only while the slot's lock is held (never on the network).
     */
    public C settled() {
        C c = current();
        if (c != null) {
            return c;
        }
        lock.lock();
        try {
            return current();
        } finally {
            lock.unlock();
        }
    }

    private void checkNotRetired() { // lock held
        if (retired) {
            throw new RetiredException();
        }
    }

    /** Whether an attempt is in flight and no channel is up. */
    public boolean isConnecting() {
        lock.lock();
        try {
            return attempt != null && up == null;
        } finally {
            lock.unlock();
        }
    }

    // ---- sending -------------------------------------------------------------------------------

    /**
     * The channel to send data on, starting an attempt if there is none and waiting for it until
     * {@code deadline}. While a loss is reported, waits for the report to end.
     *
     * @throws NodeUnreachableException if no channel is up by the deadline, or the attempt failed
     */
    public C awaitChannel(long deadline) throws InterruptedException {
        C c = up;
        if (c != null && !c.isClosed()) {
            return c;
        }
        lock.lock();
        try {
            checkNotRetired();
            for (;;) {
                c = up;
                if (c != null && !c.isClosed()) {
                    return c;
                }
                if (c != null || reporting) { // a loss is reported, or about to be: it signals when done
                    await(deadline, "the connection was lost and no new one was made");
                    continue;
                }
                ConnectAttempt a = attempt != null ? attempt : startAttempt();
                while (!a.isDone() && up == null && !reporting) {
                    await(deadline, "no connection");
                }
                if (a.isDone() && a.failure() != null && up == null) {
                    throw new NodeUnreachableException(address, rootMessage(a.failure()), a.failure());
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void await(long deadline, String what) throws InterruptedException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new NodeUnreachableException(address, what + " within "
                    + TimeUnit.NANOSECONDS.toMillis(connectTimeoutNanos) + " ms", null);
        }
        changed.awaitNanos(left);
    }

    /** Sends a control item on the channel in use, or keeps it for the next one (starting an attempt if idle). */
    public void sendControl(byte[] item) {
        C c = up;
        if (c != null && !c.isClosed()) {
            c.sendControl(item);
            return;
        }
        lock.lock();
        try {
            c = up;
            if (c != null && !c.isClosed()) {
                c.sendControl(item);
                return;
            }
            checkNotRetired();
            pending.add(item);
            if (attempt == null && !reporting && up == null) {
                startAttempt();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Sends a control item only if a channel is up (a demonitor needs no new connection). */
    public void sendControlIfUp(byte[] item) {
        C c = current();
        if (c != null) {
            c.sendControl(item);
        }
    }

    /** Starts an attempt unless one is in flight, a channel is up, or a loss is reported. */
    public void connectIfIdle() {
        lock.lock();
        try {
            checkNotRetired();
            if (up == null && attempt == null && !reporting) {
                startAttempt();
            }
        } finally {
            lock.unlock();
        }
    }

    // ---- the channel's life cycle ---------------------------------------------------------

    /**
     * A channel to this peer completed its handshake: it is installed now, or, if a loss is being
     * reported or a stale channel is still installed, once that loss has been reported. Called on
     * the channel's reader, which this holds until the channel is installed or closes, so that
     * nothing that arrived on it is handed to the node before it is the channel in use (and
     * before the loss of its predecessor is reported: events about a peer come in order).
     */
    public void attach(C channel) {
        C dropped = null;
        lock.lock();
        try {
            checkNotRetired();
            if (channel.isClosed() || up == channel) {
                return; // it closed while coming up: its close found nothing to report, and there is nothing to install
            }
            if (reporting) {
                dropped = successor;
                successor = channel;
            } else if (up != null) {
                // A stale channel is still installed (or closed, its reader still finishing): it
                // is lost, and reported by its own close, before this one carries anything.
                // Closed here, under the lock, so that no sender is handed it from now on (a
                // close reports nothing on the calling thread).
                up.close("replaced by a new connection");
                dropped = successor;
                successor = channel;
            } else {
                install(channel);
                return;
            }
        } finally {
            lock.unlock();
        }
        if (dropped != null) {
            dropped.close("replaced by a newer connection");
        }
        awaitInstalled(channel);
    }

    /** Holds the successor's reader until it is installed, or closed (then it hands nothing on). */
    private void awaitInstalled(C channel) {
        lock.lock();
        try {
            while (up != channel && !channel.isClosed()) {
                // a close does not signal this condition: look again now and then
                changed.awaitNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            channel.close("interrupted while waiting to succeed a lost connection");
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@code channel} closed and hands nothing more to the node (its reader has stopped). If it
     * was installed, its loss is reported here, on the calling thread, before any other channel
     * is installed; if it waited as the successor, it is dropped; otherwise nothing happens.
     */
    public void lost(C channel, String reason) {
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

    /**
     * Closes the channel in use (and a successor waiting) and waits, at most until
     * {@code deadline}, until the loss has been reported.
     */
    public void disconnect(String reason, long deadline) {
        C c;
        C waiting;
        lock.lock();
        try {
            c = up;
            waiting = successor;
        } finally {
            lock.unlock();
        }
        if (waiting != null) {
            waiting.close(reason);
        }
        if (c == null) {
            return;
        }
        c.close(reason);
        lock.lock();
        try {
            while ((up == c || reporting) && deadline - System.nanoTime() > 0) {
                changed.awaitNanos(Math.min(deadline - System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(10)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    // ---- attempts ----------------------------------------------------------------------------

    private ConnectAttempt startAttempt() { // lock held
        ConnectAttempt a = new ConnectAttempt(System.nanoTime() + connectTimeoutNanos);
        attempt = a;
        events.dial(a);
        return a;
    }

    /** Waits until a channel is installed or {@code deadline}; true if one is. */
    public boolean awaitUp(long deadline) throws InterruptedException {
        lock.lock();
        try {
            while (up == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The attempt ended, with {@code failure} or without (its channel, or the other node's,
     * should be up). If no channel was installed meanwhile, the attempt failed: its waiting
     * senders fail, the control items waiting are dropped, and the loss is reported.
     */
    public void attemptEnded(ConnectAttempt a, Throwable failure) {
        L taken;
        lock.lock();
        try {
            if (attempt == a) {
                attempt = null;
            }
            if (a.isDone()) { // a channel was installed and settled it: what came after is not its failure
                changed.signalAll();
                return;
            }
            if (up != null || reporting) {
                a.succeed();
                changed.signalAll();
                return;
            }
            a.fail(failure != null ? failure : new TimeoutException("no connection within the connect timeout"));
            pending.clear();
            reporting = true;
            taken = events.takeLost();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        report(taken, "unreachable: " + rootMessage(a.failure()));
    }

    // ---- reporting ---------------------------------------------------------------------------

    private void report(L taken, String reason) {
        try {
            events.reportLost(taken, reason);
        } finally {
            lock.lock();
            try {
                reporting = false;
                idleSince = System.nanoTime();
                C next = successor;
                successor = null;
                if (next != null && !next.isClosed()) {
                    install(next);
                } else if (!pending.isEmpty() && attempt == null && up == null) {
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
        for (byte[] item : pending) {
            channel.sendControl(item);
        }
        pending.clear();
        events.reportUp(channel);
        up = channel; // published last: whoever sees it (without the lock, too) finds its NodeUp delivered
        changed.signalAll();
    }

    static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return m == null ? root.getClass().getSimpleName() : m;
    }
}
