package io.threadwire.distributed.internal.security.tls;

import io.threadwire.distributed.internal.security.FrameCipher;
import io.threadwire.distributed.internal.wire.OutboundFrame;
import io.threadwire.distributed.internal.wire.ProtocolException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * The data frames of a connection under TLS: each frame's body is whole TLS records, wrapped
 * and unwrapped by the connection's {@link SSLEngine} (the JDK's TLS 1.3: its record
 * protection, sequence numbers and key updates). A frame altered, dropped, replayed or reordered
 * on the path fails to unwrap, and the connection is closed.
 *
 * <p>{@link #seal} runs on the channel's writer thread (under KryoNet's write lock, so records
 * leave in the order they were made), {@link #open} on its reader thread; the engine allows the
 * two at once. A TLS message the engine owes the peer (a key update) goes out at the next seal.
 */
public final class TlsFrames implements FrameCipher {
    /** Most a TLS 1.3 record adds to its content: header 5, content type 1, AEAD tag 16, with room to spare. */
    private static final int RECORD_OVERHEAD = 64;
    /** Most plaintext in one TLS record. */
    private static final int RECORD_PLAINTEXT = 16 * 1024;

    private final SSLEngine engine;
    private final int packetBytes;
    private ByteBuffer plain = ByteBuffer.allocate(0);  // writer thread only
    private ByteBuffer sealed = ByteBuffer.allocate(0); // writer thread only
    private ByteBuffer opened = ByteBuffer.allocate(0); // reader thread only

    TlsFrames(SSLEngine engine) {
        this.engine = engine;
        this.packetBytes = engine.getSession().getPacketBufferSize();
    }

    /** Most bytes TLS adds to a frame body of {@code bodyBytes}: one record per 16 KiB, and one more the engine may owe. */
    public static int overheadOf(int bodyBytes) {
        return (bodyBytes / RECORD_PLAINTEXT + 2) * RECORD_OVERHEAD;
    }

    @Override
    public int overhead(int bodyBytes) {
        return overheadOf(bodyBytes);
    }

    @Override
    public void seal(OutboundFrame frame, ByteBuffer out) {
        int n = frame.bodyBytes();
        if (plain.capacity() < n) {
            plain = ByteBuffer.allocate(Math.max(n, plain.capacity() * 2));
        }
        int room = n + overheadOf(n) + packetBytes; // the engine wants a whole packet's room for each record
        if (sealed.capacity() < room) {
            sealed = ByteBuffer.allocate(Math.max(room, sealed.capacity() * 2));
        }
        plain.clear();
        frame.writeBody(plain);
        plain.flip();
        sealed.clear();
        try {
            while (plain.hasRemaining()) {
                SSLEngineResult r = engine.wrap(plain, sealed);
                if (r.getStatus() != SSLEngineResult.Status.OK || r.bytesConsumed() == 0 && r.bytesProduced() == 0) {
                    throw new IllegalStateException("TLS cannot seal a frame: " + r);
                }
            }
        } catch (SSLException e) {
            throw new IllegalStateException("TLS cannot seal a frame: " + e.getMessage(), e);
        }
        sealed.flip();
        if (sealed.remaining() > n + overheadOf(n)) {
            throw new IllegalStateException("TLS made " + sealed.remaining() + " bytes of a frame of " + n
                    + ", more than the " + overheadOf(n) + " bytes allowed for");
        }
        out.put(sealed);
    }

    @Override
    public byte[] open(byte[] body) {
        ByteBuffer in = ByteBuffer.wrap(body);
        int room = body.length + engine.getSession().getApplicationBufferSize();
        if (opened.capacity() < room) {
            opened = ByteBuffer.allocate(room);
        }
        opened.clear();
        try {
            while (in.hasRemaining()) {
                SSLEngineResult r = engine.unwrap(in, opened);
                switch (r.getStatus()) {
                    case OK -> {
                        // a record opened; a key update or ticket yields no bytes
                    }
                    case BUFFER_UNDERFLOW -> throw new ProtocolException("a data frame ends inside a TLS record");
                    case CLOSED -> throw new ProtocolException("the peer closed its TLS session");
                    case BUFFER_OVERFLOW -> throw new ProtocolException("a TLS record holds more than its frame could");
                }
            }
        } catch (SSLException e) {
            throw new ProtocolException("a frame failed TLS authentication (altered, replayed, out of order or forged): "
                    + e.getMessage(), e);
        }
        return Arrays.copyOf(opened.array(), opened.position());
    }

    @Override
    public boolean authenticates() {
        return true;
    }
}
