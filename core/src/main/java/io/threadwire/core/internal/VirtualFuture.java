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
        return task -> runStage(n, null, task);
    }

    /**
     * Runs {@code task}, which completes a call's future or runs a stage of it, on a new virtual
     * thread: a thread of {@code node} when the caller had one (null: no node), so that what a
     * stage sends or calls goes through that node as the caller's own sends do. The thread is
     * the caller of the asynchronous calls the task made ({@code thenCompose(r -> callAsync(b))})
     * and its end would cancel them, so it lives until they are over.
     */
    static void runStage(Transport node, String name, Runnable task) {
        Runnable stage = () -> {
            task.run();
            ThreadState s = Threads.currentOrNull();
            if (s != null) {
                s.awaitAsyncCalls();
            }
        };
        if (node != null) {
            Threads.spawn(node, name, stage, null);
        } else if (name != null) {
            Thread.ofVirtual().name(name).start(stage);
        } else {
            Thread.ofVirtual().start(stage);
        }
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new VirtualFuture<>(node);
    }
}
