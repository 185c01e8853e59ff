package io.threadwire.distributed.internal.node;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * DNS lookups a connection's handshake waits for a bounded time: the name a peer calls itself
 * by, which this node must know the address of to file the peer where its own sends to that
 * node go. A lookup runs on a platform thread of a small pool shared by the JVM's nodes, never on
 * the waiting reader's carrier (a lookup the resolver is slow to answer would hold it), and the
 * reader stops waiting at its deadline. At most {@value #THREADS} lookups run at once; a
 * handshake that finds them all busy is not delayed: it goes on without the address, as when
 * DNS does not answer in time.
 */
final class NameLookups {
    static final int THREADS = 4;

    private static final ThreadPoolExecutor POOL = new ThreadPoolExecutor(0, THREADS, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> Thread.ofPlatform().daemon().name("threadwire-dns").unstarted(r));

    private NameLookups() {
    }

    /** What {@code lookup} returns if it does by {@code deadline} ({@link System#nanoTime}), else null. */
    static <T> T within(Callable<T> lookup, long deadline) {
        Future<T> f;
        try {
            f = POOL.submit(lookup);
        } catch (RejectedExecutionException busy) {
            return null;
        }
        try {
            return f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return null; // the lookup goes on, and fills the cache for the next handshake, if it ends
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
