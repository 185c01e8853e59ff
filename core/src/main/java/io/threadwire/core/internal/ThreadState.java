package io.threadwire.core.internal;

import io.threadwire.core.ExitReason;
import io.threadwire.core.ExitSignalException;
import io.threadwire.core.LinkedThreadException;
import io.threadwire.core.LocalThread;
import io.threadwire.core.ReceiveInterruptedException;
import io.threadwire.core.ThreadRef;
import io.threadwire.core.spi.ExitHook;
import io.threadwire.core.spi.Registration;
import io.threadwire.core.spi.Transport;
import java.util.LinkedHashSet;
import java.util.List;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the engine keeps for one {@link LocalThread}: its mailbox, the hooks that run when
 * it ends, the calls it waits on, and the node it belongs to.
 *
 * <p>Life cycle: alive until {@link #exit} runs once, at the end of the thread's body (or, for a
 * thread threadwire did not start, when a watcher sees it end, or when an exit signal is
 * raised in it). {@code exit} records the reason, runs every exit hook (monitors, links, name
 * registrations) and closes the mailbox, so nothing of the mailbox outlives the thread. After
 * that, deliveries are dropped and counted, and new hooks are refused so that their owners can
 * report {@code noproc}.
 *
 * <p>Exit signals: {@link #requestExit} records the reason (the first one wins) and interrupts
 * the thread; its waits then throw {@link ExitSignalException}, every time, and its next send
 * throws it once. The state made at the first call ({@link CallTable}) is allocated lazily, so
 * that a thread that never calls pays one field for it.
 */
public final class ThreadState {
    private static final Logger LOG = LoggerFactory.getLogger(ThreadState.class);
    private static final VarHandle EXIT_SIGNAL;

    static {
        try {
            EXIT_SIGNAL = MethodHandles.lookup().findVarHandle(ThreadState.class, "exitSignal", ExitSignal.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long id;
    private final String name;
    private final Transport owner;       // the node the thread belongs to, or null
    private final LocalThread ref;
    private volatile Thread thread;      // set before the thread starts
    private volatile Mailbox mailbox;    // null once the thread has ended
    private final ReentrantLock lock = new ReentrantLock(); // guards hooks and exitReason
    private LinkedHashSet<Hook> hooks;   // null until the first hook
    private volatile ExitReason exitReason; // null while alive
    @SuppressWarnings("unused") // written through EXIT_SIGNAL
    private volatile ExitSignal exitSignal; // the first exit signal sent to it, or null
    private final boolean adopted;       // a thread threadwire did not start (main, a pool thread)
    private volatile CallTable calls;    // made by the owner at its first call
    private final Runnable checkpoint = this::checkpoint; // made once: a receive allocates nothing

    ThreadState(long id, String name, Transport owner, Thread thread, boolean adopted) {
        this.id = id;
        this.name = name;
        this.owner = owner;
        this.thread = thread;
        this.adopted = adopted;
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
        // PendingCall. The caller sets it before it checks for signals, and we read it after
        // adding one, so either it sees the signal or we see the call.
        CallTable t = calls;
        PendingCall c = t == null ? null : t.waiting();
        if (c != null) {
            c.wakeCaller();
        }
        return true;
    }

    /** Owner only: takes a message (see {@link Mailbox#take}). */
    public Object take(Predicate<Object> filter, long deadline) {
        return mailbox().take(filter, deadline, checkpoint, null); // not the 3-argument one: no extra frame to park with
    }

    /**
     * Owner only: takes a message {@code filter} accepts, or returns {@link Mailbox#CONDITION_MET}
     * once {@code until} is true; whoever makes it true calls {@link #wake}.
     */
    Object takeUntil(Predicate<Object> filter, BooleanSupplier until) {
        return mailbox().take(filter, Mailbox.NO_DEADLINE, checkpoint, until);
    }

    /** Wakes the thread if it waits in {@link #takeUntil}, so that it looks at its condition again. */
    void wake() {
        Mailbox m = mailbox;
        if (m != null) {
            m.wake();
        }
    }

    /**
     * Owner only: takes back every failure of {@code linked} raised in this thread through a link
     * and not yet thrown, so that an unlink leaves no effect behind.
     */
    public void removeLinkedFailures(ThreadRef linked) {
        Mailbox m = mailbox;
        if (m != null) {
            m.removeSignals(s -> s instanceof LinkedThreadException e && e.thread().equals(linked));
        }
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
     * Owner only: throws what must end a wait now: an exit signal, a linked thread's failure, or
     * an interrupt.
     */
    void checkpoint() {
        if (exitSignal != null) {
            raiseExit();
        }
        Mailbox m = mailbox;
        Object signal = m == null ? null : m.pollSignal();
        if (signal != null) {
            throw (RuntimeException) signal;
        }
        if (Thread.interrupted()) {
            if (exitSignal != null) {
                raiseExit(); // the interrupt came with an exit signal sent after the first look above
            }
            throw new ReceiveInterruptedException("thread " + ref + " was interrupted while waiting");
        }
    }

    // ---- exit signals ---------------------------------------------------------------------

    /**
     * Asks the thread to end with {@code reason} at its next wait (and at its next send, once).
     * The first request wins; false if the thread has ended or was already asked. Never blocks.
     */
    public boolean requestExit(ExitReason reason) {
        ExitSignal signal = new ExitSignal(reason);
        if (exitReason != null || !EXIT_SIGNAL.compareAndSet(this, (ExitSignal) null, signal)) {
            return false;
        }
        signal.pending();
        if (exitReason != null) {
            signal.done(); // it ended meanwhile, perhaps before the signal was there to see
        }
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            t.interrupt(); // ends JDK waits too (sleep, join, blocking I/O), and wakes every threadwire wait
        }
        return true;
    }

    /** Asks the thread to end with reason {@code shutdown}: its current and every later wait throws. */
    public void requestStop() {
        requestExit(ExitReason.SHUTDOWN);
    }

    /** Whether the thread has been asked to end (by an exit signal or a stop). */
    public boolean isStopRequested() {
        return exitSignal != null;
    }

    /** The reason the thread was asked to end with, or null. */
    ExitReason exitRequested() {
        ExitSignal s = exitSignal;
        return s == null ? null : s.reason;
    }

    /** Owner only: throws the exit signal if there is one that has not been thrown yet (a send's check). */
    void raiseExitOnce() {
        ExitSignal s = exitSignal;
        if (s != null && s.isPending()) {
            raiseExit();
        }
    }

    /**
     * Owner only: throws the exit signal. A thread threadwire did not start is not ended by it,
     * so its threadwire life ends here (monitors and links fire with the reason); if it goes on
     * to use threadwire, it does so as a new thread with a new mailbox.
     */
    void raiseExit() {
        ExitSignal signal = exitSignal;
        ExitReason reason = signal.reason;
        signal.done();
        Thread.interrupted(); // the interrupt was only the means of delivery
        if (adopted) {
            Threads.forget(this);
            exit(reason);
        }
        throw new ExitSignalException(ref, reason);
    }

    // ---- calls --------------------------------------------------------------------------

    /** Owner only: the table of this thread's calls, made at the first call. */
    CallTable calls() {
        CallTable t = calls;
        if (t == null) {
            t = new CallTable(this);
            calls = t;
        }
        return t;
    }

    /** Completes the call {@code tag} with {@code reply}; discards (and counts) a late reply. */
    public void deliverReply(long tag, Object reply) {
        deliverReply(tag, reply, target -> true);
    }

    /**
     * Completes the call {@code tag} with {@code reply} if {@code from} accepts the thread the
     * call went to; discards (and counts) a late reply, or one from elsewhere. False if discarded.
     */
    public boolean deliverReply(long tag, Object reply, Predicate<ThreadRef> from) {
        CallTable t = calls;
        if (t == null || !t.deliverReply(tag, reply, from)) {
            Stats.lateReply();
            LOG.debug("discarded a late reply to call {} of {}, or one from another node than the call went to", tag, ref);
            return false;
        }
        return true;
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

    /** Ends the thread: once, on the thread itself (or its watcher, after it ended). */
    void exit(ExitReason reason) {
        List<Hook> toRun;
        lock.lock();
        try {
            if (exitReason != null) {
                return;
            }
            exitReason = reason;
            ExitSignal signal = exitSignal;
            if (signal != null) {
                signal.done();
            }
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
        CallTable t = calls;
        if (t != null) {
            t.ownerEnded();
        }
        Mailbox m = mailbox;
        mailbox = null;
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
