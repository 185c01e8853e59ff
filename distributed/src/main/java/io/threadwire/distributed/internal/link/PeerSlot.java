package io.threadwire.distributed.internal.link;

import io.threadwire.core.NodeAddress;
import io.threadwire.distributed.NodeUnreachableException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Which channel to one other node is in use: the state machine behind the no-holes guarantee.
 *
 * <p>States: <em>idle</em> (no channel, no attempt), <em>connecting</em> (an attempt in
 * flight), <em>up</em> (a channel installed), <em>reporting</em> (a channel was lost, or an
 * attempt failed, and the loss is being reported: watches fire, node watchers hear
 * {@code NodeDown}). A channel that completes its handshake while a loss is reported, or while a
 * stale channel is still installed, waits as the <em>successor</em>: its reader is held
 * ({@link #awaitInstalled}) until the loss has been reported and it is installed, so nothing that
 * arrives on it reaches the node before. A channel's loss is reported once its reader has
 * stopped handing items to the node ({@link #lost} is called then), so nothing that arrived on it
 * reaches the node after.
 *
 * <p>Invariants, for every interleaving:
 * <ol>
 *   <li>Nothing is handed a new channel ({@link #route}, {@link #sendControl}), and no
 *       application item kept for one, until the loss of the previous one has been reported in
 *       full: a monitored thread never receives message n+1 after message n was lost without its
 *       monitor having fired first. An item is dropped only where such a report comes before
 *       anything sent after it leaves ({@link SlotRouter}).</li>
 *   <li>Per peer, everything that arrived on a channel is handed to the node before its loss is
 *       reported, and the loss before anything of the next channel.</li>
 *   <li>Node events come in order: the {@code NodeDown} of a lost channel is delivered before
 *       the {@code NodeUp} of the next ({@link SlotEvents#reportUp} runs under the lock, and only
 *       when no report is in progress).</li>
 *   <li>A channel is installed at most once and never after it closed; a channel lost before
 *       it was installed is dropped silently (it carried nothing).</li>
 * </ol>
 *
 * <p>While an attempt is in flight, items wait in order, up to a budget of application bytes,
 * and go first on the new channel (before anything sent after it is up), or are dropped, and
 * the application ones counted, if the attempt fails (their watches fire then). So a send never
 * waits for a connection unless that budget is full.
 *
 * <p>The state and its transitions are {@link SlotState}'s, the blocking waits on it
 * {@link SlotWaits}'; this class routes items by the state and is the slot's one entry point.
 *
 * @param <C> the channel type ({@link Channel}; a fake in tests)
 * @param <L> what a loss takes along to report ({@link SlotEvents#takeLost})
 */
public final class PeerSlot<C extends SlotChannel, L> {

    private final SlotState<C, L> state;
    private final SlotRouter<C> router;
    private final SlotWaits<C> waits;
    private final ReentrantLock lock;       // the state's
    private final Condition changed;        // the state's: signalled on every transition

    /** @param keptDataLimit application bytes that may wait for a channel being made */
    public PeerSlot(NodeAddress address, long connectTimeoutNanos, long keptDataLimit, SlotEvents<C, L> events) {
        this.state = new SlotState<>(connectTimeoutNanos, keptDataLimit, events);
        this.router = new SlotRouter<>(address, connectTimeoutNanos, state);
        this.waits = new SlotWaits<>(address, connectTimeoutNanos, state);
        this.lock = state.lock;
        this.changed = state.changed;
    }

    /** The channel in use, or null. */
    public C current() {
        C c = state.up();
        return c == null || c.isClosed() ? null : c;
    }

    /**
     * Retires the slot if it has had nothing to do (no channel, no attempt, no report, nothing
     * kept) since before {@code cutoff}: it then takes no more work ({@link SlotRetiredException}),
     * and its node may forget it. True if it is retired.
     */
    public boolean retireIfIdle(long cutoff) {
        return state.retireIfIdle(cutoff);
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

    /** The slot's state in words, for a test's failure message (see {@link SlotState#describe}). */
    public String describe() {
        return state.describe();
    }

    /** Lock held: throws {@link SlotRetiredException} if the slot was retired. */
    void checkNotRetired() {
        state.checkNotRetired();
    }

    /** Whether an attempt is in flight and no channel is up. */
    public boolean isConnecting() {
        lock.lock();
        try {
            return state.attempt() != null && state.up() == null;
        } finally {
            lock.unlock();
        }
    }

    // ---- sending -------------------------------------------------------------------------------

    /**
     * Where to send an application item: the channel in use; else, while an attempt is in flight
     * (one is started if there is none), the item is kept for its channel if the budget allows,
     * else this waits for the channel; while a loss is reported, this waits for the report to
     * end. Waits up to about {@code timeoutNanos} (see below for when it waits longer), then the
     * item is dropped. A timeout rather than a deadline: the clock is read only when the caller
     * has to wait, not on every send.
     */
    public SlotRoute<C> route(byte[] item, long timeoutNanos) throws InterruptedException {
        return route(item, null, timeoutNanos);
    }

    /**
     * As {@link #route(byte[], long)}; an item kept is encoded again by {@code again} (null: sent
     * as it is) for the types the peer admits, once its channel is up. An item is dropped only
     * where a loss is reported before anything sent after it leaves ({@link SlotRouter} says how).
     */
    public SlotRoute<C> route(byte[] item, DataEncoder again, long timeoutNanos) throws InterruptedException {
        return router.route(item, again, timeoutNanos);
    }

    /** Sends a control item on the channel in use, or keeps it for the next one (starting an attempt if idle). */
    public void sendControl(byte[] item) {
        send(item, false, false);
    }

    /**
     * Sends a control item with the channel's next frame if it can wait for one (see
     * {@link SlotChannel#sendLazily}); else as {@link #sendControl}.
     */
    public void sendLazily(byte[] item) {
        send(item, true, false);
    }

    /**
     * Sends a Monitor, whose watch a loss fires ({@code noconnection}): as {@link #sendLazily} if
     * {@code lazily}, else as {@link #sendControl}; but one kept while the channel in use is
     * closed is withdrawn by that channel's loss, as link items are
     * ({@link #withdrawKeptLinkItemsLocked}). That loss fires its watch, and the watcher's node then
     * forgets the monitor: on the next channel it would be filed by the peer, on a thread that may
     * live on, for as long as that channel lasts, with nobody left to cancel it.
     */
    public void sendWatch(byte[] item, boolean lazily) {
        send(item, lazily, true);
    }

    /**
     * On the channel in use, found without the lock (with its next frame if {@code lazily}); else,
     * under the lock, as {@link #sendLocked} or, for a {@code linkItem}, {@link #sendLinkLocked}.
     */
    private void send(byte[] item, boolean lazily, boolean linkItem) {
        C c = state.up();
        if (c != null && !c.isClosed()) {
            if (lazily) {
                c.sendLazily(item);
            } else {
                c.sendControl(item);
            }
            return;
        }
        lock.lock();
        try {
            sendLocked(item, linkItem);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sends an item that cancels one sent before (a Demonitor), which nobody waits for: with the
     * next frame of the channel in use (see {@link SlotChannel#sendLazily}); else, if items are
     * kept for the channel being made, kept behind them, since what it cancels may be among them
     * and would otherwise be filed on that channel for as long as it lasts; else dropped, without
     * starting an attempt: what it cancels went on a channel since lost, which took it along.
     */
    public void sendCancel(byte[] item) {
        C c = current();
        if (c != null) {
            c.sendLazily(item);
            return;
        }
        lock.lock();
        try {
            c = state.up();
            if (c != null && !c.isClosed() || state.keepsItems()) {
                sendLocked(item); // items kept mean an attempt or a report is under way: it starts none
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code action} under the slot's lock: entirely before or after any loss is taken or any
     * channel installed. It may send control items with {@link #sendLocked} (link items with
     * {@link #sendLinkLocked}) and must not block.
     */
    <T> T atomically(Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    /** Lock held: queues a control item on the channel in use without waiting, or keeps it for the next one. */
    void sendLocked(byte[] item) {
        sendLocked(item, false);
    }

    /**
     * Lock held: {@link #sendLocked} of an item of the links between threads ({@link PeerLinks}),
     * or of a Monitor ({@link #sendWatch}); one kept while the channel in use is closed and its
     * loss not yet taken is withdrawn by that loss ({@link #withdrawKeptLinkItemsLocked}).
     */
    void sendLinkLocked(byte[] item) {
        sendLocked(item, true);
    }

    private void sendLocked(byte[] item, boolean linkItem) {
        C c = state.up();
        if (c != null && !c.isClosed()) {
            c.forceControl(item);
            return;
        }
        state.checkNotRetired();
        if (linkItem) {
            state.keepLinkItem(item);
        } else {
            state.keepControl(item);
        }
        state.startAttemptIfIdle();
    }

    /**
     * Lock held: {@link #sendLinkLocked} of a signal, made compact from the start if the channel
     * in use has a backlog (see {@link SlotChannel#forceSignal}); one kept for the next channel
     * is whole.
     */
    void sendLinkSignalLocked(SlotChannel.Signal signal) {
        C c = state.up();
        if (c != null && !c.isClosed()) {
            c.forceSignal(signal);
            return;
        }
        sendLinkLocked(signal.encode(false));
    }

    /**
     * Lock held, as a loss is taken ({@link SlotEvents#takeLost}): removes the link items (and
     * Monitors) kept. They were kept after the lost channel closed (a channel's install sends
     * everything kept, and a failed attempt drops it), so they concern links and watches that the
     * loss ends on both sides; on the next channel a Link would leave the other node linked to a
     * thread that holds no link back, an Unlink or an answer could hit a link made anew there,
     * and a Monitor would be held there for a watch already fired.
     */
    void withdrawKeptLinkItemsLocked() {
        state.withdrawKeptLinkItems();
    }

    /** Lock held: whether {@code channel} is the one in use. */
    boolean isInstalled(C channel) {
        return state.up() == channel;
    }

    /**
     * Starts an attempt unless one is in flight or a channel is up; while a loss is reported,
     * once the report has ended, unless a channel is installed then. So whoever asks learns of
     * the node: a NodeUp or a NodeDown follows.
     */
    public void connectIfIdle() {
        lock.lock();
        try {
            state.checkNotRetired();
            state.startAttemptNowOrAfterReport();
        } finally {
            lock.unlock();
        }
    }

    // ---- the channel's life cycle ---------------------------------------------------------

    /**
     * A channel to this peer completed its handshake: it is installed now, or becomes the
     * successor if a loss is being reported or a stale channel is still installed (that one is
     * closed: the dialer would not have dialed while it had it). Never blocks; returns true if
     * the channel waits as the successor, and then its reader must {@link #awaitInstalled}
     * before it hands anything to the node.
     */
    public boolean attach(C channel) {
        return state.attach(channel);
    }

    /**
     * Holds a successor's reader until the channel is installed or closes; true if installed.
     * (A close does not signal the slot, so this looks again every few milliseconds.)
     */
    public boolean awaitInstalled(C channel) {
        return waits.awaitInstalled(channel);
    }

    /**
     * {@code channel} closed, and its reader hands nothing more to the node. If it was
     * installed, its loss is reported here, on the calling thread, before any other channel is
     * installed; if it waited as the successor, it is dropped; otherwise nothing happens.
     */
    public void lost(C channel, String reason) {
        state.lost(channel, reason);
    }

    /**
     * Closes the channel in use (and a successor waiting) and waits, at most until
     * {@code deadline}, until the loss has been reported.
     */
    public void disconnect(String reason, long deadline) {
        waits.disconnect(reason, deadline);
    }

    // ---- attempts ----------------------------------------------------------------------------

    /**
     * The channel in use, starting an attempt if there is none and waiting for it until
     * {@code deadline}; sends nothing. While a loss is reported, waits for the report to end. For
     * an explicit connect (a send never waits here: see {@link #route}).
     *
     * @throws NodeUnreachableException if no channel is up by the deadline, or the attempt failed
     */
    public C connect(long deadline) throws InterruptedException {
        return waits.connect(deadline);
    }

    /** Waits while an attempt is in flight and no channel is up, at most until {@code deadline}; true if one is up. */
    public boolean awaitAttempt(long deadline) throws InterruptedException {
        return waits.awaitAttempt(deadline);
    }

    /**
     * Waits until the attempt in flight now, if any, has ended (a later one is not waited for)
     * or a channel is installed, at most until {@code deadline}.
     */
    public void awaitAttemptInFlight(long deadline) throws InterruptedException {
        waits.awaitAttemptInFlight(deadline);
    }

    /**
     * Waits until {@code channel}, another thread's, is installed or has closed, at most until
     * {@code deadline}; unlike {@link #awaitInstalled}, does nothing to the channel.
     */
    public void awaitSettled(C channel, long deadline) throws InterruptedException {
        waits.awaitSettled(channel, deadline);
    }

    /** Waits until a channel is installed or {@code deadline}; true if one is. */
    public boolean awaitUp(long deadline) throws InterruptedException {
        return waits.awaitUp(deadline);
    }

    /**
     * The attempt ended, with {@code failure} or without (its channel, or the other node's,
     * should be up). If no channel was installed meanwhile, the attempt failed: the items kept
     * for it are dropped (the application ones counted), and the loss is reported.
     */
    public void attemptEnded(ConnectAttempt a, Throwable failure) {
        state.attemptEnded(a, failure);
    }
}
