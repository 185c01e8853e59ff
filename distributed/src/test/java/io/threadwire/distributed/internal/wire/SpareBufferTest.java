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
    void twiceTheItemIsTheMost() {
        SpareBuffer spare = new SpareBuffer();
        byte[] buffer = new byte[2 * BIG + 2];
        spare.offer(buffer);
        assertThat(spare.take(BIG)).as("twice the item and 2 bytes").isNull();
        assertThat(spare.take(BIG + 1)).isSameAs(buffer);
    }

    @Test
    void smallBuffersAreNotKeptAndTheLastOfferedIsKept() {
        SpareBuffer spare = new SpareBuffer();
        spare.offer(new byte[BIG - 1]);
        assertThat(spare.take(BIG - 1)).as("a small buffer").isNull();
        byte[] huge = new byte[8 * BIG];
        byte[] last = new byte[BIG];
        spare.offer(huge);
        spare.offer(last);
        spare.offer(new byte[BIG - 1]); // too small to replace it
        assertThat(spare.take(BIG)).as("the last one kept, though smaller than the one before").isSameAs(last);
    }
}
