package io.threadwire.distributed.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.esotericsoftware.kryo.io.Output;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The reader takes back every varint Kryo writes, the nine-byte form of negative longs included. */
class WireReaderTest {

    private static long roundTrip(long value) {
        Output out = new Output(16, -1);
        out.writeVarLong(value, true);
        byte[] bytes = out.toBytes();
        WireReader in = new WireReader(bytes, 0, bytes.length);
        long read = in.readVarLong();
        in.expectEnd();
        return read;
    }

    /** Negative longs, which Kryo writes in nine bytes, the last one carrying eight bits, come back whole. */
    @Test
    void negativeLongsRoundTrip() {
        for (long v : new long[] {-1, Long.MIN_VALUE, Long.MIN_VALUE + 1, -2, -128, 0x80L << 56, 0xFFL << 56 | 0x7F}) {
            assertThat(roundTrip(v)).as("%x", v).isEqualTo(v);
        }
    }

    /** Every length of varint, and random longs of every sign, come back as written. */
    @Test
    void everyLengthRoundTrips() {
        for (int bits = 0; bits < 64; bits++) {
            long v = 1L << bits;
            assertThat(roundTrip(v)).isEqualTo(v);
            assertThat(roundTrip(v - 1)).isEqualTo(v - 1);
            assertThat(roundTrip(-v)).isEqualTo(-v);
        }
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 100_000; i++) {
            long v = random.nextLong();
            assertThat(roundTrip(v)).isEqualTo(v);
        }
    }

    /** A varint cut short is refused, as every truncated field is. */
    @Test
    void aTruncatedVarintIsRefused() {
        Output out = new Output(16, -1);
        out.writeVarLong(-1, true);
        byte[] nine = out.toBytes();
        assertThat(nine).hasSize(9);
        assertThatThrownBy(() -> new WireReader(nine, 0, 8).readVarLong())
                .isInstanceOf(ProtocolException.class).hasMessageContaining("truncated");
    }

    /** A negative value where a bounded count is expected is refused. */
    @Test
    void aNegativeCountIsRefused() {
        Output out = new Output(16, -1);
        out.writeVarLong(-5, true);
        byte[] bytes = out.toBytes();
        assertThatThrownBy(() -> new WireReader(bytes, 0, bytes.length).readVarInt(100))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("out of range");
    }
}
