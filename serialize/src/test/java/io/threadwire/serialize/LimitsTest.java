package io.threadwire.serialize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.threadwire.serialize.Messages.Point;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The codec's size and depth limits hold at encode, and its constructor refuses nonsense. */
class LimitsTest {
    private static final int LIMIT = 1000;
    private final MessageCodec codec = new MessageCodec(Codecs.appTypes(), LIMIT, Codecs.MAX_DEPTH, Codecs.nodeA());

    /** A byte[] message that encodes to exactly {@code size} bytes (class id, length varint, content). */
    private static byte[] payloadEncodingTo(int size) {
        int length = size - 1 - 2; // one byte of class id, two of length for these sizes
        assertThat(length + 1).as("the length fits a 2-byte varint").isBetween(128, 16383);
        return new byte[length];
    }

    /** d lists, each holding the next, the innermost empty: d objects deep. */
    private static Object nested(int depth) {
        Object message = new ArrayList<>();
        for (int i = 1; i < depth; i++) {
            message = new ArrayList<>(List.of(message));
        }
        return message;
    }

    /** A message of exactly the maximum size encodes and decodes. */
    @Test
    void messageOfExactlyTheLimitRoundTrips() {
        byte[] payload = payloadEncodingTo(LIMIT);

        byte[] bytes = codec.encode(payload, null);

        assertThat(bytes).hasSize(LIMIT);
        assertThat(codec.decode(bytes, 0, bytes.length)).isEqualTo(payload);
    }

    /** A message one byte over the maximum fails at encode with MessageTooLargeException stating the limit. */
    @Test
    void messageOneByteOverTheLimitIsTooLarge() {
        MessageTooLargeException e = catchThrowableOfType(MessageTooLargeException.class,
                () -> codec.encode(payloadEncodingTo(LIMIT + 1), null));

        assertThat(e.limit()).isEqualTo(LIMIT);
        assertThat(e).hasMessageContaining("maximum message size of " + LIMIT + " bytes");
    }

    /** A message far over the maximum (beyond the encoder's buffer) fails at encode with MessageTooLargeException stating the limit. */
    @Test
    void messageFarOverTheLimitIsTooLarge() {
        List<Object> big = new ArrayList<>(List.of(new Point(1, 2), "x".repeat(100_000)));

        MessageTooLargeException e = catchThrowableOfType(MessageTooLargeException.class, () -> codec.encode(big, null));

        assertThat(e.limit()).isEqualTo(LIMIT);
        assertThat(e).hasMessageContaining("maximum message size of " + LIMIT + " bytes");
    }

    /** After a message that was too large, the codec encodes small messages again. */
    @Test
    void codecWorksAfterATooLargeMessage() {
        for (int i = 0; i < 20; i++) {
            assertThatThrownBy(() -> codec.encode(new byte[1 << 20], null)).isInstanceOf(MessageTooLargeException.class);
        }

        assertThat(Codecs.roundTrip(codec, List.of(new Point(1, 1)))).isEqualTo(List.of(new Point(1, 1)));
    }

    /** Header bytes written before the message do not count toward the maximum, and decode reads the message after them. */
    @Test
    void headerDoesNotCountTowardTheLimit() {
        byte[] payload = payloadEncodingTo(LIMIT);

        byte[] bytes = codec.encode(payload, out -> out.writeBytes(new byte[500]));

        assertThat(bytes).hasSize(500 + LIMIT);
        assertThat(codec.decode(bytes, 500, LIMIT)).isEqualTo(payload);
    }

    /** decode reads exactly the given range, whatever surrounds it. */
    @Test
    void decodeReadsOnlyItsRange() {
        byte[] message = codec.encode(new Point(3, 4), null);
        byte[] framed = new byte[message.length + 20];
        Arrays.fill(framed, (byte) 0xff);
        System.arraycopy(message, 0, framed, 7, message.length);

        assertThat(codec.decode(framed, 7, message.length)).isEqualTo(new Point(3, 4));
    }

    /** A message nested exactly maxDepth objects deep encodes and decodes. */
    @Test
    void nestingOfExactlyMaxDepthRoundTrips() {
        Object message = nested(Codecs.MAX_DEPTH);

        assertThat(Codecs.roundTrip(codec, message)).isEqualTo(message);
    }

    /** A message nested deeper than maxDepth fails at encode with an IllegalArgumentException that says so. */
    @Test
    void nestingBeyondMaxDepthFailsAtEncode() {
        assertThatThrownBy(() -> codec.encode(nested(Codecs.MAX_DEPTH + 1), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(ArrayList.class.getName())
                .hasMessageContaining("depth");
    }

    /** A message nested far deeper than maxDepth fails at encode the same way, not with a StackOverflowError. */
    @Test
    void veryDeepNestingFailsAtEncode() {
        assertThatThrownBy(() -> codec.encode(nested(50_000), null)).isInstanceOf(IllegalArgumentException.class);
    }

    /** A codec without a useful depth limit refuses a message deeper than the stack with IllegalArgumentException. */
    @Test
    void nestingThatOverflowsTheStackFailsAtEncode() {
        MessageCodec unlimited = new MessageCodec(Codecs.appTypes(), 1 << 24, Integer.MAX_VALUE, Codecs.nodeA());

        assertThatThrownBy(() -> unlimited.encode(nested(200_000), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nested too deeply");
    }

    /** A maximum message size below 1 is refused. */
    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void nonPositiveMaxMessageSizeIsRefused(int size) {
        assertThatThrownBy(() -> new MessageCodec(Codecs.appTypes(), size, 10, Codecs.nodeA()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxMessageSize");
    }

    /** A maximum depth below 2 is refused. */
    @ParameterizedTest
    @ValueSource(ints = {1, 0, -5})
    void maxDepthBelowTwoIsRefused(int depth) {
        assertThatThrownBy(() -> new MessageCodec(Codecs.appTypes(), 100, depth, Codecs.nodeA()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxDepth");
    }

    /** Null types, resolver or message are refused with NullPointerException. */
    @Test
    void nullsAreRefused() {
        assertThatThrownBy(() -> new MessageCodec(null, 100, 10, Codecs.nodeA())).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new MessageCodec(Codecs.appTypes(), 100, 10, null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> codec.encode(null, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> codec.decode(null, 0, 1)).isInstanceOf(NullPointerException.class).hasMessageContaining("bytes");
        assertThatThrownBy(() -> Codecs.appTypes().admitsByName(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("type");
    }

    /** A codec built with the largest maximum message size the constructor accepts (1 GiB) encodes a small message. */
    @Test
    void largestAcceptedMaxMessageSizeWorks() {
        MessageCodec huge = new MessageCodec(Codecs.appTypes(), 1 << 30, Codecs.MAX_DEPTH, Codecs.nodeA());

        assertThatCode(() -> Codecs.roundTrip(huge, "small")).doesNotThrowAnyException();
    }

    /** A range outside the bytes is the caller's mistake, refused as such (not a malformed message, which would blame a peer). */
    @Test
    void aRangeOutsideTheBytesIsTheCallersMistakeNotAMalformedMessage() {
        byte[] bytes = codec.encode(new Point(1, 2), null);
        assertThatThrownBy(() -> codec.decode(bytes, 1, bytes.length)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> codec.decode(bytes, -1, 2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(codec.decode(bytes, 0, bytes.length)).isEqualTo(new Point(1, 2));
    }

    /** A maximum message size beyond 1 GiB is refused when the codec is made, not at its first message. */
    @Test
    void maxMessageSizeBeyondOneGibIsRefused() {
        assertThatThrownBy(() -> new MessageCodec(Codecs.appTypes(), Integer.MAX_VALUE, Codecs.MAX_DEPTH, Codecs.nodeA()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 GiB");
    }
}
