package io.threadwire.distributed.internal.transport;

import com.esotericsoftware.kryonet.Connection;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.channels.SelectionKey;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops and restarts reading from one connection: threadwire's back-pressure on the receiving
 * side. KryoNet reads every connection as fast as the network delivers and offers no way to
 * pause one, so frames would pile up unboundedly in front of a reader that cannot keep up.
 * Instead, when too many bytes wait:
 * <ol>
 *   <li>{@link #pause} takes read interest off the connection's selection key, and the
 *       listener then throws {@link Paused} out of KryoNet's read loop (which would otherwise
 *       drain the socket for as long as the peer keeps it full); the frame at hand is already
 *       queued, later bytes stay in KryoNet's read buffer and the socket, TCP's window closes,
 *       and the sender slows down (its own queue fills and its senders wait);</li>
 *   <li>{@link #resume} puts read interest back and has the endpoint's loop thread
 *       {@link #pump} the frames already in KryoNet's read buffer, which no select would
 *       announce.</li>
 * </ol>
 * KryoNet's write path puts read interest back whenever it flushes; that only lets one more
 * frame in before the gate closes again.
 *
 * <p>The key and the read method are KryoNet's own ({@code Connection.tcp}, package-private):
 * reached by reflection, which works because KryoNet is on the class path or an automatic
 * module (whose packages are all open), never a named module of its own. If they cannot be reached, pausing does nothing and the channel's hard limit on
 * waiting bytes closes a connection that overruns it instead.
 */
public final class ReadGate {
    private static final Logger LOG = LoggerFactory.getLogger(ReadGate.class);
    private static final Field TCP;
    private static final Field KEY;
    private static final Field WRITE_LOCK;
    private static final Method READ_OBJECT;

    /** Thrown by the listener to leave KryoNet's read loop; the endpoint loop expects it. */
    static final class Paused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final Paused INSTANCE = new Paused();

        private Paused() {
            super("reading paused", null, false, false);
        }
    }

    static {
        Field tcp = null;
        Field key = null;
        Field writeLock = null;
        Method read = null;
        try {
            tcp = Connection.class.getDeclaredField("tcp");
            tcp.setAccessible(true);
            key = tcp.getType().getDeclaredField("selectionKey");
            key.setAccessible(true);
            writeLock = tcp.getType().getDeclaredField("writeLock");
            writeLock.setAccessible(true);
            read = tcp.getType().getDeclaredMethod("readObject", Connection.class);
            read.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("cannot pause reading from KryoNet connections ({}); a peer that sends faster than it is read"
                    + " from will have its connection closed instead", e.toString());
            tcp = null;
            key = null;
            writeLock = null;
            read = null;
        }
        TCP = tcp;
        KEY = key;
        WRITE_LOCK = writeLock;
        READ_OBJECT = read;
    }

    /** Whether pausing works here (else only the hard limit protects the node). */
    public static boolean available() {
        return READ_OBJECT != null;
    }

    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean paused;  // written under lock: the reader is too far behind
    private volatile boolean yielded; // written under lock: the connection had its turn of the loop

    public ReadGate(Connection connection) {
        this.connection = connection;
    }

    /** Stops reading (runs on the network thread, or any thread); false if it was stopped already. */
    public boolean pause() {
        lock.lock();
        try {
            if (paused) {
                return false;
            }
            paused = true;
            setRead(false);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reads again (any thread): read interest back, and a wake-up of the selector; the caller
     * then has the loop {@link #pump} what is already buffered.
     */
    public boolean resume() {
        lock.lock();
        try {
            if (!paused) {
                return false;
            }
            paused = false;
            if (yielded) {
                return true; // reading starts again when the turn is over
            }
            SelectionKey k = setRead(true);
            if (k != null) {
                k.selector().wakeup();
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Takes read interest off again if KryoNet put it back while paused or yielded. */
    public void reapply() {
        if (!lock.tryLock()) {
            return; // a pause, resume or yield is in progress: it decides
        }
        try {
            if (paused || yielded) {
                setRead(false);
            }
        } finally {
            lock.unlock();
        }
    }

    public boolean isPaused() {
        return paused;
    }

    /**
     * Loop thread: stops reading the connection until {@link #endYield}, because it had its turn
     * of the loop. KryoNet reads one connection for as long as its buffer refills, so a peer that
     * sends fast enough (keep-alives, which nothing queues, so nothing pauses) would hold the
     * thread that every other connection of the endpoint needs. Unlike {@link #pause}, no reader
     * asked for it: a yield and a pause each keep reading stopped until they end.
     */
    public void yieldTurn() {
        lock.lock();
        try {
            yielded = true;
            setRead(false);
        } finally {
            lock.unlock();
        }
    }

    /** Loop thread: the turn is over; reading starts again unless paused. Returns whether it did. */
    public boolean endYield() {
        lock.lock();
        try {
            yielded = false;
            if (paused) {
                return false;
            }
            setRead(true);
            return true;
        } finally {
            lock.unlock();
        }
    }

    public boolean isYielded() {
        return yielded;
    }

    /**
     * Loop thread only: hands the frames waiting in KryoNet's read buffer (and socket) to
     * {@code sink}, until none is complete or {@code sink} says stop. Closes the connection
     * if reading fails.
     */
    public void pump(Predicate<Object> sink) {
        if (READ_OBJECT == null) {
            return;
        }
        Object tcp = tcp();
        if (tcp == null) {
            return;
        }
        try {
            for (;;) {
                Object frame = READ_OBJECT.invoke(tcp, connection);
                if (frame == null || !sink.test(frame)) {
                    return;
                }
            }
        } catch (InvocationTargetException e) {
            LOG.debug("reading {} failed: {}", connection, String.valueOf(e.getCause()));
            connection.close();
        } catch (IllegalAccessException e) {
            connection.close();
        }
    }

    /**
     * Changes read interest only, under KryoNet's write lock. KryoNet sets the key's interest
     * whole ({@code OP_READ | OP_WRITE} when a send leaves bytes unwritten in an empty buffer,
     * {@code OP_READ} once the buffer is flushed), under that lock, from sending threads and the
     * loop. A read-modify-write outside it could undo a send's {@code OP_WRITE} between our read
     * and our write; KryoNet sets it again only when a send finds the buffer empty, so the buffer
     * would then never be flushed and the connection would stand still until the send timeout
     * cut it (seen under two nodes' mutual load).
     */
    private SelectionKey setRead(boolean read) {
        Object tcp = tcp();
        SelectionKey k = key(tcp);
        if (k == null || !k.isValid()) {
            return null;
        }
        Object writeLock = writeLock(tcp);
        try {
            synchronized (writeLock != null ? writeLock : k) {
                int ops = k.interestOps();
                k.interestOps(read ? ops | SelectionKey.OP_READ : ops & ~SelectionKey.OP_READ);
            }
        } catch (RuntimeException closed) {
            // the key was cancelled: the connection is closing anyway
        }
        return k;
    }

    private Object tcp() {
        return valueOf(TCP, connection);
    }

    private static SelectionKey key(Object tcp) {
        return (SelectionKey) valueOf(KEY, tcp);
    }

    private static Object writeLock(Object tcp) {
        return valueOf(WRITE_LOCK, tcp);
    }

    /** KryoNet's private {@code field} of {@code from}; null if either is missing or it cannot be read. */
    private static Object valueOf(Field field, Object from) {
        try {
            return field == null || from == null ? null : field.get(from);
        } catch (IllegalAccessException e) {
            return null;
        }
    }
}
