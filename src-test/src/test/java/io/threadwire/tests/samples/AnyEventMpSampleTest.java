package io.threadwire.tests.samples;

import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.samples.AnyEventDemo;
import io.threadwire.samples.Transcript;
import io.threadwire.testkit.Cluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The anyevent-mp sample in one JVM: the AnyEvent::MP tutorial on four nodes of the test kit, a
 * seed and three that find each other through it, with what the tutorial says the user sees:
 * "Ending with: 123", the receiver's data, a killed port's reason, and a chat whose clients
 * reconnect after the supervised server crashes and is restarted. The sample waits for each
 * step's line (bounded), so this test fails if any step does not happen.
 */
class AnyEventMpSampleTest {
    @RegisterExtension
    final Cluster cluster = Cluster.of(4).seededBy(0);

    @Test
    void theTutorialRunsAndTheChatSurvivesItsServer() throws Exception {
        Transcript out = new Transcript(null);
        AnyEventDemo.runInOneJvm(out, cluster.node(0), cluster.node(1), cluster.node(2), cluster.node(3));
        out.await("Received data: ", LONG);
        String text = out.text();
        assertThat(text).contains("Ending with: 123", "died: bored", "relaying: alice: hello",
                "disconnected java.lang.IllegalStateException: the chat server crashed on request",
                "relaying: bob: still here?");
        assertThat(out.lines("server ready.")).as("the supervisor restarted the server").isGreaterThanOrEqualTo(2);
    }
}
