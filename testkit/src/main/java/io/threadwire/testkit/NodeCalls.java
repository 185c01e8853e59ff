package io.threadwire.testkit;

import io.threadwire.core.LocalThread;
import io.threadwire.core.Messaging;
import io.threadwire.distributed.Node;
import java.util.Objects;
import java.util.concurrent.Callable;

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
        node.spawn(() -> {
            Object result = null;
            Throwable failure = null;
            try {
                result = body.call();
            } catch (Throwable t) {
                failure = t;
            }
            Messaging.send(new Outcome(token, result, failure), caller);
        });
        Outcome outcome = (Outcome) Messaging.receiveIf(m -> m instanceof Outcome o && o.token == token, Timeouts.LONG);
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
