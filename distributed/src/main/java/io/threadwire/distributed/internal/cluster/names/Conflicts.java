package io.threadwire.distributed.internal.cluster.names;

import io.threadwire.core.NodeAddress;
import io.threadwire.distributed.internal.cluster.protocol.NamesProtocol;
import io.threadwire.distributed.internal.cluster.protocol.NamesProtocol.Entry;
import java.util.List;

/**
 * Two holders of one name in this node's view (two parts of a cluster met again): the older
 * claim wins at once in the view ({@link NameTable#winner}); this node's own holder, if it
 * lost, gives the name up, and a peer's losing holder's home is told to. That home acts on it
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
     * Where this node's view holds several holders of {@code name}: this node's own loses (and
     * its thread is told) if another's claim is older; for two peers' holders, the loser's home
     * is told.
     */
    void resolve(String name) {
        List<Entry> holders = table.holders(name);
        if (holders.size() < 2) {
            return;
        }
        Entry winner = table.winner(name);
        NodeAddress winnersHome = table.peerHome(winner);
        for (Entry e : holders) {
            if (e == winner) {
                continue;
            }
            if (table.own(name) == e) {
                own.lose(e, winner);
            } else {
                NodeAddress home = table.peerHome(e);
                if (home != null && !home.equals(winnersHome)) {
                    Party loser = new Party(home, table.peer(home).incarnation);
                    peers.send(loser, new NamesProtocol.Conflict(name, e.claim(), winner));
                }
            }
        }
    }
}
