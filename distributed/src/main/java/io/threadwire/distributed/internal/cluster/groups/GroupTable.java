package io.threadwire.distributed.internal.cluster.groups;

import io.threadwire.core.NodeAddress;
import io.threadwire.core.ThreadRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every join this node knows: its own threads' ({@link LocalJoins}) and each peer's
 * ({@link PeerGroups}), and per group the peers with members in it, so that listing a group
 * visits only the nodes that have members in it. Owned by the groups service's thread.
 */
final class GroupTable {
    final LocalJoins local = new LocalJoins();
    private final Map<NodeAddress, PeerGroups> peers = new LinkedHashMap<>();
    private final Map<String, Set<NodeAddress>> holders = new HashMap<>();

    PeerGroups peer(NodeAddress address) {
        return peers.get(address);
    }

    Set<NodeAddress> peerAddresses() {
        return peers.keySet();
    }

    /** Files {@code state} (empty) as the state of peer {@code address}. */
    void addPeer(NodeAddress address, PeerGroups state) {
        peers.put(address, state);
    }

    /** Forgets peer {@code address}; returns what it had, or null. */
    PeerGroups removePeer(NodeAddress address) {
        PeerGroups gone = peers.remove(address);
        if (gone != null) {
            for (String g : gone.joins().groupNames()) {
                withoutHolder(g, address);
            }
        }
        return gone;
    }

    /** Adds one join per entry of {@code threads} to the peer's {@code group}. */
    void join(NodeAddress address, PeerGroups state, String group, List<ThreadRef> threads) {
        if (!state.joins().has(group) && !threads.isEmpty()) {
            holders.computeIfAbsent(group, g -> new LinkedHashSet<>()).add(address);
        }
        for (ThreadRef t : threads) {
            state.joins().add(group, t);
        }
    }

    /** Takes back one of the peer's joins per entry of {@code threads}; returns the entries that were there. */
    List<ThreadRef> leave(NodeAddress address, PeerGroups state, String group, List<ThreadRef> threads) {
        List<ThreadRef> removed = new ArrayList<>();
        for (ThreadRef t : threads) {
            if (state.joins().remove(group, t)) {
                removed.add(t);
            }
        }
        if (!removed.isEmpty() && !state.joins().has(group)) {
            withoutHolder(group, address);
        }
        return removed;
    }

    /** Every member of {@code group}: this node's joins first, then each peer's. */
    List<ThreadRef> members(String group) {
        List<ThreadRef> all = new ArrayList<>(local.members(group));
        for (NodeAddress a : holders.getOrDefault(group, Set.of())) {
            all.addAll(peers.get(a).joins().members(group));
        }
        return all;
    }

    private void withoutHolder(String group, NodeAddress address) {
        Set<NodeAddress> of = holders.get(group);
        if (of != null && of.remove(address) && of.isEmpty()) {
            holders.remove(group);
        }
    }
}
