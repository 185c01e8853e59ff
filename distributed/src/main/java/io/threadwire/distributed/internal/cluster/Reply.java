package io.threadwire.distributed.internal.cluster;

import io.threadwire.core.LocalThread;
import io.threadwire.core.ThreadwireException;
import io.threadwire.core.spi.LocalThreads;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The answer to one {@link Request}: completed once by the service, awaited by the caller.
 * The caller stops waiting if the service ends (its node closed) or the bound passes.
 */
public final class Reply {
    private static final long CHECK_MILLIS = 50;

    private final CompletableFuture<Object> future = new CompletableFuture<>();

    public void complete(Object value) {
        future.complete(value);
    }

    public void fail(Throwable failure) {
        future.completeExceptionally(failure);
    }

    public boolean isDone() {
        return future.isDone();
    }

    /**
     * Hands {@code request} to {@code service} and waits for its answer, at most {@code bound}.
     *
     * @throws IllegalStateException if the service has ended (its node is closed)
     * @throws RuntimeException      what the service failed the request with
     */
    public static Object ask(LocalThread service, Request request, Duration bound) {
        if (!LocalThreads.deliver(service, request)) {
            throw new IllegalStateException("the node's " + service + " service has stopped: the node is closed");
        }
        return request.reply().await(service, bound);
    }

    private Object await(LocalThread service, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        for (;;) {
            try {
                return future.get(CHECK_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (LocalThreads.exitReason(service) != null) {
                    throw new IllegalStateException("the node's " + service + " service stopped before it answered: the node is closed");
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new ThreadwireException(service + " did not answer within " + bound.toMillis() + " ms");
                }
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    r.fillInStackTrace(); // the caller's stack, not the service's
                    throw r;
                }
                throw new ThreadwireException(e.getCause().toString(), e.getCause());
            } catch (InterruptedException e) {
                // told to exit, or its node is closing: end as receive and calls do (ExitSignalException)
                throw LocalThreads.interruptedWait(service.toString());
            }
        }
    }
}
