package io.threadwire.core.spi;

import io.threadwire.core.ExitReason;
import io.threadwire.core.LocalThread;
import io.threadwire.core.ReceiveInterruptedException;
import io.threadwire.core.ThreadRef;
import io.threadwire.core.internal.Access;
import io.threadwire.core.internal.NameRegistry;
import io.threadwire.core.internal.Stats;
import io.threadwire.core.internal.ThreadState;
import io.threadwire.core.internal.Threads;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * What a {@link Transport} may do to threads of this JVM: start threads it owns, deliver what
 * arrives from the network, and watch threads end.
 *
 * <p>Service-provider interface: not for application code. None of these methods blocks.
 */
public final class LocalThreads {
    private LocalThreads() {
    }

    /** Starts {@code body} on a new virtual thread owned by {@code owner}. */
    public static LocalThread spawn(Transport owner, String name, Runnable body) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(body, "body");
        return Threads.spawn(owner, name, body, null).ref();
    }

    /**
     * As {@link #spawn(Transport, String, Runnable)}; {@code beforeStart} runs on the calling
     * thread once the new thread exists (its id and handle are valid) and before its body runs,
     * so that a watch, link or registration made there cannot miss anything the body does. If
     * {@code beforeStart} throws, the thread ends at once with that failure ({@code Crashed}),
     * its body never run, and the exception is rethrown.
     */
    public static LocalThread spawn(Transport owner, String name, Runnable body, Consumer<LocalThread> beforeStart) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(beforeStart, "beforeStart");
        return Threads.spawn(owner, name, body, state -> beforeStart.accept(state.ref())).ref();
    }

    /** The node {@code thread} belongs to, or null. */
    public static Transport owner(LocalThread thread) {
        return Access.state(thread).owner();
    }

    /** The calling thread's node, or null if it belongs to none (adopts nothing). */
    public static Transport currentOwner() {
        ThreadState s = Threads.currentOrNull();
        return s == null ? null : s.owner();
    }

    /** The calling thread, or null if threadwire neither started nor adopted it (adopts nothing). */
    public static LocalThread currentOrNull() {
        ThreadState s = Threads.currentOrNull();
        return s == null ? null : s.ref();
    }

    /** Delivers a message that arrived for {@code thread}; false (dropped, counted) if it has ended. */
    public static boolean deliver(LocalThread thread, Object message) {
        return Access.state(thread).deliver(message);
    }

    /**
     * Delivers {@code messages[from..to)} (at least one) that arrived together for {@code thread},
     * in their order, in one step: cheaper than a {@link #deliver} each, and no other message
     * lands between them. False (all dropped, counted) if the thread has ended. The array is not
     * kept.
     */
    public static boolean deliverAll(LocalThread thread, Object[] messages, int from, int to) {
        return Access.state(thread).deliverAll(messages, from, to);
    }

    /**
     * Counts a message that arrived for no thread of this JVM (no such thread, or a stale
     * handle) and was dropped; {@link io.threadwire.core.Messaging#droppedMessageCount()} shows
     * it. A message {@link #deliver} or {@link #deliverAll} refused is counted already.
     */
    public static void countDropped() {
        Stats.dropped();
    }

    /**
     * Completes the call {@code tag} of {@code thread}, synchronous or asynchronous (calls are
     * routed by tag); a late reply, or one for no call, is discarded and counted.
     */
    public static void deliverReply(LocalThread thread, long tag, Object reply) {
        Access.state(thread).deliverReply(tag, reply);
    }

    /**
     * As {@link #deliverReply}, for a reply that came from another node: it completes the call
     * only if {@code sentBy} accepts the thread the call went to (the node the reply came from
     * is that thread's node), so that no node can answer a call made to another. Returns false
     * if the reply was discarded (late, or from elsewhere).
     */
    public static boolean deliverReplyFrom(LocalThread thread, long tag, Object reply, Predicate<ThreadRef> sentBy) {
        Objects.requireNonNull(sentBy, "sentBy");
        return Access.state(thread).deliverReply(tag, reply, sentBy);
    }

    /** Runs {@code hook} when {@code thread} ends; null (hook never runs) if it has ended. */
    public static Registration onExit(LocalThread thread, ExitHook hook) {
        return Access.state(thread).onExit(hook);
    }

    /** Why {@code thread} ended, or null while it runs. */
    public static ExitReason exitReason(LocalThread thread) {
        return Access.state(thread).exitReason();
    }

    /** Raises the failure of the linked thread {@code failed} in {@code thread} at its next receive. */
    public static void linkedFailure(LocalThread thread, ThreadRef failed, ExitReason reason) {
        Access.state(thread).linkedFailure(failed, reason);
    }

    /**
     * Delivers an exit signal that arrived for {@code thread}: it ends with {@code reason} at its
     * next receive, wait or call (see {@code Messaging.exit}). False if it has ended or was
     * already told to exit.
     */
    public static boolean exit(LocalThread thread, ExitReason reason) {
        Objects.requireNonNull(reason, "reason");
        return Access.state(thread).requestExit(reason);
    }

    /**
     * The calling thread was interrupted in a wait of a node's own (the answer of a cluster
     * service, work run on a thread of the node): returns, to throw, what a threadwire wait
     * throws then, so that such a wait ends as {@code receive} and calls do. That is the thread's
     * exit signal ({@link io.threadwire.core.ExitSignalException}) if it was told to exit or its
     * node is closing (which also ends the threadwire life of a thread threadwire did not start),
     * else {@link ReceiveInterruptedException}; the interrupt status is cleared either way.
     */
    public static ReceiveInterruptedException interruptedWait(String what) {
        ThreadState me = Threads.currentOrNull();
        if (me != null) {
            Thread.currentThread().interrupt(); // what check() takes as the cause of the wait's end
            try {
                me.check();
            } catch (ReceiveInterruptedException e) {
                return e;
            }
        }
        Thread.interrupted();
        return new ReceiveInterruptedException("interrupted while waiting for " + what);
    }

    /** Asks {@code thread} to end: its current and every later wait throws; its exit reason is {@code shutdown}. */
    public static void requestStop(LocalThread thread) {
        Access.state(thread).requestStop();
    }

    /** A registry of names for the threads of one node. */
    public static Names newNameRegistry(String what) {
        return new Names(new NameRegistry(what));
    }

    /** A node's name registry; see {@link #newNameRegistry}. */
    public static final class Names {
        private final NameRegistry registry;

        private Names(NameRegistry registry) {
            this.registry = registry;
        }

        /** @see io.threadwire.core.Messaging#register */
        public void register(String name, LocalThread thread) {
            Objects.requireNonNull(thread, "thread");
            registry.register(name, Access.state(thread));
        }

        public boolean unregister(String name) {
            return registry.unregister(name);
        }

        /** The live thread under {@code name}, or null. */
        public LocalThread lookup(String name) {
            ThreadState t = registry.lookup(name);
            return t == null ? null : t.ref();
        }

        public java.util.Set<String> names() {
            return registry.names();
        }
    }
}
