package io.threadwire.core.internal;

import io.threadwire.core.LocalThread;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.ThreadRef;
import io.threadwire.core.spi.Transport;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The JVM's one timer thread, shared by {@code sendAfter} and the timeouts of asynchronous
 * calls: a pending timer is an entry in its queue, not a thread, so a JVM can hold hundreds of
 * thousands of them.
 *
 * <p>It is the JDK's {@link ScheduledThreadPoolExecutor} with one daemon thread, made at the
 * first timer. Tasks due at the same instant run in the order they were scheduled, and a
 * cancelled task leaves the queue at once. Tasks never block it: a local delivery is a
 * non-blocking put, and a remote send is handed to {@link SendLanes}.
 */
public final class Timers {

    private Timers() {
    }

    /** Made at first use, so that a JVM that sets no timer starts no thread. */
    private static final class Scheduler {
        static final ScheduledThreadPoolExecutor EXECUTOR = create();

        private static ScheduledThreadPoolExecutor create() {
            ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, task -> {
                Thread t = new Thread(task, "threadwire-timers");
                t.setDaemon(true);
                return t;
            });
            e.setRemoveOnCancelPolicy(true); // a cancelled timer costs nothing until its deadline
            return e;
        }
    }

    /** Runs {@code task} on the timer thread after {@code delayNanos}; it must not block. */
    static ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
        return Scheduler.EXECUTOR.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Sends {@code message} to {@code to} after {@code delayNanos}. {@code sender} is the thread
     * that set the timer; {@code transport} the node that sends to a remote target, null for a
     * local one.
     */
    public static PendingTimer sendAfter(long delayNanos, Object message, ThreadRef to, Transport transport,
            LocalThread sender) {
        PendingTimer timer = new PendingTimer(message, to, transport, sender);
        timer.scheduled(schedule(timer, delayNanos));
        return timer;
    }

    /**
     * Delivers a fired timer's message: locally at once (also a remote handle the sender reaches
     * directly, see {@link Routes}), remotely through the target node's lane.
     */
    static void deliver(Object message, ThreadRef to, Transport transport, LocalThread sender) {
        switch (to) {
            case LocalThread local -> Access.state(local).deliver(message); // dropped and counted if it ended
            case RemoteThread remote -> {
                LocalThread direct = Routes.direct(Access.state(sender), remote); // as send routes it now
                if (direct != null) {
                    Access.state(direct).deliver(message);
                } else {
                    SendLanes.submit(transport, remote, message, sender);
                }
            }
        }
    }
}
