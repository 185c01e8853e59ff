package io.threadwire.distributed.internal.cluster.groups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threadwire.core.LocalThread;
import io.threadwire.core.Messaging;
import io.threadwire.core.NoSuchThreadException;
import io.threadwire.core.spi.LocalThreads;
import io.threadwire.distributed.ClusterLimits;
import io.threadwire.distributed.internal.cluster.FakeClusterPort;
import io.threadwire.distributed.internal.cluster.Reply;
import io.threadwire.testkit.Timeouts;
import org.junit.jupiter.api.Test;

/**
 * {@code Groups.join} of a thread that has ended throws {@code NoSuchThreadException}, as its
 * Javadoc says, also when the thread held joins already and the groups service has not yet
 * handled the notice of its end.
 */
class JoinOfAnEndedThreadTest {

    /**
     * Scenario: t joins "g", then ends; before the service takes in the notice of its end, t is
     * joined to "g" again. The join is refused, and "g" is never shown with t twice.
     */
    @Test
    void aJoinOfAThreadThatEndedIsRefusedThoughItsEndIsNotHandledYet() {
        GroupViews views = new GroupViews();
        GroupsService service = new GroupsService(new FakeClusterPort(ClusterLimits.DEFAULT), "threadwire.groups", views);
        service.start(); // on this thread, which receives the service's notices
        LocalThread t = FakeClusterPort.idle();
        service.handle(new GroupsRequests.Join("g", t, new Reply()));
        assertThat(views.members("g")).containsExactly(t);

        Messaging.send("stop", t); // an idle thread ends at its first message
        Timeouts.await(() -> LocalThreads.exitReason(t) != null, t + " ends");
        assertThatThrownBy(() -> service.handle(new GroupsRequests.Join("g", t, new Reply())))
                .isInstanceOf(NoSuchThreadException.class);
        assertThat(views.members("g")).as("t listed once at most").containsExactly(t);

        FakeClusterPort.drain(service); // the notice of its end
        assertThat(views.members("g")).isEmpty();
    }
}
