package io.threadwire.distributed.internal.cluster.names;

import io.threadwire.core.LocalThread;
import io.threadwire.core.NodeAddress;
import io.threadwire.distributed.internal.cluster.protocol.NamesProtocol.Claim;
import io.threadwire.distributed.internal.cluster.protocol.NamesProtocol.Entry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The global names this node knows: its own (names whose thread, and so whose home, is this
 * node) and each peer's (as that peer announced them). Where a name has several holders (two
 * parts of a cluster met again), the one with the older claim wins, and that is what the node
 * publishes ({@link NameViews}). Owned by the names service's thread.
 */
final class NameTable {
    /** One peer's names, for one incarnation of it. Read only outside this class, which keeps {@link #holders} in step. */
    static final class PeerNames {
        final NodeAddress address;
        final long incarnation;
        final Map<String, Entry> names = new HashMap<>();

        PeerNames(NodeAddress address, long incarnation) {
            this.address = address;
            this.incarnation = incarnation;
        }
    }

    private final Map<String, Entry> own = new LinkedHashMap<>();
    private final Map<LocalThread, List<String>> ownByThread = new HashMap<>();
    private final Map<NodeAddress, PeerNames> peers = new LinkedHashMap<>();
    /**
     * Each name's holders among the peers, by peer: what a name's view needs is found without a
     * pass over every peer, so handling a name costs the same in a cluster of two or of a thousand.
     */
    private final Map<String, Map<NodeAddress, Entry>> peerHolders = new HashMap<>();
    private final NameViews views;

    NameTable(NameViews views) {
        this.views = views;
    }

    // ---- this node's names -------------------------------------------------------------------

    Entry own(String name) {
        return own.get(name);
    }

    int ownCount() {
        return own.size();
    }

    List<Entry> ownEntries() {
        return List.copyOf(own.values());
    }

    boolean holdsAny(LocalThread thread) {
        return ownByThread.containsKey(thread);
    }

    void addOwn(Entry e) {
        own.put(e.name(), e);
        ownByThread.computeIfAbsent((LocalThread) e.thread(), t -> new ArrayList<>()).add(e.name());
        publish(e.name());
    }

    /** Removes this node's entry for {@code name} if it has {@code claim} (any claim if null); returns it, or null. */
    Entry removeOwn(String name, Claim claim) {
        Entry e = own.get(name);
        if (e == null || claim != null && !e.claim().equals(claim)) {
            return null;
        }
        own.remove(name);
        List<String> of = ownByThread.get((LocalThread) e.thread());
        if (of != null) {
            of.remove(name);
            if (of.isEmpty()) {
                ownByThread.remove((LocalThread) e.thread());
            }
        }
        publish(name);
        return e;
    }

    /** The names {@code thread} holds here. */
    List<String> namesOf(LocalThread thread) {
        return List.copyOf(ownByThread.getOrDefault(thread, List.of()));
    }

    // ---- peers' names ----------------------------------------------------------------------------

    PeerNames peer(NodeAddress address) {
        return peers.get(address);
    }

    Set<NodeAddress> peerAddresses() {
        return peers.keySet();
    }

    /** The state of a peer, made for {@code incarnation} (an older incarnation's is dropped first). */
    PeerNames peerState(NodeAddress address, long incarnation) {
        PeerNames p = peers.get(address);
        if (p != null && p.incarnation != incarnation) {
            dropPeer(address);
            p = null;
        }
        if (p == null) {
            p = new PeerNames(address, incarnation);
            peers.put(address, p);
        }
        return p;
    }

    /** Forgets a peer and its names. */
    void dropPeer(NodeAddress address) {
        PeerNames gone = peers.remove(address);
        if (gone != null) {
            for (String name : gone.names.keySet()) {
                unindex(name, address);
                publish(name);
            }
        }
    }

    /**
     * Makes {@code entries} all of a peer's names. Only the names it no longer holds are removed
     * from the view: one it keeps is published once, with its holder, never as missing in
     * between, so that {@code whereis} and {@code send} find it throughout.
     */
    void replacePeer(PeerNames p, List<Entry> entries) {
        Set<String> before = Set.copyOf(p.names.keySet());
        for (String name : before) {
            unindex(name, p.address);
        }
        p.names.clear();
        for (Entry e : entries) {
            p.names.put(e.name(), e);
            index(p.address, e);
        }
        for (String name : before) {
            if (!p.names.containsKey(name)) {
                publish(name);
            }
        }
        for (String name : p.names.keySet()) {
            publish(name);
        }
    }

    void putPeer(PeerNames p, Entry e) {
        p.names.put(e.name(), e);
        index(p.address, e);
        publish(e.name());
    }

    /** Removes a peer's entry for {@code name} if it has {@code claim}; true if it did. */
    boolean removePeer(PeerNames p, String name, Claim claim) {
        Entry e = p.names.get(name);
        if (e == null || !e.claim().equals(claim)) {
            return false;
        }
        p.names.remove(name);
        unindex(name, p.address);
        publish(name);
        return true;
    }

    /**
     * This node's entry for {@code e}'s name and claim as {@code e}'s home announced it (and has
     * not withdrawn it since), or null: what this node knows of {@code e} first-hand.
     */
    Entry announced(Entry e) {
        // Found by its claim among the name's holders, not by the claim's home address: a home
        // calls itself by a host name where this node may file it under the name's IP. Each
        // peer's entries carry that peer's own claims (NamesChecks), so one found is its home's.
        for (Entry known : peerHolders.getOrDefault(e.name(), Map.of()).values()) {
            if (known.claim().equals(e.claim())) {
                return known;
            }
        }
        return null;
    }

    /** The peer whose table holds {@code e} itself, or null (this node's own, or nobody's). */
    NodeAddress peerHome(Entry e) {
        for (Map.Entry<NodeAddress, Entry> h : peerHolders.getOrDefault(e.name(), Map.of()).entrySet()) {
            if (h.getValue() == e) {
                return h.getKey();
            }
        }
        return null;
    }

    private void index(NodeAddress peer, Entry e) {
        peerHolders.computeIfAbsent(e.name(), n -> new LinkedHashMap<>(2)).put(peer, e);
    }

    private void unindex(String name, NodeAddress peer) {
        Map<NodeAddress, Entry> holders = peerHolders.get(name);
        if (holders != null && holders.remove(peer) != null && holders.isEmpty()) {
            peerHolders.remove(name);
        }
    }

    // ---- the view ------------------------------------------------------------------------------

    /** Every holder of {@code name} this node knows, its own first. */
    List<Entry> holders(String name) {
        List<Entry> all = new ArrayList<>(2);
        Entry mine = own.get(name);
        if (mine != null) {
            all.add(mine);
        }
        all.addAll(peerHolders.getOrDefault(name, Map.of()).values());
        return all;
    }

    /** The holder of {@code name} whose claim is the oldest, or null. */
    Entry winner(String name) {
        Entry best = null;
        for (Entry e : holders(name)) {
            if (best == null || e.claim().compareTo(best.claim()) < 0) {
                best = e;
            }
        }
        return best;
    }

    private void publish(String name) {
        Entry w = winner(name);
        views.publish(name, w == null ? null : w.thread());
    }
}
