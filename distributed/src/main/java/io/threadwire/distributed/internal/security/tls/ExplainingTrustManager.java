package io.threadwire.distributed.internal.security.tls;

import java.net.Socket;
import java.nio.file.Path;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.Date;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The JDK's PKIX trust manager, with its refusals put in words a person can act on: "its
 * certificate CN=x expired on …", "… does not chain to a CA this node trusts (ca.crt)". The
 * decision is entirely the JDK's: this class only rewords the exception it throws
 * ({@link RefusedCertificate}, keeping its cause, from which the JDK picks the TLS alert).
 * Thread-safe, as the JDK's is; called on a channel's reader thread (a delegated task).
 */
final class ExplainingTrustManager extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager pkix;
    private final Path trustFile;

    ExplainingTrustManager(X509ExtendedTrustManager pkix, Path trustFile) {
        this.pkix = pkix;
        this.trustFile = trustFile;
    }

    /** One of the JDK's checks. */
    private interface Check {
        void run() throws CertificateException;
    }

    private void explained(X509Certificate[] chain, Check check) throws CertificateException {
        try {
            check.run();
        } catch (CertificateException e) {
            throw explain(chain, e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        explained(chain, () -> pkix.checkClientTrusted(chain, authType, engine));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        explained(chain, () -> pkix.checkServerTrusted(chain, authType, engine));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        explained(chain, () -> pkix.checkClientTrusted(chain, authType, socket));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        explained(chain, () -> pkix.checkServerTrusted(chain, authType, socket));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        explained(chain, () -> pkix.checkClientTrusted(chain, authType));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        explained(chain, () -> pkix.checkServerTrusted(chain, authType));
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return pkix.getAcceptedIssuers();
    }

    /** Null if every certificate of {@code chain} is within its dates now; else which is not, in words. */
    static String outOfDate(X509Certificate[] chain) {
        Date now = new Date();
        for (int i = 0; i < chain.length; i++) {
            String which = i == 0 ? "its certificate " + Certificates.subject(chain[0])
                    : "the CA certificate " + Certificates.subject(chain[i]) + " in its chain";
            try {
                chain[i].checkValidity(now);
            } catch (CertificateExpiredException expired) {
                return which + " expired on " + chain[i].getNotAfter().toInstant();
            } catch (CertificateNotYetValidException early) {
                return which + " is not valid before " + chain[i].getNotBefore().toInstant();
            }
        }
        return null;
    }

    /** The JDK's refusal of {@code chain} in words: expired, from an unknown CA, or its own message. */
    RefusedCertificate explain(X509Certificate[] chain, CertificateException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        if (chain == null || chain.length == 0) {
            return new RefusedCertificate(RefusedCertificate.Kind.OTHER, "it presented no certificate", cause);
        }
        String outOfDate = outOfDate(chain);
        if (outOfDate != null) {
            return new RefusedCertificate(RefusedCertificate.Kind.EXPIRED, outOfDate, cause);
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertPathBuilderException) {
                return new RefusedCertificate(RefusedCertificate.Kind.UNKNOWN_CA, "its certificate "
                        + Certificates.subjectAndIssuer(chain[0]) + " does not chain to a CA this node trusts (in "
                        + trustFile + ")", cause);
            }
        }
        return new RefusedCertificate(RefusedCertificate.Kind.OTHER, "its certificate " + Certificates.subject(chain[0])
                + " is refused: " + e.getMessage(), cause);
    }
}
