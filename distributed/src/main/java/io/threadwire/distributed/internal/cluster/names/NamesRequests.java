package io.threadwire.distributed.internal.cluster.names;

import io.threadwire.core.LocalThread;
import io.threadwire.distributed.internal.cluster.Reply;
import io.threadwire.distributed.internal.cluster.Request;

/** Calls of this node's threads to its names service (local, never sent to other nodes), and its own notices. */
public sealed interface NamesRequests {

    /** Registers {@code name} for {@code thread}, a thread of this node; answered with whether it holds it. */
    record Register(String name, LocalThread thread, Reply reply) implements NamesRequests, Request {
    }

    /** Frees {@code name}, wherever its home is; answered with whether this call freed it. */
    record Unregister(String name, Reply reply) implements NamesRequests, Request {
    }

    /** A thread that held names ended (from its exit hook). */
    record Exited(LocalThread thread) implements NamesRequests {
    }

    /** Time for registration {@code reqId} to try again, after its locks were busy. */
    record Retry(long reqId) implements NamesRequests {
    }

    /** Registration {@code id}'s time is up. */
    record Expire(long id) implements NamesRequests {
    }
}
