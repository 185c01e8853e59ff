package io.threadwire.distributed.internal.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.spi.Registration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The monitors a peer holds over one channel: each given back to the budget it was charged to. */
class RemoteWatchersTest {

    /** A hook that counts its cancellations. */
    private static Registration hook(AtomicInteger cancelled) {
        return () -> {
            cancelled.incrementAndGet();
            return true;
        };
    }

    @Test
    void aMonitorGoesBackToTheBudgetItWasChargedToEvenIfTheChannelIsChargedElsewhereLater() {
        PeerBudget first = new PeerBudget("first", 10_000);
        PeerBudget second = new PeerBudget("second", 10_000);
        RemoteWatchers watchers = new RemoteWatchers();
        AtomicInteger cancelled = new AtomicInteger();
        watchers.chargeTo(first);
        watchers.add(1, hook(cancelled));
        watchers.add(2, hook(cancelled));
        watchers.chargeTo(second);
        watchers.add(3, hook(cancelled));

        watchers.cancel(1);
        assertThat(watchers.remove(2)).isTrue();
        watchers.closeAll();

        assertThat(first.used()).as("what the first budget still holds").isZero();
        assertThat(second.used()).as("what the second budget still holds").isZero();
        assertThat(cancelled).as("hooks cancelled: by the peer's cancel and by the close").hasValue(2);
        assertThat(watchers.size()).isZero();
    }
}
