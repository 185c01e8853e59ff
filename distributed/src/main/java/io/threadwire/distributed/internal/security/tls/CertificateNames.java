package io.threadwire.distributed.internal.security.tls;

import io.threadwire.core.NodeAddress;
import io.threadwire.distributed.internal.logging.PeerText;
import io.threadwire.distributed.internal.wire.HostNames;
import java.net.InetAddress;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;

/**
 * Whether a peer's certificate names the node it claims to be: its subjectAltName entries must
 * include the host of the address it claims (a DNS name, matched without regard to case, or an
 * IP address, matched as an address) and, if it claims a node name, that name as a DNS entry.
 * Wildcards are not honoured: one certificate for many nodes would let any of them pose as any
 * other. The subject's common name is not consulted (RFC 6125 retired it for this).
 */
final class CertificateNames {
    private CertificateNames() {
    }

    /** Null if {@code cert} names the node at {@code address} called {@code name} (empty: none); else why not. */
    static String mismatch(X509Certificate cert, NodeAddress address, String name) {
        String host = unbracketed(address.host());
        boolean hostNamed = isIpLiteral(host) ? namesIp(cert, host) : namesDns(cert, host);
        boolean nameNamed = name.isEmpty() || namesDns(cert, name);
        if (hostNamed && nameNamed) {
            return null;
        }
        String claimed = !hostNamed && !nameNamed ? "host " + host + " and node name '" + name + "'"
                : !hostNamed ? "host " + host : "node name '" + name + "'";
        return "the certificate " + Certificates.describe(cert) + " does not name the " + PeerText.safe(claimed)
                + " claimed";
    }

    private static boolean namesDns(X509Certificate cert, String dns) {
        String wanted = canonical(dns);
        for (List<?> n : Certificates.altNames(cert)) {
            if ((Integer) n.get(0) == Certificates.DNS && n.get(1) instanceof String s && canonical(s).equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    private static boolean namesIp(X509Certificate cert, String ip) {
        InetAddress wanted = HostNames.ipLiteral(ip); // never a name lookup
        if (wanted == null) {
            return false;
        }
        for (List<?> n : Certificates.altNames(cert)) {
            if ((Integer) n.get(0) == Certificates.IP && n.get(1) instanceof String s && wanted.equals(HostNames.ipLiteral(s))) {
                return true;
            }
        }
        return false;
    }

    private static String canonical(String dns) {
        String d = dns.endsWith(".") ? dns.substring(0, dns.length() - 1) : dns;
        return d.toLowerCase(Locale.ROOT);
    }

    private static String unbracketed(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** An IPv4 dotted quad or an IPv6 literal (with a colon): never looked up. */
    static boolean isIpLiteral(String host) {
        return host.contains(":") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }
}
