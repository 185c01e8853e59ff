package io.threadwire.distributed.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The spare buffer keeps one big buffer, hands it to one taker, and only for an item it suits. */
class SpareBufferTest {
    private static final int BIG = SpareBuffer.MIN_BYTES;

    @Test
    void aBufferIsTakenOnceAndOnlyForAnItemItSuits() {
        SpareBuffer spare = new SpareBuffer();
        byte[] buffer = new byte[4 * BIG];
        spare.offer(buffer);
        assertThat(spare.take(4 * BIG + 1)).as("too small for the item").isNull();
        assertThat(spare.take(2 * BIG - 1)).as("more than twice the item").isNull();
        assertThat(spare.take(3 * BIG)).isSameAs(buffer);
        assertThat(spare.take(3 * BIG)).as("taken already").isNull();
    }

    @Test
    void smallBuffersAreNotKeptAndABiggerOneReplacesTheKeptOne() {
        SpareBuffer spare = new SpareBuffer();
        spare.offer(new byte[BIG - 1]);
        assertThat(spare.take(BIG - 1)).as("a small buffer").isNull();
        byte[] one = new byte[BIG];
        byte[] bigger = new byte[BIG + 1];
        spare.offer(one);
        spare.offer(bigger);
        spare.offer(new byte[BIG]);
        assertThat(spare.take(BIG)).isSameAs(bigger);
    }
}
