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
import io.threadwire.core.spi.Transport;
import io.threadwire.core.spi.Transports;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The operations behind {@code Messaging}: each public verb is one call here, which works out
 * whether its target is local (mailbox, exit hooks) or remote (the sending thread's node).
 */
public final class Engine {
    private static final NameRegistry LOCAL_NAMES = new NameRegistry("local");

    private Engine() {
    }

    // ---- threads ------------------------------------------------------------------------------

    /** Starts a thread of the caller's node (if any); linked to the caller before it runs if asked. */
    public static LocalThread spawn(String name, Runnable body, boolean linked) {
        if (linked) {
            ThreadState parent = Threads.current();
            return Threads.spawn(parent.owner(), name, body, child -> Links.link(parent, child)).ref();
        }
        ThreadState caller = Threads.currentOrNull();
        return Threads.spawn(caller == null ? null : caller.owner(), name, body, null).ref();
    }

    public static LocalThread self() {
        return Threads.current().ref();
    }

    // ---- send and receive -----------------------------------------------------------------

    public static void send(Object message, ThreadRef to) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(to, "to");
        switch (to) {
            case LocalThread local -> {
                ThreadState target = Access.state(local);
                ThreadState me = target.owner() == null ? null : Threads.currentOrNull();
                RemoteThread.ById across = Routes.across(me, target);
                if (across == null) {
                    target.deliver(message);
                } else {
                    me.owner().send(across, message, me.ref());
                }
            }
            case RemoteThread remote -> {
                ThreadState me = Threads.current();
                transportFor(me, remote).send(remote, message, me.ref());
            }
        }
    }

    /** Takes the oldest message {@code filter} accepts; waits up to {@code timeout} (null: forever). */
    public static Object receive(Predicate<Object> filter, Duration timeout, String what) {
        ThreadState me = Threads.current();
        long deadline = deadline(timeout);
        Object m = me.take(filter, deadline);
        if (m == Mailbox.TIMED_OUT) {
            throw new ReceiveTimeoutException("no " + what + " arrived at " + me.ref() + " within " + timeout);
        }
        return m;
    }

    // ---- synchronous calls ----------------------------------------------------------------

    /**
     * Sends {@code Synchronous(message, self, tag)} to {@code to} and waits for the reply. The
     * target is watched for the length of the call, so its end (or its node's) fails the call
     * at once.
     */
    public static Object call(Object message, ThreadRef to, Duration timeout) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(to, "to");
        ThreadState me = Threads.current();
        if (to instanceof LocalThread local && Access.state(local) == me) {
            throw new IllegalArgumentException("a thread cannot make a synchronous call to itself: " + to);
        }
        ThreadRef target = routed(me, to);
        long deadline = deadline(timeout);
        PendingCall call = me.beginCall();
        try {
            Registration watch = watch(me, target, (who, reason) -> call.complete(new PendingCall.Failed(reason)));
            if (watch == null) {
                throw new NoSuchThreadException(to, "synchronous call to " + to + " failed: the thread has ended");
            }
            try {
                Synchronous request = new Synchronous(message, me.ref(), call.tag());
                switch (target) {
                    case LocalThread local -> Access.state(local).deliver(request);
                    case RemoteThread remote -> transportFor(me, remote).send(remote, request, me.ref());
                }
                Object outcome = call.await(deadline, me.checkpointAction());
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
            me.endCall();
        }
    }

    private static CallFailedException failure(ThreadRef to, ExitReason reason) {
        return switch (reason) {
            case ExitReason.NoProc noProc -> new NoSuchThreadException(to, "synchronous call to " + to
                    + " failed: no such thread (it ended, or no thread is registered under that name)");
            case ExitReason.NoConnection noConnection -> new CallFailedException(to, reason, "synchronous call to " + to
                    + " failed: the connection to its node was lost (noconnection)");
            default -> new CallFailedException(to, reason, "synchronous call to " + to
                    + " failed: the thread ended before it replied (" + reason + ")");
        };
    }

    /** Runs {@code hook} when {@code target} ends; null if it is a local thread that already ended. */
    private static Registration watch(ThreadState me, ThreadRef target, io.threadwire.core.spi.ExitHook hook) {
        return switch (routed(me, target)) {
            case LocalThread local -> Access.state(local).onExit(hook);
            case RemoteThread remote -> transportFor(me, remote).monitor(remote, hook);
        };
    }

    public static void reply(Object reply, Synchronous request) {
        Objects.requireNonNull(reply, "reply");
        Objects.requireNonNull(request, "request");
        ThreadState me = request.sender() instanceof LocalThread l && Access.state(l).owner() == null ? null
                : Threads.current();
        switch (me == null ? request.sender() : routed(me, request.sender())) {
            case LocalThread local -> Access.state(local).deliverReply(request.tag(), reply);
            case RemoteThread remote -> transportFor(me, remote).reply(remote, request.tag(), reply, me.ref());
        }
    }

    // ---- monitors and links -----------------------------------------------------------------

    public static MonitorEntry monitor(ThreadRef target) {
        Objects.requireNonNull(target, "target");
        ThreadState me = Threads.current();
        MonitorEntry entry = new MonitorEntry(me, target);
        entry.watcherHook(me.onExit((who, reason) -> entry.watcherEnded())); // me is alive: never null
        Registration r = watch(me, target, entry::fire);
        if (r == null) {
            entry.fire(target, ExitReason.NOPROC);
        } else {
            entry.registration(r);
        }
        return entry;
    }

    /** Removes a monitor made by the calling thread; true if it had not fired. */
    public static boolean demonitor(MonitorEntry entry) {
        Objects.requireNonNull(entry, "monitor");
        if (Threads.currentOrNull() != entry.watcher()) {
            throw new WrongThreadException("demonitor must be called by the thread that made the monitor ("
                    + entry.watcher().ref() + ")");
        }
        return entry.cancel();
    }

    public static void link(ThreadRef other) {
        Objects.requireNonNull(other, "other");
        ThreadState me = Threads.current();
        switch (routed(me, other)) {
            case LocalThread local -> Links.link(me, Access.state(local));
            case RemoteThread remote -> transportFor(me, remote).link(me.ref(), remote);
        }
    }

    public static void unlink(ThreadRef other) {
        Objects.requireNonNull(other, "other");
        ThreadState me = Threads.current();
        switch (routed(me, other)) {
            case LocalThread local -> Links.unlink(me, Access.state(local));
            case RemoteThread remote -> transportFor(me, remote).unlink(me.ref(), remote);
        }
    }

    // ---- names ------------------------------------------------------------------------------

    public static NameRegistry localNames() {
        return LOCAL_NAMES;
    }

    public static void register(String name, LocalThread thread) {
        Objects.requireNonNull(thread, "thread");
        LOCAL_NAMES.register(name, Access.state(thread));
    }

    // ---- helpers ----------------------------------------------------------------------------

    /** {@code target} as {@code me} must reach it: a thread of another node through its remote handle (see {@link Routes}). */
    private static ThreadRef routed(ThreadState me, ThreadRef target) {
        if (target instanceof LocalThread local) {
            RemoteThread.ById across = Routes.across(me, Access.state(local));
            return across == null ? target : across;
        }
        return target;
    }

    /** The node that sends for {@code me}: its own, else the JVM's default. */
    static Transport transportFor(ThreadState me, RemoteThread target) {
        Transport t = me.owner();
        if (t == null) {
            t = Transports.getDefault();
        }
        if (t == null) {
            throw new IllegalStateException("cannot reach remote thread " + target + ": no node is running in this JVM;"
                    + " start one with Distributed.startNode(port)");
        }
        return t;
    }

    static long deadline(Duration timeout) {
        if (timeout == null) {
            return Mailbox.NO_DEADLINE;
        }
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout is negative: " + timeout);
        }
        long nanos;
        try {
            nanos = timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            return Mailbox.NO_DEADLINE;
        }
        long deadline = System.nanoTime() + nanos;
        return deadline == Mailbox.NO_DEADLINE ? deadline + 1 : deadline;
    }
}
