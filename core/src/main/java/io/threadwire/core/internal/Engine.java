package io.threadwire.core.internal;

import io.threadwire.core.ExitReason;
import io.threadwire.core.LocalThread;
import io.threadwire.core.ReceiveTimeoutException;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.ThreadRef;
import io.threadwire.core.spi.ExitHook;
import io.threadwire.core.spi.Registration;
import io.threadwire.core.spi.Transport;
import io.threadwire.core.spi.Transports;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * The operations behind {@code Messaging}: each public verb is one call here (calls are in
 * {@link Calls}), which works out whether its target is local (mailbox, exit hooks) or remote
 * (the sending thread's node).
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

    /**
     * Starts a thread of the caller's node, monitored by the caller before it runs (Erlang's
     * {@code spawn_monitor}): its {@code Down} carries the reason it really ended, however soon
     * that is, never the {@code noproc} of a monitor made after its end. Returns the monitor,
     * whose target is the new thread. For {@code Supervisor}.
     */
    public static MonitorEntry spawnMonitored(String name, Runnable body) {
        ThreadState parent = Threads.current();
        MonitorEntry[] made = new MonitorEntry[1]; // beforeStart runs on the caller, before spawn returns
        Threads.spawn(parent.owner(), name, body, child -> made[0] = monitor(child.ref()));
        return made[0];
    }

    public static LocalThread self() {
        return Threads.current().ref();
    }

    // ---- send and receive -----------------------------------------------------------------

    public static void send(Object message, ThreadRef to) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(to, "to");
        Threads.raiseExitAtSend();
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
                switch (routed(me, remote)) {
                    case LocalThread local -> Access.state(local).deliver(message);
                    case RemoteThread r -> transportFor(me, r).send(r, message, me.ref());
                }
            }
        }
    }

    /** Takes the oldest message {@code filter} accepts; waits up to {@code timeout} (null: forever). */
    public static Object receive(Predicate<Object> filter, Duration timeout, String what) {
        ThreadState me = Threads.current();
        long deadline = deadline(timeout);
        Object m = me.mailboxOfOwner().take(filter, deadline, me, null); // no frame of ours between: a parked thread keeps fewer
        if (m == Mailbox.TIMED_OUT) {
            throw new ReceiveTimeoutException("no " + what + " arrived at " + me.ref() + " within " + timeout);
        }
        return m;
    }

    /**
     * As {@link #watch}, for a synchronous call whose request the caller sends to {@code target}
     * next (see {@link Transport#monitorForCall}).
     */
    static Registration watchForCall(ThreadState me, ThreadRef target, ExitHook hook) {
        return switch (routed(me, target)) {
            case LocalThread local -> Access.state(local).onExit(hook);
            case RemoteThread remote -> transportFor(me, remote).monitorForCall(remote, hook);
        };
    }

    /** Runs {@code hook} when {@code target} ends; null if it is a local thread that already ended. */
    static Registration watch(ThreadState me, ThreadRef target, ExitHook hook) {
        return switch (routed(me, target)) {
            case LocalThread local -> Access.state(local).onExit(hook);
            case RemoteThread remote -> transportFor(me, remote).monitor(remote, hook);
        };
    }

    // ---- exit signals and timers -------------------------------------------------------------

    /**
     * Ends {@code target} with {@code reason} at its next wait (see {@code Messaging.exit}); at
     * once, by throwing, if it is the calling thread.
     */
    public static void exit(ThreadRef target, Object reason) {
        Objects.requireNonNull(target, "thread");
        ExitReason r = ExitReason.of(reason);
        switch (routed(Threads.currentOrNull(), target)) {
            case LocalThread local -> {
                ThreadState t = Access.state(local);
                t.requestExit(r);
                if (t == Threads.currentOrNull()) {
                    t.raiseExit(); // to itself: at once, as Erlang's exit(self(), Reason)
                }
            }
            case RemoteThread remote -> {
                ThreadState me = Threads.current();
                transportFor(me, remote).exit(remote, r, me.ref());
            }
        }
    }

    /** Sends {@code message} to {@code to} once {@code delay} has passed (see {@code Messaging.sendAfter}). */
    public static PendingTimer sendAfter(Duration delay, Object message, ThreadRef to) {
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(to, "to");
        long nanos = nanos(delay, "delay");
        Threads.raiseExitAtSend();
        // a remote handle is not resolved here: it names the thread it names when the timer fires
        // (a name may move meanwhile), and Timers.deliver routes it then, as send would
        return switch (to instanceof RemoteThread ? to : routed(Threads.currentOrNull(), to)) {
            case LocalThread local -> Timers.sendAfter(nanos, message, local, null, null);
            case RemoteThread remote -> {
                ThreadState me = Threads.current();
                yield Timers.sendAfter(nanos, message, remote, transportFor(me, remote), me.ref());
            }
        };
    }

    /**
     * Waits until the local thread {@code target} has ended, at most {@code timeout}, taking
     * nothing from the caller's mailbox: unlike a monitor of the caller's own, it leaves every
     * {@code Down} there to the caller. Throws what a receive throws (an exit signal, a linked
     * thread's failure, an interrupt). True once it has ended (at once if it had), false at the
     * timeout.
     */
    public static boolean awaitEnd(LocalThread target, Duration timeout) {
        ThreadState me = Threads.current();
        AtomicBoolean ended = new AtomicBoolean();
        Registration hook = Access.state(target).onExit((who, reason) -> {
            ended.set(true);
            me.wake(); // runs on the ending thread; never blocks
        });
        if (hook == null) {
            return true; // it had ended already
        }
        try {
            Object outcome = me.mailboxOfOwner().take(m -> false, deadline(timeout), me, ended::get);
            return outcome == Mailbox.CONDITION_MET;
        } finally {
            hook.cancel(); // after a timeout, nothing of the wait stays on the target
        }
    }

    // ---- monitors and links -----------------------------------------------------------------

    public static MonitorEntry monitor(ThreadRef target) {
        Objects.requireNonNull(target, "target");
        ThreadState me = Threads.current();
        MonitorEntry entry = new MonitorEntry(me, target);
        entry.watcherHook(me.onExit((who, reason) -> entry.watcherEnded())); // me is alive: never null
        Registration r;
        try {
            r = watch(me, target, entry::fire);
        } catch (RuntimeException e) { // e.g. a remote target and no node: the hook must not stay on me
            entry.cancel();
            throw e;
        }
        if (r == null) {
            entry.fire(target, ExitReason.NOPROC);
        } else {
            entry.registration(r);
        }
        return entry;
    }

    /**
     * Removes a monitor made by the calling thread; true if it had not fired. False, too, on the
     * Java thread that made it once that thread's threadwire life has ended (an adopted thread
     * that threw its exit signal): the monitor went with that life.
     */
    public static boolean demonitor(MonitorEntry entry) {
        Objects.requireNonNull(entry, "monitor");
        ThreadState watcher = entry.watcher();
        if (Threads.currentOrNull() != watcher) {
            if (!watcher.isAlive() && watcher.thread() == Thread.currentThread()) {
                return false; // its end removed the monitor; a cleanup after the signal must not fail
            }
            throw new WrongThreadException("demonitor must be called by the thread that made the monitor ("
                    + watcher.ref() + ")");
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

    /**
     * Removes the link; after this returns the link has no effect on the caller, even if the
     * other thread's failure was under way: one raised but not yet thrown is taken back.
     */
    public static void unlink(ThreadRef other) {
        Objects.requireNonNull(other, "other");
        ThreadState me = Threads.current();
        ThreadRef target = routed(me, other);
        switch (target) {
            case LocalThread local -> Links.unlink(me, Access.state(local));
            case RemoteThread remote -> transportFor(me, remote).unlink(me.ref(), remote);
        }
        me.removeLinkedFailures(target);
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

    /**
     * {@code target} as {@code me} (null: a thread of no node) must reach it: a thread of
     * another node through its remote handle, whatever handle the caller holds; a thread of this
     * JVM that either of them reaches directly (one belongs to no node) through its
     * {@code LocalThread}, whatever handle the caller holds (see {@link Routes}).
     */
    static ThreadRef routed(ThreadState me, ThreadRef target) {
        return switch (target) {
            case LocalThread local -> {
                RemoteThread.ById across = Routes.across(me, Access.state(local));
                yield across == null ? target : across;
            }
            case RemoteThread remote -> {
                LocalThread direct = Routes.direct(me, remote);
                yield direct == null ? target : direct;
            }
        };
    }

    /**
     * Whether {@code target} is {@code me}: its local handle, or a handle of its own node (by id
     * or by a name it holds) that the node resolves to it now.
     */
    static boolean reachesItself(ThreadState me, ThreadRef target) {
        return switch (target) {
            case LocalThread local -> Access.state(local) == me;
            case RemoteThread remote -> {
                Transport t = me.owner() != null ? me.owner() : Transports.getDefault();
                LocalThread local = t == null ? null : t.localOf(remote);
                yield local != null && Access.state(local) == me;
            }
        };
    }

    /** The node that sends for {@code me}: its own, else the JVM's default. */
    static Transport transportFor(ThreadState me, RemoteThread target) {
        Transport t = me.owner();
        if (t == null) {
            t = Transports.getDefault();
        }
        if (t == null) {
            // not "no node runs": nodes started with Node.start may run, but none is the default
            throw new IllegalStateException("cannot reach remote thread " + target + ": " + me.ref() + " belongs to no"
                    + " node and this JVM has no default node to send for it; start one with Distributed.startNode(port),"
                    + " or do this from a thread of a node (node.spawn)");
        }
        return t;
    }

    static long deadline(Duration timeout) {
        if (timeout == null) {
            return Mailbox.NO_DEADLINE;
        }
        long nanos = nanos(timeout, "timeout");
        if (nanos == Long.MAX_VALUE) {
            return Mailbox.NO_DEADLINE; // about 292 years or more: as good as none
        }
        long deadline = System.nanoTime() + nanos;
        return deadline == Mailbox.NO_DEADLINE ? deadline + 1 : deadline;
    }

    /**
     * {@code duration} in nanoseconds, {@link Long#MAX_VALUE} if it is longer than that.
     *
     * @throws IllegalArgumentException naming {@code what} if it is negative
     */
    static long nanos(Duration duration, String what) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException(what + " is negative: " + duration + "; give zero or more");
        }
        try {
            return duration.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }
}
