package io.threadwire.core;

import static io.threadwire.core.Messaging.link;
import static io.threadwire.core.Messaging.monitor;
import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.self;
import static io.threadwire.core.Messaging.send;
import static io.threadwire.core.Messaging.spawn;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a failing thread logs (the tests' slf4j-simple writes WARN and above to System.err):
 * one line per failure, on the logger {@code io.threadwire.core.failures}, without its stack.
 */
class FailureLogTest {

    /** A chain of three linked threads, the last of which fails, logs that one failure, once, in one line. */
    @Test
    void linkedChainLogsTheOriginalFailureOnce() {
        String original = "original failure " + System.nanoTime(); // names this test's lines
        List<String> lines = StderrCapture.linesOf(() -> Scenario.run(s -> {
            LocalThread me = self();
            LocalThread failing = spawn(() -> {
                receive(LONG);
                throw new IllegalStateException(original); // with a stack trace, unlike Boom
            });
            LocalThread middle = spawn(() -> {
                link(failing);
                send("linked", me);
                receive(LONG);
            });
            LocalThread first = spawn(() -> {
                link(middle);
                send("linked", me);
                receive(LONG);
            });
            assertThat(receive(LONG)).isEqualTo("linked");
            assertThat(receive(LONG)).isEqualTo("linked");
            for (LocalThread t : List.of(failing, middle, first)) {
                monitor(t);
            }
            send("fail", failing);
            for (int i = 0; i < 3; i++) {
                assertThat(receive(Down.class, LONG).reason().isNormal()).isFalse(); // logged before its Down
            }
        }));
        List<String> ours = lines.stream().filter(l -> l.contains(original)).toList();
        assertThat(ours).as("lines about the failure in %s", lines).hasSize(1);
        assertThat(ours.get(0)).contains("WARN").contains("io.threadwire.core.failures")
                .contains("IllegalStateException").contains("stack trace is logged at DEBUG");
        assertThat(lines).as("no stack trace").noneMatch(l -> l.startsWith("\tat "));
    }
}
