package io.threadwire.distributed.internal.link;

import io.threadwire.core.ExitReason;
import io.threadwire.core.LocalThread;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.ThreadRef;
import io.threadwire.core.spi.ExitHook;
import io.threadwire.core.spi.Registration;
import io.threadwire.distributed.internal.wire.ItemCodec;
import io.threadwire.distributed.internal.wire.Wire;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything this node has with one other node: the channel in use ({@link PeerSlot}), the
 * connection attempts ({@link AttemptRunner}), the watches its threads hold on the other node's threads
 * ({@link Watches}), the links between threads of the two nodes ({@link PeerLinks}) and the
 * threads that monitor the node itself ({@link NodeWatches}). These tables are the per-peer state
 * a peer can make this node hold.
 *
 * <p>When a channel is lost, every link raises {@code noconnection} (atomically with the loss),
 * every watch fires {@code noconnection} and every node watcher hears {@code NodeDown}, before a
 * new channel carries anything (see {@link PeerSlot}).
 */
public final class PeerLink implements SlotEvents<Channel, List<Watches.Watch>> {
    private static final Logger LOG = LoggerFactory.getLogger(PeerLink.class);

    private final NodeAddress address;
    private final PeerHost host;
    private final PeerSlot<Channel, List<Watches.Watch>> slot;
    private final AttemptRunner attempts;
    private final Watches watches = new Watches();
    private final PeerLinks links;
    private final NodeWatches nodeWatches = new NodeWatches();
    private final PeerObserver observer;
    private Channel reported; // the channel whose up was reported and whose loss was not yet: in the slot's order
    private final PeerBudget budget;
    private final Probes probes = new Probes();
    private volatile String name = ""; // the node's name, as its last connection said

    /**
     * @param keptDataLimit application bytes that may wait for a connection being made
     * @param budgetBytes what the other node may make this node hold ({@link PeerBudget})
     * @param allPeers    what the monitors and links of all peers may take together
     */
    public PeerLink(NodeAddress address, Dialer dialer, PeerHost host, long connectTimeoutNanos, long keptDataLimit,
                    long budgetBytes, PeerStateMemory allPeers, PeerObserver observer) {
        this.address = address;
        this.host = host;
        this.observer = observer;
        this.slot = new PeerSlot<>(address, connectTimeoutNanos, keptDataLimit, this);
        this.attempts = new AttemptRunner(address, dialer, slot, connectTimeoutNanos);
        this.budget = new PeerBudget(address.toString(), budgetBytes, allPeers);
        this.budget.onOverBudget(reason -> {
            Channel c = slot.current();
            if (c != null) {
                c.close(reason);
            }
        });
        this.links = new PeerLinks(address, host, budget, slot);
    }

    /** The other node's address, as connections to it are filed. */
    public NodeAddress address() {
        return address;
    }

    /** The channel in use, or null. */
    public Channel channel() {
        return slot.current();
    }

    /** The slot's state in words, for a test's failure message (see {@link PeerSlot#describe}). */
    public String describe() {
        return slot.describe() + "; " + links.size() + " links between threads, " + watches.size() + " watches";
    }

    /**
     * Runs {@code action} under the slot's lock, as an attempt to connect starts: entirely
     * before or after it. The action must not block.
     */
    public <T> T atomically(Supplier<T> action) {
        return slot.atomically(action);
    }

    /** The links between threads of this node and threads of the other node. */
    public PeerLinks links() {
        return links;
    }

    /** What the other node makes this node hold, against its limit. */
    public PeerBudget budget() {
        return budget;
    }

    /** The other node's name as its last connection said (empty: none, or not connected yet). */
    public String name() {
        return name;
    }

    /**
     * Retires this link if it has nothing to do and has had nothing since before {@code cutoff}:
     * no channel or attempt, no watches either way, no node watchers, no state charged to the
     * peer. A retired link takes no more work ({@link SlotRetiredException}); its node
     * forgets it.
     */
    public boolean retireIfIdle(long cutoff) {
        return watches.size() == 0 && nodeWatches.size() == 0 && budget.used() == 0 && links.size() == 0
                && slot.retireIfIdle(cutoff);
    }

    // ---- probes ---------------------------------------------------------------------------------

    /**
     * Whether {@code channel}, this link's channel, still answers: sends a Ping and waits for its
     * Pong until {@code deadline}. False if the channel closes first or the deadline passes.
     */
    public boolean answers(Channel channel, long deadline) throws InterruptedException {
        return probes.answers(channel, deadline);
    }

    /** The other node answered probe {@code id}. */
    public void pong(long id) {
        probes.answered(id);
    }

    /**
     * The channel in use, or null; sure to find the channel whose {@code PeerUp} or
     * {@code NodeUp} the calling thread has received (see {@link PeerSlot#settled}).
     */
    public Channel settledChannel() {
        return slot.settled();
    }

    public boolean isConnecting() {
        return slot.isConnecting();
    }

    /**
     * The channel in use, opening one if there is none and waiting for it until {@code deadline};
     * sends nothing (see {@link PeerSlot#connect}).
     *
     * @throws io.threadwire.distributed.NodeUnreachableException if no channel is up by the deadline
     */
    public Channel connect(long deadline) throws InterruptedException {
        return slot.connect(deadline);
    }

    /** Waits while a connection is being made, at most until {@code deadline}; true if one is up (false if interrupted). */
    public boolean awaitConnecting(long deadline) {
        try {
            return slot.awaitAttempt(deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits until the attempt to connect in flight now, if any, has ended, at most until {@code deadline}. */
    public void awaitAttemptInFlight(long deadline) throws InterruptedException {
        slot.awaitAttemptInFlight(deadline);
    }

    // ---- sending -------------------------------------------------------------------------------

    /**
     * Where to send an application item (see {@link PeerSlot#route}); one kept for the channel
     * being made is encoded again by {@code again} for the types the peer admits.
     */
    public SlotRoute<Channel> route(byte[] item, DataEncoder again, long timeoutNanos) throws InterruptedException {
        return slot.route(item, again, timeoutNanos);
    }

    /** Sends a control item on the channel, or keeps it for the next one (starting an attempt). */
    public void sendControl(byte[] item) {
        slot.sendControl(item);
    }

    // ---- watches --------------------------------------------------------------------------------

    /**
     * Watches {@code target}, a thread of the other node: {@code hook} runs once, unless cancelled
     * first. If {@code requestFollows} (a call's watch: the caller sends its request next), the
     * watch may wait to leave with the request ({@link SlotChannel#sendLazily}).
     */
    public Registration watch(ThreadRef target, Wire.Target wireTarget, ExitHook hook, boolean requestFollows) {
        // a SlotRetiredException passes on with no watch left filed: the caller looks the link up again
        long id = watches.file(target, hook, i -> slot.sendWatch(ItemCodec.monitor(i, wireTarget), requestFollows),
                i -> slot.sendCancel(ItemCodec.demonitor(i)));
        return () -> {
            if (!watches.remove(id)) {
                return false;
            }
            slot.sendCancel(ItemCodec.demonitor(id)); // the peer may hold the watch a little longer: its Down is ignored
            return true;
        };
    }

    /** The other node reports the end of the thread watched under {@code id}. */
    public void down(long id, ExitReason reason) {
        watches.fire(id, reason);
    }

    // ---- node monitors ---------------------------------------------------------------------------

    /**
     * {@code watcher} hears {@code NodeDown} and {@code NodeUp} for this node, naming it
     * {@code named}, until cancelled or it ends; if no channel is up, one is attempted (as
     * Erlang's {@code monitor_node}: find out whether the node is there).
     */
    public Registration monitorNode(LocalThread watcher, NodeAddress named) {
        Registration r = nodeWatches.add(watcher, named);
        if (r == null) {
            return () -> false;
        }
        try {
            slot.connectIfIdle();
        } catch (SlotRetiredException e) {
            r.cancel(); // the caller looks the link up again
            throw e;
        }
        return r;
    }

    // ---- channels -----------------------------------------------------------------------------

    /** A channel to this node completed its handshake; true if it waits to succeed a lost one (see {@link PeerSlot#attach}). */
    public boolean attach(Channel channel) {
        return slot.attach(channel);
    }

    /** Holds a successor's reader until it is installed or closes (see {@link PeerSlot#awaitInstalled}). */
    public boolean awaitInstalled(Channel channel) {
        return slot.awaitInstalled(channel);
    }

    /** Waits until another thread's {@code channel} is installed or has closed, at most until {@code deadline}. */
    public void awaitSettled(Channel channel, long deadline) throws InterruptedException {
        slot.awaitSettled(channel, deadline);
    }

    /** A channel to this node closed and its reader has stopped. */
    public void lost(Channel channel, String reason) {
        slot.lost(channel, reason);
    }

    /** Closes the channel in use and waits, at most until {@code deadline}, until its loss is reported. */
    public void disconnect(String reason, long deadline) {
        slot.disconnect(reason, deadline);
    }

    // ---- SlotEvents -------------------------------------------------------------------------------

    @Override
    public List<Watches.Watch> takeLost() {
        links.lost();
        return watches.drain();
    }

    @Override
    public void reportLost(List<Watches.Watch> taken, String reason) {
        for (Watches.Watch w : taken) {
            w.fire(ExitReason.NOCONNECTION);
        }
        nodeWatches.down(reason, name);
        Channel lost = reported;
        reported = null;
        if (lost != null) {
            observer.down(this, lost, reason);
        }
    }

    @Override
    public void reportUp(Channel channel) {
        RemoteEnd peer = channel.remote();
        name = peer.name();
        LOG.info("connected to {}{} (incarnation {}, {}{})", address, name.isEmpty() ? "" : " '" + name + "'",
                Long.toHexString(peer.incarnation()), channel.role() == Channel.Role.DIALED ? "dialed" : "accepted",
                peer.hidden() ? ", hidden" : "");
        nodeWatches.up(peer.incarnation(), name);
        reported = channel;
        observer.up(this, channel);
    }

    @Override
    public void dropped(int messages) {
        host.dropped(messages);
        LOG.debug("dropped {} messages kept for {}: no connection could be made", messages, address);
    }

    @Override
    public void dial(ConnectAttempt attempt) {
        attempts.start(attempt);
    }
}
