package io.threadwire.core.internal;

import io.threadwire.core.ExitReason;
import io.threadwire.core.LinkedThreadException;
import io.threadwire.core.LocalThread;
import io.threadwire.core.ReceiveInterruptedException;
import io.threadwire.core.ThreadRef;
import io.threadwire.core.spi.Transport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the engine keeps for one {@link LocalThread}: its mailbox, the hooks that run when
 * it ends, the calls it waits on, and the node it belongs to. For a thread threadwire starts it
 * is also the task of its virtual thread ({@link #run}).
 *
 * <p>Life cycle: alive until {@link #exit} runs once, at the end of the thread's body (or, for a
 * thread threadwire did not start, when a watcher sees it end, or when an exit signal is
 * raised in it). {@code exit} records the reason, cancels the thread's asynchronous calls, runs
 * every exit hook (monitors, links, name registrations) and closes the mailbox, so nothing of
 * the mailbox outlives the thread. After that, deliveries are dropped and counted, and new hooks
 * are refused so that their owners can report {@code noproc}.
 *
 * <p>Exit signals: {@link #requestExit} records the reason (the first one wins) and interrupts
 * the thread; its waits then throw {@link ExitSignalException}, every time, and its next send
 * throws it once. The wait's {@linkplain #check checkpoint} runs before a receive returns a
 * message, so a message sent after the signal is never taken.
 *
 * <p>Memory: a thread parked in {@code receive} with an empty mailbox holds this object, its
 * handle and its mailbox. What most threads never use is made at its first use: the exit hooks
 * ({@link ExitHooks}), the exit signal ({@link ExitSignal}) and the table of calls
 * ({@link CallTable}).
 */
public final class ThreadState extends ThreadSignals implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ThreadState.class);
    private final long id;
    private final String name;
    private final Transport owner;       // the node the thread belongs to, or null
    private final LocalThread ref;
    private final boolean adopted;       // a thread threadwire did not start (main, a pool thread)
    private Runnable body;               // a started thread's body, until it runs
    private volatile Thread thread;      // set before the thread starts
    private volatile Mailbox mailbox;    // null once the thread has ended
    private volatile CallTable calls;    // made by the owner at its first call

    ThreadState(long id, String name, Transport owner, Thread thread, boolean adopted, Runnable body) {
        this.id = id;
        this.name = name;
        this.owner = owner;
        this.thread = thread;
        this.adopted = adopted;
        this.body = body;
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

    @Override
    public LocalThread ref() {
        return ref;
    }

    @Override
    public Thread thread() {
        return thread;
    }

    void thread(Thread t) {
        thread = t;
    }

    /**
     * The task of a thread threadwire started: runs the body as the current thread, then ends
     * with the reason it was asked to end with if it was (an exit signal, a stop), else
     * {@code normal} when the body returns, else the exception it threw ({@code shutdown} for a
     * linked partner's {@code shutdown}: see {@link #endedBy}).
     */
    @Override
    public void run() {
        Runnable b = body;
        body = null;
        Threads.enter(this);
        ExitReason reason;
        try {
            b.run();
            ExitReason requested = exitRequested();
            reason = requested != null ? requested : ExitReason.NORMAL;
        } catch (Throwable t) {
            ExitReason requested = exitRequested();
            if (requested != null) {
                reason = requested;
                if (!(t instanceof ReceiveInterruptedException)) {
                    LOG.debug("{} ended by {} after it was told to exit ({})", this, t.toString(), requested);
                }
            } else {
                reason = endedBy(t);
                Threads.logFailure(this, t);
            }
        }
        try {
            exit(reason);
        } finally {
            Threads.leave(this);
        }
    }

    /**
     * The reason a body that threw {@code t} ends with: a linked partner's {@code shutdown},
     * uncaught, ends this thread with {@code shutdown} too, as an Erlang process that does not
     * trap exits takes the reason of the exit signal that killed it (so a supervisor does not
     * restart a transient child stopped along with its partner); any other throw is a crash,
     * which keeps the chain of causes a linked failure carries.
     */
    private static ExitReason endedBy(Throwable t) {
        if (t instanceof LinkedThreadException linked && linked.reason() instanceof ExitReason.Shutdown) {
            return ExitReason.SHUTDOWN;
        }
        return new ExitReason.Crashed(t);
    }

    /**
     * Its spawn failed after the thread was made and before it started: it will start only to
     * end at once with {@code reason}, its body never run, so that whatever learned of it (its
     * node, a watch made before the failure) sees it end.
     */
    void abandonBeforeStart(ExitReason reason) {
        requestExit(reason);
        body = () -> { };
    }

    // ---- messages -----------------------------------------------------------------------

    /** Appends to the mailbox; false (dropped and counted) if the thread has ended. */
    public boolean deliver(Object message) {
        Mailbox m = mailbox;
        return delivered(m, m == null ? Mailbox.REFUSED : m.offer(message), 1);
    }

    /**
     * Appends {@code messages[from..to)} to the mailbox in one step ({@link Mailbox#offerAll});
     * false (all dropped and counted) if the thread has ended.
     */
    public boolean deliverAll(Object[] messages, int from, int to) {
        Mailbox m = mailbox;
        return delivered(m, m == null ? Mailbox.REFUSED : m.offerAll(messages, from, to), to - from);
    }

    /** What a put of {@code count} messages into {@code m} came to: true if taken; else counts them dropped. */
    private static boolean delivered(Mailbox m, int outcome, int count) {
        if (outcome == Mailbox.WOKE_OWNER) {
            wokeByCurrentThread(m);
        } else if (outcome == Mailbox.REFUSED) {
            Stats.dropped(count);
            return false;
        } else if (outcome < 0) {
            Stats.dropped(-outcome); // the mailbox closed as they landed: the ones the close did not count
            return false;
        }
        return true;
    }

    /** The calling thread woke this one's owner: its own next wait does not spin while that thread waits for a carrier (see {@link InboundQueue}). */
    private static void wokeByCurrentThread(Mailbox woken) {
        if (Thread.currentThread().isVirtual()) {
            ThreadState me = Threads.currentOrNull();
            Mailbox mine = me == null ? null : me.mailbox;
            if (mine != null) {
                mine.woke(woken);
            }
        }
    }

    /**
     * Raises {@code signal} at the thread's receive that reaches it (after the messages put
     * before it), or at once in the synchronous call it waits in; false if the thread has ended.
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

    /** The failure of a thread linked to this one, raised at this thread's receive (see {@link #signal}). */
    public void linkedFailure(ThreadRef failed, ExitReason reason) {
        signal(new LinkedThreadException(failed, reason));
    }

    /** Owner only: the mailbox, to take from with this state as the checkpoint. */
    Mailbox mailboxOfOwner() {
        Mailbox m = mailbox;
        if (m == null) {
            throw new IllegalStateException("thread " + ref + " has ended");
        }
        return m;
    }

    /**
     * Owner only: takes a message {@code filter} accepts, or returns {@link Mailbox#CONDITION_MET}
     * once {@code until} is true; whoever makes it true calls {@link #wake}.
     */
    Object takeUntil(Predicate<Object> filter, BooleanSupplier until) {
        return mailboxOfOwner().take(filter, Mailbox.NO_DEADLINE, this, until);
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
        return mailboxOfOwner().removeExactly(message);
    }

    /**
     * Owner only, the checkpoint of a wait that takes no message (a synchronous call): as
     * {@link #check}, and a linked thread's failure ends it at once.
     */
    void checkIncludingSignals() {
        check();
        Mailbox m = mailbox;
        if (m != null) {
            m.raiseSignal();
        }
    }

    // ---- calls --------------------------------------------------------------------------

    /** Owner only: waits until none of this thread's asynchronous calls waits for a reply (see {@link CallTable#awaitAsyncCalls}). */
    void awaitAsyncCalls() {
        CallTable t = calls;
        if (t != null) {
            t.awaitAsyncCalls();
        }
    }

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

    /** Ends the thread: once, on the thread itself (or its watcher, after it ended). */
    @Override
    void exit(ExitReason reason) {
        if (!end(reason, ref)) {
            return;
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

    /**
     * Cancels the thread's asynchronous calls before its exit hooks run: the watch of a call it
     * made to itself is one of them, and would otherwise fail that call as if its target had
     * ended, where the caller's end cancels every call it made.
     */
    @Override
    void ended(ExitReason reason) {
        super.ended(reason);
        CallTable t = calls;
        if (t != null) {
            t.ownerEnded();
        }
    }

    @Override
    boolean adopted() {
        return adopted;
    }

    @Override
    public String toString() {
        return name == null ? "#" + id : "#" + id + " " + name;
    }
}
