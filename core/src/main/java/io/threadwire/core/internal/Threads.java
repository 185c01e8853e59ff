package io.threadwire.core.internal;

import io.threadwire.core.ExitReason;
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
 * the current one and {@link ThreadState#exit}; the exit reason is {@code normal} when the body
 * returns, {@code shutdown} when it ends after a stop request, else the exception it threw.
 * Any other thread (main, a pool thread) is adopted on first use: it gets a state, and a
 * virtual watcher thread joins it to run its exit when it ends.
 */
public final class Threads {
    private static final Logger LOG = LoggerFactory.getLogger(Threads.class);
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
     * Starts {@code body} on a new virtual thread owned by {@code owner} (null: no node).
     * {@code beforeStart} runs on the calling thread once the new thread's state exists and
     * before it runs, so that links and monitors made there cannot miss its end.
     */
    public static ThreadState spawn(Transport owner, String name, Runnable body, Consumer<ThreadState> beforeStart) {
        long id = IDS.incrementAndGet();
        ThreadState state = new ThreadState(id, name, owner, null);
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
            reason = state.isStopRequested() ? ExitReason.SHUTDOWN : ExitReason.NORMAL;
        } catch (Throwable t) {
            if (state.isStopRequested()) {
                reason = ExitReason.SHUTDOWN;
                if (!(t instanceof ReceiveInterruptedException)) {
                    LOG.debug("{} ended by {} while being stopped", state, t.toString());
                }
            } else {
                reason = new ExitReason.Crashed(t);
                LOG.warn("thread {} ended by an exception", state, t);
            }
        }
        state.exit(reason);
    }

    private static ThreadState adopt() {
        Thread t = Thread.currentThread();
        ThreadState state = new ThreadState(IDS.incrementAndGet(), t.getName(), null, t);
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
            state.exit(ExitReason.NORMAL);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        });
        return state;
    }
}
