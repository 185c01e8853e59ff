package io.threadwire.distributed.internal.transport;

import com.esotericsoftware.kryonet.Client;
import com.esotericsoftware.kryonet.Connection;
import com.esotericsoftware.kryonet.EndPoint;
import com.esotericsoftware.kryonet.Server;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one KryoNet endpoint (a node's server, or one outbound client) on a platform thread of
 * our own instead of KryoNet's {@code run()}, which dies on the first runtime exception.
 *
 * <p>The loop survives any {@link Throwable}: a read failure of a client closes that client
 * (KryoNet's {@code Client.update} does not), anything else is logged and the loop goes on.
 * Every close of a KryoNet connection and of the endpoint runs here, between two
 * {@code update} calls ({@link #execute}): closing from another thread can deadlock KryoNet
 * (its issue #93) or lose a connection from the server's list. Tasks wait at most
 * {@link #UPDATE_MILLIS} for the select to return.
 *
 * <p>An update that throws (a paused read, see {@link ReadGate}, leaves it so on purpose)
 * leaves the selection keys it had not reached in KryoNet's selected-key set, and KryoNet
 * looks at that set only after a select that counts a key, which a key already in the set is
 * not: an accept, or another connection's frames, would wait there for good, while each select
 * returned at once (on a server whose read of one connection paused, the other node's dials
 * went unanswered, every one). So the loop empties the set after such an update; the selector
 * is level-triggered, and the next select reports every key that is still ready.
 *
 * <p>A connection that read {@code FRAMES_PER_TURN} frames in one update yields the loop to the
 * others ({@link ReadGate#yieldTurn}): it reads again, and what KryoNet holds of it is pumped,
 * after the next update ({@link #executeNextTurn}), which then does not wait for the network.
 *
 * <p>Before each update the loop passes its node's {@link FaultGate}: a frozen node's loop
 * stops reading and writing until it is thawed; a crashed node's loop resets every connection
 * of its endpoint (no goodbye, unsent bytes discarded), disposes the endpoint and ends, running
 * none of the tasks still queued.
 */
public final class EndpointLoop {
    private static final Logger LOG = LoggerFactory.getLogger(EndpointLoop.class);
    /** Longest a select blocks: bounds how long a task, such as a close, waits. */
    static final int UPDATE_MILLIS = 20;
    /** KryoNet's selectors (private fields; reachable as {@link ReadGate}'s fields are). */
    private static final Field SERVER_SELECTOR = selectorField(Server.class);
    private static final Field CLIENT_SELECTOR = selectorField(Client.class);

    private final EndPoint endpoint;
    private final FaultGate gate;
    private final Thread thread;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final List<Runnable> nextTurn = new ArrayList<>(); // loop thread only
    private long turn; // loop thread only
    private volatile boolean running = true;
    private volatile Consumer<Throwable> clientReadFailed = failure -> { };

    /**
     * @param keepsJvmAlive whether the loop's thread is a non-daemon thread: a node's server loop
     *                      is, so that a JVM whose main thread starts a node and returns keeps
     *                      serving until the node is closed (as KryoNet's and Erlang's do)
     */
    public EndpointLoop(String name, EndPoint endpoint, boolean keepsJvmAlive, FaultGate gate) {
        this.endpoint = endpoint;
        this.gate = gate;
        this.thread = Thread.ofPlatform().name(name).daemon(!keepsJvmAlive).unstarted(this::run);
    }

    public void start() {
        thread.start();
    }

    /** Runs {@code task} on the loop thread, between two updates. */
    public void execute(Runnable task) {
        tasks.add(task);
    }

    /**
     * Loop thread only: runs {@code task} after the next update, once every other connection that
     * has frames had its turn to read (see {@link ReadGate#yieldTurn}). The next update does not
     * wait for the network when such a task is due.
     */
    public void executeNextTurn(Runnable task) {
        nextTurn.add(task);
    }

    /**
     * Loop thread only: the loop's current turn. A new turn starts with each update, and again
     * for the tasks of {@link #executeNextTurn}: a connection counts the frames it reads in a turn.
     */
    public long turn() {
        return turn;
    }

    public boolean isLoopThread() {
        return Thread.currentThread() == thread;
    }

    /** Whether the loop's thread has started and not yet ended: a task given now may still run. */
    public boolean isAlive() {
        return thread.isAlive();
    }

    /**
     * Tells {@code listener}, on the loop's thread, of each read failure that closed the client
     * this loop drives: what the peer sent could not be read (another program's bytes, say).
     * KryoNet's {@code Client.connect} does not learn of that close, and waits out its timeout.
     */
    public void whenClientReadFails(Consumer<Throwable> listener) {
        clientReadFailed = listener;
    }

    /** Asks the loop to stop, close and dispose the endpoint; returns at once. */
    public void stopLater() {
        running = false;
    }

    /** Stops the loop, which then closes and disposes the endpoint; waits for that (bounded). */
    public void stop() {
        running = false;
        if (!isLoopThread()) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                LOG.warn("network thread {} did not stop within 5 s", thread.getName());
            }
        }
    }

    private void run() {
        try {
            while (running && gate.pass()) {
                List<Runnable> due = nextTurn.isEmpty() ? List.of() : List.copyOf(nextTurn);
                nextTurn.clear();
                turn++;
                try {
                    endpoint.update(due.isEmpty() ? UPDATE_MILLIS : 0);
                } catch (ReadGate.Paused paused) {
                    // a channel stopped KryoNet's read loop to pause reading: nothing failed
                    forgetSelection();
                } catch (Throwable t) {
                    forgetSelection();
                    if (endpoint instanceof Client client) { // Client.update leaves a failed connection open
                        LOG.debug("{}: closing the connection after a read failure: {}", thread.getName(), t.toString());
                        client.close();
                        clientReadFailed.accept(t);
                    } else if (!(t instanceof IOException)) {
                        LOG.error("{}: unexpected failure in the network loop; it goes on", thread.getName(), t);
                    }
                }
                runTasks();
                turn++;
                runNextTurn(due);
            }
        } finally {
            if (gate.isCrashed()) {
                resetAll();
            } else {
                runTasks();
            }
            try {
                endpoint.close();
                if (endpoint instanceof Client client) {
                    client.dispose();
                } else if (endpoint instanceof Server server) {
                    server.dispose();
                }
            } catch (Throwable t) {
                LOG.debug("{}: closing the endpoint: {}", thread.getName(), t.toString());
            }
        }
    }

    /** After an update that threw: the keys it had not reached are selected again by the next select (see the class comment). */
    private void forgetSelection() {
        Field field = endpoint instanceof Server ? SERVER_SELECTOR : endpoint instanceof Client ? CLIENT_SELECTOR : null;
        if (field == null) {
            return;
        }
        try {
            Selector selector = (Selector) field.get(endpoint);
            if (selector != null && selector.isOpen()) {
                selector.selectedKeys().clear();
            }
        } catch (IllegalAccessException | RuntimeException e) {
            LOG.debug("{}: could not clear the selected keys: {}", thread.getName(), e.toString());
        }
    }

    private static Field selectorField(Class<?> endpointClass) {
        try {
            Field f = endpointClass.getDeclaredField("selector");
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("cannot reach KryoNet's selector of {} ({}); after a paused read, a connection may wait until"
                    + " another one is ready", endpointClass.getSimpleName(), e.toString());
            return null;
        }
    }

    /** The node crashed: every connection of the endpoint ends with a reset, as a killed process's would. */
    private void resetAll() {
        tasks.clear(); // a graceful close queued around the crash must not say goodbye after it
        Connection[] connections = endpoint instanceof Server server ? server.getConnections()
                : endpoint instanceof Client client ? new Connection[] {client} : new Connection[0];
        for (Connection c : connections) {
            try {
                SocketReset.reset(c);
            } catch (Throwable t) {
                LOG.debug("{}: resetting {}: {}", thread.getName(), c, t.toString());
            }
        }
    }

    private void runNextTurn(List<Runnable> due) {
        for (Runnable task : due) {
            if (!runOne(task)) {
                return;
            }
        }
    }

    private void runTasks() {
        for (Runnable task; (task = tasks.poll()) != null; ) {
            if (!runOne(task)) {
                tasks.clear(); // a graceful close queued around the crash must not say goodbye after it
                return;
            }
        }
    }

    /** Runs {@code task}, unless the node crashed meanwhile (then false); a task that fails is logged. */
    private boolean runOne(Runnable task) {
        if (gate.isCrashed()) {
            return false;
        }
        try {
            task.run();
        } catch (Throwable t) {
            LOG.error("{}: a network task failed", thread.getName(), t);
        }
        return true;
    }
}
