package io.threadwire.testkit;

import io.threadwire.core.ExitReason;
import io.threadwire.core.LocalThread;
import io.threadwire.core.Messaging;
import io.threadwire.core.ReceiveTimeoutException;
import io.threadwire.distributed.Node;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

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
        LocalThread runner = node.spawn(() -> {
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
        Outcome outcome;
        try {
            outcome = (Outcome) Messaging.receiveIf(m -> m instanceof Outcome o && o.token == token, Timeouts.LONG);
        } catch (ReceiveTimeoutException late) {
            if (answered.compareAndSet(false, true)) {
                // a test failure, as Worker and Timeouts report theirs; the body is stopped, so
                // that it does not run on into the next test, and sends nothing
                Messaging.exit(runner, ExitReason.SHUTDOWN);
                throw new AssertionError("the body run on node " + node.address() + " did not finish within " + Timeouts.LONG, late);
            }
            // it finished just now: its Outcome is on its way
            outcome = (Outcome) Messaging.receiveIf(m -> m instanceof Outcome o && o.token == token, Timeouts.LONG);
        }
        if (outcome.failure instanceof RuntimeException e) {
            throw e;
        }
        if (outcome.failure instanceof Error e) {
            throw e;
        }
        if (outcome.failure != null) {
            throw new IllegalStateException(outcome.failure);
        }
        @SuppressWarnings("unchecked")
        T result = (T) outcome.result;
        return result;
    }
}
