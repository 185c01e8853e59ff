package io.threadwire.tests.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.samples.AnyEventDemo;
import io.threadwire.samples.Transcript;
import org.junit.jupiter.api.Test;

/**
 * The anyevent-mp sample: the AnyEvent::MP tutorial on a seed node and three nodes that find
 * each other through it, with what the tutorial says the user sees: "Ending with: 123", the
 * receivers' data, a killed port's reason, and a chat whose clients reconnect after the
 * supervised server crashes and is restarted. {@code AnyEventDemo.run} waits for each step's
 * line (bounded), so this test fails if any step does not happen.
 */
class AnyEventMpSampleTest {
    @Test
    void theTutorialRunsAndTheChatSurvivesItsServer() throws Exception {
        Transcript out = new Transcript(null);
        AnyEventDemo.run(out);
        String text = out.text();
        assertThat(text).contains("Ending with: 123", "Received data: ", "died: bored",
                "relaying: alice: hello", "disconnected java.lang.IllegalStateException: the chat server crashed on request",
                "relaying: bob: still here?");
        assertThat(text.lines().filter("server ready."::equals)).as("the supervisor restarted the server")
                .hasSizeGreaterThanOrEqualTo(2); // a third start may print while the nodes close
    }
}
