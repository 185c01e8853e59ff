package io.threadwire.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A put racing with the owner's close is either refused (and its sender counts it dropped) or
 * counted by the close: a message for a thread that ends is never lost uncounted.
 */
class MailboxCloseRaceTest {

    private static final int ROUNDS = 300;
    private static final int PRODUCERS = 2;

    @Test
    void everyAcceptedPutIsTakenOrCountedByTheClose() throws Exception {
        long lost = 0;
        int roundsLosing = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Mailbox mailbox = new Mailbox();
            AtomicLong accepted = new AtomicLong();
            CountDownLatch started = new CountDownLatch(PRODUCERS);
            Thread[] producers = new Thread[PRODUCERS];
            for (int p = 0; p < PRODUCERS; p++) {
                producers[p] = Thread.ofPlatform().start(() -> {
                    started.countDown();
                    long n = 0;
                    while (mailbox.offer("m") > Mailbox.REFUSED) { // below: refused, or taken back as it closed
                        n++;
                    }
                    accepted.addAndGet(n);
                });
            }
            started.await();
            long taken = 0;
            for (int i = 0; i < 64 && mailbox.tryTake() != null; i++) {
                taken++;
            }
            long dropped = mailbox.close();
            for (Thread t : producers) {
                t.join();
            }
            long missing = accepted.get() - taken - dropped;
            if (missing != 0) {
                lost += missing;
                roundsLosing++;
            }
        }
        assertThat(lost).as("messages accepted but neither taken nor counted, in %d of %d rounds", roundsLosing, ROUNDS)
                .isZero();
    }
}
