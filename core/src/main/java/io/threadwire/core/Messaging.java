package io.threadwire.core;

import io.threadwire.core.internal.Engine;
import io.threadwire.core.internal.MonitorEntry;
import io.threadwire.core.internal.Stats;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
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
 * A null argument throws {@link NullPointerException} naming it. A message for a thread that
 * has ended is dropped and counted ({@link #droppedMessageCount()}), as in Erlang; to learn of
 * a thread's end, {@link #monitor} or {@link #link} it. Waits end with
 * {@link ReceiveTimeoutException} at their timeout, with {@link LinkedThreadException} when a
 * linked thread fails, and with {@link ReceiveInterruptedException} when the thread is
 * interrupted or its node closes.
 */
public final class Messaging {
    private static final AtomicLong MONITOR_IDS = new AtomicLong();

    private Messaging() {
    }

    // ---- threads ------------------------------------------------------------------------------

    /**
     * Starts {@code body} on a new virtual thread with its own mailbox. The new thread belongs
     * to the caller's node, if the caller belongs to one.
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
     * fails (ends by an exception), the caller's next {@code receive} throws
     * {@link LinkedThreadException} carrying the child and the cause; and if the caller fails,
     * the child's next {@code receive} throws likewise. A normal end is not reported.
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
     * Puts {@code message} in the mailbox of {@code to}, in this JVM or on another node. Never
     * waits for the receiver. A remote send encodes the message on the calling thread, so a
     * message that cannot travel fails here; it may wait while the connection to the node opens
     * or while the connection's outbound buffer is full (see the distributed module).
     *
     * @throws NullPointerException  if an argument is null
     * @throws IllegalStateException if {@code to} is remote and no node runs in this JVM
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
     * @return the reply
     * @throws NoSuchThreadException if the target does not exist or has ended
     * @throws CallFailedException   if the target ended, or its node was lost, before replying
     */
    public static Object sendSynchronous(Object message, ThreadRef to) {
        return Engine.call(message, to, null);
    }

    /**
     * As {@link #sendSynchronous(Object, ThreadRef)}, waiting at most {@code timeout}. A reply
     * that arrives after the timeout is discarded, never delivered as a message.
     *
     * @throws ReceiveTimeoutException if no reply came in time
     */
    public static Object sendSynchronous(Object message, ThreadRef to, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        return Engine.call(message, to, timeout);
    }

    /**
     * Answers {@code request} with {@code reply}, from any thread, on any node. Never blocks on
     * the caller. If the caller has stopped waiting the reply is discarded.
     */
    public static void replySynchronous(Object reply, Synchronous request) {
        Engine.reply(reply, request);
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
        Synchronous request = receive(Synchronous.class);
        Object reply = handler.apply(request.data());
        if (reply == null) {
            throw new NullPointerException("the handler returned null for " + request.data() + "; reply with a value");
        }
        Engine.reply(reply, request);
    }

    // ---- monitors and links ---------------------------------------------------------------

    /**
     * Monitors {@code target}: the calling thread will receive exactly one {@link Down} when the
     * target ends ({@code normal} or the exception), at once with {@code noproc} if it has
     * already ended or never existed, or with {@code noconnection} if its node becomes
     * unreachable. Monitoring twice makes two monitors. A monitor is removed when the calling
     * thread ends.
     */
    public static MonitorRef monitor(ThreadRef target) {
        MonitorEntry entry = Engine.monitor(target);
        return new MonitorRef(MONITOR_IDS.incrementAndGet(), target, entry);
    }

    /**
     * Removes a monitor; after this returns no {@link Down} from it is in or will reach the
     * mailbox (one already delivered but not yet received is taken out). Returns true if the
     * monitor had not fired.
     *
     * @throws WrongThreadException if called by a thread other than the one that made the monitor
     */
    public static boolean demonitor(MonitorRef monitor) {
        Objects.requireNonNull(monitor, "monitor");
        return Engine.demonitor((MonitorEntry) monitor.entry);
    }

    /**
     * Links the calling thread and {@code other}, on this node or another: when either fails
     * (ends for any reason but {@code normal}; losing the other's node counts), the other's next
     * {@code receive} throws {@link LinkedThreadException}. Linking to a thread that has
     * already ended raises {@code noproc} that way.
     */
    public static void link(ThreadRef other) {
        Engine.link(other);
    }

    /** Removes the link between the calling thread and {@code other}, if there is one. */
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
