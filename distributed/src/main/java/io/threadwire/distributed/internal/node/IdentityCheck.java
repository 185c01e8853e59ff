package io.threadwire.distributed.internal.node;

import io.threadwire.core.NodeAddress;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;

/**
 * Whether a node's claim to an address holds up against what this node can see without asking
 * DNS (see {@code Protocol}, "Identity"):
 * <ul>
 *   <li>a node this node dialed must call itself by the address it was dialed at;</li>
 *   <li>a node that dialed this one and calls itself by an IP address must connect from that
 *       address, or from this machine when it claims a loopback address; a claim by a host name
 *       this node has not resolved cannot be checked, and is filed under the name, apart from the
 *       link this node's own sends to that node use.</li>
 * </ul>
 * Only holders of the secret get this far: the checks keep one of them from passing itself off
 * as another node from elsewhere, not from the same machine or address.
 */
final class IdentityCheck {
    private IdentityCheck() {
    }

    /** Why a dialed node's claim does not match the address dialed, or null if it does. */
    static String dialedProblem(NodeAddress dialed, NodeAddress claimed) {
        if (claimed.equals(dialed)) {
            return null;
        }
        return "node dialed as " + dialed + " calls itself " + claimed + ": dial it by the address it calls itself, or"
                + " set its NodeConfig host to the address other nodes reach it at";
    }

    /** Why an accepted node's claim does not match where it connects from, or null if it does or cannot be checked. */
    static String acceptedProblem(NodeAddress claimed, InetAddress source) {
        if (source == null || !Addresses.isLiteral(claimed.host())) {
            return null; // closed already (nothing to accept), or a name: not checked without DNS
        }
        InetAddress c;
        try {
            c = InetAddress.getByName(claimed.host()); // an IP literal: parsed, no lookup
        } catch (UnknownHostException e) {
            return "it claims a malformed address " + claimed;
        }
        if (c.equals(source) || c.isLoopbackAddress() && isThisMachine(source)) {
            return null;
        }
        return "it claims to be node " + claimed + " but connects from " + source.getHostAddress()
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
