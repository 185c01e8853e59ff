package io.threadwire.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.threadwire.distributed.internal.cluster.ClusterServices;
import io.threadwire.distributed.internal.cluster.ServiceLoop;
import io.threadwire.distributed.internal.cluster.inspect.NodeService;
import io.threadwire.testkit.Timeouts;
import org.junit.jupiter.api.Test;

/** A node service that fails as it answers an inspect request says so at once, and goes on. */
class RemoteNodeFailedAnswerTest {
    /** Far longer than the test may wait: an answer that comes is the service's, not the caller's timeout. */
    private static final NodeConfig.Builder CONFIG = NodeConfig.builder().port(0)
            .secret("0123456789abcdef0123456789abcdef").connectTimeout(Timeouts.LONG.multipliedBy(4));

    /**
     * Scenario: node b's node service has no group views (answering ListGroups throws
     * NullPointerException there, as a bug or a closing node might): node a's groups() fails at
     * once, well before its connect timeout, with NodeUnreachableException naming what failed,
     * and b's next answer comes as usual.
     */
    @Test
    void aRequestWhoseAnsweringFailsIsAnsweredAtOnce() throws Exception {
        try (Node a = Node.start(CONFIG.build()); Node b = Node.start(CONFIG.build())) {
            RemoteNodeBadAnswerTest.replaceNodeService(b, () -> ServiceLoop.run(ClusterServices.NODE,
                    new NodeService(b.engine().clusterPort(), null, null, null), b.engine().clusterPort()::closing));
            RemoteNode remote = a.remote(b.address());
            assertTimeoutPreemptively(Timeouts.LONG, () -> {
                assertThatThrownBy(remote::groups).isInstanceOf(NodeUnreachableException.class)
                        .hasMessageContaining(b.address().toString())
                        .hasMessageContaining("failed to answer ListGroups")
                        .hasMessageContaining(NullPointerException.class.getName());
                assertThat(remote.info().self().address()).as("the next request is answered").isEqualTo(b.address());
            });
        }
    }
}
