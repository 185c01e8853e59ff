package io.threadwire.distributed.internal.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.NodeAddress;
import io.threadwire.testkit.Timeouts;
import java.net.UnknownHostException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The name a connecting peer calls itself by is resolved for at most the handshake's time: a
 * DNS that does not answer leaves the name as written at the deadline, and its answer, when it
 * comes, is known from then on.
 */
class AddressesDeadlineTest {
    private static final NodeAddress SELF = new NodeAddress("10.1.0.1", 9000);
    private static final NodeAddress PEER = new NodeAddress("slow-peer.example", 9000);

    @Test
    void aNameDnsDoesNotAnswerInTimeIsKeptAsWrittenThenKnownOnceItAnswers() throws Exception {
        CountDownLatch answer = new CountDownLatch(1);
        Addresses a = new Addresses(SELF, Addresses.CAPACITY, host -> {
            if (!host.equals("slow-peer.example")) {
                throw new UnknownHostException(host);
            }
            try {
                answer.await(); // DNS is slow
            } catch (InterruptedException e) {
                throw new UnknownHostException("interrupted");
            }
            return "10.2.0.7";
        });
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        assertThat(a.resolve(PEER, deadline)).as("at the deadline, as written").isEqualTo(PEER);
        assertThat(System.nanoTime() - deadline).as("returned at its deadline, not at DNS's answer")
                .isLessThan(Timeouts.PROMPT.toNanos());
        answer.countDown();
        Timeouts.await(() -> a.known(PEER).equals(new NodeAddress("10.2.0.7", 9000)), "the late answer is known");
        assertThat(a.resolve(PEER, System.nanoTime())).as("known now, without waiting").isEqualTo(new NodeAddress("10.2.0.7", 9000));
    }

    @Test
    void aLiteralOrAKnownNameNeedsNoLookup() {
        Addresses a = new Addresses(SELF, Addresses.CAPACITY, host -> {
            throw new AssertionError("asked DNS for " + host);
        });
        NodeAddress ip = new NodeAddress("10.2.0.8", 9000);
        assertThat(a.resolve(ip, System.nanoTime())).isEqualTo(ip);
    }
}
