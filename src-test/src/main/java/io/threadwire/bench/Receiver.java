package io.threadwire.bench;

import static io.threadwire.core.Messaging.*;

import io.threadwire.bench.Msg.Ack;
import io.threadwire.bench.Msg.Data;
import io.threadwire.bench.Msg.Hello;
import io.threadwire.bench.Msg.Tick;
import io.threadwire.core.Synchronous;
import io.threadwire.core.ThreadRef;
import io.threadwire.distributed.Node;
import java.util.Arrays;

/**
 * The child JVM's node of the remote benchmarks, and its registered threads:
 * <ul>
 *   <li>{@code sink}: counts {@code Data}; after every 10,000th sends {@code Ack(count)} to the
 *       thread named in the driver's {@code Hello}.</li>
 *   <li>{@code echo}: answers every synchronous request with the very {@code Data} it carried.</li>
 *   <li>{@code echo-send}: sends every {@code Data} back with a plain send, to the thread named
 *       in the last {@code Hello}.</li>
 *   <li>{@code bulk}: takes whatever it is sent and drops it (the big messages of the
 *       head-of-line benchmark).</li>
 *   <li>{@code ticks}: notes the gap between consecutive {@code Tick}s as they arrive; a
 *       synchronous {@code "gaps?"} returns the gaps noted so far (nanoseconds) and starts
 *       afresh; a synchronous {@code "reset"} forgets them.</li>
 *   <li>{@code memory}: a synchronous {@code "memory?"} returns this JVM's heap after a
 *       collection and its direct buffers, in bytes; a synchronous {@code "cpu?"} returns the
 *       CPU time this JVM has used, in nanoseconds (-1 if it cannot tell); a synchronous {@code Integer} n spawns n
 *       threads that wait in {@code receive()} for ever, and returns once they all do.</li>
 * </ul>
 */
final class Receiver {
    private Receiver() {
    }

    /** Starts the child's node and its threads; returns the node's port. */
    static int start() {
        Node node = Node.start(RemoteBench.config());
        node.registerRemoteThread(node.spawn("sink", Receiver::sink), "sink");
        node.registerRemoteThread(node.spawn("echo", Receiver::echo), "echo");
        node.registerRemoteThread(node.spawn("echo-send", Receiver::echoSend), "echo-send");
        node.registerRemoteThread(node.spawn("bulk", Receiver::bulk), "bulk");
        node.registerRemoteThread(node.spawn("ticks", Receiver::ticks), "ticks");
        node.registerRemoteThread(node.spawn("memory", Receiver::memory), "memory");
        return node.address().port();
    }

    private static void sink() {
        ThreadRef ackTo = null;
        long count = 0;
        for (;;) {
            Object m = receive();
            if (m instanceof Data) {
                if (++count % Window.ACK_EVERY == 0) {
                    send(new Ack(count), ackTo);
                }
            } else if (m instanceof Hello h) {
                ackTo = h.from();
            }
        }
    }

    private static void echo() {
        for (;;) {
            if (receive() instanceof Synchronous request) {
                replySynchronous(request.data(), request);
            }
        }
    }

    private static void echoSend() {
        ThreadRef replyTo = null;
        for (;;) {
            Object m = receive();
            if (m instanceof Data) {
                send(m, replyTo);
            } else if (m instanceof Hello h) {
                replyTo = h.from();
            }
        }
    }

    private static void bulk() {
        for (;;) {
            receive();
        }
    }

    private static void ticks() {
        long[] gaps = new long[1024];
        int count = 0;
        long last = -1;
        for (;;) {
            Object m = receive();
            if (m instanceof Tick) {
                long now = System.nanoTime();
                if (last >= 0) {
                    if (count == gaps.length) {
                        gaps = Arrays.copyOf(gaps, count * 2);
                    }
                    gaps[count++] = now - last;
                }
                last = now;
            } else if (m instanceof Synchronous request && "gaps?".equals(request.data())) {
                replySynchronous(Arrays.copyOf(gaps, count), request);
                count = 0;
                last = -1;
            } else if (m instanceof Synchronous request && "reset".equals(request.data())) {
                count = 0; // the gaps so far were before the measured calls
                last = -1;
                replySynchronous("reset", request);
            }
        }
    }

    private static void memory() {
        for (;;) {
            if (!(receive() instanceof Synchronous request)) {
                continue;
            }
            if ("memory?".equals(request.data())) {
                try {
                    replySynchronous(new long[] {Measure.heapAfterGc(), Measure.bufferPools()}, request);
                } catch (InterruptedException e) {
                    return;
                }
            } else if ("cpu?".equals(request.data())) {
                replySynchronous(Measure.cpuNanos(), request);
            } else if (request.data() instanceof Integer n) {
                try {
                    replySynchronous(Measure.parkThreads(n).threads().length, request);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
