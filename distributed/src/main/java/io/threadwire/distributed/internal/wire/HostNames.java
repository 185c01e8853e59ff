package io.threadwire.distributed.internal.wire;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * What a peer may call itself: host names, IP literals and node names are checked when a
 * handshake is decoded, so that nothing a peer names itself with can carry control characters
 * or line breaks into a log line, a map key or an event.
 */
public final class HostNames {
    private HostNames() {
    }

    /**
     * Whether {@code host} is a host name (RFC 1123 letters, digits, '-', '.', and '_', which
     * some resolvers accept) or an IP literal (hex digits, '.', ':', and '%' before an IPv6 scope).
     */
    public static boolean isWellFormed(String host) {
        if (host.isEmpty() || host.length() > Protocol.MAX_HOST) {
            return false;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (!(isAsciiLetterOrDigit(c) || c == '-' || c == '.' || c == '_' || c == ':' || c == '%')) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code name} is a node name: empty (none), or up to {@link Protocol#MAX_NODE_NAME} letters, digits, '.', '-' and '_'. */
    public static boolean isWellFormedNodeName(String name) {
        if (name.length() > Protocol.MAX_NODE_NAME) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(isAsciiLetterOrDigit(c) || c == '-' || c == '.' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /**
     * The address {@code host} writes if it is an IP literal: four decimal octets up to 255
     * ({@code 10.0.0.5}), or an IPv6 literal (with a colon, in brackets or not); else null.
     * Never asks DNS, which {@link InetAddress#getByName} does for what only looks like a
     * literal ({@code 999.1.1.1}, {@code g::1}): a peer's claim would then block its reader for
     * as long as DNS takes, and be whatever DNS answers.
     */
    public static InetAddress ipLiteral(String host) {
        String h = host.length() > 1 && host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1)
                : host;
        try {
            if (h.indexOf(':') >= 0) {
                return InetAddress.getByName("[" + h + "]"); // bracketed: an IPv6 literal or refused, never looked up
            }
            byte[] octets = ipv4Octets(h);
            return octets == null ? null : InetAddress.getByAddress(octets);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static byte[] ipv4Octets(String h) {
        String[] parts = h.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] octets = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3) {
                return null;
            }
            int value = 0;
            for (int j = 0; j < part.length(); j++) {
                char c = part.charAt(j);
                if (c < '0' || c > '9') {
                    return null;
                }
                value = value * 10 + (c - '0');
            }
            if (value > 255) {
                return null;
            }
            octets[i] = (byte) value;
        }
        return octets;
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }
}
