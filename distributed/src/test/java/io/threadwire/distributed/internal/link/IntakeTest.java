package io.threadwire.distributed.internal.link;

import static org.assertj.core.api.Assertions.assertThat;

import com.esotericsoftware.kryonet.Connection;
import io.threadwire.distributed.internal.transport.InboundFrame;
import io.threadwire.distributed.internal.transport.ReadGate;
import org.junit.jupiter.api.Test;

/**
 * Receive-side back-pressure: reading pauses past 1 MiB waiting for the reader, resumes below
 * 256 KiB, and a peer that pushes 64 MiB past the pause is cut off.
 */
class IntakeTest {
    private static final int MIB = 1 << 20;
    private static final int QUARTER_MIB = MIB / 4;

    private final ReadGate gate = new ReadGate(new Connection() { }); // not connected: the gate keeps only its state
    private final Intake intake = new Intake(gate);

    private static InboundFrame frame(int bytes) {
        return new InboundFrame(11, new byte[bytes]);
    }

    /** Reading goes on below the pause threshold, pauses past it, and resumes once the reader is below the resume threshold. */
    @Test
    void pausesPastOneMebibyteAndResumesBelowAQuarter() {
        InboundFrame[] frames = new InboundFrame[5];
        for (int i = 0; i < 4; i++) {
            frames[i] = frame(QUARTER_MIB - Intake.FRAME_COST);
            assertThat(intake.offer(frames[i])).isEqualTo(Intake.Verdict.READ_ON);
        }
        frames[4] = frame(1);
        assertThat(intake.offer(frames[4])).isEqualTo(Intake.Verdict.PAUSE);
        assertThat(intake.isPaused()).isTrue();
        for (int i = 0; i < 3; i++) {
            assertThat(intake.take()).isSameAs(frames[i]);
            assertThat(intake.handled(frames[i])).as("resumed after %d frames handled", i + 1).isFalse();
        }
        assertThat(intake.take()).isSameAs(frames[3]);
        assertThat(intake.handled(frames[3])).as("resumed below 256 KiB").isTrue();
        assertThat(intake.isPaused()).isFalse();
        assertThat(intake.waiting()).isEqualTo(1 + Intake.FRAME_COST);
    }

    /** Empty frames count too: a peer that sends nothing but empty frames is paused once they would hold 1 MiB. */
    @Test
    void emptyFramesPauseReadingToo() {
        long frames = Intake.PAUSE_BYTES / Intake.FRAME_COST;
        for (long i = 0; i < frames; i++) {
            assertThat(intake.offer(frame(0))).as("frame %d", i).isEqualTo(Intake.Verdict.READ_ON);
        }
        assertThat(intake.offer(frame(0))).isEqualTo(Intake.Verdict.PAUSE);
    }

    /** A peer that keeps sending far past the pause (it ignores TCP, or pausing failed) is cut off. */
    @Test
    void aPeerThatOverrunsTheHardLimitIsCutOff() {
        Intake.Verdict last = null;
        for (int i = 0; i <= 64; i++) {
            last = intake.offer(frame(MIB));
        }
        assertThat(last).isEqualTo(Intake.Verdict.OVERRUN);
        assertThat(intake.waiting()).isGreaterThan(Intake.HARD_LIMIT);
    }

    /** Markers queue behind the frames that came before them. */
    @Test
    void markersComeAfterEarlierFrames() {
        InboundFrame f = frame(10);
        intake.offer(f);
        intake.mark(ChannelReader.DISCONNECTED);
        assertThat(intake.take()).isSameAs(f);
        assertThat(intake.take()).isSameAs(ChannelReader.DISCONNECTED);
    }
}
