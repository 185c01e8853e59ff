package io.threadwire.serialize.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.esotericsoftware.kryo.io.KryoBufferOverflowException;
import com.esotericsoftware.kryo.io.Output;
import io.threadwire.serialize.spi.SpareArray;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** {@link MessageOutput} writes what Kryo's {@link Output} writes, growing once for a big write and handing a full buffer over. */
class MessageOutputTest {
    private static final int MAX = 4 << 20;

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** A mix of writes, small and large, each crossing the buffer's end somewhere. */
    private static final Consumer<Output> WRITES = out -> {
        out.writeVarInt(300, true);
        out.writeString("a header");
        out.writeBytes(bytes(1_000, 1));
        out.writeLong(-7L);
        out.writeString("x".repeat(5_000));
        out.writeInts(new int[] {1, 2, 3, -4}, 0, 4);
        out.writeBytes(bytes(1 << 20, 2), 17, (1 << 20) - 17);
        out.writeVarLong(Long.MAX_VALUE, false);
    };

    @Test
    void writesTheBytesKryosOutputWrites() {
        Output kryos = new Output(16, MAX);
        MessageOutput ours = new MessageOutput(16, MAX, new SpareArray());

        WRITES.accept(kryos);
        WRITES.accept(ours);

        assertThat(ours.take()).isEqualTo(kryos.toBytes());
    }

    /** A write bigger than the room left grows the buffer to fit it exactly, where Kryo's doubles past it. */
    @Test
    void aBigWriteGrowsTheBufferToFitIt() {
        MessageOutput out = new MessageOutput(256, MAX, new SpareArray());
        out.writeString("a header");
        int header = out.position();

        out.writeBytes(bytes(1 << 20, 3));

        assertThat(out.getBuffer()).hasSize(header + (1 << 20));
    }

    /** The bytes of a message that fills the buffer are the buffer itself; the output starts again small. */
    @Test
    void aFullBufferIsHandedOverNotCopied() {
        MessageOutput out = new MessageOutput(256, MAX, new SpareArray());
        byte[] payload = bytes(1 << 20, 4);
        out.writeByte(9);
        out.writeBytes(payload);
        byte[] buffer = out.getBuffer();

        byte[] taken = out.take();

        assertThat(taken).isSameAs(buffer).hasSize(1 + payload.length);
        assertThat(taken[0]).isEqualTo((byte) 9);
        assertThat(out.position()).isZero();
        assertThat(out.getBuffer()).hasSize(256);
        out.writeByte(1);
        assertThat(out.take()).containsExactly(1);
        assertThat(taken[0]).as("the taken bytes are not written over").isEqualTo((byte) 9);
    }

    /** Bytes that do not fill the buffer come as a copy of their own; the buffer stays for the next message. */
    @Test
    void aPartlyFilledBufferIsCopied() {
        MessageOutput out = new MessageOutput(256, MAX, new SpareArray());
        out.writeBytes(new byte[] {1, 2, 3});
        byte[] buffer = out.getBuffer();

        byte[] taken = out.take();

        assertThat(taken).containsExactly(1, 2, 3).isNotSameAs(buffer);
        assertThat(out.getBuffer()).isSameAs(buffer);
    }

    /** Past the maximum, a write is refused as Kryo's buffer refuses it, and the buffer does not grow beyond it. */
    @Test
    void aWritePastTheMaximumOverflows() {
        MessageOutput out = new MessageOutput(256, 1024, new SpareArray());
        out.writeBytes(new byte[1000]);

        assertThatThrownBy(() -> out.writeBytes(new byte[100])).isInstanceOf(KryoBufferOverflowException.class)
                .hasMessageContaining("Available: 24, required: 100");
        assertThatThrownBy(() -> out.writeBytes(new byte[2000])).isInstanceOf(KryoBufferOverflowException.class)
                .hasMessageContaining("Max capacity: 1024, required: 2000");
        assertThat(out.getBuffer().length).isLessThanOrEqualTo(1024);
        out.writeBytes(new byte[24]);
        assertThat(out.take()).hasSize(1024);
    }

    /** A buffer that must grow to exactly the spare array's size grows into it; the message is then that array. */
    @Test
    void aBufferGrowsIntoTheSpareArrayOfItsSize() {
        SpareArray spare = new SpareArray();
        byte[] given = new byte[1 + (1 << 20)];
        java.util.Arrays.fill(given, (byte) 0x55); // what a message before left there
        spare.offer(given);
        MessageOutput out = new MessageOutput(256, MAX, spare);
        byte[] payload = bytes(1 << 20, 5);

        out.writeByte(9);
        out.writeBytes(payload);
        byte[] taken = out.take();

        assertThat(taken).isSameAs(given);
        assertThat(taken[0]).isEqualTo((byte) 9);
        assertThat(java.util.Arrays.copyOfRange(taken, 1, taken.length)).isEqualTo(payload);
        assertThat(spare.take(given.length, given.length)).as("taken, so no longer kept").isNull();
    }

    /** A spare array of another size is not used, and stays kept for a message of its size. */
    @Test
    void aSpareArrayOfAnotherSizeIsLeftAlone() {
        SpareArray spare = new SpareArray();
        byte[] given = new byte[2 + (1 << 20)];
        spare.offer(given);
        MessageOutput out = new MessageOutput(256, MAX, spare);

        out.writeByte(9);
        out.writeBytes(bytes(1 << 20, 6));

        assertThat(out.take()).isNotSameAs(given).hasSize(1 + (1 << 20));
        assertThat(spare.take(given.length, given.length)).isSameAs(given);
    }
}
