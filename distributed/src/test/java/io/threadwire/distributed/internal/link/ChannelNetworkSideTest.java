package io.threadwire.distributed.internal.link;

import static org.assertj.core.api.Assertions.assertThat;

import com.esotericsoftware.kryonet.Connection;
import io.threadwire.distributed.internal.security.FrameCipher;
import io.threadwire.distributed.internal.transport.EndpointLoop;
import io.threadwire.distributed.internal.transport.FaultGate;
import io.threadwire.distributed.internal.transport.ReadGate;
import io.threadwire.distributed.internal.transport.WireClient;
import io.threadwire.distributed.spi.LinkFilter;
import io.threadwire.testkit.Timeouts;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** What the failure detector reads of a connection: when the peer was last heard. */
class ChannelNetworkSideTest {
    private static final ChannelNetworkSide.Host HOST = new ChannelNetworkSide.Host() {
        @Override
        public boolean isClosed() {
            return false;
        }

        @Override
        public void close(String reason) {
        }

        @Override
        public FrameCipher cipher() {
            return null;
        }

        @Override
        public LinkFilter filter() {
            return LinkFilter.OPEN;
        }

        @Override
        public String describePeer() {
            return "peer";
        }
    };

    /**
     * A connection's silence counts from the end of its handshake, not from its accept: under
     * load a handshake can outlast the heartbeat timeout, and the connection was then closed the
     * moment it came up ("no heartbeat for 300 ms", 2 ms after it was installed), before the
     * peer could have sent it a heartbeat.
     */
    @Test
    void silenceCountsFromTheEndOfTheHandshake() {
        ReadGate gate = new ReadGate(new Connection() { }); // not connected: nothing is read
        ChannelNetworkSide side = new ChannelNetworkSide(HOST, false, null, gate, new Intake(gate), null, new FaultGate());
        long accepted = side.lastReceived();
        long handshakeDone = accepted;
        while (handshakeDone == accepted) { // the clock moves on, however coarse it is
            Thread.onSpinWait();
            handshakeDone = System.nanoTime();
        }
        side.authenticated();
        assertThat(side.lastReceived()).isGreaterThanOrEqualTo(handshakeDone);
    }

    /**
     * A connection that has read its share of a turn of the loop stops reading (its read interest
     * off, so the loop's next update serves the other connections) and reads again once that
     * update is done: a peer that keeps the socket full cannot hold the loop.
     */
    @Test
    void aConnectionYieldsItsTurnAfterItsShareOfFramesAndReadsAgainAfterTheNextUpdate() throws Exception {
        ReadGate gate = new ReadGate(new Connection() { });
        EndpointLoop loop = new EndpointLoop("turn-test", new WireClient(8192, 8192), false, new FaultGate());
        ChannelNetworkSide side = new ChannelNetworkSide(HOST, true, loop, gate, new Intake(gate), null, new FaultGate());
        loop.start();
        try {
            List<Boolean> answers = onLoop(loop, () -> {
                List<Boolean> r = new ArrayList<>();
                for (int i = 0; i < ChannelNetworkSide.FRAMES_PER_TURN; i++) {
                    r.add(side.withinTurn());
                }
                r.add(gate.isYielded()); // here: the loop's next turn may end the yield as soon as this task is done
                return r;
            });
            assertThat(answers.subList(0, ChannelNetworkSide.FRAMES_PER_TURN - 1)).as("frames within the turn")
                    .containsOnly(true);
            assertThat(answers.get(ChannelNetworkSide.FRAMES_PER_TURN - 1)).as("the last frame of the turn").isFalse();
            assertThat(answers.get(ChannelNetworkSide.FRAMES_PER_TURN)).as("reading stopped for the rest of the turn")
                    .isTrue();

            long deadline = System.nanoTime() + Timeouts.LONG.toNanos();
            while (onLoop(loop, gate::isYielded)) {
                assertThat(System.nanoTime() - deadline).as("the yield ended within %s", Timeouts.LONG).isNegative();
            }
            assertThat(onLoop(loop, side::withinTurn)).as("a frame of a later turn").isTrue();
        } finally {
            loop.stop();
        }
    }

    /** What {@code task} returns, run on the loop's thread between two updates. */
    private static <T> T onLoop(EndpointLoop loop, Supplier<T> task) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.execute(() -> result.complete(task.get()));
        return result.get(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS);
    }
}
