package io.threadwire.tests.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.distributed.Node;
import io.threadwire.samples.FactorLogger;
import io.threadwire.testkit.Cluster;
import io.threadwire.tests.support.Printed;
import io.threadwire.testkit.Timeouts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The factor-logger sample in one JVM, two nodes: what Factor's documentation says the user
 * sees ("hello" printed by the logger) and what Factor's own test asserts (5 and the sender's
 * handle to a registered thread of the other node; 8 comes back), by send and by call.
 */
class FactorLoggerSampleTest {
    @RegisterExtension
    final Cluster cluster = Cluster.of(2);

    @Test
    void helloReachesTheLoggerAndEightComesBackFromTheAdder() {
        Node server = cluster.node(0), client = cluster.node(1);
        Printed serverOut = new Printed(), clientOut = new Printed();
        FactorLogger.startServices(server, 1, serverOut.stream);

        cluster.call(client, () -> {
            FactorLogger.runClient("127.0.0.1", server.address().port(), clientOut.stream);
            return null;
        });

        Timeouts.await(() -> serverOut.text().contains("logger received: hello"), "the logger prints 'hello'");
        assertThat(clientOut.text()).contains(
                "sent 'hello' to logger at 127.0.0.1:" + server.address().port(),
                "{ 5 self } went to adder; 8 came back",
                "sendSynchronous 5 to adder: 8");
    }
}
