package io.threadwire.distributed.internal.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A peer's budget: a charge past it cuts the peer off; room asked ahead of need is only granted
 * while half is free; monitors and links also count against what all peers may hold together.
 */
class PeerBudgetTest {

    @Test
    void roomAheadIsGrantedOnlyWithinHalfTheLimitAndNeverCutsThePeerOff() {
        PeerBudget budget = new PeerBudget("peer", 1000);
        List<String> cutOff = new ArrayList<>();
        budget.onOverBudget(cutOff::add);

        assertThat(budget.tryChargeSurplus(500)).isTrue();
        assertThat(budget.tryChargeSurplus(1)).as("room ahead past half the limit").isFalse();
        assertThat(cutOff).as("a refused request for room ahead cuts nothing off").isEmpty();
        assertThat(budget.charge("half-sent messages", 500)).as("what is needed, up to the limit").isTrue();
        assertThat(budget.charge("half-sent messages", 1)).isFalse();
        assertThat(cutOff).hasSize(1);
        budget.release(1000);
        assertThat(budget.used()).isZero();
    }

    @Test
    void entriesOfAllPeersTogetherStayWithinTheNodesBoundAndOnlyThePeerPastItIsCutOff() {
        PeerStateMemory allPeers = new PeerStateMemory(1000);
        PeerBudget first = new PeerBudget("first", 800, allPeers);
        PeerBudget second = new PeerBudget("second", 800, allPeers);
        List<String> firstCut = new ArrayList<>();
        List<String> secondCut = new ArrayList<>();
        first.onOverBudget(firstCut::add);
        second.onOverBudget(secondCut::add);

        assertThat(first.chargeEntry("a monitor", 600)).isTrue();
        assertThat(second.chargeEntry("a link", 300)).isTrue();
        assertThat(second.chargeEntry("a link", 300)).as("within its own budget, past the node's").isFalse();
        assertThat(secondCut).singleElement().asString().contains("peerStateMemory 1000").contains("a link");
        assertThat(firstCut).isEmpty();
        assertThat(second.used()).as("the refused entry is not charged to the peer").isEqualTo(300);
        assertThat(allPeers.used()).isEqualTo(900);

        assertThat(second.charge("half-sent messages", 400)).as("half-sent messages count against the peer alone")
                .isTrue();
        assertThat(allPeers.used()).isEqualTo(900);
        second.release(400);

        first.releaseEntry(600);
        assertThat(second.chargeEntry("a link", 300)).as("room given back by another peer").isTrue();
        assertThat(allPeers.used()).isEqualTo(600);
        second.releaseEntry(600);
        assertThat(allPeers.used()).isZero();
        assertThat(second.used()).isZero();
    }
}
