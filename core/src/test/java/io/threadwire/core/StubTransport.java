package io.threadwire.core;

import io.threadwire.core.spi.ExitHook;
import io.threadwire.core.spi.Registration;
import io.threadwire.core.spi.Transport;
import io.threadwire.core.spi.Transports;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A node that exists only to see what core asks of a transport: it records each send (the
 * message and the thread that made it) and can hold sends to one node until released. It
 * implements only what the tests call, and no exit signals (the interface's default).
 */
final class StubTransport implements Transport, AutoCloseable {

    /** A send core made: to whom, what, and on which thread. */
    record Sent(RemoteThread to, Object message, String threadName) {
    }

    static final NodeAddress SLOW = new NodeAddress("127.0.0.1", 2);
    static final NodeAddress FAST = new NodeAddress("127.0.0.1", 3);

    final BlockingQueue<Sent> sent = new LinkedBlockingQueue<>();
    final CountDownLatch releaseSlow = new CountDownLatch(1);

    private StubTransport() {
    }

    /** A stub installed as the JVM's default node until closed. */
    static StubTransport installed() {
        StubTransport t = new StubTransport();
        Transport previous = Transports.setDefault(t);
        if (previous != null) {
            Transports.setDefault(previous);
            throw new IllegalStateException("a node is already the JVM's default: " + previous);
        }
        return t;
    }

    @Override
    public void close() {
        releaseSlow.countDown();
        Transports.clearDefault(this);
    }

    @Override
    public NodeAddress address() {
        return new NodeAddress("127.0.0.1", 1);
    }

    @Override
    public void threadStarted(LocalThread thread) {
    }

    @Override
    public RemoteThread.ById handleOf(LocalThread thread) {
        throw new UnsupportedOperationException();
    }

    /** Records the send; a send to {@link #SLOW} first waits until {@link #releaseSlow}. */
    @Override
    public void send(RemoteThread to, Object message, LocalThread sender) {
        if (to.node().equals(SLOW)) {
            try {
                releaseSlow.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        sent.add(new Sent(to, message, Thread.currentThread().getName()));
    }

    @Override
    public void reply(RemoteThread to, long tag, Object reply, LocalThread sender) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Registration monitor(RemoteThread target, ExitHook hook) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void link(LocalThread local, RemoteThread remote) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void unlink(LocalThread local, RemoteThread remote) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void registerName(String name, LocalThread thread) {
        throw new UnsupportedOperationException();
    }
}
