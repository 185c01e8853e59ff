package io.threadwire.distributed.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threadwire.core.ExitReason;
import io.threadwire.core.LinkedThreadException;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.RemoteThreadException;
import io.threadwire.distributed.RemoteReason;
import io.threadwire.serialize.MessageCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Exit reasons on the wire: whole up to their limit, cut only between characters, custom values
 * as themselves when they can travel, chains of links flattened, and never stopped by user code.
 */
class ReasonCodecTest {
    private static final NodeAddress NODE = SelfResolvingCodec.NODE;
    static final MessageCodec CODEC = SelfResolvingCodec.CODEC;

    /** Encodes {@code reason} in a Down, decodes the item, and turns it back into a reason as the receiver does. */
    private static ExitReason travel(ExitReason reason) {
        byte[] item = new SignalItems(CODEC).down(1, reason);
        Wire.Down d = (Wire.Down) ItemCodec.decode(item, 0, item.length, 1 << 22);
        return ReasonCodec.decode(d.reason(), CODEC);
    }

    private static RemoteThreadException remote(ExitReason r) {
        return (RemoteThreadException) ((ExitReason.Crashed) r).exception();
    }

    /**
     * A custom reason that came from another node as text travels on as the same class name and
     * text, not as a RemoteReason of a RemoteReason.
     */
    @Test
    void aReasonThatCameAsTextTravelsOnUnchanged() {
        RemoteReason passedOn = new RemoteReason("com.example.Elsewhere", "Elsewhere[why=far]");
        assertThat(travel(new ExitReason.Custom(passedOn))).isEqualTo(new ExitReason.Custom(passedOn));
    }

    /** A message of 400 euro signs (1,200 bytes) arrives whole; it used to be cut at 1,024 bytes, inside a character. */
    @Test
    void aMessageOfMultiByteCharactersArrivesWhole() {
        String euros = "€".repeat(400);
        assertThat(remote(travel(new ExitReason.Crashed(new IllegalStateException(euros)))).remoteMessage())
                .isEqualTo(euros);
    }

    /** Up to the limit, a message arrives exactly as it was. */
    @Test
    void aMessageUpToTheLimitArrivesExactly() {
        String s = "x".repeat(Protocol.MAX_REASON_TEXT);
        assertThat(remote(travel(new ExitReason.Crashed(new RuntimeException(s)))).remoteMessage()).isEqualTo(s);
    }

    /** Past the limit, a message is cut on a character boundary, marked, and is a prefix of the original. */
    @Test
    void aLongerMessageIsCutBetweenCharactersAndMarked() {
        for (String unit : List.of("€", "a€", "😀", "ab😀", "x")) {
            String s = unit.repeat(Protocol.MAX_REASON_TEXT / unit.length() + 7);
            String arrived = remote(travel(new ExitReason.Crashed(new RuntimeException(s)))).remoteMessage();
            assertThat(arrived).endsWith(Texts.CUT_MARK);
            String kept = arrived.substring(0, arrived.length() - Texts.CUT_MARK.length());
            assertThat(s).startsWith(kept);
            assertThat(kept).doesNotContain("\uFFFD");
            assertThat(Character.isHighSurrogate(kept.charAt(kept.length() - 1))).isFalse();
            assertThat(arrived.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(Protocol.MAX_REASON_TEXT)
                    .isGreaterThan(Protocol.MAX_REASON_TEXT - 8);
        }
    }

    /** An exception whose getMessage() throws still travels, with a message saying so. */
    @Test
    void anExceptionWhoseMessageThrowsStillTravels() {
        RuntimeException nasty = new RuntimeException() {
            @Override
            public String getMessage() {
                throw new IllegalStateException("no message for you");
            }
        };
        RemoteThreadException e = remote(travel(new ExitReason.Crashed(nasty)));
        assertThat(e.remoteClassName()).isEqualTo(nasty.getClass().getName());
        assertThat(e.remoteMessage()).contains("getMessage() threw").contains(IllegalStateException.class.getName());
    }

    /** A custom reason whose class both sides admit arrives as the value itself. */
    @Test
    void anAdmittedCustomValueArrivesAsItself() {
        Object value = Map.of("why", List.of(1, 2, 3));
        assertThat(travel(new ExitReason.Custom(value))).isEqualTo(new ExitReason.Custom(value));
        assertThat(travel(new ExitReason.Custom("plain text"))).isEqualTo(new ExitReason.Custom("plain text"));
    }

    /** A custom reason whose class is not admitted arrives as its class name and text. */
    @Test
    void aCustomValueThatCannotTravelArrivesAsItsText() {
        Object value = new NotAdmitted(42);
        ExitReason arrived = travel(new ExitReason.Custom(value));
        assertThat(arrived).isEqualTo(new ExitReason.Custom(new RemoteReason(NotAdmitted.class.getName(), "NotAdmitted[n=42]")));
        assertThat(arrived.toString()).isEqualTo(value.toString());
    }

    /** A custom value too big to travel as itself arrives as its (cut) text. */
    @Test
    void aCustomValueOverTheLimitArrivesAsItsText() {
        String big = "y".repeat(Protocol.MAX_REASON_BYTES + 10);
        ExitReason arrived = travel(new ExitReason.Custom(List.of(big)));
        RemoteReason r = (RemoteReason) ((ExitReason.Custom) arrived).value();
        assertThat(r.className()).startsWith("java.util.");
        assertThat(r.text()).endsWith(Texts.CUT_MARK);
    }

    /** A custom value whose toString() throws still travels. */
    @Test
    void aCustomValueWhoseTextThrowsStillTravels() {
        ExitReason arrived = travel(new ExitReason.Custom(new Throwing()));
        RemoteReason r = (RemoteReason) ((ExitReason.Custom) arrived).value();
        assertThat(r.className()).isEqualTo(Throwing.class.getName());
        assertThat(r.text()).contains("toString() threw");
    }

    /**
     * A failure passed along a chain of links travels as the last linked thread and the failure at
     * the start of the chain: its text is the same size after one hop or ten.
     */
    @Test
    void aChainOfLinkedFailuresDoesNotGrow() {
        ExitReason reason = new ExitReason.Crashed(new IllegalStateException("kaboom"));
        ExitReason oneHop = null;
        for (int hop = 1; hop <= 10; hop++) {
            reason = new ExitReason.Crashed(new LinkedThreadException(new RemoteThread.ById(NODE, 7, hop), reason));
            ExitReason arrived = travel(reason);
            LinkedThreadException e = (LinkedThreadException) ((ExitReason.Crashed) arrived).exception();
            assertThat(e.thread()).isEqualTo(new RemoteThread.ById(NODE, 7, hop));
            assertThat(remote(e.reason()).remoteMessage()).isEqualTo("kaboom");
            if (oneHop == null) {
                oneHop = arrived;
            }
            assertThat(arrived.toString()).hasSize(oneHop.toString().length() + (hop >= 10 ? 1 : 0));
            reason = arrived; // passed on again by the receiving node's thread
        }
    }

    /** A linked reason inside a linked reason is refused: the sender flattens chains, so only a hostile peer sends one. */
    @Test
    void aNestedLinkedReasonIsRefused() {
        byte[] item = {(byte) Protocol.DOWN, 1, (byte) Protocol.REASON_LINKED, 0, (byte) Protocol.REASON_LINKED, 0,
                (byte) Protocol.REASON_NORMAL};
        assertThatThrownBy(() -> ItemCodec.decode(item, 0, item.length, 1 << 20)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("linked reason inside");
    }

    /** A class no node admits. */
    private record NotAdmitted(int n) {
    }

    private static final class Throwing {
        @Override
        public String toString() {
            throw new UnsupportedOperationException("no text");
        }
    }
}
