package io.threadwire.core;

import io.threadwire.core.internal.Calls;
import io.threadwire.core.internal.Engine;
import io.threadwire.core.internal.MonitorEntry;
import io.threadwire.core.internal.Stats;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The verbs of threadwire, meant for {@code import static io.threadwire.core.Messaging.*}.
 *
 * <h2>Threads and mailboxes</h2>
 * Every thread has a mailbox: threads started with {@link #spawn} get one at birth, any other
 * thread (such as {@code main}) on its first {@link #self()}, {@code receive} or call. A
 * mailbox is unbounded; {@link #send} appends and never waits for the receiver, and only the
 * owning thread takes messages out. A thread waiting in {@code receive} is parked: a virtual
 * thread holds no carrier thread while it waits. When a thread ends its mailbox is released,
 * its names are freed, and its monitors and links fire.
 *
 * <h2>Ordering</h2>
 * Messages from one sending thread to one receiving thread arrive in the order they were sent,
 * locally and across nodes. A {@code send} happens-before the {@code receive} that returns its
 * message.
 *
 * <h2>Errors</h2>
 * A null argument throws {@link NullPointerException} naming it; every other misuse throws an
 * exception that says what to do. {@link #send} never throws for the network: a message for a
 * thread that has ended, or for a node that cannot be reached, is dropped and counted
 * ({@link #droppedMessageCount()}), as in Erlang; to learn of a thread's end, {@link #monitor}
 * or {@link #link} it. Waits end with {@link ReceiveTimeoutException} at their timeout, with
 * {@link LinkedThreadException} when a linked thread fails, with {@link ExitSignalException}
 * when the thread is told to {@link #exit} (or its node closes), and with
 * {@link ReceiveInterruptedException} when the thread is interrupted.
 *
 * <p>A thread that ends by an exception logs one line at WARN on the logger
 * {@code io.threadwire.core.failures} (its stack trace at DEBUG); a thread that ends because a
 * linked thread failed logs at DEBUG only, so a chain of linked threads reports its original
 * failure once.
 */
public final class Messaging {
    private static final AtomicLong MONITOR_IDS = new AtomicLong();

    private Messaging() {
    }

    // ---- threads ------------------------------------------------------------------------------

    /**
     * Starts {@code body} on a new virtual thread with its own mailbox. The new thread belongs
     * to the caller's node, if the caller belongs to one. Its JDK thread has no name, as virtual
     * threads have none by default; give one with {@link #spawn(String, Runnable)}.
     */
    public static LocalThread spawn(Runnable body) {
        Objects.requireNonNull(body, "body");
        return Engine.spawn(null, body, false);
    }

    /** As {@link #spawn(Runnable)}, naming the thread (the name shows in logs and thread dumps). */
    public static LocalThread spawn(String name, Runnable body) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(body, "body");
        return Engine.spawn(name, body, false);
    }

    /**
     * As {@link #spawn(Runnable)}, linked to the calling thread before it starts: if the child
     * fails (ends by an exception), the caller's {@code receive} throws
     * {@link LinkedThreadException} carrying the child and the cause, once it has taken the
     * messages the child sent before it failed; and if the caller fails, the child's
     * {@code receive} throws likewise. A normal end is not reported.
     */
    public static LocalThread spawnLinked(Runnable body) {
        Objects.requireNonNull(body, "body");
        return Engine.spawn(null, body, true);
    }

    /** As {@link #spawnLinked(Runnable)}, naming the thread. */
    public static LocalThread spawnLinked(String name, Runnable body) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(body, "body");
        return Engine.spawn(name, body, true);
    }

    /** The calling thread; gives it a mailbox if it has none yet. */
    public static LocalThread self() {
        return Engine.self();
    }

    // ---- send and receive -----------------------------------------------------------------

    /**
     * Puts {@code message} in the mailbox of {@code to}, in this JVM or on another node, and
     * returns. Never waits for the receiver.
     *
     * <p><b>Never throws for the network</b>, as Erlang's {@code !} and Akka's {@code tell}: a
     * message for a node that cannot be reached, or whose connection is found lost, is dropped,
     * counted ({@link #droppedMessageCount()}) and reported through the target's monitors (a
     * {@link Down} with {@code noconnection}) and links, so that a thread relaying to many
     * others is not brought down by one of them. A message for a thread that has ended is
     * dropped and counted likewise. Messages already on their way when a connection is lost are
     * lost with it, reported the same way but not counted: the sender cannot know whether they
     * arrived. A remote send encodes the message on the calling thread; it
     * may wait while the connection to the node opens (at most the node's
     * {@code connectTimeout}) or while the connection's outbound buffer is full (at most its
     * {@code sendTimeout}; a node that does not drain its connection that long is treated as
     * failed). It throws only for the caller's own mistakes, and then sends nothing:
     *
     * @throws NullPointerException  if an argument is null
     * @throws IllegalStateException if {@code to} is remote, the calling thread belongs to no node
     *                               and this JVM has no default node ({@code Distributed.startNode}:
     *                               a node started with {@code Node.start} sends only for its own threads)
     * @throws ThreadwireException   if {@code to} is remote and the message cannot travel: the
     *                               distributed module's {@code ClassNotAdmittedException} (it
     *                               holds a class the nodes do not admit; it names the class and
     *                               how to admit it) or {@code MessageTooLargeException} (it
     *                               encodes to more than the node's {@code maxMessageSize})
     * @throws IllegalArgumentException if {@code to} is remote and the message holds a
     *                               {@code BigDecimal} whose unscaled value is over 4 KiB (about
     *                               9,860 digits), which no node decodes: send its text instead
     * @throws ExitSignalException   if the calling thread was told to {@link #exit} and has not
     *                               yet seen it (once)
     */
    public static void send(Object message, ThreadRef to) {
        Engine.send(message, to);
    }

    /** Takes the oldest message, waiting as long as it takes. */
    public static Object receive() {
        return Engine.receive(null, null, "message");
    }

    /**
     * Takes the oldest message, waiting at most {@code timeout}.
     *
     * @throws ReceiveTimeoutException if none arrived in time
     */
    public static Object receive(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        return Engine.receive(null, timeout, "message");
    }

    /**
     * Takes the oldest message that is an instance of {@code type}, waiting as long as it takes;
     * the other messages stay in the mailbox, in their order.
     */
    public static <T> T receive(Class<T> type) {
        Objects.requireNonNull(type, "type");
        return type.cast(Engine.receive(type::isInstance, null, type.getName()));
    }

    /**
     * As {@link #receive(Class)}, waiting at most {@code timeout}.
     *
     * @throws ReceiveTimeoutException if no such message arrived in time
     */
    public static <T> T receive(Class<T> type, Duration timeout) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(timeout, "timeout");
        return type.cast(Engine.receive(type::isInstance, timeout, type.getName()));
    }

    /**
     * Takes the oldest message {@code filter} accepts, waiting as long as it takes; the other
     * messages stay in the mailbox, in their order. The filter runs on the calling thread.
     */
    public static Object receiveIf(Predicate<Object> filter) {
        Objects.requireNonNull(filter, "filter");
        return Engine.receive(filter, null, "matching message");
    }

    /**
     * As {@link #receiveIf(Predicate)}, waiting at most {@code timeout}.
     *
     * @throws ReceiveTimeoutException if no such message arrived in time
     */
    public static Object receiveIf(Predicate<Object> filter, Duration timeout) {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(timeout, "timeout");
        return Engine.receive(filter, timeout, "matching message");
    }

    // ---- synchronous calls ----------------------------------------------------------------

    /**
     * Sends {@code message} to {@code to} as a {@link Synchronous} request and waits for the
     * reply, as long as it takes. The call fails at once if the target does not exist, ends
     * before it replies, or its node becomes unreachable.
     *
     * <p>While it waits it throws as {@link #receive()} does ({@link LinkedThreadException},
     * {@link ExitSignalException}, {@link ReceiveInterruptedException}); the call is then
     * abandoned and a reply that arrives later is discarded.
     *
     * @return the reply
     * @throws NullPointerException     if an argument is null
     * @throws NoSuchThreadException    if the target does not exist or has ended
     * @throws CallFailedException      if the target ended, or its node was lost, before replying
     * @throws IllegalArgumentException if {@code to} is the calling thread (its local handle, or
     *                                  a handle of its own node naming it by id or by a name it
     *                                  holds), which could never serve the request while it
     *                                  waits (nothing is sent; use
     *                                  {@link #callAsync} with {@link #awaitServing} instead)
     * @throws IllegalStateException    if {@code to} is remote and no node sends for the caller
     *                                  (as {@link #send} says), or that node is closed
     * @throws ThreadwireException      as {@link #send} throws it, and then nothing is sent
     */
    public static Object sendSynchronous(Object message, ThreadRef to) {
        return Calls.call(message, to, null);
    }

    /**
     * As {@link #sendSynchronous(Object, ThreadRef)}, waiting at most {@code timeout}. A reply
     * that arrives after the timeout is discarded, never delivered as a message. A timeout of
     * zero sends the request and fails at once unless the reply is already there.
     *
     * @throws ReceiveTimeoutException  if no reply came in time
     * @throws IllegalArgumentException if {@code timeout} is negative (nothing is sent)
     */
    public static Object sendSynchronous(Object message, ThreadRef to, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        return Calls.call(message, to, timeout);
    }

    /**
     * Sends {@code message} to {@code to} as a {@link Synchronous} request, as
     * {@link #sendSynchronous} does, and returns at once with the future reply (Erlang's
     * {@code send_request}): the calling thread can go on working, have many calls under way at
     * once (their replies are told apart by the request's tag), and take each reply when it
     * likes, with {@code join()} or with {@link #awaitServing}.
     *
     * <p>The future completes with the reply, or exceptionally with what
     * {@code sendSynchronous} would throw: {@link NoSuchThreadException} if the target does not
     * exist or has ended (at once), {@link CallFailedException} if it ends or its node is lost
     * before it replies. Without a timeout it waits as long as the target lives. Cancelling (or
     * completing) the future stops watching the target; a reply that arrives later is discarded,
     * never delivered as a message. If the calling thread ends first, the future is cancelled:
     * no reply can reach it any more. That holds for a call the thread made to itself too: its
     * end cancels the call rather than failing it as a call to a thread that ended.
     *
     * <p>Works from any thread, including one threadwire did not start (such as a pool thread,
     * which gets a mailbox as with {@link #self()}). The reply goes to the future, not to the
     * mailbox. The future is completed on a virtual thread of its own, never on the replying
     * thread, so stages chained to it run there; its asynchronous stages given no executor run
     * on virtual threads. A stage that calls {@code callAsync} itself, as in
     * {@code callAsync(a, t).thenCompose(r -> callAsync(b, t))}, is that call's caller: its
     * thread lives on, parked, until the call has its outcome, so the composed future completes
     * with the second reply rather than being cancelled by the end of the stage's thread.
     *
     * <p>If it throws, nothing was sent and nothing of the call remains: no watch on the target,
     * no entry waiting for a reply.
     *
     * @throws NullPointerException  if an argument is null
     * @throws IllegalStateException if {@code to} is remote and no node sends for the caller (as
     *                               {@link #send} says), or the
     *                               node the call would go through is closed or closing
     * @throws ThreadwireException   as {@link #send} throws it, and then nothing is sent
     */
    public static CompletableFuture<Object> callAsync(Object message, ThreadRef to) {
        return Calls.callAsync(message, to, null);
    }

    /**
     * As {@link #callAsync(Object, ThreadRef)}; if no reply came within {@code timeout}, the
     * future completes exceptionally with {@link ReceiveTimeoutException}.
     *
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public static CompletableFuture<Object> callAsync(Object message, ThreadRef to, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        return Calls.callAsync(message, to, timeout);
    }

    /**
     * Waits until {@code future} is done, serving meanwhile the {@link Synchronous} requests that
     * reach the calling thread, oldest first, each as {@link #handleSynchronous} would (other
     * messages stay queued, in their order). Returns the future's value, or throws its exception
     * unwrapped, as {@code sendSynchronous} would throw it.
     *
     * <p>This is how two threads call each other without a deadlock: in AVM's ping-pong, ping
     * calls pong, and pong's handler calls ping back before it replies.
     * <pre>{@code
     * // ping: calls pong, answering pong's call-back while it waits
     * Object pongs = awaitServing(callAsync(new Ping(n), pong), callback -> answer(callback));
     * // pong
     * Synchronous ping = receive(Synchronous.class);
     * Object back = sendSynchronous(new Callback(n), ping.sender());
     * replySynchronous(new Pong(back), ping);
     * }</pre>
     *
     * <p>Blocks until the future is done (give {@code callAsync} a timeout to bound it). Throws as
     * {@code receive} does ({@link LinkedThreadException}, {@link ExitSignalException},
     * {@link ReceiveInterruptedException}); if the handler throws, that request is not answered
     * and the exception propagates; a future cancelled throws
     * {@link java.util.concurrent.CancellationException}.
     *
     * @throws NullPointerException if an argument is null, or the handler returns null
     */
    public static <T> T awaitServing(CompletableFuture<T> future, Function<Object, Object> handler) {
        return Calls.awaitServing(future, handler);
    }

    /**
     * Answers {@code request} with {@code reply}, from any thread of the node the request reached
     * (or of the caller's node). Never blocks on the caller. If the caller has stopped waiting the
     * reply is discarded; so is a reply from a thread of another node (see {@link Synchronous}).
     */
    public static void replySynchronous(Object reply, Synchronous request) {
        Calls.reply(reply, request);
    }

    /**
     * Serves one request: takes the oldest {@link Synchronous} (other messages stay queued),
     * and replies with {@code handler} applied to its data. If the handler throws, nothing is
     * replied and the exception propagates (the caller learns of it if this thread then ends).
     *
     * @throws NullPointerException if the handler returns null (a reply must be a value)
     */
    public static void handleSynchronous(Function<Object, Object> handler) {
        Objects.requireNonNull(handler, "handler");
        Calls.serve(receive(Synchronous.class), handler);
    }

    // ---- timers and exit signals -----------------------------------------------------------

    /**
     * Sends {@code message} to {@code to} once {@code delay} has passed (Erlang's
     * {@code erlang:send_after}, AnyEvent's {@code after}), and returns at once with a
     * {@link TimerRef} whose {@link TimerRef#cancel cancel()} stops it.
     *
     * <p>A pending timer is an entry in one queue the JVM shares, not a thread: hundreds of
     * thousands may wait at once. Timers due at the same instant fire in the order they were
     * set; a timer's message has no order relative to the caller's other sends. A timer does not
     * depend on the thread that set it. When it fires its message is sent as {@link #send}
     * would: dropped and counted if the target has ended. A remote message is sent from a
     * virtual thread, so that no node holds up the timers of others, and one that cannot
     * travel is dropped, counted and logged then (it is not encoded here).
     *
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if {@code delay} is negative
     * @throws IllegalStateException    if {@code to} is remote and no node sends for the caller (as
     *                                  {@link #send} says)
     */
    public static TimerRef sendAfter(Duration delay, Object message, ThreadRef to) {
        return new TimerRef(Engine.sendAfter(delay, message, to));
    }

    /**
     * Sends an exit signal (Erlang's {@code exit/2}, AnyEvent::MP's {@code kil}): {@code thread}
     * ends with {@code reason}. Its monitors see that reason in their {@link Down}; its links
     * raise it as a {@link LinkedThreadException} in the other thread, unless it is normal.
     * Never blocks.
     *
     * <p><b>Reasons.</b> An {@link ExitReason} is used as it is: {@code ExitReason.SHUTDOWN}
     * stops a thread as its supervisor would, {@code ExitReason.NORMAL} ends it quietly (no
     * link fires). An exception becomes {@link ExitReason.Crashed}, as if the thread had thrown
     * it; any other value becomes {@link ExitReason.Custom}, which reads as the value's
     * {@code toString()}. Unlike Erlang, where {@code exit(Pid, normal)} is ignored by a process
     * that does not trap exits, {@code normal} here ends the thread: threadwire has no trapping
     * of exits, and a normal end never travels along links, so the signal's only effect is the
     * one asked for.
     *
     * <p><b>When.</b> A running thread is not preempted (Java cannot stop running code
     * safely). The signal is thrown as {@link ExitSignalException} by the thread's next
     * {@code receive}, call or {@link #awaitServing} (including one it is waiting in now), and,
     * once, by its next {@code send}, {@code callAsync} or {@code sendAfter}; the thread is
     * interrupted too, so that a JDK wait ({@code sleep}, {@code join}, blocking I/O) ends. A
     * thread that computes without doing any of these runs on until it does; it can look at
     * {@code Thread.currentThread().isInterrupted()}. Catching the exception does not save the
     * thread: every later wait throws it again, and the thread ends with {@code reason} however
     * its body ends. The first signal wins; later ones, and one to a thread that has ended, are
     * ignored. {@code exit(self(), reason)} throws at once. The signal is never overtaken by a
     * message the caller sends to the thread after it: no {@code receive} returns such a
     * message; earlier messages may or may not be taken before the signal is thrown.
     *
     * <p>A thread threadwire did not start (such as {@code main} or a pool thread) is not
     * ended, but its threadwire life is, when the signal is thrown in it: its monitors and links
     * fire with the reason and its mailbox is discarded; if it uses threadwire again it does so
     * as a new thread, with a new {@link #self()}.
     *
     * <p>A signal for a thread of another node travels over the connection to it, in order with
     * the caller's messages to that thread; it is ignored if the thread does not exist or the
     * node cannot be reached.
     *
     * @throws NullPointerException          if an argument is null
     * @throws IllegalStateException         if {@code thread} is remote and no node sends for the
     *                                       caller (as {@link #send} says)
     * @throws UnsupportedOperationException if {@code thread} is remote and its node cannot send
     *                                       exit signals
     * @throws ExitSignalException           if {@code thread} is the calling thread
     */
    public static void exit(ThreadRef thread, Object reason) {
        Engine.exit(thread, reason);
    }

    // ---- monitors and links ---------------------------------------------------------------

    /**
     * Monitors {@code target}: the calling thread will receive exactly one {@link Down} when the
     * target ends ({@code normal} or the exception), at once with {@code noproc} if it has
     * already ended or never existed, or with {@code noconnection} if its node becomes
     * unreachable. Monitoring twice makes two monitors. A monitor is removed when the calling
     * thread ends.
     *
     * @throws NullPointerException  if {@code target} is null
     * @throws IllegalStateException if {@code target} is remote and no node sends for the caller
     *                               (as {@link #send} says)
     */
    public static MonitorRef monitor(ThreadRef target) {
        MonitorEntry entry = Engine.monitor(target);
        return new MonitorRef(MONITOR_IDS.incrementAndGet(), target, entry);
    }

    /**
     * As {@link #spawn(String, Runnable)}, monitored by the calling thread before it runs
     * (Erlang's {@code spawn_monitor}); the monitor's target is the new thread. Internal, for
     * {@link Supervisor}, which must learn the real reason a thread ended however soon it ends.
     */
    static MonitorRef spawnMonitored(String name, Runnable body) {
        MonitorEntry entry = Engine.spawnMonitored(name, body);
        return new MonitorRef(MONITOR_IDS.incrementAndGet(), entry.target(), entry);
    }

    /**
     * Removes a monitor; after this returns no {@link Down} from it is in or will reach the
     * mailbox (one already delivered but not yet received is taken out). Returns true if the
     * monitor had not fired. On a thread threadwire did not start whose threadwire life an exit
     * signal ended after it made the monitor, it returns false: the monitor went with that life.
     *
     * @throws WrongThreadException if called by a thread other than the one that made the monitor
     */
    public static boolean demonitor(MonitorRef monitor) {
        Objects.requireNonNull(monitor, "monitor");
        return Engine.demonitor((MonitorEntry) monitor.entry);
    }

    /**
     * Links the calling thread and {@code other}, on this node or another: when either fails
     * (ends for any reason but {@code normal}; losing the other's node counts), the other's
     * {@code receive} throws {@link LinkedThreadException}, after the messages the failed thread
     * sent before it failed (a synchronous call the other waits in throws it at once). Linking
     * to a thread that has
     * already ended raises {@code noproc} that way. There is one link per pair of threads:
     * linking again, from either side, changes nothing.
     *
     * @throws NullPointerException  if {@code other} is null
     * @throws IllegalStateException if {@code other} is remote and no node sends for the caller
     *                               (as {@link #send} says)
     */
    public static void link(ThreadRef other) {
        Engine.link(other);
    }

    /**
     * Removes the link between the calling thread and {@code other}, if there is one, whichever
     * side made it. Once this returns the link has no effect on the caller, even if
     * {@code other} was failing at that moment: a failure raised but not yet thrown is taken
     * back (Erlang's guarantee).
     *
     * @throws NullPointerException  if {@code other} is null
     * @throws IllegalStateException if {@code other} is remote and no node sends for the caller
     *                               (as {@link #send} says)
     */
    public static void unlink(ThreadRef other) {
        Engine.unlink(other);
    }

    // ---- local names ------------------------------------------------------------------------

    /**
     * Registers {@code thread} under {@code name} in this JVM's local registry, until it ends or
     * the name is unregistered. (Names reachable from other nodes are registered on a node:
     * see {@code Distributed.registerRemoteThread}.)
     *
     * @throws IllegalStateException if another live thread holds the name
     * @throws NoSuchThreadException if {@code thread} has ended
     */
    public static void register(String name, LocalThread thread) {
        Engine.register(name, thread);
    }

    /** Frees {@code name} in the local registry; returns whether it was registered. */
    public static boolean unregister(String name) {
        return Engine.localNames().unregister(name);
    }

    /** The live thread registered under {@code name} in the local registry, if any. */
    public static Optional<LocalThread> whereis(String name) {
        return Engine.localNames().whereis(name);
    }

    /** Messages discarded in this JVM because their target had ended or did not exist. */
    public static long droppedMessageCount() {
        return Stats.droppedMessages();
    }
}
