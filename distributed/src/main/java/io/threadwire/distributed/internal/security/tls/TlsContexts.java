package io.threadwire.distributed.internal.security.tls;

import io.threadwire.distributed.TlsConfig;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Makes the JDK's {@link SSLContext} of a node from one reading of its files, after checking
 * that the node could use them: its key belongs to its certificate, its certificate is within
 * its dates, and the trusted certificates accept its chain (every node trusts the same CA, so a
 * chain this node refuses every other node refuses too). Each failure names the file and the
 * reason. Keys are chosen by the JDK's PKIX key manager ({@link PresentingKeyManager} has it
 * present the node's key to every peer), peers checked by its PKIX trust manager
 * ({@link ExplainingTrustManager} rewords its refusals).
 */
final class TlsContexts {
    private static final char[] IN_MEMORY = "threadwire".toCharArray(); // guards nothing: the store never leaves the JVM

    private TlsContexts() {
    }

    /** The context of {@code m}, read from the files of {@code c}. */
    static SSLContext of(TlsConfig c, TlsMaterial m) {
        Path certFile = TlsMaterial.certificateFile(c);
        X509Certificate leaf = m.chain().get(0);
        checkDates(certFile, leaf);
        checkKeyMatches(c, m.key(), leaf);
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("node", m.key(), IN_MEMORY, m.chain().toArray(X509Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
            kmf.init(keys, IN_MEMORY);

            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            List<X509Certificate> trusted = m.trusted();
            for (int i = 0; i < trusted.size(); i++) {
                trust.setCertificateEntry("ca-" + i, trusted.get(i));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(trust);
            X509ExtendedTrustManager pkix = null;
            for (TrustManager t : tmf.getTrustManagers()) {
                if (t instanceof X509ExtendedTrustManager x) {
                    pkix = x;
                }
            }
            if (pkix == null) {
                throw new IllegalStateException("this JDK's PKIX trust manager factory made no X509ExtendedTrustManager");
            }
            ExplainingTrustManager explaining = new ExplainingTrustManager(pkix, c.trustedCertificates());
            checkTrusted(c, m, explaining);
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            X509ExtendedKeyManager presenting = null;
            for (KeyManager k : kmf.getKeyManagers()) {
                if (k instanceof X509ExtendedKeyManager x) {
                    presenting = new PresentingKeyManager(x);
                }
            }
            if (presenting == null) {
                throw new IllegalStateException("this JDK's PKIX key manager factory made no X509ExtendedKeyManager");
            }
            context.init(new KeyManager[] {presenting}, new TrustManager[] {explaining}, null);
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("this JDK cannot set up TLS 1.3: " + e, e);
        }
    }

    private static void checkDates(Path file, X509Certificate leaf) {
        try {
            leaf.checkValidity();
        } catch (CertificateExpiredException e) {
            throw new TlsFileException(file, "holds this node's certificate " + Certificates.subject(leaf)
                    + ", which expired on " + leaf.getNotAfter().toInstant() + ": renew it", e);
        } catch (CertificateNotYetValidException e) {
            throw new TlsFileException(file, "holds this node's certificate " + Certificates.subject(leaf)
                    + ", which is not valid before " + leaf.getNotBefore().toInstant() + " (is this machine's clock"
                    + " right?)", e);
        }
    }

    /** Signs with the key and verifies with the certificate: a key from another pair fails. */
    private static void checkKeyMatches(TlsConfig c, PrivateKey key, X509Certificate leaf) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "Ed448", "EdDSA" -> key.getAlgorithm();
            default -> null; // RSASSA-PSS and others: the TLS handshake itself tells
        };
        if (algorithm == null) {
            return;
        }
        try {
            byte[] probe = "threadwire key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            Signature s = Signature.getInstance(algorithm);
            s.initSign(key);
            s.update(probe);
            byte[] signature = s.sign();
            Signature v = Signature.getInstance(algorithm);
            v.initVerify(leaf.getPublicKey());
            v.update(probe);
            if (v.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            // a key of another algorithm than the certificate's: not its pair either
        }
        throw new TlsFileException(TlsMaterial.keyFile(c), "holds a private key that does not belong to the certificate "
                + Certificates.subject(leaf) + " in " + TlsMaterial.certificateFile(c));
    }

    private static void checkTrusted(TlsConfig c, TlsMaterial m, ExplainingTrustManager trust) {
        X509Certificate[] chain = m.chain().toArray(X509Certificate[]::new);
        try {
            trust.checkClientTrusted(chain, "UNKNOWN");
            trust.checkServerTrusted(chain, "UNKNOWN");
        } catch (CertificateException e) {
            throw new TlsFileException(TlsMaterial.certificateFile(c), "holds a certificate chain that the trusted"
                    + " certificates in " + c.trustedCertificates() + " refuse, so every other node would too: "
                    + e.getMessage(), e);
        }
    }
}
