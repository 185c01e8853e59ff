package io.threadwire.distributed.internal.security.tls;

import io.threadwire.distributed.internal.logging.PeerText;
import io.threadwire.distributed.internal.security.tls.NodeTls.Trouble;
import javax.net.ssl.SSLException;

/**
 * Why a TLS handshake failed, in words for the log: a certificate this node refused (expired,
 * from an unknown CA, …, as {@link ExplainingTrustManager} put it), this node refused by the
 * peer (its alert: the peer's log says why), or anything else the JDK's TLS reported. Each kind
 * is logged at most once every ten seconds ({@link NodeTls#warn}).
 */
final class TlsFailures {
    private TlsFailures() {
    }

    /** Logs the failure {@code e} of the connection with {@code socket}; returns its reason, for the channel's close. */
    static String report(NodeTls tls, SSLException e, boolean dialing, String socket, boolean duringHandshake) {
        String direction = dialing ? "to" : "from";
        RefusedCertificate refused = refusedCertificate(e);
        if (refused != null) {
            Trouble kind = switch (refused.kind()) {
                case EXPIRED -> Trouble.EXPIRED;
                case UNKNOWN_CA -> Trouble.UNKNOWN_CA;
                case OTHER -> Trouble.BAD_CERTIFICATE;
            };
            tls.warn(kind, "refused the TLS connection {} {}: {}", direction, socket, refused.getMessage());
            return refused.getMessage();
        }
        String message = PeerText.safe(String.valueOf(e.getMessage()));
        if (message.contains("Received fatal alert")) {
            tls.warn(Trouble.REFUSED_BY_PEER, "the node at {} refused this node's TLS connection ({}); its log says why",
                    socket, message);
        } else {
            tls.warn(Trouble.HANDSHAKE, "TLS with {} failed{}: {}", socket, duringHandshake ? " during its handshake" : "",
                    message);
        }
        return message;
    }

    private static RefusedCertificate refusedCertificate(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RefusedCertificate r) {
                return r;
            }
        }
        return null;
    }
}
