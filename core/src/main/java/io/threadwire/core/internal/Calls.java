package io.threadwire.core.internal;

import io.threadwire.core.CallFailedException;
import io.threadwire.core.ExitReason;
import io.threadwire.core.LocalThread;
import io.threadwire.core.NoSuchThreadException;
import io.threadwire.core.ReceiveTimeoutException;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.Synchronous;
import io.threadwire.core.ThreadRef;
import io.threadwire.core.spi.Registration;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * Calls: a {@link Synchronous} request whose reply is routed back to the caller by its tag,
 * awaited at once ({@link #call}) or later ({@link #callAsync}). Either way the target is
 * watched for the length of the call, so its end (or its node's) fails the call at once.
 */
public final class Calls {

    private Calls() {
    }

    /** Sends {@code Synchronous(message, self, tag)} to {@code to} and waits for the reply. */
    public static Object call(Object message, ThreadRef to, Duration timeout) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(to, "to");
        ThreadState me = Threads.current();
        if (Engine.reachesItself(me, to)) {
            throw new IllegalArgumentException("a thread cannot make a synchronous call to itself: " + to
                    + "; use callAsync and serve the request, or call another thread");
        }
        long deadline = Engine.deadline(timeout);
        // The call's wait would throw an exit signal, an interrupt or a linked failure at once:
        // throw it before the request goes, so that no target serves a caller that is ending.
        me.checkIncludingSignals();
        CallTable table = me.calls();
        PendingCall call = table.beginCall(to);
        try {
            Registration watch = Engine.watchForCall(me, to, (who, reason) -> call.complete(new PendingCall.Failed(reason)));
            if (watch == null) {
                throw new NoSuchThreadException(to, "synchronous call to " + to + " failed: the thread has ended");
            }
            try {
                sendRequest(me, new Synchronous(message, me.ref(), call.tag()), to);
                Object outcome = call.await(deadline, me::checkIncludingSignals);
                return switch (outcome) {
                    case PendingCall.Replied replied -> replied.value();
                    case PendingCall.Failed failed -> throw failure(to, failed.reason());
                    case null -> throw new ReceiveTimeoutException("no reply from " + to + " to a synchronous call within "
                            + timeout + "; the call is abandoned and a late reply will be discarded");
                    default -> throw new IllegalStateException("unexpected call outcome " + outcome);
                };
            } finally {
                watch.cancel();
            }
        } finally {
            call.abandon(); // the wait threw, or timed out: a reply from now on is late, not delivered
            table.endCall();
        }
    }

    /**
     * Sends {@code Synchronous(message, self, tag)} to {@code to}; the returned future completes
     * with the reply or the failure. A null timeout means none.
     */
    public static CompletableFuture<Object> callAsync(Object message, ThreadRef to, Duration timeout) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(to, "to");
        long timeoutNanos = timeout == null ? -1 : Engine.nanos(timeout, "timeout");
        ThreadState me = Threads.current();
        Threads.raiseExitAtSend(me);
        if (to instanceof RemoteThread remote) {
            Engine.transportFor(me, remote); // no node running: fail before anything is registered
        }
        AsyncCall call = me.calls().newAsyncCall(to, timeout);
        try {
            Registration watch = Engine.watchForCall(me, to, (who, reason) -> call.settle(new PendingCall.Failed(reason)));
            if (watch == null) {
                call.settleNow(new PendingCall.Failed(ExitReason.NOPROC));
                return call.future();
            }
            call.watch(watch);
            if (timeoutNanos >= 0) {
                call.timer(Timers.schedule(() -> call.settle(AsyncCall.TIMED_OUT), timeoutNanos));
            }
            sendRequest(me, new Synchronous(message, me.ref(), call.tag()), to);
        } catch (RuntimeException | Error e) {
            // Nothing was sent (the node refused the watch, e.g. it is closing, or the send):
            // nobody gets the future, so forget the call now rather than when the caller ends.
            call.future().cancel(false);
            throw e;
        }
        return call.future();
    }

    private static void sendRequest(ThreadState me, Synchronous request, ThreadRef to) {
        switch (Engine.routed(me, to)) {
            case LocalThread local -> Access.state(local).deliver(request);
            case RemoteThread remote -> Engine.transportFor(me, remote).send(remote, request, me.ref());
        }
    }

    /** The exception a call to {@code to} fails with when the target ended for {@code reason}. */
    static CallFailedException failure(ThreadRef to, ExitReason reason) {
        return switch (reason) {
            case ExitReason.NoProc noProc -> new NoSuchThreadException(to, "call to " + to
                    + " failed: no such thread (it ended, or no thread is registered under that name)");
            case ExitReason.NoConnection noConnection -> new CallFailedException(to, reason, "call to " + to
                    + " failed: the connection to its node was lost (noconnection)");
            default -> new CallFailedException(to, reason, "call to " + to
                    + " failed: the thread ended before it replied (" + reason + ")");
        };
    }

    public static void reply(Object reply, Synchronous request) {
        Objects.requireNonNull(reply, "reply");
        Objects.requireNonNull(request, "request");
        ThreadState me = request.sender() instanceof LocalThread l && Access.state(l).owner() == null ? null
                : Threads.current();
        switch (me == null ? request.sender() : Engine.routed(me, request.sender())) {
            case LocalThread local -> Access.state(local).deliverReply(request.tag(), reply);
            case RemoteThread remote -> Engine.transportFor(me, remote).reply(remote, request.tag(), reply, me.ref());
        }
    }

    /** Replies to {@code request} with {@code handler} applied to its data. */
    public static void serve(Synchronous request, Function<Object, Object> handler) {
        Object reply = handler.apply(request.data());
        if (reply == null) {
            throw new NullPointerException("the handler returned null for " + request.data() + "; reply with a value");
        }
        reply(reply, request);
    }

    /**
     * Serves the {@link Synchronous} requests that reach the calling thread until {@code future}
     * is done; returns its value or throws its failure (unwrapped, as {@code sendSynchronous}
     * would throw it).
     */
    public static <T> T awaitServing(CompletableFuture<T> future, Function<Object, Object> handler) {
        Objects.requireNonNull(future, "future");
        Objects.requireNonNull(handler, "handler");
        if (future.isDone()) {
            ThreadState me = Threads.currentOrNull(); // none: no signal to throw, and nothing to adopt
            if (me != null) {
                me.check(); // a wait, even one that ends at once: its exit signal is thrown here
            }
        } else {
            ThreadState me = Threads.current();
            future.whenComplete((value, failure) -> me.wake());
            for (;;) {
                Object m = me.takeUntil(Synchronous.class::isInstance, future::isDone);
                if (m == Mailbox.CONDITION_MET) {
                    break;
                }
                serve((Synchronous) m, handler);
            }
        }
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw e;
        }
    }
}
