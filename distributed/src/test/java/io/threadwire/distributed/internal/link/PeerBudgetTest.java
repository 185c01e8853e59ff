package io.threadwire.distributed.internal.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A peer's budget: a charge past it cuts the peer off; room asked ahead of need is only granted while half is free. */
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
}
