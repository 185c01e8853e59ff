package io.threadwire.distributed.internal.wire;

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

    private static boolean isAsciiLetterOrDigit(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }
}
