package io.threadwire.distributed.internal.link;

import com.esotericsoftware.kryonet.Connection;
import io.threadwire.distributed.internal.security.FrameCipher;
import io.threadwire.distributed.internal.security.Handshake;
import io.threadwire.distributed.internal.security.HandshakeChannel;
import io.threadwire.distributed.internal.security.LocalIdentity;
import io.threadwire.distributed.internal.security.PeerIdentity;
import io.threadwire.distributed.internal.security.tls.NodeTls;
import io.threadwire.distributed.internal.security.tls.TlsSession;
import io.threadwire.distributed.internal.transport.HandshakeFrame;
import io.threadwire.distributed.internal.wire.HandshakeCodec;
import io.threadwire.distributed.internal.wire.Protocol;
import io.threadwire.distributed.internal.wire.ProtocolException;
import io.threadwire.distributed.internal.wire.Wire;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link Channel} during its handshake, as its {@link Handshake} sees it: handshake frames in
 * ({@link #onFrame}) and out ({@link #sendHandshake}), the node's two questions (go on? take the
 * connection?), and the end: the channel is established, up with its frame cipher, or it
 * closes first ({@link #closed}), and {@link #whenEstablished} completes either way. Under TLS
 * the handshake's messages travel inside the TLS session, which comes first, and the session's
 * records protect the frames after it. Everything but {@link #start} and {@link #closed} runs
 * on the channel's reader thread.
 */
final class ChannelHandshake implements HandshakeChannel {

    /** What the handshake's side needs of its channel. */
    interface Host {
        void close(String reason);

        String socketAddress();

        /** The peer proved the cluster's secret: its data frames may be read from now on. */
        void authenticated();

        /**
         * The handshake proved the peer to be {@code proved}, and frames are sealed with
         * {@code cipher} from now on; true if the channel is up, false if it closed meanwhile.
         */
        boolean established(PeerIdentity proved, FrameCipher cipher);
    }

    private final Host host;
    private final Channel channel; // only handed to the listener, which files it
    private final Connection connection;
    private final ChannelListener listener;
    private final boolean dialed;
    private final Handshake handshake;
    private final TlsSession tls; // null: the node has no TLS
    private final CompletableFuture<Channel> established = new CompletableFuture<>();
    private volatile boolean refusedAsDuplicate;

    ChannelHandshake(Host host, Channel channel, Connection connection, ChannelListener listener, LocalIdentity me,
                     NodeTls nodeTls, boolean dialed) {
        this.host = host;
        this.channel = channel;
        this.connection = connection;
        this.listener = listener;
        this.dialed = dialed;
        this.handshake = new Handshake(me, this, dialed);
        this.tls = nodeTls == null ? null : new TlsSession(nodeTls, dialed, connection, this, handshake);
    }

    /** A dialed channel says Hello (under TLS, its ClientHello first); an accepted one waits for it. */
    void start() {
        if (!dialed) {
            return;
        }
        if (tls != null) {
            tls.begin(); // the Hello follows inside TLS
        } else {
            handshake.sendHello();
        }
    }

    /** A handshake frame arrived; on the reader thread. Under TLS, a plain one is refused. */
    void onFrame(Wire.Handshake message, byte[] raw) {
        if (tls != null) {
            tls.refusePlain(message);
            return;
        }
        handshake.onMessage(message, raw);
    }

    /**
     * TLS records arrived; on the reader thread. A node without TLS that a TLS node dials says
     * why it refuses, in an (unauthenticated) Refused, as a TLS node does to a dialer without
     * TLS: the TLS node then logs why, where it logged nothing but a closed connection.
     */
    void onTlsRecords(byte[] records) {
        if (tls == null) {
            if (!dialed && handshake.remote() == null) {
                sendHandshake(HandshakeCodec.encode(new Wire.Refused(Protocol.REFUSED_DENIED,
                        "this node does not use TLS (NodeConfig tls)", new byte[0])));
            }
            throw new ProtocolException("the peer uses TLS, which this node is not configured for (NodeConfig tls)");
        }
        tls.onRecords(records);
    }

    /** The identity the peer claims, once its handshake said it; else null. */
    PeerIdentity claimed() {
        return handshake.remote();
    }

    /** Completes when the handshake succeeds; fails with the reason the channel closed before. */
    CompletableFuture<Channel> whenEstablished() {
        return established;
    }

    /** The channel closed (once): whoever waits for the handshake learns why. */
    void closed(String reason) {
        established.completeExceptionally(new ChannelClosedException(reason, refusedAsDuplicate));
    }

    @Override
    public void sendHandshake(byte[] body) {
        if (tls != null) {
            tls.send(body);
            return;
        }
        if (connection.sendTCP(new HandshakeFrame(body)) == 0) {
            close("connection closed during the handshake");
        }
    }

    @Override
    public void close(String reason) {
        host.close(reason);
    }

    @Override
    public String socketAddress() {
        return host.socketAddress();
    }

    @Override
    public void refusedAsDuplicate() {
        refusedAsDuplicate = true;
        close("duplicate: the other node's connection is used");
    }

    @Override
    public void authenticated() {
        host.authenticated();
    }

    @Override
    public String reasonToStop(PeerIdentity claimed) {
        return listener.reasonToStop(channel, claimed);
    }

    @Override
    public Verdict mayAccept(PeerIdentity claimed) {
        return listener.mayAccept(channel, claimed);
    }

    @Override
    public void established(PeerIdentity proved, FrameCipher frameCipher) {
        FrameCipher frames = tls != null ? tls.frames() : Objects.requireNonNull(frameCipher, "frameCipher");
        if (host.established(proved, frames)) {
            established.complete(channel);
        }
    }
}
