package io.threadwire.core;

import static io.threadwire.core.Messaging.*;

import io.threadwire.core.internal.Access;
import io.threadwire.core.internal.Engine;
import io.threadwire.core.spi.Registration;
import io.threadwire.core.spi.Transport;
import io.threadwire.core.spi.Transports;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread of a {@code Supervisor}: starts its children, restarts each by its policy within
 * the intensity, and stops them when it ends. Runs on the supervisor's own thread only; shares
 * the map of running children with the public handle, which reads it from any thread.
 */
final class SupervisorLoop {
    private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class); // users know the supervisor, not its loop
    private final List<ChildSpec> specs;
    private final int maxRestarts;
    private final long windowNanos;
    private final Duration stopPatience;
    private final Map<String, LocalThread> running; // shared with the Supervisor handle
    private final Map<LocalThread, ChildSpec> specOf = new HashMap<>();
    private final ArrayDeque<Long> restarts = new ArrayDeque<>();

    SupervisorLoop(List<ChildSpec> specs, int maxRestarts, long windowNanos, Duration stopPatience,
            Map<String, LocalThread> running) {
        this.specs = specs;
        this.running = running;
        this.maxRestarts = maxRestarts;
        this.windowNanos = windowNanos;
        this.stopPatience = stopPatience;
    }

    /** The supervisor's life: tells {@code starter} once its children run, then serves until told to stop. */
    void run(LocalThread starter) {
        try {
            for (ChildSpec spec : specs) {
                startChild(spec);
            }
            send(new Started(self()), starter);
            for (;;) {
                Object message = receive();
                if (message instanceof Down down && specOf.containsKey(down.ref())) {
                    childEnded((LocalThread) down.ref(), down.reason());
                } else if (message instanceof Stop) {
                    return;
                }
            }
        } finally {
            stopChildren();
        }
    }

    private void childEnded(LocalThread child, ExitReason reason) {
        ChildSpec spec = specOf.remove(child);
        running.remove(spec.name(), child);
        if (!spec.restart().restarts(reason)) {
            return;
        }
        long now = System.nanoTime();
        restarts.addLast(now);
        while (!restarts.isEmpty() && now - restarts.peekFirst() > windowNanos) {
            restarts.removeFirst();
        }
        if (restarts.size() > maxRestarts) {
            throw new RestartIntensityException("child '" + spec.name() + "' ended (" + reason + ") and restarting it would make "
                    + restarts.size() + " restarts within " + Duration.ofNanos(windowNanos) + ", more than the " + maxRestarts
                    + " allowed: the supervisor gives up");
        }
        startChild(spec);
    }

    private void startChild(ChildSpec spec) {
        // Monitored before it runs, as Erlang's spawn_link with trap_exit: a child that ends
        // at once must be seen ending for its own reason, not as noproc, which a transient
        // child's policy would take for a failure.
        LocalThread child = spawnedBy(spawnMonitored(spec.name(), spec.body()));
        specOf.put(child, spec);
        running.put(spec.name(), child);
        try {
            register(spec.name(), child);
        } catch (NoSuchThreadException ended) {
            // it already ended: its Down is on the way and decides what happens next
        }
    }

    /**
     * In the registry of the child's node (the supervisor's), else of the JVM's default node,
     * where other nodes reach it; in the JVM-local registry only when there is no default node
     * either (a node started with Node.start is not one). The rule
     * of {@code Distributed.registerRemoteThread} too.
     */
    private static void register(String name, LocalThread child) {
        Transport node = Access.state(child).owner();
        if (node == null) {
            node = Transports.getDefault();
        }
        if (node != null) {
            node.registerName(name, child);
        } else {
            Engine.register(name, child);
        }
    }

    /**
     * Stops the children one at a time, the last started first, as Erlang's supervisor does: a
     * child may use those started before it (a connection, a cache), so they outlive it. Each
     * has the patience from when it is asked. Waits without the mailbox, whose waits throw once
     * the supervisor was told to exit: yet it must not end before its children, or a parent
     * that restarts the subtree on its Down finds their names still taken.
     */
    private void stopChildren() {
        List<LocalThread> children = new ArrayList<>(specOf.keySet());
        children.sort(Comparator.comparingInt((LocalThread c) -> specs.indexOf(specOf.get(c))).reversed());
        for (LocalThread c : children) {
            Access.state(c).requestStop();
            if (!awaitEnd(c, System.nanoTime() + stopPatience.toNanos())) {
                warnLeftRunning(c);
            }
        }
    }

    /**
     * Waits until {@code child} has ended, at most until {@code deadline}: its end hook wakes
     * this thread. Answers whether it ended.
     */
    private boolean awaitEnd(LocalThread child, long deadline) {
        Thread waiter = Thread.currentThread();
        AtomicBoolean ended = new AtomicBoolean();
        Registration hook = Access.state(child).onExit((who, reason) -> {
            ended.set(true);
            LockSupport.unpark(waiter);
        });
        if (hook == null) {
            return true; // it had ended already
        }
        boolean interrupted = false;
        for (long left; !ended.get() && (left = deadline - System.nanoTime()) > 0; ) {
            LockSupport.parkNanos(this, left);
            interrupted |= Thread.interrupted(); // would make every park return at once; kept for the end
        }
        hook.cancel();
        if (interrupted) {
            waiter.interrupt();
        }
        return ended.get();
    }

    /** Names a child still running past the patience: nothing can end it, so say so. */
    private void warnLeftRunning(LocalThread child) {
        LOG.warn("supervisor {} ends without child '{}' ({}): it did not end within {} of being told to stop,"
                + " and runs on (a child that computes without waiting, or catches the exit signal, must end itself)",
                self(), specOf.get(child).name(), child, stopPatience);
    }

    /** Tells a supervisor's thread to stop its children and end; delivered straight to its mailbox, never travels. */
    record Stop() {
    }

    /** Sent by a new supervisor once its children run. */
    record Started(LocalThread supervisor) {
    }

    /** The thread {@code spawnMonitored} started: the target of its monitor. */
    static LocalThread spawnedBy(MonitorRef monitor) {
        return (LocalThread) monitor.target();
    }
}
