package io.threadwire.core;

import static io.threadwire.core.Messaging.*;

import io.threadwire.core.internal.Access;
import io.threadwire.core.internal.Engine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A one-for-one supervisor, as in Erlang/OTP: a thread that starts its children, registers
 * each under its name, and when one ends starts it again (according to its {@link Restart}
 * policy), on a new thread, under the same name. Only the child that ended is restarted. It
 * watches each child from before the child runs, so it always learns the reason a child really
 * ended, however soon: a transient child whose body returns at once is not restarted.
 *
 * <pre>{@code
 * Supervisor sup = Supervisor.builder()
 *         .intensity(3, Duration.ofSeconds(5))
 *         .child(ChildSpec.permanent("cache", Cache::serve))
 *         .start();
 * }</pre>
 *
 * <p><b>Intensity.</b> If more than {@code maxRestarts} restarts are needed within
 * {@code window}, the supervisor gives up: it stops its children and ends with a
 * {@link RestartIntensityException}, which its monitors see as the reason and its links
 * receive; a supervisor above it can then restart the whole subtree.
 *
 * <p><b>Names.</b> A supervisor registers each child's name where other nodes reach it: in the
 * registry of the node its children belong to (the node of the thread that started the
 * supervisor), else, for a supervisor started by a thread of no node such as {@code main}, in
 * the JVM's default node ({@code Distributed.startNode}); only when there is no default node
 * either, in the JVM's local registry ({@link Messaging#whereis}), where other nodes do not reach
 * them: a node started with {@code Node.start} is not the default, so start such a supervisor
 * from a thread of that node. While a child is being restarted its name
 * is briefly unregistered.
 *
 * <p><b>Stopping.</b> {@link #stop} (or the supervisor's own end, also when it is told to
 * {@link Messaging#exit exit}) asks its children to stop one at a time, the last started first,
 * each once the one started after it has ended, as OTP does: a child may use those started
 * before it, which outlive it. A child asked to stop has its current and later waits throw
 * {@link ReceiveInterruptedException}, and ends with reason {@code shutdown}. The
 * supervisor ends once its children have, so that by its {@code Down} their names are free. A
 * child that does not end within 30 s of being asked (one that computes without waiting, or
 * catches the exception and goes on) cannot be killed as in Erlang: the supervisor logs a
 * warning naming it, leaves it running, and goes on with the next.
 *
 * <p><b>The handle.</b> A supervisor never leaves its JVM: {@link #child} and {@link #stop}
 * work from any thread of the JVM, whichever node it belongs to (such as the nodes of a test
 * cluster in one JVM), and nothing they do travels between nodes.
 */
public final class Supervisor {
    /** Longest {@code start()} waits for the children to start. */
    private static final Duration START_WAIT = Duration.ofSeconds(30);
    /** Longest the supervisor waits for its children to end once it has asked them to stop, unless a test sets it. */
    private static final Duration STOP_PATIENCE = Duration.ofSeconds(30);
    /**
     * How much longer than the supervisor waits for its children {@link #stop} waits for the
     * supervisor to end, so that a supervisor that gives up on them in time is not reported late.
     */
    private static final Duration STOP_MARGIN = Duration.ofSeconds(5);

    private final LocalThread thread;
    private final Duration stopWait; // the longest stop() waits: the supervisor's patience for each child, and the margin
    /**
     * The children running now, by name: written by the supervisor's thread alone, read by
     * {@link #child} from any thread. Shared rather than asked for with a message, because a
     * message to the supervisor from a thread of another node of this JVM would travel between
     * the nodes, and these private values are not meant to (nor admitted to) travel.
     */
    private final Map<String, LocalThread> running;

    private Supervisor(LocalThread thread, Map<String, LocalThread> running, Duration stopWait) {
        this.thread = thread;
        this.running = running;
        this.stopWait = stopWait;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The supervisor's thread: monitor or link it to learn when it gives up. */
    public LocalThread thread() {
        return thread;
    }

    /**
     * The thread that runs the child {@code name} now; empty while it is being restarted or
     * after it ended for good. Works from any thread of this JVM, of any node or of none, and
     * never waits.
     *
     * @throws NoSuchThreadException if the supervisor has ended
     */
    public Optional<LocalThread> child(String name) {
        Objects.requireNonNull(name, "name");
        if (!thread.isAlive()) {
            throw new NoSuchThreadException(thread, "supervisor " + thread + " has ended ("
                    + Access.state(thread).exitReason() + "); it has no children any more");
        }
        // A child that has ended stays in `running` until the supervisor takes its Down: not "now".
        return Optional.ofNullable(running.get(name)).filter(LocalThread::isAlive);
    }

    /**
     * Stops the children, the last started first, then the supervisor, and waits until the
     * supervisor has ended: it ends once its children have; a child still running 30 s after it
     * was asked is logged as a warning and left running, told to stop (see the class comment). Takes nothing
     * from the caller's mailbox: a monitor the caller holds on {@link #thread()} delivers its
     * {@code Down} as usual. Returns at once if the supervisor had already ended.
     *
     * @throws ReceiveTimeoutException if the supervisor had not ended within 30 s for each child
     *                                 and 5 s more; it has been told to stop and goes on stopping
     */
    public void stop() {
        // Straight to its mailbox, from any thread of the JVM: Stop is private and never travels
        // between nodes, even between two nodes of this JVM.
        Access.state(thread).deliver(new SupervisorLoop.Stop());
        if (!Engine.awaitEnd(thread, stopWait)) {
            throw new ReceiveTimeoutException("supervisor " + thread + " did not end within " + stopWait
                    + " of stop(); it was told to stop and goes on stopping");
        }
    }

    /** Builds and starts a {@link Supervisor}. */
    public static final class Builder {
        private static final Duration MAX_WINDOW = Duration.ofDays(365L * 100);
        private final List<ChildSpec> children = new ArrayList<>();
        private int maxRestarts = 3;
        private Duration window = Duration.ofSeconds(5);
        private String name = "supervisor";
        private Duration stopPatience = STOP_PATIENCE;

        private Builder() {
        }

        /**
         * How long the supervisor waits for each child to end once it has asked it to stop
         * (default 30 s). Not public: a test sets a short one to see what happens past it.
         *
         * @throws IllegalArgumentException if {@code patience} is not positive
         */
        Builder stopPatience(Duration patience) {
            Objects.requireNonNull(patience, "patience");
            if (patience.isNegative() || patience.isZero()) {
                throw new IllegalArgumentException("the stop patience must be positive: " + patience);
            }
            this.stopPatience = patience;
            return this;
        }

        /**
         * At most {@code maxRestarts} restarts within {@code window}; one more and the
         * supervisor gives up. Default: 3 in 5 seconds.
         *
         * @throws IllegalArgumentException if {@code maxRestarts} is negative, or {@code window}
         *                                  is not positive or longer than 100 years
         */
        public Builder intensity(int maxRestarts, Duration window) {
            Objects.requireNonNull(window, "window");
            if (maxRestarts < 0) {
                throw new IllegalArgumentException("maxRestarts is negative: " + maxRestarts);
            }
            if (window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("the restart window must be positive: " + window);
            }
            if (window.compareTo(MAX_WINDOW) > 0) { // counted in nanoseconds: past this it cannot be
                throw new IllegalArgumentException("the restart window " + window + " is longer than "
                        + MAX_WINDOW.toDays() + " days; give a shorter one");
            }
            this.maxRestarts = maxRestarts;
            this.window = window;
            return this;
        }

        /** Names the supervisor's thread (for logs). */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Adds a child; children start in the order added.
         *
         * @throws IllegalArgumentException if a child of that name was already added
         */
        public Builder child(ChildSpec child) {
            Objects.requireNonNull(child, "child");
            for (ChildSpec c : children) {
                if (c.name().equals(child.name())) {
                    throw new IllegalArgumentException("a child named '" + child.name() + "' was already added");
                }
            }
            children.add(child);
            return this;
        }

        /**
         * Starts the supervisor's thread (belonging to the caller's node, if any), which starts
         * the children and registers them before this returns.
         *
         * @throws IllegalStateException   if a child failed to start (the supervisor has ended; the
         *                                 cause is why, such as a child's name already taken)
         * @throws ReceiveTimeoutException if the children had not started within 30 s (the
         *                                 supervisor is then told to shut down)
         * @throws ExitSignalException     if the calling thread was told to {@link Messaging#exit
         *                                 exit} (the supervisor is then told to shut down too)
         */
        public Supervisor start() {
            List<ChildSpec> specs = List.copyOf(children);
            int max = maxRestarts;
            long windowNanos = window.toNanos();
            Duration patience = stopPatience;
            LocalThread starter = self();
            Map<String, LocalThread> running = new ConcurrentHashMap<>();
            // Monitored before it runs: a supervisor that fails at once (a child's name is taken)
            // must be reported with its reason, not as noproc.
            MonitorRef watch = spawnMonitored(name, () -> new SupervisorLoop(specs, max, windowNanos, patience, running).run(starter));
            LocalThread t = SupervisorLoop.spawnedBy(watch);
            Object ready;
            try {
                ready = receiveIf(m -> m instanceof SupervisorLoop.Started s && s.supervisor().equals(t)
                        || m instanceof Down d && d.ref().equals(t), START_WAIT);
            } catch (RuntimeException notStarted) { // the timeout, or an exit signal: no supervisor left behind without a handle
                exit(t, ExitReason.SHUTDOWN); // first, so that nothing after it can keep the supervisor running
                demonitor(watch);
                throw notStarted;
            }
            demonitor(watch);
            if (ready instanceof Down d) {
                throw new IllegalStateException("the supervisor failed to start its children: " + d.reason(),
                        d.reason() instanceof ExitReason.Crashed c ? c.exception() : null);
            }
            return new Supervisor(t, running, patience.multipliedBy(specs.size()).plus(STOP_MARGIN));
        }
    }
}
