package io.threadwire.testkit;

import io.threadwire.core.Down;
import io.threadwire.core.ExitReason;
import io.threadwire.core.LocalThread;
import io.threadwire.core.Messaging;
import io.threadwire.core.MonitorRef;
import io.threadwire.core.ReceiveTimeoutException;
import io.threadwire.distributed.Node;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * One task of a test, run on a new thread of a node (remote sends, monitors and links must come
 * from a node's thread), that reports its result or its failure to the thread that started it.
 * That thread collects the outcome with {@link #join()}, which rethrows what the task threw: a
 * failure in a worker fails the test, and a joined worker has ended.
 *
 * <pre>{@code
 * Worker<Object> sink = Worker.start(b, "sink", () -> receive(Timeouts.LONG));
 * cluster.run(a, () -> send("hello", sink.thread()));
 * assertThat(sink.join()).isEqualTo("hello");
 * }</pre>
 *
 * <p>Unlike {@link Cluster#call}, which waits for its body at once, several workers may run
 * side by side, and the test joins them when it needs their outcomes. The outcome travels as a
 * message to the starter's mailbox, and {@link #join()} takes it out (with the {@code Down} of
 * the monitor it uses to see the thread end), leaving every other message where it was.
 *
 * @param <T> the task's result type
 */
public final class Worker<T> {
    /** What a worker sends its starter as its last act. */
    private record Outcome(LocalThread worker, Object value, Throwable failure) {
    }

    private final LocalThread thread;
    private final LocalThread starter;
    private final String name;
    private Outcome joined; // once join has taken it; only the starter touches it

    private Worker(LocalThread thread, LocalThread starter, String name) {
        this.thread = thread;
        this.starter = starter;
        this.name = name;
    }

    /**
     * Starts {@code body} on a new thread of {@code node}, named {@code name}; returns at once.
     * The calling thread is the one that may {@link #join()} it.
     *
     * @throws NullPointerException if an argument is null
     */
    public static <T> Worker<T> start(Node node, String name, Callable<T> body) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(body, "body");
        LocalThread starter = Messaging.self();
        LocalThread t = node.spawn(name, () -> {
            Object value = null;
            Throwable failure = null;
            try {
                value = body.call();
            } catch (Throwable e) {
                failure = e;
            }
            Messaging.send(new Outcome(Messaging.self(), value, failure), starter);
        });
        return new Worker<>(t, starter, name);
    }

    /** As {@link #start(Node, String, Callable)}, for a task without a result. */
    public static Worker<Void> run(Node node, String name, ThrowingRunnable body) {
        Objects.requireNonNull(body, "body");
        return start(node, name, () -> {
            body.run();
            return null;
        });
    }

    /** The worker's thread, e.g. to register it under a name or to send it messages. */
    public LocalThread thread() {
        return thread;
    }

    /**
     * Waits, at most {@link Timeouts#LONG}, for the task's outcome and for its thread to end;
     * returns its result, or rethrows what it threw (a checked exception wrapped in an
     * {@link AssertionError}). A second join answers the same, at once.
     *
     * @throws AssertionError if the worker did not finish within {@link Timeouts#LONG}, or its
     *                        thread ended without handing back its outcome (told to exit, its
     *                        node crashed), which is reported as soon as it ends
     * @throws WrongThreadException if called from another thread than the one that started it
     */
    @SuppressWarnings("unchecked")
    public T join() {
        if (!Messaging.self().equals(starter)) {
            throw new WrongThreadException("only the thread that started worker '" + name + "' (" + starter
                    + ") receives its outcome; join it there");
        }
        Outcome outcome = joined;
        if (outcome == null) {
            // Watched first: a thread that ends without handing back its outcome (told to exit,
            // which its reporting send then throws; its node crashed) is reported when it ends, not
            // after the long bound. Its Outcome, sent before it ended, comes before the Down (noproc
            // at once if it has ended already).
            MonitorRef watch = Messaging.monitor(thread);
            Object first;
            try {
                first = Messaging.receiveIf(m -> m instanceof Outcome o && o.worker().equals(thread) || m instanceof Down d
                        && d.ref().equals(thread) && !d.reason().equals(ExitReason.NOCONNECTION), Timeouts.LONG);
            } catch (ReceiveTimeoutException e) {
                Messaging.demonitor(watch);
                throw new AssertionError("worker '" + name + "' did not finish within " + Timeouts.LONG, e);
            }
            if (first instanceof Down end) {
                // no demonitor: it has fired, and if the Down taken was an equal one of a monitor of
                // the caller's own, this one is left in its place
                throw new AssertionError("worker '" + name + "' ended without handing back its outcome ("
                        + (end.reason().equals(ExitReason.NOPROC) ? "before join" : end.reason()) + ")");
            }
            outcome = (Outcome) first;
            try {
                Messaging.receiveIf(m -> m instanceof Down d && d.ref().equals(thread), Timeouts.LONG); // its thread has ended
            } catch (ReceiveTimeoutException e) {
                Messaging.demonitor(watch);
                throw new AssertionError("worker '" + name + "' did not finish within " + Timeouts.LONG, e);
            }
            joined = outcome; // a second join answers the same at once, rather than waiting for an outcome already taken
        }
        Throwable failure = outcome.failure();
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure != null) {
            throw new AssertionError("worker '" + name + "' failed", failure);
        }
        return (T) outcome.value();
    }

    /** A task that may throw anything. */
    @FunctionalInterface
    public interface ThrowingRunnable {
        /** Runs the task. */
        void run() throws Exception;
    }
}
