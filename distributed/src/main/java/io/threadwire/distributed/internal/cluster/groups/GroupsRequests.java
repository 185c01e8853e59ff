package io.threadwire.distributed.internal.cluster.groups;

import io.threadwire.core.LocalThread;
import io.threadwire.distributed.internal.cluster.Reply;
import io.threadwire.distributed.internal.cluster.Request;

/** Calls of this node's threads to its groups service (local, never sent to other nodes), and its own notices. */
public sealed interface GroupsRequests {

    /** Adds one join of {@code thread} to {@code group}; answered with null. */
    record Join(String group, LocalThread thread, Reply reply) implements GroupsRequests, Request {
    }

    /** Takes back one join; answered with whether there was one. */
    record Leave(String group, LocalThread thread, Reply reply) implements GroupsRequests, Request {
    }

    /** {@code watcher} hears of {@code group}; answered with the monitor's id. */
    record Monitor(String group, LocalThread watcher, Reply reply) implements GroupsRequests, Request {
    }

    /** Ends monitor {@code id}; answered with whether it was active. */
    record Unmonitor(long id, Reply reply) implements GroupsRequests, Request {
    }

    /** A thread that had joined groups ended (from its exit hook). */
    record Exited(LocalThread thread) implements GroupsRequests {
    }

    /** A thread that monitored a group ended (from its exit hook). */
    record WatcherExited(long id) implements GroupsRequests {
    }
}
