package io.threadwire.core;

import static io.threadwire.core.Messaging.callAsync;
import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.replySynchronous;
import static io.threadwire.core.Messaging.self;
import static io.threadwire.core.Messaging.send;
import static io.threadwire.core.Messaging.sendAfter;
import static io.threadwire.core.Messaging.sendSynchronous;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Timeouts too long for a count of nanoseconds mean "no timeout": nothing fails at once, nothing overflows. */
class HugeTimeoutTest {
    private static final Duration HUGE = Duration.ofSeconds(Long.MAX_VALUE);

    /** A server that answers the requests it gets with "re:" and the request, until told "stop". */
    private static Runnable echo() {
        return () -> {
            for (;;) {
                Object m = receive(LONG);
                if (m instanceof Synchronous r) {
                    replySynchronous("re:" + r.data(), r);
                } else {
                    return;
                }
            }
        };
    }

    /** sendSynchronous and callAsync with the longest Duration wait for the reply as with none. */
    @Test
    void callsWithTheLongestTimeoutWaitForTheReply() {
        Scenario.run(s -> {
            LocalThread server = s.spawn(echo());
            assertThat(sendSynchronous(1, server, HUGE)).isEqualTo("re:1");
            assertThat(callAsync(2, server, HUGE).orTimeout(LONG.toMillis(), TimeUnit.MILLISECONDS).join()).isEqualTo("re:2");
            assertThat(callAsync(3, server, Duration.ofNanos(Long.MAX_VALUE)).orTimeout(LONG.toMillis(), TimeUnit.MILLISECONDS).join())
                    .isEqualTo("re:3");
            send("stop", server);
        });
    }

    /** A timer set for the longest Duration, and receive with it, neither fire nor fail at once. */
    @Test
    void timersAndReceivesWithTheLongestDurationDoNotFireAtOnce() {
        Scenario.run(s -> {
            TimerRef timer = sendAfter(HUGE, "never", self());
            send("now", self());
            assertThat(receive(HUGE)).isEqualTo("now");
            assertThat(timer.cancel()).as("the timer had not fired").isTrue();
            Scenario.assertMailboxEmpty();
        });
    }
}
