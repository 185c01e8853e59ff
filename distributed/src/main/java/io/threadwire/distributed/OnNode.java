package io.threadwire.distributed;

import io.threadwire.core.ReceiveInterruptedException;
import io.threadwire.core.ThreadwireException;
import io.threadwire.core.spi.LocalThreads;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Callable;

/**
 * Runs a piece of work as a thread of one node: a message sent or a call made from it goes
 * through that node's connections, whoever asked (core routes by the calling thread's node).
 */
final class OnNode {
    private OnNode() {
    }

    /** {@code work}'s result, computed on the calling thread if it belongs to {@code node}, else on a new thread of it. */
    static <T> T call(Node node, Callable<T> work) {
        if (LocalThreads.currentOwner() == node.transport()) {
            return run(work);
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        node.spawn(() -> {
            try {
                result.complete(work.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        try {
            return result.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ReceiveInterruptedException stopped) {
                // Nobody knows the thread made for the work but its node, which stops it as it closes:
                // that is the caller's news, not an exit signal of its own (ExitSignalException).
                throw new IllegalStateException("node " + node.address() + " closed before it answered", stopped);
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new ThreadwireException(e.getCause().toString(), e.getCause());
        } catch (InterruptedException e) {
            // told to exit, or its node is closing: end as receive and calls do (ExitSignalException)
            throw LocalThreads.interruptedWait("node " + node.address());
        }
    }

    private static <T> T run(Callable<T> work) {
        try {
            return work.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new ThreadwireException(e.toString(), e);
        }
    }
}
