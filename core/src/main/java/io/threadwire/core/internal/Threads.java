package io.threadwire.core.internal;

import io.threadwire.core.ExitReason;
import io.threadwire.core.LinkedThreadException;
import io.threadwire.core.spi.Transport;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts threads and finds the current one.
 *
 * <p>A thread started here is a virtual thread whose task is its {@link ThreadState} (see
 * {@link ThreadState#run}). Any other thread (main, a pool thread) is adopted on first use: it gets a
 * state, and a virtual watcher thread joins it to run its exit when it ends.
 */
public final class Threads {
    /** Where the end of a thread by an exception is logged: one line at WARN, the stack at DEBUG. */
    private static final Logger FAILURES = LoggerFactory.getLogger("io.threadwire.core.failures");
    /**
     * The state of every virtual thread that has one, by its JDK thread. A map rather than a
     * {@code ThreadLocal}: an entry costs a third of a thread-local map of its own, which each
     * virtual thread would otherwise carry for this one value.
     */
    private static final ConcurrentHashMap<Thread, ThreadState> STATES = new ConcurrentHashMap<>();
    /**
     * The state of an adopted platform thread. Not {@link #STATES}: the watcher's {@code join}
     * waits on the thread's monitor, which makes its identity hash a call into the JVM at every
     * lookup (measured: 4.5 % of the CPU of a JVM whose main thread sends). A platform thread has a
     * thread-local map anyway, and its entry goes when the thread ends.
     */
    private static final ThreadLocal<ThreadState> ADOPTED = new ThreadLocal<>();
    private static final AtomicLong IDS = new AtomicLong();

    private Threads() {
    }

    /** The calling thread's state, adopting the thread if threadwire did not start it. */
    public static ThreadState current() {
        ThreadState s = currentOrNull();
        return s != null ? s : adopt();
    }

    /** The calling thread's state if it has one, else null (adopts nothing). */
    public static ThreadState currentOrNull() {
        Thread t = Thread.currentThread();
        return t.isVirtual() ? STATES.get(t) : ADOPTED.get();
    }

    /**
     * Throws the calling thread's exit signal if it has one not yet thrown: the check a send
     * makes, so that a thread that sends but never waits still ends. Costs one read of a
     * counter while no thread of the JVM has a signal pending.
     */
    static void raiseExitAtSend() {
        if (ExitSignal.anyWaiting()) {
            ThreadState s = currentOrNull();
            if (s != null) {
                s.raiseExitOnce();
            }
        }
    }

    /** As {@link #raiseExitAtSend()}, for a caller that has its state at hand. */
    static void raiseExitAtSend(ThreadState me) {
        me.raiseExitOnce();
    }

    /**
     * Starts {@code body} on a new virtual thread owned by {@code owner} (null: no node).
     * {@code beforeStart} runs on the calling thread once the new thread's state exists and
     * before it runs, so that links and monitors made there cannot miss its end. If
     * {@code beforeStart} throws, the thread ends at once with that failure, its body never run,
     * and the exception is rethrown.
     */
    public static ThreadState spawn(Transport owner, String name, Runnable body, Consumer<ThreadState> beforeStart) {
        long id = IDS.incrementAndGet();
        ThreadState state = new ThreadState(id, name, owner, null, false, body);
        Thread.Builder.OfVirtual builder = Thread.ofVirtual();
        if (name != null) {
            builder.name(name); // an unnamed one stays unnamed, as virtual threads are: a name costs about 60 bytes
        }
        Thread t = builder.unstarted(state);
        state.thread(t);
        if (owner != null) {
            owner.threadStarted(state.ref());
        }
        if (beforeStart != null) {
            try {
                beforeStart.accept(state);
            } catch (Throwable e) {
                // Its node and any watch made already know the thread: it must still end, or the
                // node would keep it for good and the watch wait for ever. It runs only to end.
                state.abandonBeforeStart(new ExitReason.Crashed(e));
                t.start();
                throw e;
            }
        }
        t.start();
        return state;
    }

    /** Makes {@code state} the calling thread's: the first thing a started thread does. */
    static void enter(ThreadState state) {
        STATES.put(Thread.currentThread(), state);
    }

    /** The calling thread, started for {@code state}, has ended its threadwire life: the last thing it does. */
    static void leave(ThreadState state) {
        STATES.remove(Thread.currentThread(), state);
    }

    /**
     * One line per failure, at WARN, on a logger of its own that a user can silence; the stack
     * at DEBUG. A thread that ends because a linked thread failed logs at DEBUG only: the
     * original failure was logged by the thread it happened in, once for the whole chain.
     */
    static void logFailure(ThreadState state, Throwable t) {
        if (t instanceof LinkedThreadException) {
            FAILURES.debug("thread {} ended: {}", state, t.getMessage());
            return;
        }
        FAILURES.warn("thread {} ended by {}{}", state, t,
                FAILURES.isDebugEnabled() ? "" : " (its stack trace is logged at DEBUG)");
        FAILURES.debug("stack trace of the exception that ended thread {}", state, t);
    }

    /** Forgets the calling thread's state: its next use of threadwire adopts it anew. */
    static void forget(ThreadState state) {
        Thread t = Thread.currentThread();
        if (!t.isVirtual()) {
            if (ADOPTED.get() == state) {
                ADOPTED.remove();
            }
        } else {
            STATES.remove(t, state);
        }
    }

    private static ThreadState adopt() {
        Thread t = Thread.currentThread();
        ThreadState state = new ThreadState(IDS.incrementAndGet(), t.getName(), null, t, true, null);
        if (t.isVirtual()) {
            STATES.put(t, state);
        } else {
            ADOPTED.set(state);
        }
        Thread.ofVirtual().name("threadwire-watch-" + state.id()).start(() -> {
            boolean interrupted = false;
            for (;;) {
                try {
                    t.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // nobody interrupts the watcher; keep waiting regardless
                }
            }
            ExitReason requested = state.exitRequested();
            state.exit(requested != null ? requested : ExitReason.NORMAL);
            STATES.remove(t, state); // a platform thread's entry went with its thread-local map
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        });
        return state;
    }
}
