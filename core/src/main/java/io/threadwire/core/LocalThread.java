package io.threadwire.core;

import io.threadwire.core.internal.Access;
import io.threadwire.core.internal.ThreadState;
import java.util.Optional;

/**
 * A thread of this JVM and its mailbox: what {@link Messaging#spawn spawn} returns and
 * {@link Messaging#self self} gives.
 *
 * <p>There is one {@code LocalThread} per thread, so handles compare by identity. A handle
 * stays valid after its thread ends: sends to it are dropped and counted, a monitor on it
 * reports {@code noproc}, and a synchronous call to it throws {@link NoSuchThreadException}.
 * The mailbox itself is released when the thread ends.
 */
public final class LocalThread implements ThreadRef {

    static {
        Access.install(new Access.Bridge() {
            @Override
            public LocalThread newLocalThread(ThreadState state) {
                return new LocalThread(state);
            }

            @Override
            public ThreadState state(LocalThread thread) {
                return thread.state;
            }
        });
    }

    private final ThreadState state;

    private LocalThread(ThreadState state) {
        this.state = state;
    }

    /**
     * The thread's id, unique in this JVM. A thread that belongs to a node is reachable from
     * other nodes as {@code RemoteThread.ById(node address, node incarnation, id)} from the moment
     * it exists until it ends, as an Erlang pid is. A thread of no node (such as {@code main}) is
     * reachable that way once its handle has travelled in a message through a node, whose
     * address the handle then carries.
     */
    public long id() {
        return state.id();
    }

    /** The name given to {@code spawn}, or the adopted thread's name. */
    public Optional<String> name() {
        return Optional.ofNullable(state.name());
    }

    /** Whether the thread is still running. */
    public boolean isAlive() {
        return state.isAlive();
    }

    @Override
    public String toString() {
        return "LocalThread[" + state + "]";
    }
}
