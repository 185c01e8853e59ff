package io.threadwire.distributed.internal.cluster.names;

import io.threadwire.core.LocalThread;
import io.threadwire.distributed.internal.cluster.Reply;
import io.threadwire.distributed.internal.cluster.protocol.NamesProtocol.Entry;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** One registration this node runs for one of its threads: where it is, and who it waits for. */
final class Registration {
    /** GATE: waiting for the gate's lock; LOCKING: for every other node's; COMMITTING: for their acknowledgements. */
    enum Phase { GATE, LOCKING, COMMITTING }

    final String name;
    final LocalThread thread;
    final Reply reply;
    final long deadlineNanos;
    long id;                    // of the registration, for its deadline
    long reqId;                 // of the current attempt: answers to an earlier attempt are stale
    int attempts;
    Phase phase;
    List<Party> view;           // the nodes of the current attempt, this one included; one lost leaves it
    Party gate;
    final Set<Party> asked = new HashSet<>();     // sent a Lock this attempt
    final Set<Party> awaiting = new HashSet<>();  // not answered yet (Locked, or Committed)
    Entry entry;                // once committing

    Registration(String name, LocalThread thread, Reply reply, long deadlineNanos) {
        this.name = name;
        this.thread = thread;
        this.reply = reply;
        this.deadlineNanos = deadlineNanos;
    }
}
