package io.threadwire.distributed.internal.cluster.protocol;

import io.threadwire.core.NodeAddress;
import io.threadwire.core.ThreadRef;
import java.util.Comparator;
import java.util.List;

/** Messages between the global-names services of two nodes, and their values (see {@code package-info}). */
public sealed interface NamesProtocol {

    /**
     * One registration: when, by which node (the home of the thread) and which of its
     * registrations. Claims are ordered by time, then home address, then incarnation, then
     * sequence: the smaller one is older and wins a conflict. Every node orders two claims alike.
     */
    record Claim(long registeredAtMillis, NodeAddress home, long homeIncarnation, long seq) implements NamesProtocol,
            Comparable<Claim> {
        private static final Comparator<Claim> ORDER = Comparator.comparingLong(Claim::registeredAtMillis)
                .thenComparing(c -> c.home().toString()).thenComparingLong(Claim::homeIncarnation)
                .thenComparingLong(Claim::seq);

        @Override
        public int compareTo(Claim other) {
            return ORDER.compare(this, other);
        }
    }

    /** {@code name} held by {@code thread} under {@code claim}. */
    record Entry(String name, ThreadRef thread, Claim claim) implements NamesProtocol {
    }

    /** A name and its holder, in a node service's listing. */
    record Held(String name, ThreadRef thread) implements NamesProtocol {
    }

    /** Every name whose home is the sender: replaces the receiver's table of the sender. */
    record Sync(int protocol, List<Entry> own) implements NamesProtocol {
    }

    /** The registrar asks for the lock on {@code name}; {@code queue}: wait in line if it is held (at the gate). */
    record Lock(String name, long reqId, boolean queue) implements NamesProtocol {
    }

    /** The lock on {@code name} is the registrar's now. */
    record Locked(String name, long reqId) implements NamesProtocol {
    }

    /** {@code name} is held already, by {@code holder}. */
    record Taken(String name, long reqId, Entry holder) implements NamesProtocol {
    }

    /** The lock on {@code name} is held by another registration: let go and try again. */
    record Busy(String name, long reqId) implements NamesProtocol {
    }

    /** The registration succeeded: record {@code entry} and free the lock. */
    record Commit(String name, long reqId, Entry entry) implements NamesProtocol {
    }

    /** The commit was recorded. */
    record Committed(String name, long reqId) implements NamesProtocol {
    }

    /** A registration the receiver took no part in (it connected meanwhile): record it. */
    record Registered(Entry entry) implements NamesProtocol {
    }

    /** The registration gave up: free the lock it holds, if it does. */
    record Unlock(String name, long reqId) implements NamesProtocol {
    }

    /** To the name's home: free {@code name}, answered by {@link UnregisterDone}. */
    record Unregister(long reqId, String name) implements NamesProtocol {
    }

    /** Whether the home freed the name. */
    record UnregisterDone(long reqId, boolean freed) implements NamesProtocol {
    }

    /** From the home: {@code name} under {@code claim} is free (unregistered, its thread ended, or it lost a conflict). */
    record Unregistered(String name, Claim claim) implements NamesProtocol {
    }

    /**
     * To the loser's home, from a node that sees two holders: {@code winner}'s claim is older.
     * The home gives its name up only if {@code winner}'s own home announced it there and has
     * not withdrawn it: the sender's view may be older than the home's.
     */
    record Conflict(String name, Claim loser, Entry winner) implements NamesProtocol {
    }
}
