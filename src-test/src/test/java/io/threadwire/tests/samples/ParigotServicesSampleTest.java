package io.threadwire.tests.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.distributed.Node;
import io.threadwire.samples.ParigotServices;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Timeouts;
import io.threadwire.tests.support.Printed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The parigot-services sample in one JVM, two nodes: a service located by name answers a call
 * through a future, and its slow method returns a ticket at once that the caller polls until
 * the result is there.
 */
class ParigotServicesSampleTest {
    @RegisterExtension
    final Cluster cluster = Cluster.of(2);

    @Test
    void aServiceLocatedByNameAnswersThroughAFutureAndATicket() {
        Node service = cluster.node(0), program = cluster.node(1);
        Printed serviceOut = new Printed(), programOut = new Printed();
        ParigotServices.startGreetingService(service, serviceOut.stream);
        Timeouts.await(() -> serviceOut.text().contains("greeting service ready"), "the service starts");

        long sum = cluster.call(program, () -> ParigotServices.runProgram(service.address(), programOut.stream));

        assertThat(sum).isEqualTo(1_000_000L * 1_000_001L / 2);
        assertThat(programOut.text()).contains(
                "greeting answered: Hello, world!",
                "slowSum returned Ticket[id=1] at once",
                "slowSum done after");
    }
}
