package io.threadwire.distributed.internal.security.tls;

import java.security.cert.CertificateException;

/**
 * Why a peer's certificate was refused, in words for the log, and of which kind, so that each
 * kind's warnings are rate-limited on their own. Thrown by {@link ExplainingTrustManager} in
 * place of the JDK's exception, whose cause it keeps (the TLS alert sent to the peer is chosen
 * from that cause, as before).
 */
final class RefusedCertificate extends CertificateException {
    private static final long serialVersionUID = 1L;

    /** What was wrong with the certificate. */
    enum Kind {
        /** It, or a certificate of its chain, is past its validity or not yet valid. */
        EXPIRED,
        /** Its chain leads to no certificate this node trusts. */
        UNKNOWN_CA,
        /** Anything else the JDK's validation refused (key usage, a broken signature, …). */
        OTHER
    }

    private final Kind kind;

    RefusedCertificate(Kind kind, String reason, Throwable cause) {
        super(reason, cause);
        this.kind = kind;
    }

    Kind kind() {
        return kind;
    }
}
