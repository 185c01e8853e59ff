package io.threadwire.core;

import java.util.Objects;

/**
 * The address of a node: the host name or IP literal other nodes use to reach it, and its
 * TCP port.
 *
 * <p>Addresses compare as written, after one normalisation that never asks DNS: the host is
 * stripped of surrounding blanks and of the square brackets of an IPv6 literal, so
 * {@code [::1]:9000} equals {@code ::1:9000}. A name and an IP literal stay different values
 * even when they reach the same node ({@code localhost:9000} and {@code 127.0.0.1:9000}): a node
 * resolves names when it routes, sends every spelling of one node over its one connection to
 * it, and names the node in the events it delivers ({@code NodeUp}, {@code NodeDown}) as the
 * address the watching thread gave.
 *
 * <p>Addresses are ordered by host, then port, consistently with {@code equals}. Besides sorting,
 * the order is what keeps a hash table of addresses a peer chose fast: addresses whose hash
 * codes collide (host names are easy to make so) fall into one bin, which Java's hash tables
 * search by this order in O(log n), where unordered keys cost a comparison with each.
 *
 * @param host a host name or IP literal, not blank; stored without blanks or brackets
 * @param port a TCP port, 1 to 65535
 */
public record NodeAddress(String host, int port) implements Comparable<NodeAddress> {

    /**
     * @throws NullPointerException     if {@code host} is null
     * @throws IllegalArgumentException if {@code host} is blank or {@code port} is not 1 to 65535
     */
    public NodeAddress {
        Objects.requireNonNull(host, "host");
        host = host.strip();
        if (host.length() > 1 && host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1).strip();
        }
        if (host.isBlank()) {
            throw new IllegalArgumentException("host is blank: give a host name or IP address such as 127.0.0.1");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " is not a TCP port (1 to 65535)");
        }
    }

    /**
     * Parses {@code host:port}, {@code [ipv6]:port} or {@code ipv6:port}, normalising the host as
     * the constructor does.
     *
     * @throws IllegalArgumentException if the text has no port or the port is not a number
     */
    public static NodeAddress parse(String text) {
        Objects.requireNonNull(text, "text");
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("'" + text + "' is not host:port; write it as 127.0.0.1:9000, node1.example.com:9000 or [::1]:9000");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            return new NodeAddress(host, Integer.parseInt(text.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not host:port: the port is not a number (write it as 127.0.0.1:9000)");
        }
    }

    /** By host (as {@link String#compareTo} orders it), then by port. */
    @Override
    public int compareTo(NodeAddress other) {
        int c = host.compareTo(other.host);
        return c != 0 ? c : Integer.compare(port, other.port);
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
