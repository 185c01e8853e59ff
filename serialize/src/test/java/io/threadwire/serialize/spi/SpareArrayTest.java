package io.threadwire.serialize.spi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The spare array keeps one big array, hands it to one taker, and only within the taker's bounds. */
class SpareArrayTest {
    private static final int BIG = SpareArray.MIN_BYTES;

    @Test
    void aBufferIsTakenOnceAndOnlyForAnItemItSuits() {
        SpareArray spare = new SpareArray();
        byte[] buffer = new byte[4 * BIG];
        spare.offer(buffer);
        assertThat(spare.take(4 * BIG + 1, 2L * (4 * BIG + 1))).as("too small for the item").isNull();
        assertThat(spare.take(2 * BIG - 1, 2L * (2 * BIG - 1))).as("more than twice the item").isNull();
        assertThat(spare.take(3 * BIG, 2L * (3 * BIG))).isSameAs(buffer);
        assertThat(spare.take(3 * BIG, 2L * (3 * BIG))).as("taken already").isNull();
    }

    @Test
    void twiceTheItemIsTheMost() {
        SpareArray spare = new SpareArray();
        byte[] buffer = new byte[2 * BIG + 2];
        spare.offer(buffer);
        assertThat(spare.take(BIG, 2L * BIG)).as("twice the item and 2 bytes").isNull();
        assertThat(spare.take(BIG + 1, 2L * (BIG + 1))).isSameAs(buffer);
    }

    @Test
    void smallBuffersAreNotKeptAndTheLastOfferedIsKept() {
        SpareArray spare = new SpareArray();
        spare.offer(new byte[BIG - 1]);
        assertThat(spare.take(BIG - 1, 2L * (BIG - 1))).as("a small buffer").isNull();
        byte[] huge = new byte[8 * BIG];
        byte[] last = new byte[BIG];
        spare.offer(huge);
        spare.offer(last);
        spare.offer(new byte[BIG - 1]); // too small to replace it
        assertThat(spare.take(BIG, 2L * BIG)).as("the last one kept, though smaller than the one before").isSameAs(last);
    }

    @Test
    void anExactTakeWantsTheVeryLength() {
        SpareArray spare = new SpareArray();
        byte[] array = new byte[BIG + 1];
        spare.offer(array);
        assertThat(spare.take(BIG, BIG)).as("one byte longer").isNull();
        assertThat(spare.take(BIG + 1, BIG + 1)).isSameAs(array);
    }
}
