package io.threadwire.distributed.internal;

import io.threadwire.core.ExitReason;
import io.threadwire.core.LocalThread;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.ThreadRef;
import io.threadwire.core.spi.ExitHook;
import io.threadwire.core.spi.LocalThreads;
import io.threadwire.core.spi.Registration;
import io.threadwire.distributed.NodeDown;
import io.threadwire.distributed.NodeUnreachableException;
import io.threadwire.distributed.NodeUp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything this node knows about one other node: the channel in use (one per pair of nodes),
 * the connection attempt in flight, and the watches this node's threads hold on the other
 * node's threads.
 *
 * <p>States: idle (no channel), connecting (an attempt in flight), up (a channel), losing (a
 * channel was lost and its watches are firing). A data send in the idle state starts an attempt
 * and waits for it ({@link #awaitChannel}); a send while losing waits until the loss is handled,
 * then does the same. Watches and other
 * control items made while no channel is up wait in {@link #pending} and go first on the next
 * channel, or fire {@code noconnection} if the attempt fails.
 *
 * <p>The no-holes guarantee: when a channel is lost, every watch on the node fires before a
 * new channel can carry anything, so a monitored thread never receives message n+1 after
 * message n was lost without its monitor having fired first.
 */
final class Peer {
    private static final Logger LOG = LoggerFactory.getLogger(Peer.class);

    private final NodeRuntime node;
    private final NodeAddress address;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private volatile Channel up;                        // the channel in use, or null
    private Attempt attempt;                            // guarded by lock
    private boolean losing;                             // guarded by lock
    private final List<byte[]> pending = new ArrayList<>(); // guarded by lock
    private final Map<Long, Watch> watches = new ConcurrentHashMap<>();
    private final Set<NodeWatch> nodeWatches = new CopyOnWriteArraySet<>();

    /** One watch on a thread of the other node; fires once (whoever removes it from the map fires it). */
    private record Watch(ThreadRef target, ExitHook hook) {
    }

    /** A thread of this node monitoring the other node. */
    private record NodeWatch(LocalThread watcher) {
    }

    private static final class Attempt {
        volatile boolean done;
        volatile Throwable failure;
    }

    Peer(NodeRuntime node, NodeAddress address) {
        this.node = node;
        this.address = address;
    }

    NodeAddress address() {
        return address;
    }

    Channel channel() {
        Channel c = up;
        return c == null || c.isClosed() ? null : c;
    }

    boolean isConnecting() {
        lock.lock();
        try {
            return attempt != null && up == null;
        } finally {
            lock.unlock();
        }
    }

    // ---- sending ------------------------------------------------------------------------------

    /**
     * The channel to send data on, opening one if there is none (waiting until {@code deadline}).
     * While a lost channel is being handled (it is closed, or its watches fire) this waits for
     * that to finish, so the message goes on a new channel after every watch has fired.
     *
     * @throws NodeUnreachableException if no channel could be opened in time
     */
    Channel awaitChannel(long deadline) throws InterruptedException {
        Channel c = up;
        if (c != null && !c.isClosed()) {
            return c;
        }
        lock.lock();
        try {
            for (;;) {
                c = up;
                if (c != null && !c.isClosed()) {
                    return c;
                }
                if (c != null || losing) { // channelClosed runs, or is about to: it signals when done
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new NodeUnreachableException(address, "the connection was lost and no new one was made"
                                + " within " + TimeUnit.NANOSECONDS.toMillis(node.settings().connectTimeoutNanos()) + " ms", null);
                    }
                    changed.awaitNanos(left);
                    continue;
                }
                Attempt a = attempt != null ? attempt : startAttempt();
                while (!a.done && up == null && !losing) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new NodeUnreachableException(address, "no connection within "
                                + TimeUnit.NANOSECONDS.toMillis(node.settings().connectTimeoutNanos()) + " ms", null);
                    }
                    changed.awaitNanos(left);
                }
                if (up == null && !losing && a.done && a.failure != null) {
                    throw new NodeUnreachableException(address, reason(a.failure), a.failure);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Sends a control item on the channel, or keeps it for the next one (starting an attempt). */
    void sendControl(byte[] item) {
        Channel c = up;
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
            pending.add(item);
            if (attempt == null && !losing && up == null) {
                startAttempt();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Sends a control item only if a channel is up (a demonitor needs no new connection). */
    void sendControlIfUp(byte[] item) {
        Channel c = channel();
        if (c != null) {
            c.sendControl(item);
        }
    }

    // ---- watches on the other node's threads -----------------------------------------------

    /** Watches {@code target} (a thread of this peer): {@code hook} runs once, unless cancelled first. */
    Registration watch(ThreadRef target, Wire.Target wireTarget, ExitHook hook) {
        long id = node.nextMonitorId();
        watches.put(id, new Watch(target, hook));
        sendControl(WireFormat.monitor(id, wireTarget));
        return () -> {
            if (watches.remove(id) == null) {
                return false;
            }
            sendControlIfUp(WireFormat.demonitor(id));
            return true;
        };
    }

    /** The peer reports the end of the thread watched under {@code id}. */
    void down(long id, ExitReason reason) {
        Watch w = watches.remove(id);
        if (w != null) {
            fire(w, reason);
        }
    }

    /** {@code watcher} hears {@link NodeDown} and {@link NodeUp} for this node until cancelled or it ends. */
    Registration monitorNode(LocalThread watcher) {
        NodeWatch w = new NodeWatch(watcher);
        nodeWatches.add(w);
        Registration onExit = LocalThreads.onExit(watcher, (t, r) -> nodeWatches.remove(w));
        if (onExit == null) {
            nodeWatches.remove(w);
            return () -> false;
        }
        lock.lock();
        try {
            if (up == null && attempt == null && !losing) {
                startAttempt(); // as Erlang's monitor_node: find out whether the node is there
            }
        } finally {
            lock.unlock();
        }
        return () -> {
            onExit.cancel();
            return nodeWatches.remove(w);
        };
    }

    // ---- channel life cycle ---------------------------------------------------------------------

    /** A channel to this peer completed its handshake: it becomes the one in use. */
    void attached(Channel channel) {
        Channel old = up;
        if (old != null && old != channel) { // not expected: a channel is only taken once the old one is gone
            LOG.warn("connection to {} replaced while still installed", address);
            old.close("replaced by another connection");
            channelClosed(old, "replaced by another connection"); // its watches fire before the new one carries anything
        }
        lock.lock();
        try {
            up = channel;
            Attempt a = attempt;
            if (a != null) { // settled now, not when its thread gets round to it: the channel may be lost by then
                a.failure = null;
                a.done = true;
                attempt = null;
            }
            for (byte[] item : pending) {
                channel.sendControl(item);
            }
            pending.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (channel.isClosed()) { // it closed while being installed, and its close found nothing to tell
            channelClosed(channel, "closed as it came up");
            return;
        }
        LOG.info("connected to {} (incarnation {}, {})", address, Long.toHexString(channel.remoteIncarnation()),
                channel.role() == Channel.Role.DIALED ? "dialed" : "accepted");
        for (NodeWatch w : nodeWatches) {
            LocalThreads.deliver(w.watcher, new NodeUp(address, channel.remoteIncarnation()));
        }
    }

    /**
     * The channel in use was lost: every watch fires {@code noconnection} and node watchers hear
     * {@link NodeDown}, before any new channel can be used. Runs on a thread of its own; also
     * called synchronously when a new channel replaces a stale one.
     */
    void channelClosed(Channel channel, String reason) {
        List<Watch> lost;
        lock.lock();
        try {
            if (up != channel) {
                return;
            }
            up = null;
            losing = true;
            lost = drainWatches();
        } finally {
            lock.unlock();
        }
        try {
            for (Watch w : lost) {
                fire(w, ExitReason.NOCONNECTION);
            }
            for (NodeWatch w : nodeWatches) {
                LocalThreads.deliver(w.watcher, new NodeDown(address, reason));
            }
        } finally {
            lock.lock();
            try {
                losing = false;
                if (!pending.isEmpty() && attempt == null) {
                    startAttempt();
                }
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Closes the channel in use (a test's partition) and waits, at most until {@code deadline},
     * until its loss is handled: watches fired, node watchers told. A send made after this
     * returns opens a new channel; one made while the loss is handled would be dropped.
     */
    void disconnect(String reason, long deadline) {
        Channel c = up;
        if (c == null) {
            return;
        }
        c.close(reason);
        lock.lock();
        try {
            while ((up == c || losing) && deadline - System.nanoTime() > 0) {
                changed.awaitNanos(Math.min(deadline - System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(10)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    private Attempt startAttempt() { // lock held
        Attempt a = new Attempt();
        attempt = a;
        long deadline = System.nanoTime() + node.settings().connectTimeoutNanos();
        Thread.ofVirtual().name("threadwire-connect-" + address).start(() -> runAttempt(a, deadline));
        return a;
    }

    private void runAttempt(Attempt a, long deadline) {
        Throwable failure = null;
        try {
            Channel c = node.dial(this, deadline);
            try {
                c.established.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                if (!isDuplicate(e.getCause())) {
                    throw e.getCause();
                }
                awaitInbound(deadline); // the other node's connection wins: wait for it
            }
        } catch (java.util.concurrent.TimeoutException e) {
            failure = new java.util.concurrent.TimeoutException("no connection within "
                    + TimeUnit.NANOSECONDS.toMillis(node.settings().connectTimeoutNanos()) + " ms");
        } catch (Throwable t) {
            failure = t;
        }
        List<Watch> failed = List.of();
        boolean failedNow = false;
        lock.lock();
        try {
            if (attempt == a) {
                attempt = null;
            }
            if (!a.done) { // else a channel attached meanwhile and settled it: whatever came after is not its failure
                if (failure == null && up == null && !losing) {
                    failure = new java.util.concurrent.TimeoutException("no connection within the connect timeout");
                }
                a.failure = up == null ? failure : null;
                a.done = true;
                failedNow = a.failure != null;
                if (up == null && !losing && failure != null) {
                    failed = drainWatches();
                    pending.clear();
                }
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (failedNow) {
            LOG.debug("could not connect to {}: {}", address, reason(a.failure));
            for (Watch w : failed) {
                fire(w, ExitReason.NOCONNECTION);
            }
            for (NodeWatch w : nodeWatches) {
                LocalThreads.deliver(w.watcher, new NodeDown(address, "unreachable: " + reason(a.failure)));
            }
        }
    }

    private void awaitInbound(long deadline) throws InterruptedException {
        lock.lock();
        try {
            while (up == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                changed.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    private static boolean isDuplicate(Throwable t) {
        return t instanceof ChannelClosedException && String.valueOf(t.getMessage()).startsWith("duplicate");
    }

    private List<Watch> drainWatches() {
        List<Watch> drained = new ArrayList<>();
        for (Long id : List.copyOf(watches.keySet())) {
            Watch w = watches.remove(id);
            if (w != null) {
                drained.add(w);
            }
        }
        return drained;
    }

    private void fire(Watch w, ExitReason reason) {
        try {
            w.hook.exited(w.target, reason);
        } catch (RuntimeException | Error e) {
            LOG.error("a watch on {} failed", w.target, e);
        }
    }

    /** Number of watches held (for tests and leak checks). */
    int watchCount() {
        return watches.size();
    }

    private static String reason(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return m == null ? root.getClass().getSimpleName() : m;
    }
}
