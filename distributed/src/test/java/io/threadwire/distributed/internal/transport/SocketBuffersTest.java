package io.threadwire.distributed.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.esotericsoftware.kryonet.Connection;
import io.threadwire.testkit.Timeouts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The kernel's buffers of a connection stay at a fixed size, however much has streamed through them. */
class SocketBuffersTest {
    private static final int STREAMED = 64 << 20;

    /**
     * A stream lets the kernel grow its buffers; once bounded, what a writer can still put in
     * when its peer stops reading (what a small message written next would wait behind) stays
     * within the two buffers, which the kernel may double for its bookkeeping.
     */
    @Test
    void whatWaitsInTheKernelStaysWithinTheBoundAfterAStream() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            try (SocketChannel writer = SocketChannel.open(server.getLocalAddress()); SocketChannel reader = server.accept()) {
                SocketBuffers.bound(writer, SocketBuffers.BYTES);
                SocketBuffers.bound(reader, SocketBuffers.BYTES);
                CompletableFuture<Long> read = CompletableFuture.supplyAsync(() -> drain(reader, STREAMED));
                ByteBuffer chunk = ByteBuffer.allocate(1 << 20);
                for (int sent = 0; sent < STREAMED; sent += chunk.capacity()) {
                    chunk.clear();
                    while (chunk.hasRemaining()) {
                        writer.write(chunk);
                    }
                }
                assertThat(read.get(Timeouts.LONG.toNanos(), TimeUnit.NANOSECONDS)).isEqualTo(STREAMED);

                writer.configureBlocking(false); // the reader reads no more
                long held = 0;
                for (int n; (n = writer.write(chunk.clear())) > 0; ) {
                    held += n;
                }
                assertThat(held).isPositive().isLessThanOrEqualTo(4L * SocketBuffers.BYTES);
            }
        }
    }

    /** Both ends of a KryoNet connection, the one that dialed and the one that accepted, are bounded as they connect. */
    @Test
    void bothEndsOfAConnectionAreBounded() throws Exception {
        int expectedSend;
        int expectedReceive;
        try (SocketChannel reference = SocketChannel.open()) { // what this kernel reports for the bound
            SocketBuffers.bound(reference, SocketBuffers.BYTES);
            expectedSend = reference.getOption(StandardSocketOptions.SO_SNDBUF);
            expectedReceive = reference.getOption(StandardSocketOptions.SO_RCVBUF);
        }
        CompletableFuture<WireConnection> accepted = new CompletableFuture<>();
        WireServer server = new WireServer(1 << 16, 1 << 16);
        WireClient client = new WireClient(1 << 16, 1 << 16);
        try {
            server.addListener(new FrameListener(accepted::complete));
            int port = freePort();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), null);
            server.start();
            client.addListener(new FrameListener(null));
            client.start();
            client.connect((int) Timeouts.LONG.toMillis(), InetAddress.getLoopbackAddress(), port);
            for (Connection end : new Connection[] {client, accepted.get(Timeouts.LONG.toNanos(), TimeUnit.NANOSECONDS)}) {
                SocketChannel socket = SocketReset.socketOf(end);
                assertThat(socket).as("the socket of %s", end).isNotNull();
                // the dialing client's connect() returns as KryoNet registers it, and its loop
                // thread runs the listener (which bounds the socket) just after
                Timeouts.await(() -> buffers(socket, StandardSocketOptions.SO_SNDBUF) == expectedSend
                                && buffers(socket, StandardSocketOptions.SO_RCVBUF) == expectedReceive,
                        "both buffers of " + end + " are bounded");
            }
        } finally {
            client.stop();
            server.stop();
        }
    }

    private static int buffers(SocketChannel socket, SocketOption<Integer> option) {
        try {
            return socket.getOption(option);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long drain(SocketChannel reader, long bytes) {
        ByteBuffer into = ByteBuffer.allocate(1 << 20);
        long read = 0;
        try {
            while (read < bytes) {
                into.clear().limit((int) Math.min(into.capacity(), bytes - read));
                int n = reader.read(into);
                if (n < 0) {
                    break;
                }
                read += n;
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return read;
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
