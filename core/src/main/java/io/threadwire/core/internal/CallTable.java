package io.threadwire.core.internal;

import io.threadwire.core.ThreadRef;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * The calls of one thread that wait for a reply, routed by tag: the synchronous call the thread
 * is blocked in (at most one) and any number of asynchronous ones. Made at the thread's first
 * call; the map of asynchronous calls at its first asynchronous one.
 *
 * <p>Only the owner makes calls (so it alone makes tags and adds entries); any thread delivers
 * replies, and the end of a target, a timeout or a cancellation removes entries from any thread.
 */
final class CallTable {
    private final ThreadState owner;
    private long count;                        // owner only: calls made, the input of the next tag
    private volatile PendingCall waiting;      // the synchronous call the owner is blocked in, or null
    private volatile Map<Long, AsyncCall> async; // made by the owner at its first asynchronous call
    private volatile Thread awaiting;          // the owner, while it waits for its asynchronous calls to end

    CallTable(ThreadState owner) {
        this.owner = owner;
    }

    /** The thread whose calls these are. */
    ThreadState owner() {
        return owner;
    }

    /** Owner only: a tag no call of this thread waiting now has. */
    private long newTag() {
        for (;;) {
            long tag = CallTags.tag(owner.id(), ++count);
            PendingCall w = waiting;
            Map<Long, AsyncCall> a = async;
            if ((w == null || w.tag() != tag) && (a == null || !a.containsKey(tag))) {
                return tag;
            }
        }
    }

    // ---- the synchronous call -------------------------------------------------------------

    /** Owner only: starts waiting for a reply from {@code target} with a fresh tag. */
    PendingCall beginCall(ThreadRef target) {
        PendingCall c = new PendingCall(newTag(), target, Thread.currentThread());
        waiting = c;
        return c;
    }

    /** Owner only: stops waiting; a reply arriving later is discarded. */
    void endCall() {
        waiting = null;
    }

    /** The synchronous call the owner is blocked in, or null. */
    PendingCall waiting() {
        return waiting;
    }

    // ---- asynchronous calls ------------------------------------------------------------

    /** Owner only: a new asynchronous call, registered under a fresh tag. */
    AsyncCall newAsyncCall(ThreadRef target, Duration timeout) {
        Map<Long, AsyncCall> a = async;
        if (a == null) {
            a = new ConcurrentHashMap<>();
            async = a;
        }
        AsyncCall call = new AsyncCall(newTag(), this, target, timeout);
        a.put(call.tag(), call);
        return call;
    }

    /** Forgets {@code call} (it has its outcome, or nobody waits for it any more). */
    void remove(AsyncCall call) {
        Map<Long, AsyncCall> a = async;
        if (a != null && a.remove(call.tag(), call)) {
            Thread w = awaiting;
            if (w != null) {
                LockSupport.unpark(w);
            }
        }
    }

    /**
     * Owner only: waits until none of its asynchronous calls waits for a reply any more, or the
     * owner is interrupted (an exit signal: it ends, and its calls are cancelled then).
     */
    void awaitAsyncCalls() {
        Map<Long, AsyncCall> a = async;
        if (a == null) {
            return;
        }
        awaiting = Thread.currentThread();
        try {
            while (!a.isEmpty() && !Thread.currentThread().isInterrupted()) {
                LockSupport.park(this);
            }
        } finally {
            awaiting = null;
        }
    }

    /** Asynchronous calls held now (for tests: a call that outlives its purpose is a leak). */
    int asyncCallCount() {
        Map<Long, AsyncCall> a = async;
        return a == null ? 0 : a.size();
    }

    // ---- replies and the end ------------------------------------------------------------

    /**
     * Completes the call {@code tag} with {@code reply} if {@code from} accepts the thread it
     * went to; false if no call waits for it, or the reply came from elsewhere.
     */
    boolean deliverReply(long tag, Object reply, Predicate<ThreadRef> from) {
        PendingCall w = waiting;
        if (w != null && w.tag() == tag) {
            return from.test(w.target()) && w.complete(new PendingCall.Replied(reply));
        }
        Map<Long, AsyncCall> a = async;
        AsyncCall call = a == null ? null : a.get(tag);
        return call != null && from.test(call.target()) && call.settle(new PendingCall.Replied(reply));
    }

    /** The owner ended: no reply can reach its asynchronous calls any more, so they are cancelled. */
    void ownerEnded() {
        Map<Long, AsyncCall> a = async;
        if (a != null) {
            for (AsyncCall call : List.copyOf(a.values())) {
                call.settle(AsyncCall.CALLER_ENDED);
            }
        }
    }
}
