package io.threadwire.tests.security;

import io.threadwire.testcerts.TestCa;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * A {@link RawPeer}'s TLS, from the protocol's description ("TLS" in {@code Protocol}) and the
 * JDK's {@link SSLEngine} alone: the TLS 1.3 handshake in TLS frames (type
 * {@value #TLS_FRAME}), each frame's records whole; then each handshake message is the
 * plaintext of one record in a TLS frame of its own, and each data frame's body whole records.
 * Not thread-safe: one test thread drives it.
 */
final class RawTls {
    static final int TLS_FRAME = 12;
    private static final char[] PASSWORD = "raw".toCharArray();

    /** Sends a frame of the connection as it is. */
    interface Wire {
        void send(int type, byte[] body) throws IOException;

        /** The next frame from the node, as it came (KeepAlives and RegisterTCP included). */
        RawPeer.Frame read() throws IOException;
    }

    private final SSLEngine engine;
    private boolean secured;
    private ByteBuffer sealed; // reused by frame()

    RawTls(SSLContext context) {
        this(context.createSSLEngine());
    }

    /**
     * A TLS client that keeps its sessions under {@code peerHost:peerPort} in {@code context}, and
     * so offers to resume one it holds there (a pre-shared key from the node's session ticket), as
     * a JDK client does given the peer's host; a node's own engines are made without one.
     */
    RawTls(SSLContext context, String peerHost, int peerPort) {
        this(context.createSSLEngine(peerHost, peerPort));
    }

    private RawTls(SSLEngine engine) {
        this.engine = engine;
        engine.setUseClientMode(true);
        SSLParameters p = engine.getSSLParameters();
        p.setProtocols(new String[] {"TLSv1.3"});
        engine.setSSLParameters(p);
    }

    /** A client context presenting {@code me} and trusting {@code trusted}, from the JDK's factories. */
    static SSLContext context(TestCa.Issued me, TestCa... trusted) {
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("me", me.key(), PASSWORD, new X509Certificate[] {me.certificate(), me.ca().certificate()});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
            kmf.init(keys, PASSWORD);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            for (TestCa ca : trusted) {
                trust.setCertificateEntry(ca.name(), ca.certificate());
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(trust);
            SSLContext c = SSLContext.getInstance("TLSv1.3");
            c.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return c;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    boolean secured() {
        return secured;
    }

    /**
     * Runs the TLS handshake over {@code wire}; frames that are not TLS (the RegisterTCP, a
     * KeepAlive) are passed over.
     *
     * @throws SSLException if TLS fails (the node's alert, say)
     */
    void handshake(Wire wire) throws IOException {
        engine.beginHandshake();
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        ByteBuffer app = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        for (;;) {
            switch (engine.getHandshakeStatus()) {
                case NEED_WRAP -> {
                    out.clear();
                    engine.wrap(ByteBuffer.allocate(0), out);
                    out.flip();
                    byte[] records = new byte[out.remaining()];
                    out.get(records);
                    wire.send(TLS_FRAME, records);
                }
                case NEED_TASK -> {
                    for (Runnable t; (t = engine.getDelegatedTask()) != null; ) {
                        t.run();
                    }
                }
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    RawPeer.Frame f = wire.read();
                    if (f.type() != TLS_FRAME) {
                        continue;
                    }
                    ByteBuffer in = ByteBuffer.wrap(f.body());
                    while (in.hasRemaining()) {
                        app.clear();
                        SSLEngineResult r = engine.unwrap(in, app);
                        if (r.getStatus() != SSLEngineResult.Status.OK) {
                            throw new SSLException("TLS from the node: " + r);
                        }
                        if (r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                            for (Runnable t; (t = engine.getDelegatedTask()) != null; ) {
                                t.run();
                            }
                        }
                    }
                }
                default -> {
                    secured = true;
                    return;
                }
            }
        }
    }

    /**
     * A whole frame of {@code type} (length prefix included) whose body is the records holding
     * {@code plain}: one allocation per frame (the attacks that count the heap they cause include
     * this peer's).
     */
    byte[] frame(int type, byte[] plain) throws SSLException {
        int packet = engine.getSession().getPacketBufferSize();
        int room = 5 + plain.length + (plain.length / (16 * 1024) + 2) * packet;
        if (sealed == null || sealed.capacity() < room) {
            sealed = ByteBuffer.allocate(room);
        }
        sealed.clear();
        sealed.position(5);
        ByteBuffer in = ByteBuffer.wrap(plain);
        do {
            SSLEngineResult r = engine.wrap(in, sealed);
            if (r.getStatus() != SSLEngineResult.Status.OK) {
                throw new SSLException("cannot wrap: " + r);
            }
        } while (in.hasRemaining());
        sealed.putInt(0, sealed.position() - 4).put(4, (byte) type);
        return java.util.Arrays.copyOf(sealed.array(), sealed.position());
    }

    /** The plaintext of the whole records {@code records} (empty for a session ticket). */
    byte[] unwrap(byte[] records) throws SSLException {
        ByteBuffer in = ByteBuffer.wrap(records);
        ByteBuffer out = ByteBuffer.allocate(records.length + engine.getSession().getApplicationBufferSize());
        while (in.hasRemaining()) {
            SSLEngineResult r = engine.unwrap(in, out);
            if (r.getStatus() != SSLEngineResult.Status.OK) {
                throw new SSLException("cannot unwrap the node's records: " + r);
            }
        }
        return java.util.Arrays.copyOf(out.array(), out.position());
    }
}
