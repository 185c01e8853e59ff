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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/** {@link Cluster#call}: a body run on a new thread of a node, its outcome returned to the caller. */
final class NodeCalls {
    private NodeCalls() {
    }

    /** What a body returned or threw; the token tells calls apart. */
    private record Outcome(Object token, Object result, Throwable failure) {
    }

    static <T> T call(Node node, Callable<T> body) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(body, "body");
        LocalThread caller = Messaging.self();
        Object token = new Object();
        AtomicBoolean answered = new AtomicBoolean(); // by the body, or by the caller giving up: the Outcome is sent only if the body wins
        // The body waits until the caller watches its thread: one that ended before the monitor
        // was made would be reported as noproc, without the reason it really ended for.
        CompletableFuture<Void> watched = new CompletableFuture<>();
        LocalThread runner = node.spawn(() -> {
            watched.join(); // not interrupted by an exit signal: the body's first wait throws it
            Object result = null;
            Throwable failure = null;
            try {
                result = body.call();
            } catch (Throwable t) {
                failure = t;
            }
            if (answered.compareAndSet(false, true)) {
                Messaging.send(new Outcome(token, result, failure), caller);
            }
        });
        // Watched from now on: a runner that ends without handing back its outcome (told to exit,
        // which its reporting send then throws; its node crashed under it) is reported when it
        // ends, not after the long bound. Its Outcome, sent before it ends, comes before its Down.
        MonitorRef watch;
        try {
            watch = Messaging.monitor(runner);
        } finally {
            watched.complete(null);
        }
        Predicate<Object> outcomeOrEnd = m -> m instanceof Outcome o && o.token == token
                || m instanceof Down d && d.ref().equals(runner) && !d.reason().equals(ExitReason.NOCONNECTION);
        Object received;
        try {
            received = Messaging.receiveIf(outcomeOrEnd, Timeouts.LONG);
        } catch (ReceiveTimeoutException late) {
            if (answered.compareAndSet(false, true)) {
                // a test failure, as Worker and Timeouts report theirs; the body is stopped, so
                // that it does not run on into the next test, and sends nothing
                Messaging.demonitor(watch);
                Messaging.exit(runner, ExitReason.SHUTDOWN);
                throw new AssertionError("the body run on node " + node.address() + " did not finish within " + Timeouts.LONG, late);
            }
            // it finished just now: its Outcome, or its end, is on its way
            try {
                received = Messaging.receiveIf(outcomeOrEnd, Timeouts.LONG);
            } catch (ReceiveTimeoutException stuck) {
                Messaging.demonitor(watch);
                throw new AssertionError("the body run on node " + node.address() + " finished but did not hand back its"
                        + " outcome within " + Timeouts.LONG, stuck);
            }
        }
        Messaging.demonitor(watch); // its Down, if any, taken out too: nothing of the call stays in the mailbox
        if (received instanceof Down end) {
            throw new AssertionError("the body run on node " + node.address() + " ended (" + end.reason()
                    + ") before it could hand back its outcome");
        }
        Outcome outcome = (Outcome) received;
        if (outcome.failure instanceof RuntimeException e) {
            throw e;
        }
        if (outcome.failure instanceof Error e) {
            throw e;
        }
        if (outcome.failure != null) {
            throw new AssertionError("the body run on node " + node.address() + " failed", outcome.failure);
        }
        @SuppressWarnings("unchecked")
        T result = (T) outcome.result;
        return result;
    }
}
