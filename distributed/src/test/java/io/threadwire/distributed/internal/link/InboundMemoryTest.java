package io.threadwire.distributed.internal.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.testkit.Timeouts;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The node-wide inbound memory: half for messages being put back together, which never waits,
 * half for decoding, which waits for room; neither half can take the other's.
 */
class InboundMemoryTest {
    private static final long PATIENCE_NANOS = Timeouts.LONG.toNanos();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() throws InterruptedException {
        threads.shutdownNow();
        assertThat(threads.awaitTermination(PATIENCE_NANOS, TimeUnit.NANOSECONDS)).isTrue();
    }

    private static long deadline() {
        return System.nanoTime() + PATIENCE_NANOS;
    }

    /**
     * Half-sent messages filling their half leave the decoding half whole: peers that start big
     * messages and never finish them cannot stall the decoding of everyone else's. (Before the
     * halves, they could take it all, and every reader waited until its peer was cut off.)
     */
    @Test
    void halfSentMessagesCannotTakeTheDecodingHalf() throws InterruptedException {
        InboundMemory m = new InboundMemory(1000);
        assertThat(m.tryTakeForReassembly(500)).isTrue();
        assertThat(m.tryTakeForReassembly(1)).as("reassembly past its half").isFalse();
        assertThat(m.takeForDecoding(500, System.nanoTime())).as("decoding with reassembly full").isEqualTo(500);
        assertThat(m.used()).isEqualTo(1000);
        m.giveFromReassembly(500);
        m.giveFromDecoding(500);
        assertThat(m.used()).isZero();
    }

    /**
     * Room a reassembly buffer would take ahead of its bytes is granted only while half-sent
     * messages then hold at most half their share; what they need is granted up to all of it.
     */
    @Test
    void roomAheadTakesAtMostHalfTheReassemblyShare() {
        InboundMemory m = new InboundMemory(1000); // a reassembly share of 500
        assertThat(m.tryTakeSurplusForReassembly(250)).isTrue();
        assertThat(m.tryTakeSurplusForReassembly(1)).as("room ahead past half the share").isFalse();
        assertThat(m.tryTakeForReassembly(250)).as("what a transfer needs, up to the whole share").isTrue();
        assertThat(m.used()).isEqualTo(500);
        m.giveFromReassembly(500);
        assertThat(m.used()).isZero();
    }

    /** Decoding cannot take the reassembly half either: a claim is cut to the decoding half. */
    @Test
    void aDecodingClaimIsCutToItsHalf() throws InterruptedException {
        InboundMemory m = new InboundMemory(1000);
        assertThat(m.maxDecodingClaim()).isEqualTo(500);
        assertThat(m.takeForDecoding(10_000, deadline())).as("a claim bigger than the half").isEqualTo(500);
        assertThat(m.tryTakeForReassembly(500)).as("reassembly beside a full decoding half").isTrue();
    }

    /** A decoder that finds no room gives up at its deadline, taking nothing; room given back goes to the next claim. */
    @Test
    void aDecoderWaitsForRoomUntilItsDeadline() throws Exception {
        InboundMemory m = new InboundMemory(1000);
        assertThat(m.takeForDecoding(400, deadline())).isEqualTo(400);
        assertThat(m.takeForDecoding(200, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20)))
                .as("past its deadline").isEqualTo(-1);
        Future<Long> waiting = threads.submit(() -> m.takeForDecoding(200, deadline()));
        m.giveFromDecoding(400);
        assertThat(waiting.get(PATIENCE_NANOS, TimeUnit.NANOSECONDS)).isEqualTo(200);
        assertThat(m.used()).isEqualTo(200);
    }
}
