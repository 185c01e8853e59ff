package io.threadwire.distributed.internal.link;

import com.esotericsoftware.kryonet.Connection;
import io.threadwire.core.NodeAddress;
import io.threadwire.distributed.internal.security.PeerIdentity;
import io.threadwire.serialize.AdmittedTypes;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.function.Supplier;

/**
 * Who is at the other end of a channel: the node its handshake proved (before that, the address
 * the peer claims, if it claimed one), the socket it connects from, and what it said as it left.
 * Read from any thread.
 */
public final class RemoteEnd {
    private final Connection connection;
    private final Supplier<PeerIdentity> claimed; // what the handshake says so far, or null
    private volatile PeerIdentity proved;         // as the handshake told, once it did
    private volatile String goodbye;              // the peer's Goodbye, if it said one
    private volatile InetSocketAddress socket;    // as first seen: KryoNet forgets it once the connection closes

    RemoteEnd(Connection connection, Supplier<PeerIdentity> claimed) {
        this.connection = connection;
        this.claimed = claimed;
    }

    /** The handshake proved the peer to be {@code identity}. */
    void proved(PeerIdentity identity) {
        proved = identity;
    }

    /** The address the peer gives for itself, once its handshake said it; else null. */
    public NodeAddress address() {
        PeerIdentity r = proved;
        if (r == null) {
            r = claimed.get();
        }
        return r == null ? null : r.address();
    }

    /** The peer's incarnation, once proved; else 0. */
    public long incarnation() {
        PeerIdentity r = proved;
        return r == null ? 0 : r.incarnation();
    }

    /** The peer's node name (empty: none), once proved; else empty. */
    public String name() {
        PeerIdentity r = proved;
        return r == null ? "" : r.name();
    }

    /** Whether the peer keeps out of a cluster's mesh, as its handshake said. */
    public boolean hidden() {
        PeerIdentity r = proved;
        return r != null && r.hidden();
    }

    /** What the peer admits in messages, once proved; else null. */
    public AdmittedTypes types() {
        PeerIdentity r = proved;
        return r == null ? null : r.types();
    }

    /**
     * The connection is open: its peer's socket is noted now, so that what is logged after the
     * peer closed it (its refusal, read once the socket is gone) still says who the peer was.
     */
    void noteSocket() {
        socket();
    }

    private InetSocketAddress socket() {
        InetSocketAddress a = socket;
        if (a == null && (a = connection.getRemoteAddressTCP()) != null) {
            socket = a;
        }
        return a;
    }

    /** The peer's socket as {@code ip:port}, as seen while the connection was open; "?" if it never was. */
    public String socketAddress() {
        InetSocketAddress a = socket();
        return a == null ? "?" : a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    /** The IP address the peer's socket connects from, as seen while the connection was open; null if it never was. */
    public InetAddress sourceAddress() {
        InetSocketAddress a = socket();
        return a == null ? null : a.getAddress();
    }

    /** {@link #sourceAddress()} as an IP literal, or "?". */
    public String sourceIp() {
        InetAddress a = sourceAddress();
        return a == null ? "?" : a.getHostAddress();
    }

    /** The peer said Goodbye (its node is closing): the close that follows is an orderly leave. */
    public void saidGoodbye(String reason) {
        goodbye = reason;
    }

    /** The reason the peer gave in its Goodbye, or null if it said none. */
    public String goodbyeReason() {
        return goodbye;
    }

    /** The peer for a log line: its address and name once proved, with its socket; before, the socket alone. */
    public String describe() {
        PeerIdentity r = proved;
        if (r == null) {
            return socketAddress();
        }
        return r.address() + (r.name().isEmpty() ? "" : " '" + r.name() + "'") + " (" + socketAddress() + ")";
    }
}
