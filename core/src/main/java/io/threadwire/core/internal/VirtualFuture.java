package io.threadwire.core.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A {@link CompletableFuture} whose asynchronous stages given no executor run on virtual
 * threads rather than the common pool, which has a thread per core and must not be blocked.
 */
final class VirtualFuture<T> extends CompletableFuture<T> {
    private static final Executor VIRTUAL_THREADS = task -> Thread.ofVirtual().start(task);

    @Override
    public Executor defaultExecutor() {
        return VIRTUAL_THREADS;
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new VirtualFuture<>();
    }
}
