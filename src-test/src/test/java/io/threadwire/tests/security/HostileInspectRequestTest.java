package io.threadwire.tests.security;

import static io.threadwire.core.Messaging.sendSynchronous;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.RemoteThread;
import io.threadwire.distributed.Member;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.internal.cluster.protocol.InspectProtocol;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.LogCapture;
import io.threadwire.testkit.Worker;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenario: a peer that holds the secret sends the node service requests that name nothing (a
 * WhereIs, a GroupMembers, with no name), many of them. Each is answered Failed at once, none
 * logs an error with its stack trace (a peer must not be able to fill the node's log), and the
 * service goes on answering.
 */
class HostileInspectRequestTest {
    private static final int REQUESTS = 50;

    @RegisterExtension
    final Cluster cluster = AttackedNode.cluster(WireMode.ENCRYPTED);

    @Test
    void requestsWithoutANameAreAnsweredFailedWithoutAnErrorLoggedEach() throws Exception {
        Node attacked = AttackedNode.attacked(cluster);
        ClusterAttacker attacker = new ClusterAttacker(cluster);
        try (attacker; LogCapture log = LogCapture.start()) {
            RemoteThread service = attacked.remoteThread("threadwire.node");
            List<Object> answers = Worker.start(attacker.node, "asker", () -> {
                List<Object> got = new ArrayList<>();
                for (int i = 0; i < REQUESTS; i++) {
                    InspectProtocol bad = i % 2 == 0 ? new InspectProtocol.WhereIs(null) : new InspectProtocol.GroupMembers(null);
                    got.add(sendSynchronous(bad, service, LONG));
                }
                got.add(sendSynchronous(new InspectProtocol.Ping(), service, LONG));
                return got;
            }).join();
            assertThat(answers.subList(0, REQUESTS)).as("each bad request is answered Failed at once")
                    .allMatch(a -> a instanceof InspectProtocol.Failed);
            assertThat(answers.get(REQUESTS)).as("the service goes on").isInstanceOf(Member.class);
            assertThat(log.lines()).as("the peer's bad requests log no error each")
                    .noneMatch(l -> l.contains("ServiceLoop") || l.contains("NullPointerException"));
        }
    }
}
