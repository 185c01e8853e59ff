package io.threadwire.distributed.internal.cluster.names;

import io.threadwire.distributed.internal.cluster.protocol.NamesProtocol;
import io.threadwire.distributed.internal.cluster.protocol.NamesProtocol.Entry;
import java.util.List;

/**
 * Two holders of one name in this node's view (two parts of a cluster met again): the older
 * claim wins at once in the view ({@link NameTable#winner}); this node's own holder, if it
 * lost, gives the name up, and a peer whose entry arrives and loses is told to. That home acts on it
 * only if the winner's own home told it of the winner (and has not withdrawn it since), as a
 * winner unregistered meanwhile must not take a live holder's name with it; a winner that
 * still holds the name is announced to the loser's home by its own home, which settles it
 * there: every home resolves on what it heard first-hand, so all end on one holder. Owned by
 * the names service's thread.
 */
final class Conflicts {
    private final NameTable table;
    private final OwnNames own;
    private final NamesPeers peers;

    Conflicts(NameTable table, OwnNames own, NamesPeers peers) {
        this.table = table;
        this.own = own;
        this.peers = peers;
    }

    /**
     * Where this node's view holds several holders of {@code name}, after {@code sender}'s entry
     * for it came: this node's own loses (and its thread is told) if another's claim is older;
     * if {@code sender}'s entry lost, its home is told.
     *
     * <p>Only the sender's home, never every loser's: each home resolves on its own what it hears
     * first-hand as a peer's entry arrives, which is all a Conflict could make it act on, and the
     * winner's home, which hears every loser's commit, tells it of one that came after the
     * winner's entry; telling every loser again added nothing but cost. It cost
     * each message the number of the name's holders: a peer under many addresses, each holding
     * the name, had one announcement of some 100 bytes make this node send a Conflict to every
     * one of them, a Sync of 10,000 names as many times that.
     */
    void resolve(String name, Party sender) {
        List<Entry> holders = table.holders(name);
        if (holders.size() < 2) {
            return;
        }
        Entry winner = table.winner(name);
        Entry mine = table.own(name);
        if (mine != null && mine != winner) {
            own.lose(mine, winner);
        }
        NameTable.PeerNames from = sender == null ? null : table.peer(sender.address());
        Entry sent = from == null || from.incarnation != sender.incarnation() ? null : from.names.get(name);
        if (sent != null && sent != winner) {
            peers.send(sender, new NamesProtocol.Conflict(name, sent.claim(), winner));
        }
    }
}
