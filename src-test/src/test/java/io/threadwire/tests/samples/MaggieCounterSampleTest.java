package io.threadwire.tests.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.NodeAddress;
import io.threadwire.distributed.Node;
import io.threadwire.samples.MaggieCounter;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Timeouts;
import io.threadwire.tests.support.Printed;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The maggie-counter sample in one JVM: the server prints the running totals Maggie's document
 * shows, and the client ends with "All messages sent and delivered" and the total 150; against a
 * port where nothing listens, it says "Cannot reach server".
 */
class MaggieCounterSampleTest {
    @RegisterExtension
    final Cluster cluster = Cluster.of(2);

    @Test
    void fiveIncrementsAreCountedAndConfirmed() {
        Node server = cluster.node(0), client = cluster.node(1);
        Printed serverOut = new Printed(), clientOut = new Printed();
        MaggieCounter.startCounter(server, 1, serverOut.stream);

        long total = cluster.call(client, () -> MaggieCounter.runClient(client, server.address(), clientOut.stream));

        assertThat(total).isEqualTo(150);
        assertThat(clientOut.text().lines()).containsExactly("Connected to server", "Sent increment: 10",
                "Sent increment: 20", "Sent increment: 30", "Sent increment: 40", "Sent increment: 50",
                "All messages sent and delivered (total 150)");
        Timeouts.await(() -> serverOut.text().contains("Final total: 150"), "the server prints its final total");
        assertThat(serverOut.text().lines()).containsExactly("Counter service ready", "Total: 10", "Total: 30",
                "Total: 60", "Total: 100", "Total: 150", "Final total: 150");
    }

    @Test
    void aServerThatIsDownCannotBeReached() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        Node client = cluster.node(1);
        Printed out = new Printed();
        long total = cluster.call(client, () -> MaggieCounter.runClient(client, new NodeAddress("127.0.0.1", closedPort), out.stream));
        assertThat(total).isEqualTo(-1);
        assertThat(out.text()).isEqualTo("Cannot reach server" + System.lineSeparator());
    }
}
