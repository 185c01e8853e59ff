package io.threadwire.core;

import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.self;

import io.threadwire.testkit.Timeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one test scenario in a fresh thread of its own and fails the test if the scenario, or a
 * thread it spawned through it, failed or did not end, or if the scenario left a message
 * unread.
 *
 * <p>Why: JUnit runs every test on the same platform thread, whose threadwire mailbox would
 * outlive the test. Here JUnit's thread only starts and joins threads, so it never gets a
 * mailbox, and each scenario starts with an empty one.
 *
 * <p>Threads spawned with {@link #spawn} or {@link #spawnLinked} (by the scenario or by one of
 * them) are joined before {@link #run} returns; an exception that ends one of them fails the
 * test unless a {@link Boom} is behind it or it is the {@link ExitSignalException} the test
 * told the thread to end with. Threads spawned with {@code Messaging.spawn}
 * directly are the test's to wait for (with a monitor's {@code Down}).
 */
final class Scenario {

    /** The kind of thread the scenario body runs on. */
    enum Runner {
        /** A platform thread that threadwire did not start: adopted on first use, like main. */
        PLATFORM,
        /** A virtual thread that threadwire did not start: adopted on first use. */
        VIRTUAL,
        /** A virtual thread started by {@code Messaging.spawn}. */
        SPAWNED
    }

    /** A scenario's body; runs on the scenario thread. */
    @FunctionalInterface
    interface Body {
        void run(Scenario s) throws Exception;
    }

    /** A thread spawned through the scenario, and its JDK thread once it has started. */
    private record Child(LocalThread ref, CompletableFuture<Thread> thread) {
    }

    private final Queue<Child> children = new ConcurrentLinkedQueue<>();
    private final Queue<Throwable> failures = new ConcurrentLinkedQueue<>(); // of children, in order

    private Scenario() {
    }

    /** Runs {@code body} on a thread started by {@code Messaging.spawn}. */
    static void run(Body body) {
        run(Runner.SPAWNED, body);
    }

    /** Runs {@code body} on a fresh thread of the given kind; see the class comment. */
    static void run(Runner runner, Body body) {
        Scenario s = new Scenario();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CompletableFuture<Thread> started = new CompletableFuture<>();
        Runnable main = () -> {
            started.complete(Thread.currentThread());
            try {
                body.run(s);
                assertMailboxEmpty();
            } catch (Throwable t) {
                failure.set(t);
            }
        };
        switch (runner) {
            case PLATFORM -> Thread.ofPlatform().name("scenario-platform").start(main);
            case VIRTUAL -> Thread.ofVirtual().name("scenario-virtual").start(main);
            case SPAWNED -> Messaging.spawn("scenario", main);
        }
        // A failing scenario may wait LONG more than once before it gives up; allow for that.
        if (!awaitEnd(started, Timeouts.LONG.multipliedBy(3))) {
            failure.compareAndSet(null, new AssertionError("the scenario did not end within "
                    + Timeouts.LONG.multipliedBy(3) + "; it was interrupted"));
            started.thenAccept(Thread::interrupt);
        }
        s.joinChildren(failure.get() != null);

        Throwable first = s.failures.poll();
        if (first == null) {
            first = failure.get();
        } else if (failure.get() != null) {
            first.addSuppressed(failure.get()); // the child's failure is usually why the scenario failed
        }
        for (Throwable more; (more = s.failures.poll()) != null; ) {
            first.addSuppressed(more);
        }
        switch (first) {
            case null -> { }
            case Error e -> throw e;
            case RuntimeException e -> throw e;
            default -> throw new AssertionError(first);
        }
    }

    /**
     * Spawns {@code body} with {@code Messaging.spawn}; it must end by the end of the scenario,
     * and not by an exception (unless a {@link Boom} is behind it, or it is an exit signal).
     */
    LocalThread spawn(Runnable body) {
        CompletableFuture<Thread> thread = new CompletableFuture<>();
        LocalThread ref = Messaging.spawn(tracked(body, thread));
        children.add(new Child(ref, thread));
        return ref;
    }

    /** As {@link #spawn}, with {@code Messaging.spawnLinked}: linked to the calling thread. */
    LocalThread spawnLinked(Runnable body) {
        CompletableFuture<Thread> thread = new CompletableFuture<>();
        LocalThread ref = Messaging.spawnLinked(tracked(body, thread));
        children.add(new Child(ref, thread));
        return ref;
    }

    /**
     * Waits until the JDK thread behind {@code child} has terminated, so that everything its
     * end does (monitors, links, names, mailbox) is done.
     */
    void join(LocalThread child) {
        if (!awaitEnd(childOf(child).thread, Timeouts.LONG)) {
            throw new AssertionError(child + " did not end within " + Timeouts.LONG);
        }
    }

    /** The JDK thread behind {@code child}, once it has started. */
    Thread thread(LocalThread child) throws Exception {
        return childOf(child).thread.get(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Fails if the calling thread's mailbox holds a message (or a pending linked failure). */
    static void assertMailboxEmpty() {
        Object m;
        try {
            m = receive(Duration.ZERO);
        } catch (ReceiveTimeoutException expected) {
            return;
        }
        throw new AssertionError("unread message left in the mailbox of " + self() + ": " + m);
    }

    private Child childOf(LocalThread ref) {
        for (Child c : children) {
            if (c.ref.equals(ref)) {
                return c;
            }
        }
        throw new IllegalArgumentException(ref + " was not spawned through this scenario");
    }

    private Runnable tracked(Runnable body, CompletableFuture<Thread> thread) {
        return () -> {
            thread.complete(Thread.currentThread());
            try {
                body.run();
            } catch (Throwable t) {
                if (!Boom.isBehind(t) && !(t instanceof ExitSignalException)) {
                    failures.add(t);
                }
                throw t; // the thread still ends by it, as it would without the test
            }
        };
    }

    /** Joins every child; after a failure, interrupts them first so that none waits forever. */
    private void joinChildren(boolean failed) {
        List<Child> all = new ArrayList<>(children);
        if (failed) {
            all.forEach(c -> c.thread.thenAccept(Thread::interrupt));
        }
        for (Child c : all) {
            if (!awaitEnd(c.thread, Timeouts.LONG)) {
                failures.add(new AssertionError(c.ref + " did not end within " + Timeouts.LONG
                        + " of the end of the scenario; it was interrupted"));
                c.thread.thenAccept(Thread::interrupt);
            }
        }
    }

    /** Waits for the thread {@code started} names to start and terminate; false if not in time. */
    private static boolean awaitEnd(CompletableFuture<Thread> started, Duration timeout) {
        try {
            Thread t = started.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return t.join(timeout);
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while joining a scenario thread", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError(e); // never: the future is only completed normally
        }
    }
}
