package io.threadwire.distributed.internal.node;

import io.threadwire.core.LocalThread;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.spi.LocalThreads;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the threads a node owns and waits, a bounded time, until they have ended; a thread that
 * one of them starts on its way out (a supervisor restarting a child) is ended in the next round.
 */
final class ThreadEnder {
    private static final Logger LOG = LoggerFactory.getLogger(ThreadEnder.class);

    private ThreadEnder() {
    }

    /**
     * Asks each thread of {@code owned} to end ({@code end}: {@link LocalThreads#requestStop},
     * say) and waits for them, at most {@code seconds} in all; logs those left.
     */
    static void endAll(NodeAddress node, Supplier<Set<LocalThread>> owned, Consumer<LocalThread> end, long seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        // A node closed or crashed from a thread of its own: that thread is told to end (its next
        // wait throws) but not waited for, since it cannot end while it waits here.
        LocalThread caller = LocalThreads.currentOrNull();
        if (caller != null && owned.get().contains(caller)) {
            end.accept(caller);
        }
        try {
            for (Set<LocalThread> running = others(owned.get(), caller); !running.isEmpty();
                    running = others(owned.get(), caller)) {
                CountDownLatch ended = new CountDownLatch(running.size());
                for (LocalThread t : running) {
                    if (LocalThreads.onExit(t, (x, r) -> ended.countDown()) == null) {
                        ended.countDown();
                    }
                    end.accept(t);
                }
                if (!ended.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    LOG.warn("node {}: {} threads did not end within {} s of being stopped", node, ended.getCount(),
                            seconds);
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Set<LocalThread> others(Set<LocalThread> owned, LocalThread caller) {
        if (caller == null || !owned.contains(caller)) {
            return owned;
        }
        Set<LocalThread> others = new HashSet<>(owned);
        others.remove(caller);
        return others;
    }
}
