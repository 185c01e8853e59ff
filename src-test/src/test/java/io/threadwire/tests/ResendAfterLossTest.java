package io.threadwire.tests;

import static io.threadwire.core.Messaging.monitor;
import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.send;
import static io.threadwire.testkit.Timeouts.LONG;
import static io.threadwire.tests.support.Tolerant.tolerant;
import static org.assertj.core.api.Assertions.assertThat;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.threadwire.core.Down;
import io.threadwire.core.ExitReason;
import io.threadwire.core.RemoteThread;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeDown;
import io.threadwire.distributed.NodeUp;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Worker;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A message sent the moment a thread learns that its connection was lost. */
class ResendAfterLossTest {
    /** Travels, but its bytes cannot be read: the node it arrives at takes the stream for broken and closes the connection. */
    @DefaultSerializer(Poison.Unreadable.class)
    record Poison(int n) {
        /** Writes a Poison, and refuses to read one back as a corrupt stream would be refused. */
        public static final class Unreadable extends Serializer<Poison> {
            @Override
            public void write(Kryo kryo, Output output, Poison poison) {
                output.writeVarInt(poison.n(), true);
            }

            @Override
            public Poison read(Kryo kryo, Input input, Class<? extends Poison> type) {
                throw new KryoException("a Poison cannot be read");
            }
        }
    }

    @RegisterExtension
    final Cluster cluster = Cluster.of(2, b -> tolerant(b).register(Poison.class));

    /**
     * Scenario: node B closes the connection (a message it cannot read); a thread of
     * node A that monitors B's sink sends again as soon as its Down(noconnection) arrives, and
     * that message arrives over a new connection.
     */
    @RepeatedTest(20)
    void aSendMadeAsSoonAsTheLossIsReportedArrives() {
        Node a = cluster.node(0);
        Node b = cluster.node(1);
        Worker<Object> sink = Worker.start(b, "sink", () -> receive(LONG));
        b.registerRemoteThread(sink.thread(), "sink");
        Worker<Object> sender = Worker.start(a, "sender", () -> {
            RemoteThread target = b.remoteThread("sink");
            a.monitorNode(b.address());
            receive(NodeUp.class, LONG);
            monitor(target);
            send(new Poison(1), target);
            Down down = receive(Down.class, LONG);
            send("again", target);
            receive(NodeDown.class, LONG);
            return down.reason();
        });
        assertThat(sender.join()).isEqualTo(ExitReason.NOCONNECTION);
        assertThat(sink.join()).isEqualTo("again");
    }
}
