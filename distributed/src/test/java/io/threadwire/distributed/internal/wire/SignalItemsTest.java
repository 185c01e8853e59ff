package io.threadwire.distributed.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.ExitReason;
import io.threadwire.core.LinkedThreadException;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.RemoteThreadException;
import io.threadwire.distributed.RemoteReason;
import io.threadwire.serialize.MessageCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The signals that carry a thread's end to its watchers: the reason encoded once for all of
 * them, and made compact, for a peer with a backlog, into a bounded size that keeps its kind,
 * its class and the start of its text.
 */
class SignalItemsTest {
    private static final MessageCodec CODEC = ReasonCodecTest.CODEC;
    private static final int MAX_ITEM = 1 << 22;

    private static Wire.Item decode(byte[] item) {
        return ItemCodec.decode(item, 0, item.length, MAX_ITEM);
    }

    private static ExitReason reasonOf(byte[] item) {
        Wire.Reason r = switch (decode(item)) {
            case Wire.Down d -> d.reason();
            case Wire.LinkExit x -> x.reason();
            default -> throw new AssertionError("not a signal");
        };
        return ReasonCodec.decode(r, CODEC);
    }

    /** A value whose text counts how often it is asked for. */
    record Counted(AtomicInteger asked) {
        @Override
        public String toString() {
            asked.incrementAndGet();
            return "Counted";
        }
    }

    @Test
    void aThreadWatchedManyTimesHasItsReasonEncodedOnce() {
        SignalItems signals = new SignalItems(CODEC);
        AtomicInteger asked = new AtomicInteger();
        ExitReason reason = new ExitReason.Custom(new Counted(asked));
        for (long id = 1; id <= 1_000; id++) {
            byte[] item = id % 2 == 0 ? signals.down(id, reason) : signals.linkExit(new Wire.ById(5, 6), id, reason);
            Wire.Item decoded = decode(item);
            long carried = decoded instanceof Wire.Down d ? d.monitorId() : ((Wire.LinkExit) decoded).toId();
            assertThat(carried).as("each signal has its own id").isEqualTo(id);
            assertThat(reasonOf(item)).isEqualTo(new ExitReason.Custom(new RemoteReason(Counted.class.getName(), "Counted")));
        }
        assertThat(asked).as("toString() calls for 1,000 signals of one end").hasValue(1);

        signals.down(1, new ExitReason.Custom(new Counted(asked)));
        assertThat(asked).as("another end is encoded anew").hasValue(2);
    }

    /** A value whose long text counts how often it is asked for. */
    record LongText(AtomicInteger asked) {
        @Override
        public String toString() {
            asked.incrementAndGet();
            return "t".repeat(5_000);
        }
    }

    @Test
    void aDownMadeCompactFromTheStartIsTheCompactOfTheWholeOne() {
        SignalItems signals = new SignalItems(CODEC);
        AtomicInteger asked = new AtomicInteger();
        ExitReason reason = new ExitReason.Custom(new LongText(asked));
        byte[] whole = signals.down(4, reason, false);
        for (long id = 4; id < 10; id++) {
            byte[] compact = signals.down(id, reason, true);
            assertThat(compact).as("Down %d", id).containsExactly(SignalItems.compact(signals.down(id, reason, false)));
        }
        assertThat(whole.length).isGreaterThan(5_000);
        assertThat(signals.down(4, reason, true).length).isLessThan(SignalItems.COMPACT_PART * 3);
        assertThat(asked).as("toString() calls for 13 signals of one end, whole and compact").hasValue(1);
    }

    @Test
    void aSmallSignalStaysWhole() {
        SignalItems signals = new SignalItems(CODEC);
        for (ExitReason r : List.of(ExitReason.NORMAL, ExitReason.NOPROC, new ExitReason.Custom(List.of(1, 2)),
                new ExitReason.Crashed(new IllegalStateException("x".repeat(500))))) {
            byte[] item = signals.down(3, r);
            assertThat(SignalItems.compact(item)).as("%s", r).isSameAs(item);
            assertThat(signals.down(3, r, true)).as("made compact from the start: %s", r).containsExactly(item);
        }
        byte[] send = ItemCodec.send(CODEC, new Wire.ByName("x"), "y".repeat(5_000));
        assertThat(SignalItems.compact(send)).as("not a signal").isSameAs(send);
    }

    @Test
    void aCompactCrashKeepsItsClassAndTheStartOfItsMessage() {
        String message = "€".repeat(30_000);
        byte[] item = new SignalItems(CODEC).down(9, new ExitReason.Crashed(new IllegalStateException(message)));
        byte[] compact = SignalItems.compact(item);

        assertThat(compact.length).isLessThan(SignalItems.COMPACT_PART * 3);
        assertThat(((Wire.Down) decode(compact)).monitorId()).isEqualTo(9);
        RemoteThreadException e = (RemoteThreadException) ((ExitReason.Crashed) reasonOf(compact)).exception();
        assertThat(e.remoteClassName()).isEqualTo(IllegalStateException.class.getName());
        assertCutFrom(e.remoteMessage(), message);
    }

    @Test
    void aCompactCustomReasonArrivesAsItsClassAndCutText() {
        String big = "y".repeat(50_000);
        byte[] item = new SignalItems(CODEC).linkExit(new Wire.ById(5, 6), 8, new ExitReason.Custom(big));
        byte[] compact = SignalItems.compact(item);

        assertThat(compact.length).isLessThan(SignalItems.COMPACT_PART * 3);
        Wire.LinkExit x = (Wire.LinkExit) decode(compact);
        assertThat(x.from()).isEqualTo(new Wire.ById(5, 6));
        assertThat(x.toId()).isEqualTo(8);
        RemoteReason r = (RemoteReason) ((ExitReason.Custom) reasonOf(compact)).value();
        assertThat(r.className()).isEqualTo(String.class.getName());
        assertCutFrom(r.text(), big);
    }

    @Test
    void aCompactLinkedFailureKeepsItsThreadAndCutsItsRoot() {
        RemoteThread.ById thread = new RemoteThread.ById(new NodeAddress("127.0.0.1", 9), 1, 4);
        String message = "z".repeat(20_000);
        ExitReason linked = new ExitReason.Crashed(new LinkedThreadException(thread,
                new ExitReason.Crashed(new IllegalArgumentException(message))));
        byte[] compact = SignalItems.compact(new SignalItems(CODEC).down(2, linked));

        assertThat(compact.length).isLessThan(SignalItems.COMPACT_PART * 4);
        LinkedThreadException e = (LinkedThreadException) ((ExitReason.Crashed) reasonOf(compact)).exception();
        assertThat(e.thread()).isEqualTo(thread);
        RemoteThreadException root = (RemoteThreadException) ((ExitReason.Crashed) e.reason()).exception();
        assertThat(root.remoteClassName()).isEqualTo(IllegalArgumentException.class.getName());
        assertCutFrom(root.remoteMessage(), message);
    }

    /** {@code arrived} is a cut of {@code original}: a marked prefix of at most {@link SignalItems#COMPACT_PART} bytes. */
    private static void assertCutFrom(String arrived, String original) {
        assertThat(arrived).endsWith(Texts.CUT_MARK);
        assertThat(arrived.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(SignalItems.COMPACT_PART)
                .isGreaterThan(SignalItems.COMPACT_PART - 8);
        assertThat(original).startsWith(arrived.substring(0, arrived.length() - Texts.CUT_MARK.length()));
    }
}
