package io.threadwire.distributed;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * TLS 1.3 with mutual certificates between nodes ({@link NodeConfig.Builder#tls}): where this
 * node's private key and certificate chain are, and the certificates of the cluster's CA that
 * every peer's certificate must chain to. Optional: without it, nodes protect their frames with
 * the shared secret alone ({@link WireProtection#ENCRYPTED}). With it, every connection runs a
 * TLS 1.3 handshake first (the JDK's own TLS), then the usual handshake of the shared secret
 * inside it, so the secret stays a second factor; docs/security.md says when to choose it.
 *
 * <p>Every peer must present a certificate that chains to one of the trusted certificates, is
 * within its validity dates, and names, as a subjectAltName DNS or IP entry, the host of the
 * address the peer claims, and also its node name if it has one: so no node can pose as
 * another. Wildcard names are not honoured. A peer refused for any of these is logged at WARN
 * with the reason, and the rest of the cluster is served as before.
 *
 * <p>The files are read when the node starts (a bad file, a wrong password, a key that does not
 * match its certificate, or a certificate of this node's that has expired or that the trusted
 * certificates do not sign fails the start, with a message naming the file and the reason), and
 * read again when they change: a new connection uses the new files, so certificates and CAs
 * rotate without a restart. A change that cannot be read is logged at ERROR, naming the file,
 * and the node keeps using what it had.
 *
 * <p>Formats: a key store is PKCS#12 ({@code .p12}, {@code .pfx}) holding one private key and
 * its certificate chain; PEM key files hold one unencrypted PKCS#8 key ({@code -----BEGIN
 * PRIVATE KEY-----}, as {@code openssl genpkey} writes it); PEM certificate files hold one or
 * more {@code -----BEGIN CERTIFICATE-----} blocks, this node's certificate first in a chain.
 * Trusted certificates are a PEM file or a PKCS#12 trust store.
 *
 * @param keyStore            a PKCS#12 key store with this node's key and chain; null when the
 *                            key and chain are PEM files
 * @param certificateChain    a PEM file: this node's certificate, then any intermediate CA
 *                            certificates; null with a {@code keyStore}
 * @param privateKey          a PEM file with this node's unencrypted PKCS#8 private key; null
 *                            with a {@code keyStore}
 * @param trustedCertificates the cluster CA's certificates, PEM or PKCS#12: a peer's chain must
 *                            lead to one of them
 * @param password            the password of the PKCS#12 files; null: the environment variable
 *                            {@value #PASSWORD_VARIABLE}, else the file {@code password} beside
 *                            the key store if there is one, else none (empty)
 */
public record TlsConfig(Path keyStore, Path certificateChain, Path privateKey, Path trustedCertificates,
                        String password) {
    /** Turns TLS on when a node's configuration says nothing of it: the directory of its files ({@link #directory}). */
    public static final String DIRECTORY_VARIABLE = "THREADWIRE_TLS";
    /** The password of PKCS#12 files when the configuration gives none. */
    public static final String PASSWORD_VARIABLE = "THREADWIRE_TLS_PASSWORD";

    /**
     * @throws IllegalArgumentException if neither a key store nor both PEM files are given, or
     *                                  both are, or no trusted certificates are
     */
    public TlsConfig {
        Objects.requireNonNull(trustedCertificates, "trustedCertificates: the cluster CA's certificates (PEM or PKCS#12)");
        if (keyStore != null && (certificateChain != null || privateKey != null)) {
            throw new IllegalArgumentException("give this node's key either as a PKCS#12 keyStore or as PEM"
                    + " certificateChain and privateKey files, not both");
        }
        if (keyStore == null && (certificateChain == null || privateKey == null)) {
            throw new IllegalArgumentException("this node's key is missing: give a PKCS#12 keyStore, or both a PEM"
                    + " certificateChain and a PEM privateKey");
        }
    }

    /** A PKCS#12 key store for this node's key and chain; {@code password} null: see {@link #password()}. */
    public static TlsConfig pkcs12(Path keyStore, Path trustedCertificates, String password) {
        return new TlsConfig(Objects.requireNonNull(keyStore, "keyStore"), null, null, trustedCertificates, password);
    }

    /** PEM files for this node's chain and unencrypted PKCS#8 key. */
    public static TlsConfig pem(Path certificateChain, Path privateKey, Path trustedCertificates) {
        return new TlsConfig(null, Objects.requireNonNull(certificateChain, "certificateChain"),
                Objects.requireNonNull(privateKey, "privateKey"), trustedCertificates, null);
    }

    /**
     * The files of {@code dir} by their conventional names: {@code node.p12}, else
     * {@code node.crt} and {@code node.key} (PEM), for this node; {@code ca.crt} (PEM), else
     * {@code ca.p12}, for the trusted certificates; the password of the PKCS#12 files from
     * {@value #PASSWORD_VARIABLE}, else the file {@code password} in {@code dir}.
     *
     * @throws IllegalArgumentException naming the files looked for, if {@code dir} lacks them
     */
    public static TlsConfig directory(Path dir) {
        Objects.requireNonNull(dir, "dir");
        Path trusted = Files.exists(dir.resolve("ca.crt")) || !Files.exists(dir.resolve("ca.p12"))
                ? dir.resolve("ca.crt") : dir.resolve("ca.p12");
        if (!Files.exists(trusted)) {
            throw new IllegalArgumentException("no trusted certificates in " + dir + ": put the cluster CA's"
                    + " certificate there as ca.crt (PEM) or ca.p12");
        }
        if (Files.exists(dir.resolve("node.p12"))) {
            return new TlsConfig(dir.resolve("node.p12"), null, null, trusted, null);
        }
        if (Files.exists(dir.resolve("node.crt")) && Files.exists(dir.resolve("node.key"))) {
            return new TlsConfig(null, dir.resolve("node.crt"), dir.resolve("node.key"), trusted, null);
        }
        throw new IllegalArgumentException("no key for this node in " + dir + ": put node.p12 there, or node.crt"
                + " and node.key (PEM)");
    }

    /** The default directory of a user's TLS files, {@code ~/.threadwire/tls}. */
    public static Path defaultDirectory() {
        return Path.of(System.getProperty("user.home"), ".threadwire", "tls");
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "TlsConfig[" + (keyStore != null ? "keyStore=" + keyStore
                : "certificateChain=" + certificateChain + ", privateKey=" + privateKey)
                + ", trustedCertificates=" + trustedCertificates + (password == null ? "" : ", password=given") + "]";
    }
}
