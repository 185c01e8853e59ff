package io.threadwire.distributed.internal.cluster.protocol;

import io.threadwire.core.ThreadRef;
import java.util.List;
import java.util.Map;

/** Messages between the groups services of two nodes (see {@code package-info}). */
public sealed interface GroupsProtocol {

    /** Every join of the sender's threads, by group, one entry per join: replaces the receiver's view of the sender. */
    record Sync(int protocol, Map<String, List<ThreadRef>> groups) implements GroupsProtocol {
    }

    /** Threads of the sender joined {@code group}, one entry per join. */
    record Join(String group, List<ThreadRef> threads) implements GroupsProtocol {
    }

    /** Threads of the sender left {@code group}, one entry per join taken back. */
    record Leave(String group, List<ThreadRef> threads) implements GroupsProtocol {
    }
}
