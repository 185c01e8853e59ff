package io.threadwire.tests.security;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy between a dialing node and the node it dials, a man in the middle for tests. It
 * forwards the dialer's bytes frame by frame (KryoNet's 4-byte length, a type byte, the body)
 * and records them; {@link #flipNextDataFrame} makes it flip one bit in the body of the next
 * data frame it forwards, {@link #injectBeforeNextFrame} slip a frame of its own in before the
 * next one, and {@link #replaceDataWithKeepAlives} swap every data frame for a KeepAlive (the
 * dialer's traffic is dropped, but something still arrives). The other direction is copied as
 * it comes. Every accepted connection is forwarded; threads are virtual and end when their
 * sockets close.
 */
final class TcpProxy implements AutoCloseable {
    private final ServerSocket server;
    private final InetSocketAddress target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream dialerBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream dialedBytes = new ByteArrayOutputStream(); // the first MiB only
    private final AtomicBoolean flipArmed = new AtomicBoolean();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger flipped = new AtomicInteger();
    private final java.util.Queue<byte[]> injections = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final AtomicInteger injected = new AtomicInteger();
    private final AtomicInteger keepAlivesThrough = new AtomicInteger(); // connections numbered from 1; 0: none
    private final AtomicInteger replaced = new AtomicInteger();

    TcpProxy(InetSocketAddress listen, InetSocketAddress target) throws IOException {
        this.server = new ServerSocket();
        this.server.bind(listen);
        this.target = target;
        Thread.ofVirtual().name("proxy-accept").start(this::acceptLoop);
    }

    /** Flips one bit in the body of the next data frame from a dialer. */
    void flipNextDataFrame() {
        flipArmed.set(true);
    }

    /** Writes {@code frame} (length prefix included) to the dialed node before the next frame the dialer sends. */
    void injectBeforeNextFrame(byte[] frame) {
        injections.add(frame);
    }

    /** Frames injected so far. */
    int injected() {
        return injected.get();
    }

    /**
     * From now on every data frame the dialer sends on a connection open now is dropped and a
     * KeepAlive sent in its place; connections accepted later are forwarded as they come (the
     * dialer's next connection is a fresh start, not under attack).
     */
    void replaceDataWithKeepAlives() {
        keepAlivesThrough.set(connections.get());
    }

    /** Forwards the dialer's data frames again on every connection. */
    void forwardData() {
        keepAlivesThrough.set(0);
    }

    /** Data frames replaced by KeepAlives so far. */
    int replaced() {
        return replaced.get();
    }

    /** Data frames altered so far. */
    int flipped() {
        return flipped.get();
    }

    /** Connections accepted so far. */
    int connections() {
        return connections.get();
    }

    /** Every byte the dialers sent, as forwarded. */
    byte[] dialerBytes() {
        synchronized (dialerBytes) {
            return dialerBytes.toByteArray();
        }
    }

    /** The first MiB the dialed nodes sent, as forwarded. */
    byte[] dialedBytes() {
        synchronized (dialedBytes) {
            return dialedBytes.toByteArray();
        }
    }

    private void acceptLoop() {
        try {
            for (;;) {
                Socket dialer = server.accept();
                int number = connections.incrementAndGet();
                Socket upstream = new Socket();
                upstream.connect(target);
                dialer.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                sockets.add(dialer);
                sockets.add(upstream);
                Thread.ofVirtual().name("proxy-up").start(() -> pumpFrames(dialer, upstream, number));
                Thread.ofVirtual().name("proxy-down").start(() -> pumpBytes(upstream, dialer));
            }
        } catch (IOException e) {
            // closed
        }
    }

    private void pumpFrames(Socket from, Socket to, int number) {
        try (from; to) {
            DataInputStream in = new DataInputStream(from.getInputStream());
            OutputStream out = to.getOutputStream();
            for (;;) {
                int length = in.readInt();
                byte[] frame = new byte[4 + length];
                ByteBuffer.wrap(frame).putInt(length);
                in.readFully(frame, 4, length);
                for (byte[] extra; (extra = injections.poll()) != null; ) {
                    out.write(extra);
                    injected.incrementAndGet();
                }
                if (frame[4] == RawPeer.DATA && length > 1 && flipArmed.compareAndSet(true, false)) {
                    frame[4 + 1 + (length - 1) / 2] ^= 0x10; // one bit in the middle of the body
                    flipped.incrementAndGet();
                }
                if (frame[4] == RawPeer.DATA && number <= keepAlivesThrough.get()) {
                    frame = RawPeer.frame(RawPeer.KEEP_ALIVE, new byte[0]);
                    replaced.incrementAndGet();
                }
                synchronized (dialerBytes) {
                    dialerBytes.write(frame, 0, frame.length);
                }
                out.write(frame);
                out.flush();
            }
        } catch (IOException e) {
            // one side closed: closing both ends the other pump too
        }
    }

    private void pumpBytes(Socket from, Socket to) {
        try (from; to) {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[16 * 1024];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                synchronized (dialedBytes) {
                    dialedBytes.write(buffer, 0, Math.min(n, Math.max(0, (1 << 20) - dialedBytes.size())));
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
