package io.threadwire.distributed.internal.link;

import static org.assertj.core.api.Assertions.assertThat;

import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryonet.Connection;
import io.threadwire.core.ExitReason;
import io.threadwire.core.LinkedThreadException;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThread;
import io.threadwire.distributed.NodeConfig;
import io.threadwire.distributed.internal.security.Authenticator;
import io.threadwire.distributed.internal.security.FrameCipher;
import io.threadwire.distributed.internal.security.LocalIdentity;
import io.threadwire.distributed.internal.security.PlaintextFrames;
import io.threadwire.distributed.internal.transport.FaultGate;
import io.threadwire.distributed.internal.transport.InboundFrame;
import io.threadwire.distributed.internal.transport.ReadGate;
import io.threadwire.distributed.internal.wire.ItemCodec;
import io.threadwire.distributed.internal.wire.Protocol;
import io.threadwire.distributed.internal.wire.SelfResolvingCodec;
import io.threadwire.distributed.internal.wire.SignalItems;
import io.threadwire.distributed.internal.wire.Wire;
import io.threadwire.serialize.MessageCodec;
import io.threadwire.serialize.MessageTypes;
import io.threadwire.testkit.Timeouts;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * What a channel's reader holds of the node's inbound memory while the node decodes what a peer
 * encoded: a message, and an exit reason that carries a value or a linked thread's handle (the
 * node decodes those on the reader's thread too). A reason of plain text decodes nothing and
 * holds nothing; whatever was held is given back once the frame is done.
 */
class ChannelReaderMemoryTest {
    private static final RemoteThread.ById LINKED = new RemoteThread.ById(SelfResolvingCodec.NODE, 7, 42);
    private static final MessageCodec CODEC = SelfResolvingCodec.CODEC;

    /** An item as the node was handed it, and the inbound memory held at that moment. */
    private record Handed(Wire.Item item, long inboundHeld) {
    }

    private final InboundMemory inbound = new InboundMemory(8L << 20);
    private final List<Handed> handed = new CopyOnWriteArrayList<>();
    private final List<String> closes = new CopyOnWriteArrayList<>();

    @Test
    void aDownWhoseReasonCarriesAValueIsDecodedWithinTheNodesInboundMemory() throws Exception {
        SignalItems signals = new SignalItems(CODEC);
        byte[] valued = signals.down(1, new ExitReason.Custom(List.of("a", "value", "that", "travels")));
        byte[] plain = signals.down(2, new ExitReason.Normal());
        byte[] crashed = signals.down(3, new ExitReason.Crashed(new IllegalStateException("text only")));

        read(frame(plain), frame(crashed), frame(valued));

        assertThat(handed).extracting(h -> ((Wire.Down) h.item()).monitorId()).containsExactly(2L, 3L, 1L);
        assertThat(handed.get(0).inboundHeld()).as("a Down whose reason is a plain exit").isZero();
        assertThat(handed.get(1).inboundHeld()).as("a Down whose reason is an exception's text").isZero();
        assertThat(handed.get(2).inboundHeld()).as("a Down whose reason carries a value to decode").isPositive();
        assertThat(inbound.used()).as("held after the frames are done").isZero();
        assertThat(closes).isEmpty();
    }

    @Test
    void linkExitsAndExitSignalsWithAValueOrALinkedHandleHoldMemoryAsMessagesDo() throws Exception {
        SignalItems signals = new SignalItems(CODEC);
        Wire.ById from = new Wire.ById(42, 7);
        byte[] linkExit = signals.linkExit(from, 5, new ExitReason.Custom(List.of(1, 2, 3)));
        byte[] exit = ItemCodec.exit(CODEC, new Wire.ByName("worker"), new ExitReason.Custom("shut down"));
        byte[] plainExit = ItemCodec.exit(CODEC, new Wire.ByName("worker"), new ExitReason.Shutdown());
        byte[] send = ItemCodec.send(CODEC, new Wire.ByName("worker"), "hello");
        byte[] linkedExit = signals.linkExit(from, 6, new ExitReason.Crashed(
                new LinkedThreadException(LINKED, new ExitReason.Crashed(new RuntimeException("root")))));

        read(frame(plainExit), frame(linkExit), frame(plainExit), frame(exit), frame(plainExit), frame(send),
                frame(plainExit), frame(linkedExit));

        assertThat(handed).hasSize(8);
        assertThat(handed).extracting(Handed::inboundHeld).as("held as each item is handed")
                .satisfies(held -> {
                    assertThat(held.get(0)).as("an exit signal, shutdown").isZero();
                    assertThat(held.get(1)).as("a link's exit with a value").isPositive();
                    assertThat(held.get(3)).as("an exit signal with a value").isPositive();
                    assertThat(held.get(5)).as("a message").isPositive();
                    assertThat(held.get(7)).as("a link's exit naming the linked thread").isPositive();
                });
        assertThat(inbound.used()).as("held after the frames are done").isZero();
        assertThat(closes).isEmpty();
    }

    /** One data frame of one item, in clear. */
    private static InboundFrame frame(byte[] item) {
        Output out = new Output(item.length + 8, -1);
        out.writeVarInt(item.length, true);
        out.writeBytes(item);
        return new InboundFrame(Protocol.FRAME_DATA, out.toBytes());
    }

    /** Runs a reader over {@code frames} and waits until it has stopped. */
    private void read(InboundFrame... frames) throws InterruptedException {
        ItemHandler items = (channel, item) -> handed.add(new Handed(item, inbound.used()));
        LocalIdentity me = new LocalIdentity(new NodeAddress("127.0.0.1", 1), 1, "", false, true,
                new Authenticator(new byte[32], null), MessageTypes.builtInOnly().admitted());
        ChannelContext context = new ChannelContext(Settings.of(NodeConfig.builder().build()), me, null, items,
                inbound, CODEC::decodedSizeBound, null, null, null, null);
        Intake intake = new Intake(new ReadGate(new Connection() { }));
        ChannelReader reader = new ChannelReader(new UpHost(), null, intake, context, new FaultGate());
        for (InboundFrame f : frames) {
            intake.offer(f);
        }
        intake.mark(ChannelReader.STOP);
        Thread t = Thread.ofVirtual().start(reader);
        assertThat(t.join(Timeouts.LONG)).as("the reader stopped once it had read every frame").isTrue();
    }

    /** A channel that is up, in clear, and records why it was closed. */
    private final class UpHost implements ChannelReader.Host {
        @Override
        public void onHandshake(Wire.Handshake message, byte[] raw) {
            throw new AssertionError("no handshake here");
        }

        @Override
        public void onTlsRecords(byte[] records) {
            throw new AssertionError("no TLS here");
        }

        @Override
        public void heard() {
        }

        @Override
        public boolean isUp() {
            return true;
        }

        @Override
        public boolean isClosed() {
            return !closes.isEmpty();
        }

        @Override
        public FrameCipher cipher() {
            return PlaintextFrames.INSTANCE;
        }

        @Override
        public void close(String reason) {
            closes.add(reason);
        }

        @Override
        public String violation() {
            return null;
        }

        @Override
        public void resumed() {
        }

        @Override
        public String describePeer() {
            return "peer";
        }

        @Override
        public void readerEnded() {
        }
    }
}
