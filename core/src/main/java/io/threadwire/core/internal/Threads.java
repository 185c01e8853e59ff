package io.threadwire.core.internal;

import io.threadwire.core.ExitReason;
import io.threadwire.core.LinkedThreadException;
import io.threadwire.core.ReceiveInterruptedException;
import io.threadwire.core.spi.Transport;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts threads and finds the current one.
 *
 * <p>A thread started here is a virtual thread whose body runs between setting its state as
 * the current one and {@link ThreadState#exit}; the exit reason is the one it was asked to end
 * with if it was (an exit signal, a stop), else {@code normal} when the body returns, else the
 * exception it threw. Any other thread (main, a pool thread) is adopted on first use: it gets a
 * state, and a virtual watcher thread joins it to run its exit when it ends.
 */
public final class Threads {
    private static final Logger LOG = LoggerFactory.getLogger(Threads.class);
    /** Where the end of a thread by an exception is logged: one line at WARN, the stack at DEBUG. */
    private static final Logger FAILURES = LoggerFactory.getLogger("io.threadwire.core.failures");
    private static final ThreadLocal<ThreadState> CURRENT = new ThreadLocal<>();
    private static final AtomicLong IDS = new AtomicLong();

    private Threads() {
    }

    /** The calling thread's state, adopting the thread if threadwire did not start it. */
    public static ThreadState current() {
        ThreadState s = CURRENT.get();
        return s != null ? s : adopt();
    }

    /** The calling thread's state if it has one, else null (adopts nothing). */
    public static ThreadState currentOrNull() {
        return CURRENT.get();
    }

    /**
     * Throws the calling thread's exit signal if it has one not yet thrown: the check a send
     * makes, so that a thread that sends but never waits still ends. Costs one read of a
     * counter while no thread of the JVM has a signal pending.
     */
    static void raiseExitAtSend() {
        if (ExitSignal.anyWaiting()) {
            ThreadState s = CURRENT.get();
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
     * before it runs, so that links and monitors made there cannot miss its end.
     */
    public static ThreadState spawn(Transport owner, String name, Runnable body, Consumer<ThreadState> beforeStart) {
        long id = IDS.incrementAndGet();
        ThreadState state = new ThreadState(id, name, owner, null, false);
        Thread t = Thread.ofVirtual()
                .name(name == null ? "threadwire-" + id : name)
                .unstarted(() -> run(state, body));
        state.thread(t);
        if (owner != null) {
            owner.threadStarted(state.ref());
        }
        if (beforeStart != null) {
            beforeStart.accept(state);
        }
        t.start();
        return state;
    }

    private static void run(ThreadState state, Runnable body) {
        CURRENT.set(state);
        ExitReason reason;
        try {
            body.run();
            ExitReason requested = state.exitRequested();
            reason = requested != null ? requested : ExitReason.NORMAL;
        } catch (Throwable t) {
            ExitReason requested = state.exitRequested();
            if (requested != null) {
                reason = requested;
                if (!(t instanceof ReceiveInterruptedException)) {
                    LOG.debug("{} ended by {} after it was told to exit ({})", state, t.toString(), requested);
                }
            } else {
                reason = new ExitReason.Crashed(t);
                logFailure(state, t);
            }
        }
        state.exit(reason);
    }

    /**
     * One line per failure, at WARN, on a logger of its own that a user can silence; the stack
     * at DEBUG. A thread that ends because a linked thread failed logs at DEBUG only: the
     * original failure was logged by the thread it happened in, once for the whole chain.
     */
    private static void logFailure(ThreadState state, Throwable t) {
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
        if (CURRENT.get() == state) {
            CURRENT.remove();
        }
    }

    private static ThreadState adopt() {
        Thread t = Thread.currentThread();
        ThreadState state = new ThreadState(IDS.incrementAndGet(), t.getName(), null, t, true);
        CURRENT.set(state);
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
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        });
        return state;
    }
}
