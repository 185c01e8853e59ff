package io.threadwire.core.internal;

import io.threadwire.core.ExitReason;
import io.threadwire.core.LinkedThreadException;
import io.threadwire.core.LocalThread;
import io.threadwire.core.ReceiveInterruptedException;
import io.threadwire.core.ThreadRef;
import io.threadwire.core.spi.ExitHook;
import io.threadwire.core.spi.Registration;
import io.threadwire.core.spi.Transport;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the engine keeps for one {@link LocalThread}: its mailbox, the hooks that run when
 * it ends, its pending synchronous call, and the node it belongs to.
 *
 * <p>Life cycle: alive until {@link #exit} runs once, at the end of the thread's body (or, for a
 * thread threadwire did not start, when a watcher sees it end). {@code exit} records the
 * reason, runs every exit hook (monitors, links, name registrations) and closes the mailbox,
 * so nothing of the mailbox outlives the thread. After that, deliveries are dropped and
 * counted, and new hooks are refused so that their owners can report {@code noproc}.
 */
public final class ThreadState {
    private static final Logger LOG = LoggerFactory.getLogger(ThreadState.class);

    private final long id;
    private final String name;
    private final Transport owner;       // the node the thread belongs to, or null
    private final LocalThread ref;
    private volatile Thread thread;      // set before the thread starts
    private volatile Mailbox mailbox;    // null once the thread has ended
    private final ReentrantLock lock = new ReentrantLock(); // guards hooks and exitReason
    private LinkedHashSet<Hook> hooks;   // null until the first hook
    private volatile ExitReason exitReason; // null while alive
    private volatile PendingCall call;   // the synchronous call this thread waits in, if any
    private long lastTag;                // owner only
    private volatile boolean stopRequested;
    private final Runnable checkpoint = this::checkpoint; // made once: a receive allocates nothing

    ThreadState(long id, String name, Transport owner, Thread thread) {
        this.id = id;
        this.name = name;
        this.owner = owner;
        this.thread = thread;
        this.mailbox = new Mailbox();
        this.ref = Access.newLocalThread(this);
    }

    public long id() {
        return id;
    }

    public String name() {
        return name;
    }

    public Transport owner() {
        return owner;
    }

    public LocalThread ref() {
        return ref;
    }

    public Thread thread() {
        return thread;
    }

    void thread(Thread t) {
        thread = t;
    }

    public boolean isAlive() {
        return exitReason == null;
    }

    /** The reason it ended, or null while it runs. */
    public ExitReason exitReason() {
        return exitReason;
    }

    // ---- messages -----------------------------------------------------------------------

    /** Appends to the mailbox; false (dropped and counted) if the thread has ended. */
    public boolean deliver(Object message) {
        Mailbox m = mailbox;
        if (m != null && m.put(message)) {
            return true;
        }
        Stats.dropped();
        return false;
    }

    /**
     * Raises {@code signal} at the thread's next receive, or in the synchronous call it waits in;
     * false if the thread has ended.
     */
    public boolean signal(RuntimeException signal) {
        Mailbox m = mailbox;
        if (m == null || !m.signal(signal)) {
            return false;
        }
        // The mailbox wakes only a thread parked in receive; one parked in a call waits on its
        // PendingCall. The caller sets call before it checks for signals, and we read call after
        // adding one, so either it sees the signal or we see the call.
        PendingCall c = call;
        if (c != null) {
            c.wakeCaller();
        }
        return true;
    }

    /** Owner only: takes a message (see {@link Mailbox#take}). */
    public Object take(Predicate<Object> filter, long deadline) {
        return mailbox().take(filter, deadline, checkpoint);
    }

    /** Owner only: removes exactly this message from the mailbox, if it is there. */
    public boolean removeExactly(Object message) {
        return mailbox().removeExactly(message);
    }

    private Mailbox mailbox() {
        Mailbox m = mailbox;
        if (m == null) {
            throw new IllegalStateException("thread " + ref + " has ended");
        }
        return m;
    }

    /** The checkpoint as a {@link Runnable}, for waits outside the mailbox (a synchronous call). */
    Runnable checkpointAction() {
        return checkpoint;
    }

    /**
     * Owner only: throws what must end a wait now: a linked thread's failure, an interrupt, or a
     * request to stop.
     */
    void checkpoint() {
        Mailbox m = mailbox;
        Object signal = m == null ? null : m.pollSignal();
        if (signal != null) {
            throw (RuntimeException) signal;
        }
        if (stopRequested) {
            throw new ReceiveInterruptedException("thread " + ref + " is being stopped: its node is closing");
        }
        if (Thread.interrupted()) {
            throw new ReceiveInterruptedException("thread " + ref + " was interrupted while waiting");
        }
    }

    // ---- synchronous calls --------------------------------------------------------------

    /** Owner only: starts waiting for a reply with a fresh tag. */
    PendingCall beginCall() {
        PendingCall c = new PendingCall(++lastTag, Thread.currentThread());
        call = c;
        return c;
    }

    /** Owner only: stops waiting; a reply arriving later is discarded. */
    void endCall() {
        call = null;
    }

    /** Completes the pending call {@code tag} with {@code reply}; discards (and counts) a late reply. */
    public void deliverReply(long tag, Object reply) {
        PendingCall c = call;
        if (c == null || c.tag() != tag || !c.complete(new PendingCall.Replied(reply))) {
            Stats.lateReply();
            LOG.debug("discarded a late reply to call {} of {}", tag, ref);
        }
    }

    // ---- end of life ----------------------------------------------------------------------

    /**
     * Runs {@code hook} when this thread ends. Returns null, and never runs the hook, if the
     * thread has already ended.
     */
    public Registration onExit(ExitHook hook) {
        Hook h = new Hook(hook);
        lock.lock();
        try {
            if (exitReason != null) {
                return null;
            }
            if (hooks == null) {
                hooks = new LinkedHashSet<>();
            }
            hooks.add(h);
        } finally {
            lock.unlock();
        }
        return h;
    }

    /** Asks the thread to end: its current and every later wait throws. */
    public void requestStop() {
        stopRequested = true;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    public boolean isStopRequested() {
        return stopRequested;
    }

    /** Ends the thread: once, on the thread itself (or its watcher, after it ended). */
    void exit(ExitReason reason) {
        List<Hook> toRun;
        lock.lock();
        try {
            if (exitReason != null) {
                return;
            }
            exitReason = reason;
            toRun = hooks == null ? List.of() : List.copyOf(hooks);
            hooks = null;
        } finally {
            lock.unlock();
        }
        for (Hook h : toRun) {
            try {
                h.hook.exited(ref, reason);
            } catch (RuntimeException | Error e) {
                LOG.error("an exit hook of {} failed", ref, e);
            }
        }
        Mailbox m = mailbox;
        mailbox = null;
        call = null;
        if (m != null) {
            int dropped = m.close();
            if (dropped > 0) {
                Stats.dropped(dropped);
                LOG.debug("{} ended with {} messages unread", ref, dropped);
            }
        }
    }

    /** The failure of a thread linked to this one, raised at this thread's next receive. */
    public void linkedFailure(ThreadRef failed, ExitReason reason) {
        signal(new LinkedThreadException(failed, reason));
    }

    @Override
    public String toString() {
        return name == null ? "#" + id : "#" + id + " " + name;
    }

    private final class Hook implements Registration {
        final ExitHook hook;

        Hook(ExitHook hook) {
            this.hook = hook;
        }

        @Override
        public boolean cancel() {
            lock.lock();
            try {
                return hooks != null && hooks.remove(this);
            } finally {
                lock.unlock();
            }
        }
    }
}
