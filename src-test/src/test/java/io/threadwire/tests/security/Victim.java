package io.threadwire.tests.security;

import static io.threadwire.core.Messaging.monitor;
import static io.threadwire.core.Messaging.receiveIf;
import static io.threadwire.core.Messaging.send;
import static io.threadwire.testkit.Timeouts.LONG;

import io.threadwire.core.Down;
import io.threadwire.core.LocalThread;
import io.threadwire.distributed.Node;
import java.io.IOException;

/**
 * A thread of the attacked node that raw peers watch or link to, registered under a name, and
 * that fails with a reason of the test's choosing when told "die": the signals the node then owes
 * the peers are what a test measures.
 */
final class Victim {
    private final LocalThread thread;
    private final String name;

    private Victim(LocalThread thread, String name) {
        this.thread = thread;
        this.name = name;
    }

    /** Spawns the victim on {@code node}, registered as {@code name}, to fail with an {@code IllegalStateException} of {@code reason}. */
    static Victim spawn(Node node, String name, String reason) {
        LocalThread t = node.spawn(name, () -> {
            receiveIf("die"::equals);
            throw new IllegalStateException(reason);
        });
        node.registerRemoteThread(t, name);
        return new Victim(t, name);
    }

    /** Monitors the victim from {@code p} under ids 1 to {@code count}, 1,000 a frame, and waits until the node has filed them all. */
    void monitorFrom(RawPeer p, int count) throws IOException {
        fileFrom(p, count, id -> RawPeer.monitorByName(id, name));
    }

    /** Links threads 1 to {@code count} of {@code p} to the victim, 1,000 a frame, and waits until the node has filed them all. */
    void linkFrom(RawPeer p, int count) throws IOException {
        fileFrom(p, count, id -> RawPeer.linkByName(id, name));
    }

    private static void fileFrom(RawPeer p, int count, java.util.function.IntFunction<byte[]> item) throws IOException {
        for (int first = 1; first <= count; first += 1_000) {
            RawPeer.Bytes frame = new RawPeer.Bytes();
            for (int id = first; id < first + 1_000 && id <= count; id++) {
                byte[] bytes = item.apply(id);
                frame.varLong(bytes.length).raw(bytes);
            }
            p.sendData(frame.toArray());
        }
        p.sync();
    }

    /**
     * Ends the victim and returns once its exit hooks have run: the calling thread's own
     * monitor, added after the peers', fires after theirs (a thread's hooks run in the order they
     * were added), so its Down comes once every signal for the peers is queued.
     */
    void endAndWait() {
        monitor(thread);
        send("die", thread);
        receiveIf(m -> m instanceof Down d && d.ref().equals(thread), LONG);
    }
}
