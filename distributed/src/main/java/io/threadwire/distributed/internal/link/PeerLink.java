package io.threadwire.distributed.internal.link;

import io.threadwire.core.ExitReason;
import io.threadwire.core.LocalThread;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.ThreadRef;
import io.threadwire.core.spi.ExitHook;
import io.threadwire.core.spi.Registration;
import io.threadwire.distributed.NodeUnreachableException;
import io.threadwire.distributed.internal.wire.ItemCodec;
import io.threadwire.distributed.internal.wire.Wire;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything this node has with one other node: the channel in use ({@link PeerSlot}), the
 * connection attempts, the watches its threads hold on the other node's threads
 * ({@link Watches}) and the threads that monitor the node itself ({@link NodeWatches}).
 *
 * <p>When a channel is lost, every watch fires {@code noconnection} and every node watcher
 * hears {@code NodeDown} before a new channel carries anything (see {@link PeerSlot}).
 */
public final class PeerLink implements SlotEvents<Channel, List<Watches.Watch>> {
    private static final Logger LOG = LoggerFactory.getLogger(PeerLink.class);

    private final NodeAddress address;
    private final Dialer dialer;
    private final long connectTimeoutNanos;
    private final PeerSlot<Channel, List<Watches.Watch>> slot;
    private final Watches watches = new Watches();
    private final NodeWatches nodeWatches = new NodeWatches();
    private final PeerObserver observer;
    private Channel reported; // the channel whose up was reported and whose loss was not yet: in the slot's order
    private final PeerBudget budget;
    private final Probes probes = new Probes();
    private volatile String name = ""; // the node's name, as its last connection said

    public PeerLink(NodeAddress address, Dialer dialer, long connectTimeoutNanos, long budgetBytes, PeerObserver observer) {
        this.address = address;
        this.dialer = dialer;
        this.observer = observer;
        this.connectTimeoutNanos = connectTimeoutNanos;
        this.slot = new PeerSlot<>(address, connectTimeoutNanos, this);
        this.budget = new PeerBudget(address.toString(), budgetBytes);
        this.budget.onOverBudget(reason -> {
            Channel c = slot.current();
            if (c != null) {
                c.close(reason);
            }
        });
    }

    /** The other node's address, as connections to it are filed. */
    public NodeAddress address() {
        return address;
    }

    /** The channel in use, or null. */
    public Channel channel() {
        return slot.current();
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
     * peer. A retired link takes no more work ({@link PeerSlot.RetiredException}); its node
     * forgets it.
     */
    public boolean retireIfIdle(long cutoff) {
        return watches.size() == 0 && nodeWatches.size() == 0 && budget.used() == 0 && slot.retireIfIdle(cutoff);
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

    // ---- sending -------------------------------------------------------------------------------

    /**
     * The channel to send data on, opening one if there is none (waiting until {@code deadline}).
     *
     * @throws NodeUnreachableException if no channel could be opened in time
     */
    public Channel awaitChannel(long deadline) throws InterruptedException {
        return slot.awaitChannel(deadline);
    }

    /** Sends a control item on the channel, or keeps it for the next one (starting an attempt). */
    public void sendControl(byte[] item) {
        slot.sendControl(item);
    }

    /** Sends a control item only if a channel is up. */
    public void sendControlIfUp(byte[] item) {
        slot.sendControlIfUp(item);
    }

    // ---- watches --------------------------------------------------------------------------------

    /** Watches {@code target}, a thread of the other node: {@code hook} runs once, unless cancelled first. */
    public Registration watch(ThreadRef target, Wire.Target wireTarget, ExitHook hook) {
        long id = watches.add(target, hook);
        try {
            slot.sendControl(ItemCodec.monitor(id, wireTarget));
        } catch (PeerSlot.RetiredException e) {
            watches.remove(id); // the caller looks the link up again
            throw e;
        }
        return () -> {
            if (!watches.remove(id)) {
                return false;
            }
            slot.sendControlIfUp(ItemCodec.demonitor(id));
            return true;
        };
    }

    /** The other node reports the end of the thread watched under {@code id}. */
    public void down(long id, ExitReason reason) {
        watches.fire(id, reason);
    }

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
        } catch (PeerSlot.RetiredException e) {
            r.cancel(); // the caller looks the link up again
            throw e;
        }
        return r;
    }

    /** Watches held (for tests and leak checks). */
    public int watchCount() {
        return watches.size();
    }

    // ---- channels -----------------------------------------------------------------------------

    /** A channel to this node completed its handshake. */
    public void attach(Channel channel) {
        slot.attach(channel);
    }

    /** A channel to this node closed. */
    public void lost(Channel channel, String reason) {
        slot.lost(channel, reason);
    }

    /** Closes the channel in use and waits, at most until {@code deadline}, until its loss is reported. */
    public void disconnect(String reason, long deadline) {
        slot.disconnect(reason, deadline);
    }

    // ---- PeerSlot.Events -------------------------------------------------------------------------

    @Override
    public List<Watches.Watch> takeLost() {
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
        name = channel.remoteName();
        LOG.info("connected to {}{} (incarnation {}, {}{})", address, name.isEmpty() ? "" : " '" + name + "'",
                Long.toHexString(channel.remoteIncarnation()), channel.role() == Channel.Role.DIALED ? "dialed" : "accepted",
                channel.remoteHidden() ? ", hidden" : "");
        nodeWatches.up(channel.remoteIncarnation(), name);
        reported = channel;
        observer.up(this, channel);
    }

    @Override
    public void dial(ConnectAttempt attempt) {
        Thread.ofVirtual().name("threadwire-connect-" + address).start(() -> runAttempt(attempt));
    }

    private void runAttempt(ConnectAttempt attempt) {
        long deadline = attempt.deadline();
        Throwable failure = null;
        try {
            Channel c = dialer.dial(address, deadline);
            try {
                c.whenEstablished().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof ChannelClosedException closed && closed.duplicate())) {
                    throw e.getCause();
                }
                slot.awaitUp(deadline); // the other node's connection wins: wait for it
            }
        } catch (TimeoutException e) {
            failure = new TimeoutException("no connection within " + TimeUnit.NANOSECONDS.toMillis(connectTimeoutNanos)
                    + " ms");
        } catch (Throwable t) {
            failure = t;
        }
        if (failure != null) {
            LOG.debug("could not connect to {}: {}", address, PeerSlot.rootMessage(failure));
        }
        slot.attemptEnded(attempt, failure);
    }
}
