package io.threadwire.core;

import static io.threadwire.core.Messaging.demonitor;
import static io.threadwire.core.Messaging.exit;
import static io.threadwire.core.Messaging.monitor;
import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.self;
import static io.threadwire.core.Messaging.send;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threadwire.core.Scenario.Runner;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Monitors: one Down per monitor, with the reason, and demonitor. */
class MonitorTest {

    /** A monitored thread that returns gives exactly one Down with reason normal. */
    @Test
    void normalEndGivesOneDownNormal() {
        Scenario.run(s -> {
            LocalThread child = s.spawn(() -> receive(LONG));
            MonitorRef m = monitor(child);
            assertThat(m.target()).isSameAs(child);
            send("stop", child);
            Down down = receive(Down.class, LONG);
            assertThat(down).isEqualTo(new Down(child, ExitReason.NORMAL));
            assertThat(down.reason()).hasToString("normal");
            s.join(child);
            Scenario.assertMailboxEmpty(); // no second Down
        });
    }

    /** A monitored thread that dies of an exception gives exactly one Down whose reason is Crashed carrying it. */
    @Test
    void crashGivesOneDownWithTheException() {
        Boom boom = new Boom("child failed");
        Scenario.run(s -> {
            LocalThread child = s.spawn(() -> {
                receive(LONG);
                throw boom;
            });
            monitor(child);
            send("crash", child);
            Down down = receive(Down.class, LONG);
            assertThat(down.ref()).isSameAs(child);
            assertThat(down.reason()).isInstanceOfSatisfying(ExitReason.Crashed.class,
                    crashed -> assertThat(crashed.exception()).isSameAs(boom));
            assertThat(down.reason().isNormal()).isFalse();
            s.join(child);
            Scenario.assertMailboxEmpty();
        });
    }

    /** Monitoring a thread that has already ended gives a Down with reason noproc at once. */
    @Test
    void endedThreadGivesNoprocAtOnce() {
        Scenario.run(s -> {
            LocalThread ended = s.spawn(() -> { });
            s.join(ended);
            monitor(ended);
            Down down = receive(Down.class, Duration.ZERO); // already in the mailbox when monitor returns
            assertThat(down).isEqualTo(new Down(ended, ExitReason.NOPROC));
            assertThat(down.reason()).hasToString("noproc");
            Scenario.assertMailboxEmpty();
        });
    }

    /** Monitoring a thread twice makes two monitors, each giving its own Down. */
    @Test
    void twoMonitorsGiveTwoDowns() {
        Scenario.run(s -> {
            LocalThread child = s.spawn(() -> receive(LONG));
            MonitorRef first = monitor(child);
            MonitorRef second = monitor(child);
            assertThat(first).isNotEqualTo(second);
            send("stop", child);
            assertThat(receive(Down.class, LONG)).isEqualTo(new Down(child, ExitReason.NORMAL));
            assertThat(receive(Down.class, LONG)).isEqualTo(new Down(child, ExitReason.NORMAL));
            s.join(child);
        });
    }

    /** After demonitor of a monitor that has not fired, no Down from it ever arrives. */
    @Test
    void demonitorBeforeTheEndPreventsTheDown() {
        Scenario.run(s -> {
            LocalThread child = s.spawn(() -> receive(LONG));
            MonitorRef removed = monitor(child);
            assertThat(demonitor(removed)).isTrue();
            monitor(child); // a second monitor, to see the end
            send("stop", child);
            assertThat(receive(Down.class, LONG)).isEqualTo(new Down(child, ExitReason.NORMAL));
            s.join(child); // every Down the end gives has been delivered
            Scenario.assertMailboxEmpty();
            assertThat(demonitor(removed)).isFalse(); // removing twice is harmless
        });
    }

    /** demonitor of a monitor whose Down was delivered but not yet received takes that Down back out. */
    @Test
    void demonitorAfterTheDownTakesItBack() {
        Scenario.run(s -> {
            send("mine", Messaging.self()); // a message of the watcher's own, which must stay
            LocalThread child = s.spawn(() -> receive(LONG));
            MonitorRef m = monitor(child);
            send("stop", child);
            s.join(child); // the Down is now in the mailbox, not received
            assertThat(demonitor(m)).isFalse(); // it had fired
            assertThat(receive(Duration.ZERO)).isEqualTo("mine");
            Scenario.assertMailboxEmpty();
        });
    }

    /**
     * On a thread threadwire did not start, demonitor after an exit signal ended its threadwire
     * life returns false, as the monitor went with that life, and no Down reaches the new mailbox.
     */
    @Test
    void demonitorAfterAnExitSignalEndedTheWatchersLifeReturnsFalse() {
        Scenario.run(Runner.PLATFORM, s -> {
            LocalThread target = s.spawn(() -> receive(LONG));
            MonitorRef m = monitor(target);
            assertThatThrownBy(() -> exit(self(), "done")).isInstanceOf(ExitSignalException.class);
            assertThat(demonitor(m)).isFalse();
            send("stop", target);
            s.join(target);
            Scenario.assertMailboxEmpty();
        });
    }
}
