package io.threadwire.distributed.internal;

import com.esotericsoftware.kryonet.Connection;
import com.esotericsoftware.kryonet.FrameworkMessage;
import com.esotericsoftware.kryonet.KryoNetException;
import com.esotericsoftware.kryonet.Serialization;
import java.nio.ByteBuffer;

/**
 * Our frame format plugged into KryoNet in place of its own serialization (see {@link Wire}
 * for the layout). It never decodes application data: {@link #read} checks the frame type
 * against the connection's state and copies the body out for the channel's reader thread, so
 * the network thread does no more than copy bytes, and a hostile frame costs at most its own
 * size. Every failure, whatever it is, leaves as a {@link KryoNetException}, which makes
 * KryoNet close that one connection instead of losing its thread.
 *
 * <p>One instance per KryoNet endpoint; {@link #write} runs on writer threads (under KryoNet's
 * per-connection write lock) while {@link #read} runs on the endpoint's network thread. It
 * keeps no state of its own.
 */
final class FrameSerialization implements Serialization {
    static final int REGISTER_TCP = 0;
    static final int REGISTER_UDP = 1;
    static final int KEEP_ALIVE = 2;
    static final int DISCOVER_HOST = 3;
    static final int PING = 4;
    static final int HANDSHAKE = 10;
    static final int DATA = 11;
    /** The largest handshake message; anything longer before authentication is hostile. */
    static final int MAX_HANDSHAKE = 512;

    private final boolean server;
    private final NodeRuntime node;

    FrameSerialization(boolean server, NodeRuntime node) {
        this.server = server;
        this.node = node;
    }

    @Override
    public void write(Connection connection, ByteBuffer buffer, Object object) {
        try {
            switch (object) {
                case OutboundFrame frame -> {
                    buffer.put((byte) DATA);
                    FrameCipher cipher = channel(connection) == null ? null : channel(connection).cipher();
                    if (cipher == null) {
                        frame.writeBody(buffer);
                    } else {
                        cipher.seal(frame, buffer);
                    }
                }
                case HandshakeFrame h -> {
                    buffer.put((byte) HANDSHAKE);
                    buffer.put(h.body());
                }
                case FrameworkMessage.RegisterTCP r -> {
                    buffer.put((byte) REGISTER_TCP);
                    buffer.putInt(r.connectionID);
                }
                case FrameworkMessage.KeepAlive k -> buffer.put((byte) KEEP_ALIVE);
                default -> throw new KryoNetException("threadwire does not send " + object.getClass().getName());
            }
        } catch (KryoNetException e) {
            throw e;
        } catch (RuntimeException | Error e) {
            throw new KryoNetException("cannot write a frame: " + e, e);
        }
    }

    @Override
    public Object read(Connection connection, ByteBuffer buffer) {
        try {
            int type = buffer.get() & 0xFF;
            Channel channel = channel(connection);
            switch (type) {
                case REGISTER_TCP -> {
                    if (server) {
                        throw new ProtocolException("a client sent RegisterTCP");
                    }
                    FrameworkMessage.RegisterTCP r = new FrameworkMessage.RegisterTCP();
                    r.connectionID = buffer.getInt();
                    expectEnd(buffer);
                    return r;
                }
                case KEEP_ALIVE -> {
                    expectEnd(buffer);
                    if (channel != null) {
                        channel.received();
                    }
                    return FrameworkMessage.keepAlive;
                }
                case HANDSHAKE, DATA -> {
                    if (channel == null) {
                        throw new ProtocolException("a frame before the connection was set up");
                    }
                    if (type == DATA && !channel.isAuthenticated()) {
                        throw new ProtocolException("data before the handshake completed");
                    }
                    if (type == HANDSHAKE && buffer.remaining() > MAX_HANDSHAKE) {
                        throw new ProtocolException("a handshake message of " + buffer.remaining() + " bytes");
                    }
                    byte[] body = new byte[buffer.remaining()];
                    buffer.get(body);
                    channel.received();
                    return new InboundFrame(type, body);
                }
                default -> throw new ProtocolException("unknown frame type " + type);
            }
        } catch (KryoNetException e) {
            throw e;
        } catch (Throwable t) { // including Errors: nothing may escape onto KryoNet's thread
            Channel channel = channel(connection);
            if (channel != null) {
                channel.protocolViolation(t);
            }
            throw new KryoNetException("bad frame from " + connection + ": " + t.getMessage(), t);
        }
    }

    private static void expectEnd(ByteBuffer buffer) {
        if (buffer.hasRemaining()) {
            throw new ProtocolException(buffer.remaining() + " unexpected bytes in a framework message");
        }
    }

    private Channel channel(Connection connection) {
        return connection == null ? null : node.channelOf(connection);
    }

    @Override
    public int getLengthLength() {
        return 4;
    }

    @Override
    public void writeLength(ByteBuffer buffer, int length) {
        buffer.putInt(length);
    }

    @Override
    public int readLength(ByteBuffer buffer) {
        return buffer.getInt();
    }
}
