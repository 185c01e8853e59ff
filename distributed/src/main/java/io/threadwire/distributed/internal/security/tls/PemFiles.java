package io.threadwire.distributed.internal.security.tls;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads the PEM files of TLS: certificates ({@code -----BEGIN CERTIFICATE-----} blocks, text
 * between them ignored, as openssl writes it) and one unencrypted PKCS#8 private key. Every
 * failure is a {@link TlsFileException} that names the file, says what is wrong and, where a
 * common mistake explains it, how to fix it. Decoding goes to the JDK ({@link CertificateFactory},
 * {@link KeyFactory}); this class only finds the blocks.
 */
final class PemFiles {
    private static final String BEGIN = "-----BEGIN ";
    private static final String END = "-----END ";
    private static final String DASHES = "-----";

    private PemFiles() {
    }

    /** A PEM block: its label ({@code CERTIFICATE}, {@code PRIVATE KEY}, …) and its decoded bytes. */
    private record Block(String label, byte[] der) {
    }

    /** Whether {@code content} looks like PEM text (rather than a binary PKCS#12 file). */
    static boolean isPem(byte[] content) {
        String head = new String(content, 0, Math.min(content.length, 4096), StandardCharsets.ISO_8859_1);
        return head.contains(BEGIN);
    }

    /** The certificates of {@code file}, in order; at least one. */
    static List<X509Certificate> certificates(Path file, byte[] content) {
        List<X509Certificate> certs = new ArrayList<>();
        CertificateFactory factory = x509();
        for (Block b : blocks(file, content)) {
            if (!b.label().equals("CERTIFICATE")) {
                continue; // a key or parameters in the same file: not a certificate
            }
            try {
                certs.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(b.der())));
            } catch (CertificateException e) {
                throw new TlsFileException(file, "certificate " + (certs.size() + 1) + " is not a valid X.509 certificate ("
                        + e.getMessage() + ")", e);
            }
        }
        if (certs.isEmpty()) {
            throw new TlsFileException(file, "holds no PEM certificate (no -----BEGIN CERTIFICATE----- block)");
        }
        return certs;
    }

    /** The private key of {@code file}, for a certificate whose key is of {@code algorithm} ("RSA", "EC", …). */
    static PrivateKey privateKey(Path file, byte[] content, String algorithm) {
        List<Block> keys = new ArrayList<>();
        for (Block b : blocks(file, content)) {
            switch (b.label()) {
                case "PRIVATE KEY" -> keys.add(b);
                case "ENCRYPTED PRIVATE KEY" -> throw new TlsFileException(file, "holds an encrypted private key: decrypt"
                        + " it (openssl pkcs8 -topk8 -nocrypt -in " + file + " -out node.key, mode 600), or put key and"
                        + " chain in a PKCS#12 key store with a password");
                case "RSA PRIVATE KEY", "EC PRIVATE KEY", "DSA PRIVATE KEY" -> throw new TlsFileException(file,
                        "holds a " + b.label() + " (PKCS#1 or SEC1), not PKCS#8: convert it with openssl pkcs8 -topk8"
                                + " -nocrypt -in " + file + " -out node.key");
                default -> {
                    // certificates or parameters beside the key
                }
            }
        }
        if (keys.size() != 1) {
            throw new TlsFileException(file, keys.isEmpty() ? "holds no PEM private key (no -----BEGIN PRIVATE KEY-----"
                    + " block)" : "holds " + keys.size() + " private keys; keep only this node's");
        }
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(keys.get(0).der()));
        } catch (GeneralSecurityException e) {
            throw new TlsFileException(file, "the private key is not a valid " + algorithm + " key, which the"
                    + " certificate's key is (" + e.getMessage() + ")", e);
        }
    }

    private static List<Block> blocks(Path file, byte[] content) {
        String text = new String(content, StandardCharsets.US_ASCII);
        List<Block> blocks = new ArrayList<>();
        int at = 0;
        for (int begin; (begin = text.indexOf(BEGIN, at)) >= 0; ) {
            int labelEnd = text.indexOf(DASHES, begin + BEGIN.length());
            if (labelEnd < 0) {
                throw new TlsFileException(file, "has a PEM header that does not end in -----");
            }
            String label = text.substring(begin + BEGIN.length(), labelEnd);
            String footer = END + label + DASHES;
            int end = text.indexOf(footer, labelEnd);
            if (end < 0) {
                throw new TlsFileException(file, "has a -----BEGIN " + label + "----- block with no " + footer);
            }
            String body = text.substring(labelEnd + DASHES.length(), end);
            try {
                blocks.add(new Block(label, Base64.getMimeDecoder().decode(body)));
            } catch (IllegalArgumentException e) {
                throw new TlsFileException(file, "its " + label + " block is not valid Base64 (" + e.getMessage() + ")", e);
            }
            at = end + footer.length();
        }
        if (blocks.isEmpty()) {
            throw new TlsFileException(file, "is not a PEM file (no -----BEGIN line)");
        }
        return blocks;
    }

    static CertificateFactory x509() {
        try {
            return CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("this JDK has no X.509 certificate factory", e);
        }
    }
}
