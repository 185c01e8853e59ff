package io.threadwire.testcerts;

import io.threadwire.distributed.TlsConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * Writes the TLS files of test nodes as a user would lay them out: PEM certificates and PKCS#8
 * keys (the key files owner-only, as a node demands), PKCS#12 key and trust stores, and whole
 * node directories ({@code node.crt}, {@code node.key}, {@code ca.crt}) for
 * {@link TlsConfig#directory}.
 */
public final class TlsFiles {
    private static final Set<PosixFilePermission> OWNER_ONLY = Set.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);

    private TlsFiles() {
    }

    /** A directory under {@code parent} named {@code name} with {@code node}'s files and its CA's certificate; its TlsConfig. */
    public static TlsConfig nodeDirectory(Path parent, String name, TestCa.Issued node) {
        return nodeDirectory(parent, name, node, node.ca());
    }

    /** As {@link #nodeDirectory(Path, String, TestCa.Issued)}, trusting {@code trusted}'s certificates instead. */
    public static TlsConfig nodeDirectory(Path parent, String name, TestCa.Issued node, TestCa... trusted) {
        Path dir = parent.resolve(name);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        writeCertificates(dir.resolve("node.crt"), List.of(node.certificate()));
        writeKey(dir.resolve("node.key"), node);
        writeCertificates(dir.resolve("ca.crt"), java.util.Arrays.stream(trusted).map(TestCa::certificate).toList());
        return TlsConfig.directory(dir);
    }

    /** Writes certificates as PEM. */
    public static Path writeCertificates(Path file, List<X509Certificate> certificates) {
        StringBuilder pem = new StringBuilder();
        try {
            for (X509Certificate c : certificates) {
                pem.append(pem("CERTIFICATE", c.getEncoded()));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return write(file, pem.toString().getBytes(StandardCharsets.US_ASCII), false);
    }

    /** Writes {@code node}'s private key as unencrypted PKCS#8 PEM, owner-only. */
    public static Path writeKey(Path file, TestCa.Issued node) {
        return write(file, pem("PRIVATE KEY", node.key().getEncoded()).getBytes(StandardCharsets.US_ASCII), true);
    }

    /** Writes {@code node}'s key and certificate (then its CA's) as a PKCS#12 key store, owner-only. */
    public static Path writeKeyStore(Path file, TestCa.Issued node, String password) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("node", node.key(), password.toCharArray(),
                    new X509Certificate[] {node.certificate(), node.ca().certificate()});
            return write(file, store(ks, password), true);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes CA certificates as a PKCS#12 trust store. */
    public static Path writeTrustStore(Path file, String password, TestCa... cas) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            for (TestCa ca : cas) {
                ks.setCertificateEntry(ca.name(), ca.certificate());
            }
            return write(file, store(ks, password), false);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@code content} whole: to a temporary file first, then moved in place (as a deployment tool should). */
    public static Path write(Path file, byte[] content, boolean ownerOnly) {
        try {
            Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".tls-", ".tmp");
            Files.write(tmp, content);
            if (ownerOnly) {
                Files.setPosixFilePermissions(tmp, OWNER_ONLY);
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] store(KeyStore ks, String password) throws GeneralSecurityException, IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ks.store(out, password.toCharArray());
        return out.toByteArray();
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }
}
