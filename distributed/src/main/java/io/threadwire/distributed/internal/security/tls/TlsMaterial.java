package io.threadwire.distributed.internal.security.tls;

import io.threadwire.core.ThreadwireException;
import io.threadwire.distributed.TlsConfig;
import io.threadwire.distributed.internal.security.PrivateFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One reading of a node's TLS files: its private key and certificate chain, the certificates it
 * trusts, and the bytes of every file read (so that a later reading can tell whether anything
 * changed). Each file is read once and everything is decoded from those bytes, so a file
 * rewritten meanwhile cannot mix two versions. Every failure is a {@link TlsFileException}
 * naming the file and the reason; {@link TlsChecks} then checks the material as a whole.
 *
 * @param chain   this node's certificate, then its intermediates
 * @param trusted the certificates a peer's chain must lead to
 * @param files   what was read, by file, in the order read
 */
record TlsMaterial(PrivateKey key, List<X509Certificate> chain, List<X509Certificate> trusted, Map<Path, byte[]> files) {

    /** The file holding this node's key (for messages). */
    static Path keyFile(TlsConfig c) {
        return c.keyStore() != null ? c.keyStore() : c.privateKey();
    }

    /** The file holding this node's certificate (for messages). */
    static Path certificateFile(TlsConfig c) {
        return c.keyStore() != null ? c.keyStore() : c.certificateChain();
    }

    /** Reads the files of {@code c}. */
    static TlsMaterial read(TlsConfig c) {
        Map<Path, byte[]> files = new LinkedHashMap<>();
        char[] password = password(c, files);
        PrivateKey key;
        List<X509Certificate> chain;
        if (c.keyStore() != null) {
            byte[] content = read(c.keyStore(), "key store", true, files);
            KeyStore store = pkcs12(c.keyStore(), content, password);
            String alias = onlyKeyEntry(c.keyStore(), store);
            try {
                Key k = store.getKey(alias, password);
                if (!(k instanceof PrivateKey pk)) {
                    throw new TlsFileException(c.keyStore(), "entry '" + alias + "' holds no private key");
                }
                key = pk;
                chain = x509(store.getCertificateChain(alias));
            } catch (UnrecoverableKeyException e) {
                throw new TlsFileException(c.keyStore(), "the key of entry '" + alias + "' does not open with the"
                        + " password (" + e.getMessage() + ")", e);
            } catch (GeneralSecurityException e) {
                throw new TlsFileException(c.keyStore(), "cannot read entry '" + alias + "' (" + e.getMessage() + ")", e);
            }
            if (chain.isEmpty()) {
                throw new TlsFileException(c.keyStore(), "entry '" + alias + "' has no certificate chain");
            }
        } else {
            chain = PemFiles.certificates(c.certificateChain(), read(c.certificateChain(), "certificate", false, files));
            key = PemFiles.privateKey(c.privateKey(), read(c.privateKey(), "private key", true, files),
                    chain.get(0).getPublicKey().getAlgorithm());
        }
        Path t = c.trustedCertificates();
        byte[] trustContent = read(t, "trusted certificates", false, files);
        List<X509Certificate> trusted = PemFiles.isPem(trustContent) ? PemFiles.certificates(t, trustContent)
                : trustStore(t, pkcs12(t, trustContent, password));
        Arrays.fill(password, '\0');
        return new TlsMaterial(key, List.copyOf(chain), List.copyOf(trusted), Collections.unmodifiableMap(files));
    }

    /** The configured password, else {@code THREADWIRE_TLS_PASSWORD}, else the file {@code password} beside the key store, else empty. */
    private static char[] password(TlsConfig c, Map<Path, byte[]> files) {
        if (c.password() != null) {
            return c.password().toCharArray();
        }
        String env = System.getenv(TlsConfig.PASSWORD_VARIABLE);
        if (env != null) {
            return env.toCharArray();
        }
        Path beside = c.keyStore() == null ? null : c.keyStore().toAbsolutePath().resolveSibling("password");
        if (beside != null && Files.exists(beside)) {
            return new String(read(beside, "password", true, files), StandardCharsets.UTF_8).strip().toCharArray();
        }
        return new char[0];
    }

    private static byte[] read(Path file, String what, boolean secret, Map<Path, byte[]> files) {
        try {
            if (secret) {
                PrivateFiles.check(file, "the TLS " + what + " file");
            }
            byte[] content = Files.readAllBytes(file);
            files.put(file, content);
            return content;
        } catch (NoSuchFileException e) {
            throw new TlsFileException(file, "does not exist (the " + what + " file of TlsConfig)", e);
        } catch (IOException e) {
            throw new TlsFileException(file, "cannot be read (" + e + ")", e);
        } catch (ThreadwireException e) {
            throw new TlsFileException(file, "is not private: " + e.getMessage(), e);
        }
    }

    private static KeyStore pkcs12(Path file, byte[] content, char[] password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(content), password);
            return store;
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new TlsFileException(file, "does not open with the password given (TlsConfig password, "
                        + TlsConfig.PASSWORD_VARIABLE + ", or the file 'password' beside it)", e);
            }
            throw new TlsFileException(file, "is not a PKCS#12 key store (" + e.getMessage() + ")", e);
        } catch (GeneralSecurityException e) {
            throw new TlsFileException(file, "cannot be read as PKCS#12 (" + e.getMessage() + ")", e);
        }
    }

    private static String onlyKeyEntry(Path file, KeyStore store) {
        try {
            List<String> keys = new ArrayList<>();
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    keys.add(alias);
                }
            }
            if (keys.size() != 1) {
                throw new TlsFileException(file, keys.isEmpty() ? "holds no private key" : "holds " + keys.size()
                        + " private keys " + keys + "; keep only this node's");
            }
            return keys.get(0);
        } catch (GeneralSecurityException e) {
            throw new TlsFileException(file, "cannot be listed (" + e.getMessage() + ")", e);
        }
    }

    private static List<X509Certificate> trustStore(Path file, KeyStore store) {
        List<X509Certificate> certs = new ArrayList<>();
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isCertificateEntry(alias) && store.getCertificate(alias) instanceof X509Certificate x) {
                    certs.add(x);
                }
            }
        } catch (GeneralSecurityException e) {
            throw new TlsFileException(file, "cannot be listed (" + e.getMessage() + ")", e);
        }
        if (certs.isEmpty()) {
            throw new TlsFileException(file, "holds no trusted certificate entries (import the CA's certificate with"
                    + " keytool -importcert -trustcacerts)");
        }
        return certs;
    }

    private static List<X509Certificate> x509(Certificate[] certs) {
        List<X509Certificate> list = new ArrayList<>();
        for (Certificate c : certs == null ? new Certificate[0] : certs) {
            if (c instanceof X509Certificate x) {
                list.add(x);
            }
        }
        return list;
    }

    /** Whether the files hold what this material was read from, {@code now} being their bytes as {@link #reread} found them. */
    boolean unchanged(Map<Path, byte[]> now) {
        return sameFiles(files, now);
    }

    /** Whether two readings of files found the same files with the same bytes. */
    static boolean sameFiles(Map<Path, byte[]> a, Map<Path, byte[]> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (Map.Entry<Path, byte[]> e : a.entrySet()) {
            if (!Arrays.equals(e.getValue(), b.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** The current bytes of the files this material was read from (a missing file maps to an empty array). */
    Map<Path, byte[]> reread() {
        Map<Path, byte[]> now = new LinkedHashMap<>();
        for (Path p : files.keySet()) {
            try {
                now.put(p, Files.readAllBytes(p));
            } catch (IOException e) {
                now.put(p, new byte[0]);
            }
        }
        return now;
    }
}
