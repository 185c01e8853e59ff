package io.threadwire.distributed.internal.security.tls;

import io.threadwire.distributed.internal.logging.PeerText;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.security.auth.x500.X500Principal;

/**
 * How certificates are described in logs and errors: subject, issuer and subjectAltNames, made
 * safe to log (a peer chose them) and cut to a line.
 */
final class Certificates {
    /** subjectAltName entry types (RFC 5280): a DNS name and an IP address. */
    static final int DNS = 2;
    static final int IP = 7;

    private Certificates() {
    }

    /** "CN=beta (names [DNS:beta, IP:127.0.0.1])". */
    static String describe(X509Certificate c) {
        List<String> names = new ArrayList<>();
        for (List<?> n : altNames(c)) {
            int type = (Integer) n.get(0);
            if (type == DNS || type == IP) {
                names.add((type == DNS ? "DNS:" : "IP:") + n.get(1));
            }
        }
        return PeerText.safe(name(c.getSubjectX500Principal()) + " (names " + names + ")");
    }

    /** "CN=beta, issued by CN=cluster CA". */
    static String subjectAndIssuer(X509Certificate c) {
        return PeerText.safe(name(c.getSubjectX500Principal()) + ", issued by " + name(c.getIssuerX500Principal()));
    }

    static String subject(X509Certificate c) {
        return PeerText.safe(name(c.getSubjectX500Principal()));
    }

    /** The subjectAltName entries of {@code c}, each a (type, value) list; empty if it has none or they cannot be read. */
    static Collection<List<?>> altNames(X509Certificate c) {
        try {
            Collection<List<?>> names = c.getSubjectAlternativeNames();
            return names == null ? List.of() : names;
        } catch (CertificateParsingException e) {
            return List.of();
        }
    }

    private static String name(X500Principal p) {
        return p.getName(X500Principal.RFC2253);
    }
}
