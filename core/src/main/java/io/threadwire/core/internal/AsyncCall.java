package io.threadwire.core.internal;

import io.threadwire.core.ReceiveTimeoutException;
import io.threadwire.core.ThreadRef;
import io.threadwire.core.spi.Registration;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/**
 * One call made with {@code callAsync}: settled once, by the reply, the end of the target, the
 * timeout, the end of the calling thread, or the holder of the future completing or cancelling
 * it, whichever comes first. Settling it removes it from its {@link CallTable} and stops the
 * watch on the target and the timeout, so nothing of it stays behind.
 *
 * <p>The future is completed on a virtual thread of its own, never on the thread that settles
 * the call: that is the replying thread, an exit hook, a network thread or the timer thread,
 * none of which may run the stages the caller chained to the future.
 */
final class AsyncCall {
    private static final VarHandle SETTLED;

    static {
        try {
            SETTLED = MethodHandles.lookup().findVarHandle(AsyncCall.class, "settled", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The outcome of a call whose timeout passed. */
    static final Object TIMED_OUT = new Object();
    /** The outcome of a call whose calling thread ended: no reply can reach it any more. */
    static final Object CALLER_ENDED = new Object();

    private final long tag;
    private final CallTable table;
    private final ThreadRef target;
    private final Duration timeout;               // null: none
    private final VirtualFuture<Object> future;
    private volatile Registration watch;          // on the target
    private volatile Future<?> timer;             // the timeout, if any
    @SuppressWarnings("unused") // written through SETTLED
    private volatile boolean settled;

    AsyncCall(long tag, CallTable table, ThreadRef target, Duration timeout) {
        this.tag = tag;
        this.table = table;
        this.target = target;
        this.timeout = timeout;
        this.future = new VirtualFuture<>(table.owner().owner());
        future.whenComplete((value, failure) -> release()); // completed by its holder: stop watching
    }

    long tag() {
        return tag;
    }

    /** The thread the call went to, as the caller named it. */
    ThreadRef target() {
        return target;
    }

    CompletableFuture<Object> future() {
        return future;
    }

    /** Sets the watch on the target; cancels it at once if the call is already settled. */
    void watch(Registration r) {
        watch = r;
        if (settled) {
            r.cancel();
        }
    }

    /** Sets the timeout; cancels it at once if the call is already settled. */
    void timer(Future<?> t) {
        timer = t;
        if (settled) {
            t.cancel(false);
        }
    }

    /**
     * Settles the call with {@code outcome} ({@link PendingCall.Replied}, {@link PendingCall.Failed},
     * {@link #TIMED_OUT} or {@link #CALLER_ENDED}) and completes the future on a virtual thread;
     * false if it was settled before. Never blocks.
     */
    boolean settle(Object outcome) {
        if (!release()) {
            return false;
        }
        VirtualFuture.runStage(table.owner().owner(), "threadwire-reply", () -> complete(outcome));
        return true;
    }

    /** As {@link #settle}, completing the future on the calling thread: only before it is handed out. */
    void settleNow(Object outcome) {
        if (release()) {
            complete(outcome);
        }
    }

    /** The call is over: forget it and stop watching. False if it was over already. */
    private boolean release() {
        if (!SETTLED.compareAndSet(this, false, true)) {
            return false;
        }
        table.remove(this);
        Registration w = watch;
        if (w != null) {
            w.cancel();
        }
        Future<?> t = timer;
        if (t != null) {
            t.cancel(false);
        }
        return true;
    }

    private void complete(Object outcome) {
        switch (outcome) {
            case PendingCall.Replied replied -> future.complete(replied.value());
            case PendingCall.Failed failed -> future.completeExceptionally(Calls.failure(target, failed.reason()));
            default -> {
                if (outcome == TIMED_OUT) {
                    future.completeExceptionally(new ReceiveTimeoutException("no reply from " + target
                            + " to a call within " + timeout + "; a late reply will be discarded"));
                } else {
                    future.cancel(false);
                }
            }
        }
    }
}
