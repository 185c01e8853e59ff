package io.threadwire.distributed.internal.security.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.NodeAddress;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which claimed addresses and node names a certificate's subjectAltNames cover: IP literals
 * compared as addresses (IPv6 in any spelling), DNS names without regard to case or a trailing
 * dot, wildcards never. The certificates are made by the JDK's own {@code keytool}.
 */
class CertificateNamesTest {
    private static final int PORT = 9000;
    @TempDir
    static Path dir;
    private static X509Certificate alpha;
    private static X509Certificate wildcard;

    @BeforeAll
    static void makeCertificates() throws Exception {
        alpha = selfSigned("alpha", "dns:Alpha.Example.COM,dns:beta,ip:::1,ip:127.0.0.1");
        wildcard = selfSigned("wild", "dns:*.example.com");
    }

    @Test
    void anIpv6ClaimMatchesTheAddressInAnySpelling() {
        assertThat(CertificateNames.mismatch(alpha, new NodeAddress("::1", PORT), "")).isNull();
        assertThat(CertificateNames.mismatch(alpha, new NodeAddress("[0:0:0:0:0:0:0:1]", PORT), "")).isNull();
        assertThat(CertificateNames.mismatch(alpha, NodeAddress.parse("[::1]:9000"), "")).isNull();
        assertThat(CertificateNames.mismatch(alpha, new NodeAddress("::2", PORT), "")).contains("host ::2");
    }

    @Test
    void anIpv4ClaimMatchesOnlyAnIpEntry() {
        assertThat(CertificateNames.mismatch(alpha, new NodeAddress("127.0.0.1", PORT), "")).isNull();
        assertThat(CertificateNames.mismatch(alpha, new NodeAddress("127.0.0.2", PORT), "")).contains("host 127.0.0.2");
    }

    @Test
    void aDnsClaimIgnoresCaseAndATrailingDot() {
        assertThat(CertificateNames.mismatch(alpha, new NodeAddress("alpha.example.com", PORT), "")).isNull();
        assertThat(CertificateNames.mismatch(alpha, new NodeAddress("ALPHA.example.com.", PORT), "")).isNull();
        assertThat(CertificateNames.mismatch(alpha, new NodeAddress("gamma.example.com", PORT), ""))
                .contains("host gamma.example.com");
    }

    @Test
    void aWildcardNamesNoNode() {
        assertThat(CertificateNames.mismatch(wildcard, new NodeAddress("gamma.example.com", PORT), ""))
                .contains("does not name the host gamma.example.com");
    }

    @Test
    void aClaimedNodeNameMustBeADnsEntryToo() {
        assertThat(CertificateNames.mismatch(alpha, new NodeAddress("127.0.0.1", PORT), "beta")).isNull();
        assertThat(CertificateNames.mismatch(alpha, new NodeAddress("127.0.0.1", PORT), "mallory"))
                .contains("node name 'mallory'").doesNotContain("host");
        assertThat(CertificateNames.mismatch(alpha, new NodeAddress("10.0.0.9", PORT), "mallory"))
                .contains("host 10.0.0.9 and node name 'mallory'");
    }

    @Test
    void aHostThatLooksLikeAnAddressIsNeverLookedUp() {
        assertThat(CertificateNames.isIpLiteral("127.0.0.1")).isTrue();
        assertThat(CertificateNames.isIpLiteral("fe80::1")).isTrue();
        assertThat(CertificateNames.isIpLiteral("localhost")).isFalse();
        assertThat(CertificateNames.isIpLiteral("1.2.3.4.example.com")).isFalse();
    }

    /** A self-signed certificate for {@code cn} with the subjectAltNames {@code sans} (keytool's syntax). */
    private static X509Certificate selfSigned(String cn, String sans) throws Exception {
        Path store = dir.resolve(cn + ".p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        List<String> command = new ArrayList<>(List.of(keytool, "-genkeypair", "-alias", cn, "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=" + cn, "-ext", "san=" + sans, "-validity", "2",
                "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        return (X509Certificate) ks.getCertificate(cn);
    }
}
