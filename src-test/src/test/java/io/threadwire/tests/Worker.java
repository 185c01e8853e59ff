package io.threadwire.tests;

import static io.threadwire.tests.Patience.PATIENCE;

import io.threadwire.core.Down;
import io.threadwire.core.LocalThread;
import io.threadwire.core.Messaging;
import io.threadwire.core.ReceiveTimeoutException;
import io.threadwire.distributed.Node;
import java.util.concurrent.Callable;

/**
 * One task of a test run on a thread of a node (remote sends and monitors must come from a
 * node's thread). The thread reports its result or its failure to the thread that started it,
 * which collects it with {@link #join()}: a failure in a worker fails the test, and a joined
 * worker has ended.
 *
 * @param <T> the result type
 */
final class Worker<T> {
    /** What a worker sends its starter as its last act. */
    private record Outcome(LocalThread worker, Object value, Throwable failure) {
    }

    private final LocalThread thread;
    private final String name;

    private Worker(LocalThread thread, String name) {
        this.thread = thread;
        this.name = name;
    }

    /** Starts {@code body} on a new thread of {@code node}; the calling thread is the one to {@link #join()} it. */
    static <T> Worker<T> start(Node node, String name, Callable<T> body) {
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
        return new Worker<>(t, name);
    }

    /** As {@link #start(Node, String, Callable)}, for a body without a result. */
    static Worker<Void> run(Node node, String name, ThrowingRunnable body) {
        return start(node, name, () -> {
            body.run();
            return null;
        });
    }

    /** The worker's thread, e.g. to register it under a name. */
    LocalThread thread() {
        return thread;
    }

    /**
     * Waits (at most {@link Patience#PATIENCE}) for the worker's result and for its thread to
     * end; rethrows what the body threw. Only the thread that started the worker may call it.
     */
    @SuppressWarnings("unchecked")
    T join() {
        Outcome outcome;
        try {
            outcome = (Outcome) Messaging.receiveIf(m -> m instanceof Outcome o && o.worker().equals(thread), PATIENCE);
            Messaging.monitor(thread); // fires at once (noproc) if it has ended already
            Messaging.receiveIf(m -> m instanceof Down d && d.ref().equals(thread), PATIENCE);
        } catch (ReceiveTimeoutException e) {
            throw new AssertionError("worker '" + name + "' did not finish within " + PATIENCE, e);
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

    /** A body that may throw anything. */
    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
