package io.threadwire.distributed.internal.security.tls;

import static io.threadwire.distributed.internal.wire.Protocol.MAX_HANDSHAKE;
import static io.threadwire.distributed.internal.wire.Protocol.MAX_TLS_HANDSHAKE;
import static io.threadwire.distributed.internal.wire.Protocol.REFUSED_DENIED;
import static io.threadwire.distributed.internal.wire.Protocol.VERSION;

import com.esotericsoftware.kryonet.Connection;
import io.threadwire.distributed.internal.security.FrameCipher;
import io.threadwire.distributed.internal.security.Handshake;
import io.threadwire.distributed.internal.security.HandshakeChannel;
import io.threadwire.distributed.internal.security.tls.NodeTls.Trouble;
import io.threadwire.distributed.internal.transport.HandshakeFrame;
import io.threadwire.distributed.internal.transport.TlsFrame;
import io.threadwire.distributed.internal.wire.HandshakeCodec;
import io.threadwire.distributed.internal.wire.ProtocolException;
import io.threadwire.distributed.internal.wire.Wire;
import java.nio.ByteBuffer;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS of one connection: the plumbing between the JDK's {@link SSLEngine} and threadwire's
 * frames (see {@code Protocol}, "TLS"). It runs the TLS handshake with TLS frames, then carries
 * the connection's own {@link Handshake} inside TLS, checking on the way that the peer's
 * certificate names the node its Hello or Challenge claims; once the connection is up its data
 * frames are {@link TlsFrames}.
 *
 * <p>Threads: everything runs on the channel's reader thread (a virtual thread), one frame at a
 * time, including the engine's delegated tasks (certificate checks): never on KryoNet's network
 * thread. The one exception is {@link #begin} on a dialing channel, called by the thread that
 * starts the channel before its reader runs.
 */
public final class TlsSession {
    static final Logger LOG = LoggerFactory.getLogger(TlsSession.class);
    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

    private enum State { TLS_HANDSHAKE, SECURED, UP, FAILED }

    private final NodeTls tls;
    private final boolean dialing;
    private final Connection connection;
    private final HandshakeChannel channel;
    private final Handshake handshake;
    private SSLEngine engine;          // made on first use, on the reader thread (reading files blocks)
    private String socket = "?";       // the peer's socket address, kept for logs after the socket closed
    private ByteBuffer out;            // the records of one wrap
    private ByteBuffer app;            // the plaintext of one unwrap
    private State state = State.TLS_HANDSHAKE;
    private long handshakeBytes;       // TLS bytes from the peer before its handshake is done
    private X509Certificate peer;      // once secured

    public TlsSession(NodeTls tls, boolean dialing, Connection connection, HandshakeChannel channel, Handshake handshake) {
        this.tls = tls;
        this.dialing = dialing;
        this.connection = connection;
        this.channel = channel;
        this.handshake = handshake;
    }

    /** Dialing side: says the TLS ClientHello. The accepting side waits for it. */
    public void begin() {
        try {
            engine().beginHandshake();
            advance(engine.getHandshakeStatus());
        } catch (SSLException e) {
            failed(e);
        }
    }

    /** TLS frames from the peer (reader thread). */
    public void onRecords(byte[] records) {
        if (state == State.UP || state == State.FAILED) {
            if (state == State.UP) {
                throw new ProtocolException("a TLS frame after the handshake (records belong in data frames now)");
            }
            return;
        }
        if (state == State.TLS_HANDSHAKE && (handshakeBytes += records.length) > MAX_TLS_HANDSHAKE) {
            throw new ProtocolException("more than " + MAX_TLS_HANDSHAKE + " bytes of TLS handshake");
        }
        ByteBuffer in = ByteBuffer.wrap(records);
        try {
            engine();
            while (in.hasRemaining() && state != State.FAILED) {
                app.clear();
                SSLEngineResult r = engine.unwrap(in, app);
                switch (r.getStatus()) {
                    case BUFFER_UNDERFLOW -> throw new ProtocolException("a TLS frame ends inside a record");
                    case BUFFER_OVERFLOW -> throw new ProtocolException("a TLS record larger than the engine allows");
                    case CLOSED -> {
                        channel.close("the peer closed its TLS session");
                        return;
                    }
                    case OK -> {
                        // a record consumed
                    }
                }
                advance(r.getHandshakeStatus());
                if (app.position() > 0) {
                    deliver(Arrays.copyOf(app.array(), app.position()));
                }
            }
        } catch (SSLException e) {
            failed(e);
        }
    }

    /** Sends one message of the connection's own handshake, inside TLS. */
    public void send(byte[] message) {
        if (state != State.SECURED) {
            throw new IllegalStateException("a handshake message before TLS is secured");
        }
        try {
            out.clear();
            SSLEngineResult r = engine.wrap(ByteBuffer.wrap(message), out);
            if (r.getStatus() != SSLEngineResult.Status.OK || r.bytesConsumed() != message.length) {
                throw new IllegalStateException("TLS cannot wrap a handshake message: " + r);
            }
            sendRecords();
        } catch (SSLException e) {
            failed(e);
        }
    }

    /**
     * A handshake message came in clear: the peer does not use TLS. The accepting side says so
     * in an (unauthenticated) Refused, so the other node's log tells why; both close.
     */
    public void refusePlain(Wire.Handshake message) {
        tls.warn(Trouble.NOT_TLS, "refused the connection {} {}: it does not use TLS, which this node requires",
                dialing ? "to" : "from", socket());
        if (!dialing && message instanceof Wire.Hello) {
            connection.sendTCP(new HandshakeFrame(HandshakeCodec.encode(new Wire.Refused(REFUSED_DENIED,
                    "this node requires TLS (NodeConfig tls)", new byte[0]))));
        }
        state = State.FAILED;
        channel.close("the peer does not use TLS");
    }

    /**
     * The connection's handshake succeeded: from now on its data frames go through TLS. The
     * frame protection its handshake agreed on is not used.
     */
    public FrameCipher frames() {
        state = State.UP;
        return new TlsFrames(engine);
    }

    /** The certificate the peer presented, once TLS is secured; else null. */
    public X509Certificate peerCertificate() {
        return peer;
    }

    // ---- the engine ----------------------------------------------------------------------------

    private SSLEngine engine() {
        if (engine == null) {
            engine = tls.engine(dialing);
            socket();
            out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
            app = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        }
        return engine;
    }

    /** The peer's socket address, as first seen (it is unknown once the socket closed). */
    private String socket() {
        if (socket.equals("?")) {
            socket = channel.socketAddress();
        }
        return socket;
    }

    /** Does what the engine asks until it waits for the peer: its delegated tasks, here; its records, sent. */
    private void advance(HandshakeStatus status) throws SSLException {
        for (HandshakeStatus s = status; ; ) {
            switch (s) {
                case NEED_TASK -> {
                    for (Runnable task; (task = engine.getDelegatedTask()) != null; ) {
                        task.run(); // on this reader thread: certificate checks never hold KryoNet's thread
                    }
                    s = engine.getHandshakeStatus();
                }
                case NEED_WRAP -> {
                    out.clear();
                    SSLEngineResult r = engine.wrap(NOTHING, out);
                    sendRecords();
                    if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                        return;
                    }
                    s = r.getHandshakeStatus();
                }
                case FINISHED -> {
                    secured();
                    if (state == State.FAILED) {
                        return;
                    }
                    s = engine.getHandshakeStatus(); // a server may still owe a session ticket
                }
                case NOT_HANDSHAKING -> {
                    if (state == State.TLS_HANDSHAKE) {
                        secured();
                    }
                    return;
                }
                default -> {
                    return; // NEED_UNWRAP: the peer's turn
                }
            }
        }
    }

    private void sendRecords() {
        out.flip();
        if (out.hasRemaining()) {
            byte[] records = new byte[out.remaining()];
            out.get(records);
            if (connection.sendTCP(new TlsFrame(records)) == 0) {
                channel.close("the connection closed during the TLS handshake");
            }
        }
    }

    /** The TLS handshake is done: the peer's certificate chains to a trusted CA. The connection's own handshake starts. */
    private void secured() throws SSLPeerUnverifiedException {
        if (state != State.TLS_HANDSHAKE) {
            return;
        }
        Certificate[] chain = engine.getSession().getPeerCertificates();
        peer = (X509Certificate) chain[0];
        // A resumed session (TLS 1.3, with a ticket this node gave) carries the certificates of the
        // handshake that made it, and the JDK does not check them again: their dates are, here
        String outOfDate = ExplainingTrustManager.outOfDate(Arrays.copyOf(chain, chain.length, X509Certificate[].class));
        if (outOfDate != null) {
            state = State.FAILED;
            tls.warn(Trouble.EXPIRED, "refused the TLS connection {} {}: {}", dialing ? "to" : "from", socket(), outOfDate);
            channel.close("TLS: " + outOfDate);
            return;
        }
        state = State.SECURED;
        LOG.debug("TLS secured with {} ({}, {})", socket(), Certificates.describe(peer),
                engine.getSession().getCipherSuite());
        if (dialing) {
            channel.authenticated(); // the peer's data may follow its Welcome at once; the reader reads none before it is up
            handshake.sendHello();
        }
    }

    /** One plaintext message of the connection's handshake: the peer's claim is checked against its certificate first. */
    private void deliver(byte[] raw) {
        if (state != State.SECURED) {
            throw new ProtocolException("application data before TLS was secured");
        }
        if (raw.length > MAX_HANDSHAKE) {
            throw new ProtocolException("a handshake message of " + raw.length + " bytes");
        }
        Wire.Handshake message = HandshakeCodec.decode(raw, 0, raw.length);
        // A Hello or Challenge of another version is decoded by its version alone (it may be laid
        // out otherwise): it claims no address to check, and the handshake refuses it by version
        String mismatch = switch (message) {
            case Wire.Hello h when !dialing && h.version() == VERSION ->
                    CertificateNames.mismatch(peer, h.address(), h.name());
            case Wire.Challenge c when dialing && c.version() == VERSION ->
                    CertificateNames.mismatch(peer, c.address(), c.name());
            default -> null;
        };
        if (mismatch != null) {
            tls.warn(Trouble.NAME_MISMATCH, "refused the TLS connection {} {}: {}", dialing ? "to" : "from", socket(),
                    mismatch);
            if (!dialing) {
                send(HandshakeCodec.encode(new Wire.Refused(REFUSED_DENIED, "the certificate does not name the node"
                        + " claimed", new byte[0])));
            }
            state = State.FAILED;
            channel.close("TLS: " + mismatch);
            return;
        }
        handshake.onMessage(message, raw);
    }

    /** The TLS handshake failed: logged with the reason, the alert the engine owes sent if it can be, the channel closed. */
    private void failed(SSLException e) {
        boolean duringHandshake = state == State.TLS_HANDSHAKE;
        state = State.FAILED;
        String reason = TlsFailures.report(tls, e, dialing, socket(), duringHandshake);
        sendAlert();
        channel.close("TLS: " + reason);
    }

    /** The alert the engine owes the peer after a failure, so that its log says why; best effort. */
    private void sendAlert() {
        try {
            if (engine != null && engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                out.clear();
                engine.wrap(NOTHING, out);
                sendRecords();
            }
        } catch (SSLException | RuntimeException ignored) {
            // the connection closes either way
        }
    }
}
