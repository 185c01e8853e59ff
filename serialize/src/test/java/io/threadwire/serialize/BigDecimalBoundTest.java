package io.threadwire.serialize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.esotericsoftware.kryo.io.Output;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * A BigDecimal travels with an unscaled value of at most 4 KiB: comparing BigDecimals of
 * different scales computes a power of ten as long as the value, so a sorted set holding one
 * huge value would cost its receiver time that grows faster than the message.
 */
class BigDecimalBoundTest {
    private static final int TREE_SET = 27;
    private static final int BIG_DECIMAL = 52;

    private final MessageCodec sender = Codecs.builtInCodec();
    private final MessageCodec receiver = Codecs.builtInCodec();

    /** BigDecimals up to the bound travel, in a sorted set too, and come back equal. */
    @Test
    void bigDecimalsUpToTheBoundTravel() {
        BigDecimal largest = new BigDecimal(BigInteger.ONE.shiftLeft(8 * 4096 - 2), 3);
        TreeSet<BigDecimal> set = new TreeSet<>();
        set.add(largest);
        set.add(new BigDecimal("12345.678"));
        set.add(BigDecimal.ZERO);

        assertThat(Codecs.roundTrip(receiver, set)).isEqualTo(set);
    }

    /** The sender refuses a BigDecimal past the bound, saying what to send instead. */
    @Test
    void theSenderRefusesABiggerOne() {
        BigDecimal tooBig = new BigDecimal(BigInteger.ONE.shiftLeft(8 * 4096 + 8));

        assertThatThrownBy(() -> sender.encode(tooBig, null)).hasMessageContaining("cannot travel")
                .hasMessageContaining("send its text instead");
    }

    /** A sorted set of a small and a 1 MiB BigDecimal, which no sender makes, is malformed, and refused before it is compared. */
    @Test
    void aHugeOneInASortedSetIsMalformed() {
        byte[] bytes = Wire.bytes(out -> {
            Wire.classId(out, TREE_SET);
            out.writeVarIntFlag(false, 3, true); // two elements, each with its class
            out.writeByte(0);                     // the natural order
            bigDecimal(out, BigInteger.TEN.pow(30), 5);
            bigDecimal(out, BigInteger.ONE.shiftLeft(8 * (1 << 20) - 2), 0);
        });

        assertThat(Codecs.decodeFailure(receiver, bytes)).isInstanceOf(MalformedMessageException.class)
                .isNotInstanceOf(UndecodableMessageException.class);
    }

    private static void bigDecimal(Output out, BigInteger unscaled, int scale) {
        Wire.classId(out, BIG_DECIMAL);
        byte[] b = unscaled.toByteArray();
        out.writeVarInt(b.length + 1, true);
        out.writeBytes(b);
        out.writeVarInt(scale, false);
    }
}
