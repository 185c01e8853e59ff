package io.threadwire.serialize.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.esotericsoftware.kryo.io.KryoBufferOverflowException;
import com.esotericsoftware.kryo.io.Output;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The chunked encoder output: the same bytes a growing buffer would hold, a bound, and a clean restart. */
class ChunkedOutputTest {

    /** Writes a random mix of what Kryo writes (varints, longs, strings, byte runs) to {@code out}. */
    private static void writeMix(Output out, long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < 2_000; i++) {
            switch (random.nextInt(5)) {
                case 0 -> out.writeVarInt(random.nextInt(), random.nextBoolean());
                case 1 -> out.writeLong(random.nextLong());
                case 2 -> out.writeString("é-" + "x".repeat(random.nextInt(40)));
                case 3 -> {
                    byte[] run = new byte[random.nextInt(100)];
                    random.nextBytes(run);
                    out.writeBytes(run);
                }
                default -> out.writeByte(random.nextInt());
            }
        }
    }

    /** Across many chunk boundaries, the bytes are exactly those of one growing buffer. */
    @Test
    void theBytesAreThoseOfOneGrowingBuffer() {
        for (long seed = 0; seed < 5; seed++) {
            Output plain = new Output(16, -1);
            writeMix(plain, seed);
            ChunkedOutput chunked = new ChunkedOutput(16, Long.MAX_VALUE);
            writeMix(chunked, seed);
            assertThat(chunked.total()).isEqualTo(plain.position());
            assertThat(chunked.bytes()).isEqualTo(plain.toBytes());
        }
    }

    /** Past its bound it throws as a bounded Output does; after a restart it holds nothing of before. */
    @Test
    void itIsBoundedAndRestartsEmpty() {
        ChunkedOutput out = new ChunkedOutput(16, 100);
        assertThatThrownBy(() -> out.writeBytes(new byte[200])).isInstanceOf(KryoBufferOverflowException.class);
        out.restart();
        out.writeBytes(new byte[] {1, 2, 3});
        assertThat(out.bytes()).containsExactly(1, 2, 3);
        out.restart();
        out.writeBytes(new byte[90]);
        assertThat(out.bytes()).hasSize(90);
    }
}
