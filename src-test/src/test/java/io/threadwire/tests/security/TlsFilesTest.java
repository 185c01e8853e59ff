package io.threadwire.tests.security;

import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threadwire.core.ThreadwireException;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeUnreachableException;
import io.threadwire.distributed.TlsConfig;
import io.threadwire.testcerts.TestCa;
import io.threadwire.testcerts.TlsFiles;
import io.threadwire.testkit.LogCapture;
import io.threadwire.testkit.Timeouts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scenario: a node's TLS files, as an operator lays them out, good and bad. PKCS#12 and PEM
 * both work; every bad file fails the node's start with a message naming the file and the
 * reason; files changed while the node runs are used by its next connections, and a change
 * that cannot be used is logged with the file while the node keeps what it had.
 */
class TlsFilesTest {
    private TlsNodes tls;

    @BeforeEach
    void makeTheCa() {
        tls = new TlsNodes();
    }

    @AfterEach
    void deleteTheFiles() throws Exception {
        tls.close();
    }

    /** A PKCS#12 key store, its password in the file beside it, and a PKCS#12 trust store make a working node. */
    @Test
    void pkcs12FilesWork() throws Exception {
        Path dir = Files.createDirectories(tls.dir.resolve("p12"));
        TlsFiles.writeKeyStore(dir.resolve("node.p12"), tls.ca.issue("gamma", "127.0.0.1", "gamma"), "s3cret-pass");
        TlsFiles.write(dir.resolve("password"), "s3cret-pass\n".getBytes(StandardCharsets.UTF_8), true);
        TlsFiles.writeTrustStore(dir.resolve("ca.p12"), "s3cret-pass", tls.ca); // one password for both
        TlsConfig p12 = new TlsConfig(dir.resolve("node.p12"), null, null, dir.resolve("ca.p12"), null);
        Node gamma = tls.start("gamma", p12, b -> b);
        Node alpha = tls.start("alpha");
        assertThat(alpha.connect(gamma.address(), LONG)).isEqualTo(gamma.address());
    }

    /** A key store that does not open with its password fails the start, naming the file. */
    @Test
    void aWrongPasswordIsNamed() throws Exception {
        Path ks = TlsFiles.writeKeyStore(tls.dir.resolve("node.p12"), tls.ca.issue("x", "127.0.0.1"), "right-pass");
        Path ca = TlsFiles.writeCertificates(tls.dir.resolve("ca.crt"), List.of(tls.ca.certificate()));
        assertStartFails(TlsConfig.pkcs12(ks, ca, "wrong-pass"), ks.toString(), "does not open with the password");
    }

    /** A file that is no key store at all fails the start, naming the file. */
    @Test
    void aFileThatIsNoKeyStoreIsNamed() {
        Path ks = TlsFiles.write(tls.dir.resolve("node.p12"), "not a key store".getBytes(StandardCharsets.UTF_8), true);
        Path ca = TlsFiles.writeCertificates(tls.dir.resolve("ca.crt"), List.of(tls.ca.certificate()));
        assertStartFails(TlsConfig.pkcs12(ks, ca, "pass"), ks.toString(), "is not a PKCS#12 key store");
    }

    /** A certificate of this node's that has expired fails the start, saying when. */
    @Test
    void anExpiredOwnCertificateIsNamed() {
        TlsConfig files = TlsFiles.nodeDirectory(tls.dir, "old", tls.ca.issueExpired("old", "127.0.0.1"));
        assertStartFails(files, files.certificateChain().toString(), "which expired on");
    }

    /** A private key of another pair than the certificate fails the start. */
    @Test
    void aKeyOfAnotherCertificateIsNamed() {
        TlsConfig files = TlsFiles.nodeDirectory(tls.dir, "mixed", tls.ca.issue("mixed", "127.0.0.1"));
        TlsFiles.writeKey(files.privateKey(), tls.ca.issue("other", "127.0.0.1"));
        assertStartFails(files, files.privateKey().toString(), "does not belong to the certificate CN=mixed");
    }

    /** A certificate the trusted certificates do not sign fails the start: every other node would refuse it. */
    @Test
    void aCertificateOfAnUnknownCaIsNamed() {
        TlsConfig files = TlsFiles.nodeDirectory(tls.dir, "stray", TestCa.create("stray CA").issue("s", "127.0.0.1"),
                tls.ca);
        assertStartFails(files, files.certificateChain().toString(), "does not chain to a CA");
    }

    /** A private key others may read fails the start, with the chmod that fixes it. */
    @Test
    void aKeyOthersCanReadIsNamed() throws Exception {
        TlsConfig files = TlsFiles.nodeDirectory(tls.dir, "open", tls.ca.issue("open", "127.0.0.1"));
        Files.setPosixFilePermissions(files.privateKey(), PosixFilePermissions.fromString("rw-r--r--"));
        assertStartFails(files, files.privateKey().toString(), "chmod 600");
    }

    /** A missing file fails the start, naming it. */
    @Test
    void aMissingFileIsNamed() {
        Path missing = tls.dir.resolve("nowhere.crt");
        assertStartFails(TlsConfig.pem(missing, tls.dir.resolve("nowhere.key"), tls.dir.resolve("ca.crt")),
                "nowhere", "does not exist");
    }

    /**
     * Trust rotates without a restart: beta refuses a node of another CA until its CA file also
     * holds that CA; then it takes it. A CA file broken meanwhile is logged with its name, and
     * beta keeps the certificates it had.
     */
    @Test
    void changedFilesAreUsedByTheNextConnections() throws Exception {
        TestCa other = TestCa.create("second CA");
        Node beta = tls.start("beta");
        TlsConfig newcomer = TlsFiles.nodeDirectory(tls.dir, "delta", other.issue("delta", "127.0.0.1", "delta"),
                other, tls.ca);
        Node delta = tls.start("delta", newcomer, b -> b);
        assertThatThrownBy(() -> delta.connect(beta.address(), LONG)).isInstanceOf(NodeUnreachableException.class);

        Path betaCa = beta.config().tls().trustedCertificates();
        TlsFiles.writeCertificates(betaCa, List.of(tls.ca.certificate(), other.certificate()));
        Timeouts.await(() -> connects(delta, beta), "beta takes delta once its CA file holds delta's CA");

        try (LogCapture log = LogCapture.start()) {
            TlsFiles.write(betaCa, "-----BEGIN CERTIFICATE-----\nbroken".getBytes(StandardCharsets.US_ASCII), false);
            Node alpha = tls.start("alpha");
            javax.net.ssl.SSLContext alphaLike = RawTls.context(tls.ca.issue("probe", "127.0.0.1"), tls.ca);
            Timeouts.await(() -> {
                probe(beta, alphaLike); // a new connection: beta looks at its files (at most once a second)
                return log.lines().stream().anyMatch(l -> l.contains("ERROR") && l.contains(betaCa.toString()));
            }, "an ERROR naming " + betaCa);
            assertThat(alpha.connect(beta.address(), LONG)).as("beta still takes connections").isEqualTo(beta.address());
        }
    }

    /** A TLS handshake with {@code node}, then a close. */
    private static void probe(Node node, javax.net.ssl.SSLContext context) {
        try (RawPeer p = RawPeer.connect(node.address())) {
            p.withTls(context).startTls();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean connects(Node from, Node to) {
        try {
            from.connect(to.address(), LONG);
            return true;
        } catch (NodeUnreachableException refused) {
            return false;
        }
    }

    private void assertStartFails(TlsConfig files, String fileNamed, String reason) {
        assertThatThrownBy(() -> tls.start("failing", files, b -> b))
                .isInstanceOf(ThreadwireException.class)
                .hasMessageContaining(fileNamed)
                .hasMessageContaining(reason);
    }
}
