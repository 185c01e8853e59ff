package io.threadwire.distributed.internal.node;

import io.threadwire.core.NodeAddress;
import io.threadwire.distributed.internal.wire.HostNames;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;

/**
 * Whether a node's claim to an address holds up against what this node can see without asking
 * DNS (see {@code Protocol}, "Identity"):
 * <ul>
 *   <li>a node this node dialed must call itself by the address it was dialed at, or by a name
 *       that resolves to it (resolved as below);</li>
 *   <li>a node that dialed this one must connect from the address it calls itself, or from this
 *       machine when it claims a loopback address. A host name is first resolved, as this node's
 *       own sends to it would resolve it (waiting at most the handshake timeout, off the reader's
 *       carrier: {@link Addresses#resolve(NodeAddress, long)}); a name that does not resolve in
 *       time cannot be checked, and is filed under the name as written.</li>
 * </ul>
 * Only holders of the secret get this far: the checks keep one of them from passing itself off
 * as another node from elsewhere, not from the same machine or address.
 */
final class IdentityCheck {
    private IdentityCheck() {
    }

    /** Why a dialed node's claim ({@code resolved}: as this node resolved it) does not match the address dialed, or null if it does. */
    static String dialedProblem(NodeAddress dialed, NodeAddress claimed, NodeAddress resolved) {
        if (resolved.equals(dialed)) {
            return null;
        }
        String as = claimed.equals(resolved) ? "" : " (" + resolved.host() + ")";
        return "node dialed as " + dialed + " calls itself " + claimed + as + ": dial it by the address it calls itself, or"
                + " set its NodeConfig host to the address other nodes reach it at";
    }

    /** Why an accepted node's claim does not match where it connects from, or null if it does or cannot be checked. */
    static String acceptedProblem(NodeAddress claimed, NodeAddress resolved, InetAddress source) {
        if (source == null || !Addresses.isLiteral(resolved.host())) {
            return null; // closed already (nothing to accept), or a name that did not resolve in time: not checked
        }
        InetAddress c = HostNames.ipLiteral(resolved.host()); // parsed, never looked up
        if (c == null) {
            return "it claims a malformed address " + claimed;
        }
        if (c.equals(source) || c.isLoopbackAddress() && isThisMachine(source)) {
            return null;
        }
        String as = claimed.equals(resolved) ? "" : " (" + resolved.host() + ")";
        return "it claims to be node " + claimed + as + " but connects from " + source.getHostAddress()
                + "; a node must connect from the address it calls itself (or from this machine, for a loopback address)";
    }

    private static boolean isThisMachine(InetAddress a) {
        if (a.isLoopbackAddress() || a.isAnyLocalAddress()) {
            return true;
        }
        try {
            return NetworkInterface.getByInetAddress(a) != null;
        } catch (SocketException e) {
            return false;
        }
    }
}
