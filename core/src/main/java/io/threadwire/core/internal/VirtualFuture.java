package io.threadwire.core.internal;

import io.threadwire.core.spi.Transport;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A {@link CompletableFuture} whose asynchronous stages given no executor run on virtual
 * threads rather than the common pool, which has a thread per core and must not be blocked:
 * threads of {@code node} when it has one (the node of the thread that made the call), so that
 * what a stage sends or calls goes through that node as the caller's own sends do.
 */
final class VirtualFuture<T> extends CompletableFuture<T> {
    private final Transport node; // null: no node

    VirtualFuture(Transport node) {
        this.node = node;
    }

    @Override
    public Executor defaultExecutor() {
        Transport n = node;
        return task -> {
            Runnable stage = () -> {
                task.run();
                // the stage is the caller of the calls it made (thenComposeAsync(r -> callAsync(b))):
                // the end of its thread would cancel them, so it lives until they are over
                ThreadState s = Threads.currentOrNull();
                if (s != null) {
                    s.awaitAsyncCalls();
                }
            };
            if (n == null) {
                Thread.ofVirtual().start(stage);
            } else {
                Threads.spawn(n, null, stage, null);
            }
        };
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new VirtualFuture<>(node);
    }
}
