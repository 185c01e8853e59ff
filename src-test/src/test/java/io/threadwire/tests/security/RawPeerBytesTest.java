package io.threadwire.tests.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.esotericsoftware.kryo.io.Output;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The raw peer writes and reads varints byte for byte as the node does (Kryo's layout). A peer
 * that wrote one byte more for a large value, such as a random call tag, would have its next
 * bytes read as something else, and a test would blame the node for what the peer got wrong.
 */
class RawPeerBytesTest {

    @Test
    void varintsMatchKryosLayoutAcrossTheWholeRange() {
        SplittableRandom random = new SplittableRandom(7);
        long[] edges = {0, 1, 127, 128, (1L << 49) - 1, 1L << 49, (1L << 56) - 1, 1L << 56, Long.MAX_VALUE, -1,
                Long.MIN_VALUE};
        for (int i = 0; i < edges.length + 1000; i++) {
            long v = i < edges.length ? edges[i] : random.nextLong();
            byte[] ours = new RawPeer.Bytes().varLong(v).toArray();
            Output kryo = new Output(16);
            kryo.writeVarLong(v, true);
            assertThat(ours).as("varint of %d", v).containsExactly(kryo.toBytes());
            RawPeer.Reader reader = new RawPeer.Reader(ours, 0);
            assertThat(reader.varLong()).as("read back").isEqualTo(v);
            assertThat(reader.position).as("bytes read of %d", v).isEqualTo(ours.length);
        }
    }
}
