package io.threadwire.tests.docs;

import static io.threadwire.core.Messaging.monitor;
import static io.threadwire.core.Messaging.receive;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.Down;
import io.threadwire.core.LocalThread;
import io.threadwire.distributed.Node;
import io.threadwire.samples.guides.GettingStarted;
import io.threadwire.testkit.Timeouts;
import io.threadwire.tests.support.Printed;
import org.junit.jupiter.api.Test;

/** The getting-started guide's code prints what the guide says it prints. */
class GettingStartedSnippetsTest {
    @Test
    void firstThreadsEchoTheGreeting() {
        Printed out = new Printed();
        GettingStarted.firstThreads(out.stream);
        assertThat(out.text().lines()).containsExactly("echo: hello");
    }

    @Test
    void firstCallAddsThree() {
        Printed out = new Printed();
        GettingStarted.firstCall(out.stream);
        assertThat(out.text().lines()).containsExactly("5 + 3 = 8");
    }

    @Test
    void twoNodesCallByNameAndAnswerThroughATravellingHandle() {
        Printed out = new Printed();
        try (Node server = GettingStarted.startServer(0); Node client = Node.start(0)) {
            LocalThread main = GettingStarted.startClient(client, server.address(), out.stream);
            monitor(main);
            Down down = receive(Down.class, Timeouts.LONG);
            assertThat(down.reason().isNormal()).as("the client thread ended with " + down.reason()).isTrue();
        }
        assertThat(out.text().lines()).hasSize(2);
        assertThat(out.text().lines().toList().get(0)).isEqualTo("5 + 3 = 8");
        assertThat(out.text().lines().toList().get(1)).startsWith("hello, client (from ");
    }

    @Test
    void aMonitorSeesTheCrash() {
        Printed out = new Printed();
        GettingStarted.monitors(out.stream);
        assertThat(out.text().lines()).containsExactly("worker ended: java.lang.IllegalStateException: boom");
    }

    @Test
    void aLinkRaisesTheFailureInTheOtherThread() {
        Printed out = new Printed();
        GettingStarted.links(out.stream);
        assertThat(out.text().lines()).containsExactly("linked thread ended: java.lang.IllegalStateException: child failed");
    }
}
