package io.threadwire.tests.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.LocalThread;
import io.threadwire.core.ThreadRef;
import io.threadwire.distributed.Node;
import io.threadwire.samples.AvmPingPong;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Timeouts;
import io.threadwire.tests.support.Printed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The avm-pingpong sample in one JVM: alpha's directory learns of pong when beta creates it,
 * ping and pong call each other for three rounds, and when beta dies alpha's directory drops pong.
 */
class AvmPingPongSampleTest {
    @RegisterExtension
    final Cluster cluster = Cluster.of(2);

    @Test
    void pingAndPongCallEachOtherAndTheDirectoryFollowsPong() {
        Node alpha = cluster.node(0), beta = cluster.node(1);
        Printed alphaOut = new Printed(), betaOut = new Printed();
        LocalThread directory = AvmPingPong.startDirectory(alpha, alphaOut.stream);
        cluster.call(alpha, () -> alpha.connect(beta.address()));
        AvmPingPong.startPong(beta, betaOut.stream);

        Timeouts.await(() -> alphaOut.text().contains("directory: pong -> " + beta.address()), "alpha's directory learns of pong");
        String result = cluster.call(alpha, () -> {
            ThreadRef pong = AvmPingPong.whereIsPong(directory).orElseThrow();
            return AvmPingPong.runPing(pong, 3, alphaOut.stream);
        });

        assertThat(result).isEqualTo("done");
        assertThat(alphaOut.text()).contains("ping: round 1 answered by pong", "ping: round 3 answered by pong");
        assertThat(betaOut.text()).contains("pong: round 2, ping said 'ping heard round 2'");

        beta.close();
        Timeouts.await(() -> alphaOut.text().contains("directory: pong dropped"), "alpha's directory drops pong when beta dies");
        assertThat(cluster.call(alpha, () -> AvmPingPong.whereIsPong(directory))).isEmpty();
    }
}
