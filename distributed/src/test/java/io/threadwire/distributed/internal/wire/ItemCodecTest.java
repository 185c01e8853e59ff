package io.threadwire.distributed.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threadwire.core.ExitReason;
import io.threadwire.core.LocalThread;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.RemoteThreadException;
import io.threadwire.core.ThreadRef;
import io.threadwire.serialize.HandleResolver;
import io.threadwire.serialize.MessageCodec;
import io.threadwire.serialize.MessageTypes;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every item encodes and decodes to itself; malformed bytes fail with ProtocolException, never anything else. */
class ItemCodecTest {
    private static final int MAX_ITEM = 1 << 20;
    private static final MessageCodec CODEC = new MessageCodec(MessageTypes.builder().build(), 1 << 16, 16,
            new HandleResolver() {
                @Override
                public RemoteThread.ById export(LocalThread thread) {
                    return new RemoteThread.ById(new NodeAddress("127.0.0.1", 1), 7, thread.id());
                }

                @Override
                public ThreadRef resolve(RemoteThread.ById handle) {
                    return handle;
                }
            });

    private static Wire.Item decode(byte[] item) {
        return ItemCodec.decode(item, 0, item.length, MAX_ITEM);
    }

    private static Object payload(Wire.Slice s) {
        return CODEC.decode(s.bytes(), s.offset(), s.length());
    }

    /** A Send to a thread by id, and one to a name, carry their target and payload. */
    @Test
    void sendRoundTrips() {
        Wire.Send byId = (Wire.Send) decode(ItemCodec.send(CODEC, new Wire.ById(42, -3), List.of("a", 1)));
        assertThat(byId.target()).isEqualTo(new Wire.ById(42, -3));
        assertThat(payload(byId.payload())).isEqualTo(List.of("a", 1));
        Wire.Send byName = (Wire.Send) decode(ItemCodec.send(CODEC, new Wire.ByName("logger"), "hello"));
        assertThat(byName.target()).isEqualTo(new Wire.ByName("logger"));
        assertThat(payload(byName.payload())).isEqualTo("hello");
    }

    /** A Reply carries its caller, tag and payload. */
    @Test
    void replyRoundTrips() {
        Wire.Reply r = (Wire.Reply) decode(ItemCodec.reply(CODEC, new Wire.ById(9, Long.MAX_VALUE), 123_456_789L, 3.5));
        assertThat(r.caller()).isEqualTo(new Wire.ById(9, Long.MAX_VALUE));
        assertThat(r.tag()).isEqualTo(123_456_789L);
        assertThat(payload(r.payload())).isEqualTo(3.5);
    }

    /** The control items round trip, every plain exit reason included. */
    @Test
    void controlItemsRoundTrip() {
        assertThat(decode(ItemCodec.monitor(5, new Wire.ByName("x")))).isEqualTo(new Wire.Monitor(5, new Wire.ByName("x")));
        assertThat(decode(ItemCodec.demonitor(Long.MAX_VALUE))).isEqualTo(new Wire.Demonitor(Long.MAX_VALUE));
        assertThat(decode(ItemCodec.link(1, new Wire.ById(2, 3)))).isEqualTo(new Wire.Link(1, new Wire.ById(2, 3)));
        assertThat(decode(ItemCodec.linkName(1, "y", 17))).isEqualTo(new Wire.LinkName(1, "y", 17));
        assertThat(decode(ItemCodec.linkName(1, "y", -1))).isEqualTo(new Wire.LinkName(1, "y", -1));
        assertThat(decode(ItemCodec.unlink(1, 2, 3))).isEqualTo(new Wire.Unlink(1, 2, 3));
        assertThat(decode(ItemCodec.unlinkAck(4, 5, 6))).isEqualTo(new Wire.UnlinkAck(4, 5, 6));
        assertThat(decode(ItemCodec.goodbye("node closed"))).isEqualTo(new Wire.Goodbye("node closed"));
        assertThat(decode(ItemCodec.HEARTBEAT_ITEM)).isEqualTo(new Wire.Heartbeat());
        for (ExitReason r : List.of(ExitReason.NORMAL, ExitReason.NOPROC, ExitReason.NOCONNECTION, ExitReason.SHUTDOWN)) {
            assertThat(decode(new SignalItems(CODEC).down(8, r))).isEqualTo(new Wire.Down(8, new Wire.Plain(r)));
            assertThat(decode(new SignalItems(CODEC).linkExit(new Wire.ById(3, -4), 9, r)))
                    .isEqualTo(new Wire.LinkExit(new Wire.ById(3, -4), 9, new Wire.Plain(r)));
            assertThat(decode(ItemCodec.exit(CODEC, new Wire.ByName("z"), r)))
                    .isEqualTo(new Wire.Exit(new Wire.ByName("z"), new Wire.Plain(r)));
        }
    }

    /** A crash travels as the exception's class name and message (a missing message stays missing). */
    @Test
    void aCrashTravelsAsClassNameAndMessage() {
        Wire.Down d = (Wire.Down) decode(new SignalItems(CODEC).down(1, new ExitReason.Crashed(new IllegalStateException("boom"))));
        assertThat(d.reason()).isEqualTo(new Wire.Crash(IllegalStateException.class.getName(), "boom"));
        RemoteThreadException e = (RemoteThreadException) ((ExitReason.Crashed) ReasonCodec.decode(d.reason(), CODEC))
                .exception();
        assertThat(e.remoteClassName()).isEqualTo(IllegalStateException.class.getName());
        assertThat(e.remoteMessage()).isEqualTo("boom");
        Wire.Down noMessage = (Wire.Down) decode(new SignalItems(CODEC).down(1, new ExitReason.Crashed(new RuntimeException())));
        assertThat(noMessage.reason()).isEqualTo(new Wire.Crash(RuntimeException.class.getName(), null));
    }

    /** Fragments carry their transfer, declared length and piece. */
    @Test
    void fragmentsRoundTrip() {
        byte[] item = new byte[100];
        Arrays.fill(item, (byte) 7);
        Wire.FragmentStart s = (Wire.FragmentStart) decode(ItemCodec.fragmentStart(4, 100, item, 0, 60));
        assertThat(s.transferId()).isEqualTo(4);
        assertThat(s.totalLength()).isEqualTo(100);
        assertThat(s.chunk().length()).isEqualTo(60);
        Wire.FragmentNext n = (Wire.FragmentNext) decode(ItemCodec.fragmentNext(4, item, 60, 40));
        assertThat(n.chunk().length()).isEqualTo(40);
    }

    /** Whatever the sizes of its varints, a fragment is its header and piece, nothing after: the piece comes back whole. */
    @Test
    void fragmentsOfEveryHeaderSizeRoundTrip() {
        byte[] item = new byte[70_000];
        new java.util.Random(8).nextBytes(item);
        for (long id : new long[] {0, 127, 128, 1L << 40, Long.MAX_VALUE}) {
            for (int total : new int[] {70_000, 1 << 20}) { // varints of 3 bytes (at most the decoder's maximum item)
                byte[] start = ItemCodec.fragmentStart(id, total, item, 5, 65_000);
                Wire.FragmentStart s = (Wire.FragmentStart) decode(start);
                assertThat(List.of(s.transferId(), s.totalLength())).containsExactly(id, total);
                assertThat(s.chunk().offset() + s.chunk().length()).isEqualTo(start.length);
                assertThat(Arrays.copyOfRange(start, s.chunk().offset(), start.length))
                        .isEqualTo(Arrays.copyOfRange(item, 5, 65_005));
                Wire.FragmentNext n = (Wire.FragmentNext) decode(ItemCodec.fragmentNext(id, item, 65_005, 4_995));
                assertThat(n.transferId()).isEqualTo(id);
                assertThat(n.chunk().offset() + n.chunk().length()).isEqualTo(n.chunk().bytes().length);
                assertThat(Arrays.copyOfRange(n.chunk().bytes(), n.chunk().offset(), n.chunk().bytes().length))
                        .isEqualTo(Arrays.copyOfRange(item, 65_005, 70_000));
            }
        }
    }

    /** Text longer than the limit is cut when sent, so a receiver never refuses what a node sends. */
    @Test
    void longTextIsCutToTheLimit() {
        Wire.Goodbye g = (Wire.Goodbye) decode(ItemCodec.goodbye("x".repeat(Protocol.MAX_TEXT + 50)));
        assertThat(g.reason()).hasSize(Protocol.MAX_TEXT);
    }

    /** Malformed items: each fails with ProtocolException naming what is wrong. */
    @Test
    void malformedItemsAreRefused() {
        assertRefused(new byte[0], "truncated");
        assertRefused(new byte[] {99}, "unknown item kind 99");
        assertRefused(new byte[] {(byte) Protocol.DEMONITOR}, "truncated");
        assertRefused(new byte[] {(byte) Protocol.DEMONITOR, 1, 0}, "unexpected bytes");
        assertRefused(new byte[] {(byte) Protocol.MONITOR, 1, 9}, "unknown target kind 9");
        assertRefused(new byte[] {(byte) Protocol.DOWN, 1, 9}, "unknown exit reason 9");
        byte[] tooLong = new byte[12];
        Arrays.fill(tooLong, (byte) 0x80);
        tooLong[0] = (byte) Protocol.DEMONITOR;
        assertRefused(tooLong, "unexpected bytes"); // a varint ends at its ninth byte
        assertRefused(new byte[] {(byte) Protocol.GOODBYE, (byte) 0xFF, (byte) 0x7F}, "out of range");
        assertRefused(new byte[] {(byte) Protocol.GOODBYE, 5, 'a'}, "truncated");
        assertRefused(new byte[] {(byte) Protocol.HEARTBEAT, 0}, "unexpected bytes");
        byte[] toAName = ItemCodec.monitor(1, new Wire.ByName("x"));
        toAName[0] = (byte) Protocol.REPLY;
        assertRefused(toAName, "a name where a thread id is needed");
        byte[] huge = ItemCodec.fragmentStart(1, MAX_ITEM + 1, new byte[1], 0, 1);
        assertRefused(huge, "out of range");
        assertRefused(new byte[] {(byte) Protocol.DOWN, 1, (byte) Protocol.REASON_CRASHED, 1, 'x', 2}, "bad boolean");
    }

    private static void assertRefused(byte[] item, String why) {
        assertThatThrownBy(() -> decode(item)).isInstanceOf(ProtocolException.class).hasMessageContaining(why);
    }
}
