package io.threadwire.distributed.internal.link;

import io.threadwire.distributed.internal.wire.ItemCodec;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pings over one link's channel, each waiting for its Pong: how a node checks, before it lets
 * a new connection that claims to come from a node replace the one it has with that node, that
 * the one it has is really gone. The waiting probes are as many as the threads asking, at most
 * one per handshake in progress.
 */
final class Probes {
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();

    /** Sends a Ping on {@code channel} and waits for its Pong until {@code deadline}; false if the channel closes first or time runs out. */
    boolean answers(Channel channel, long deadline) throws InterruptedException {
        long id = ids.incrementAndGet();
        CompletableFuture<Void> answered = new CompletableFuture<>();
        waiting.put(id, answered);
        try {
            channel.sendControl(ItemCodec.ping(id));
            while (!channel.isClosed()) { // looked at every few milliseconds: nothing is hooked onto the channel
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    answered.get(Math.min(left, POLL_NANOS), TimeUnit.NANOSECONDS);
                    return true;
                } catch (TimeoutException notYet) {
                    // look again
                }
            }
            return false;
        } catch (ExecutionException e) {
            return false;
        } finally {
            waiting.remove(id);
        }
    }

    /** The Pong of probe {@code id} arrived. */
    void answered(long id) {
        CompletableFuture<Void> f = waiting.get(id);
        if (f != null) {
            f.complete(null);
        }
    }
}
