package io.threadwire.distributed.internal.transport;

import static io.threadwire.distributed.internal.wire.Protocol.*;

import com.esotericsoftware.kryonet.Connection;
import com.esotericsoftware.kryonet.FrameworkMessage;
import com.esotericsoftware.kryonet.KryoNetException;
import com.esotericsoftware.kryonet.Serialization;
import io.threadwire.distributed.internal.security.FrameCipher;
import io.threadwire.distributed.internal.wire.OutboundFrame;
import io.threadwire.distributed.internal.wire.ProtocolException;
import java.nio.ByteBuffer;

/**
 * Our frame format plugged into KryoNet in place of its own serialization (the frame types are
 * in {@code Protocol}). It never decodes application data: {@link #read} checks the frame type
 * against the connection's state and copies the body out for the channel's reader thread, so
 * the network thread does no more than copy bytes, and a hostile frame costs at most its own
 * size. Every failure, whatever it is, leaves as a {@link KryoNetException}, which makes
 * KryoNet close that one connection instead of losing its thread.
 *
 * <p>One instance per KryoNet endpoint; {@link #write} runs on writer threads (under KryoNet's
 * per-connection write lock) while {@link #read} runs on the endpoint's network thread. It
 * keeps no state of its own: each connection's state is its {@link FrameHandler}.
 */
final class FrameCodec implements Serialization {
    private final boolean server;

    FrameCodec(boolean server) {
        this.server = server;
    }

    @Override
    public void write(Connection connection, ByteBuffer buffer, Object object) {
        try {
            switch (object) {
                case OutboundFrame frame -> {
                    buffer.put((byte) FRAME_DATA);
                    FrameHandler handler = Attachment.of(connection);
                    FrameCipher cipher = handler == null ? null : handler.cipher();
                    if (cipher == null) { // fail closed: no data frame leaves without the protection agreed
                        throw new KryoNetException("no frame protection agreed yet: a data frame is not written");
                    }
                    cipher.seal(frame, buffer);
                }
                case HandshakeFrame h -> {
                    buffer.put((byte) FRAME_HANDSHAKE);
                    buffer.put(h.body());
                }
                case TlsFrame t -> {
                    buffer.put((byte) FRAME_TLS);
                    buffer.put(t.records());
                }
                case FrameworkMessage.RegisterTCP r -> {
                    buffer.put((byte) FRAME_REGISTER_TCP);
                    buffer.putInt(r.connectionID);
                }
                case FrameworkMessage.KeepAlive k -> buffer.put((byte) FRAME_KEEP_ALIVE);
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
        FrameHandler handler = Attachment.of(connection);
        try {
            int type = buffer.get() & 0xFF;
            switch (type) {
                case FRAME_REGISTER_TCP -> {
                    if (server) {
                        throw new ProtocolException("a client sent RegisterTCP");
                    }
                    FrameworkMessage.RegisterTCP r = new FrameworkMessage.RegisterTCP();
                    r.connectionID = buffer.getInt();
                    expectEnd(buffer);
                    return r;
                }
                case FRAME_KEEP_ALIVE -> { // unauthenticated: no sign of life (anyone on the path can make one)
                    expectEnd(buffer);
                    return FrameworkMessage.keepAlive;
                }
                case FRAME_HANDSHAKE, FRAME_DATA, FRAME_TLS -> {
                    if (handler == null) {
                        throw new ProtocolException("a frame before the connection was set up");
                    }
                    if (type == FRAME_DATA && !handler.acceptsData()) {
                        throw new ProtocolException("data before the handshake completed");
                    }
                    if (type == FRAME_HANDSHAKE && buffer.remaining() > MAX_HANDSHAKE) {
                        throw new ProtocolException("a handshake message of " + buffer.remaining() + " bytes");
                    }
                    if (type == FRAME_TLS && buffer.remaining() > MAX_TLS_FRAME) {
                        throw new ProtocolException("a TLS frame of " + buffer.remaining() + " bytes");
                    }
                    byte[] body = new byte[buffer.remaining()];
                    buffer.get(body);
                    return new InboundFrame(type, body); // a sign of life only once the reader has opened it
                }
                default -> throw new ProtocolException("unknown frame type " + type);
            }
        } catch (KryoNetException e) {
            throw e;
        } catch (Throwable t) { // including Errors: nothing may escape onto KryoNet's thread
            if (handler != null) {
                handler.violation(t);
            }
            throw new KryoNetException("bad frame from " + connection + ": " + t.getMessage(), t);
        }
    }

    private static void expectEnd(ByteBuffer buffer) {
        if (buffer.hasRemaining()) {
            throw new ProtocolException(buffer.remaining() + " unexpected bytes in a framework message");
        }
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
