package io.threadwire.tests.security;

import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threadwire.core.Down;
import io.threadwire.core.ExitReason;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeConfig;
import io.threadwire.distributed.NodeDown;
import io.threadwire.distributed.NodeUnreachableException;
import io.threadwire.distributed.TlsConfig;
import io.threadwire.distributed.WireProtection;
import io.threadwire.testcerts.TestCa;
import io.threadwire.testcerts.TlsFiles;
import io.threadwire.testkit.LogCapture;
import io.threadwire.testkit.Timeouts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLContext;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scenario: two TLS nodes of one cluster CA, alpha (the legitimate peer) and beta (the attacked
 * node), exchange messages while another party tries to join: a node whose certificate comes
 * from another CA, a peer presenting an expired certificate, a node presenting a certificate
 * that names another node (dialing and dialed), and a node without TLS. Each is refused with its
 * reason logged; alpha's traffic goes on in order through every attempt. A man in the middle
 * who flips one bit of a TLS data frame closes the connection; traffic resumes on a new one.
 */
class HostileTlsTest {
    private TlsNodes tls;
    private LogCapture log;
    private Node alpha;
    private Node beta;
    private Bystander bystander;

    @BeforeEach
    void startTheLegitimateNodes() {
        tls = new TlsNodes();
        log = LogCapture.start();
        alpha = tls.start("alpha");
        beta = tls.start("beta");
        bystander = new Bystander(alpha, beta);
    }

    @AfterEach
    void closeTheNodes() throws IOException {
        try {
            tls.close();
        } finally {
            log.close();
        }
    }

    /** A node whose certificate another CA issued is refused, and beta says why. */
    @Test
    void aCertificateFromAnotherCaIsRefused() {
        TestCa other = TestCa.create("another CA");
        // it trusts the cluster's CA too, so the refusal is beta's (a TLS 1.3 client checks the server first)
        TlsConfig files = TlsFiles.nodeDirectory(tls.dir, "mallory", other.issue("mallory", "127.0.0.1", "mallory"),
                other, tls.ca);
        assertRefused(files, Dialing.FROM_MALLORY, "refused the TLS connection from",
                "CN=mallory, issued by CN=another CA does not chain to a CA this node trusts");
    }

    /** A peer presenting a certificate that has expired is refused, and beta says when it expired. */
    @Test
    void anExpiredCertificateIsRefused() throws Exception {
        bystander.startUnreportedBurst(Bystander.MESSAGES);
        try (RawPeer p = RawPeer.connect(beta.address())) {
            p.withTls(RawTls.context(tls.ca.issueExpired("mallory", "127.0.0.1", "127.0.0.3"), tls.ca));
            try {
                p.startTls(); // a TLS 1.3 client is done before the server has checked its certificate
            } catch (IOException refusedAlready) {
                // or it reads the node's alert
            }
            p.awaitClosed(LONG);
        }
        awaitLogged("refused the TLS connection from", "its certificate CN=mallory expired on");
        bystander.assertServed(Bystander.MESSAGES);
    }

    /**
     * A certificate that has expired since its TLS session was made is refused when its peer
     * resumes that session (TLS 1.3 resumption with the node's session ticket, which the JDK grants
     * without checking the certificate again): the dates are checked on every connection.
     */
    @Test
    void aSessionOfACertificateThatHasSinceExpiredIsNotResumed() throws Exception {
        byte[] secret = tls.secret.getBytes(StandardCharsets.UTF_8);
        SSLContext mallory = null;
        Instant notAfter = null;
        // a certificate valid for a few seconds, long enough to make a session first (longer on a slow machine)
        for (Duration valid = Duration.ofSeconds(2); mallory == null; valid = valid.multipliedBy(2)) {
            assertThat(valid).as("time a first TLS session takes").isLessThan(LONG);
            notAfter = Instant.now().plus(valid).truncatedTo(ChronoUnit.SECONDS);
            SSLContext context = RawTls.context(tls.ca.issue("mallory", Instant.now().minus(Duration.ofMinutes(5)),
                    notAfter, "127.0.0.1", "127.0.0.3"), tls.ca);
            try (RawPeer p = RawPeer.connect(beta.address()).withResumableTls(context, beta.address())) {
                p.authenticate(secret); // the node's session ticket arrives before its Challenge
                mallory = context;
            } catch (IOException expiredAlready) {
                // the machine was slower than the certificate's life: again, with a longer one
            }
        }
        for (long left; (left = notAfter.toEpochMilli() - System.currentTimeMillis()) >= 0; ) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(left + 1)); // the certificate's own end, not a guess
        }
        bystander.startUnreportedBurst(Bystander.MESSAGES);
        try (RawPeer p = RawPeer.connect(beta.address()).withResumableTls(mallory, beta.address())) {
            int answer;
            try {
                answer = p.handshake(secret, RawPeer.fakeAddress());
            } catch (IOException closed) {
                answer = -1;
            }
            assertThat(answer).as("the node's answer to a resumed session of an expired certificate")
                    .isNotEqualTo(RawPeer.WELCOME);
            p.awaitClosed(LONG);
        }
        awaitLogged("refused the TLS connection from", "its certificate CN=mallory expired on");
        bystander.assertServed(Bystander.MESSAGES);
    }

    /** A node presenting beta's certificate under a name of its own is refused when it dials: the certificate names beta. */
    @Test
    void aCertificateNamingAnotherNodeIsRefusedFromADialer() {
        assertRefused(issuedTo("beta"), Dialing.FROM_MALLORY, "refused the TLS connection from",
                "does not name the node name 'mallory' claimed");
    }

    /** Dialing a node whose certificate names another node fails: the dialer checks the Challenge against it. */
    @Test
    void aCertificateNamingAnotherNodeIsRefusedWhenDialed() {
        assertRefused(issuedTo("alpha"), Dialing.TO_MALLORY, "refused the TLS connection to",
                "CN=alpha (names [IP:127.0.0.1, DNS:alpha]) does not name the node name 'mallory' claimed");
    }

    /** Which way the connection between mallory and beta is dialed. */
    private enum Dialing { FROM_MALLORY, TO_MALLORY }

    /** Files of the cluster's CA for a node that calls itself mallory, with the certificate of {@code owner}. */
    private TlsConfig issuedTo(String owner) {
        return TlsFiles.nodeDirectory(tls.dir, "stolen", tls.ca.issue(owner, "127.0.0.1", owner));
    }

    /**
     * Starts mallory with {@code files} and has the connection dialed as {@code dialing} while
     * alpha's traffic runs: the connect fails, beta logs {@code event} with {@code detail}, and
     * alpha's traffic is served in full and in order.
     */
    private void assertRefused(TlsConfig files, Dialing dialing, String event, String detail) {
        Node mallory = tls.start("mallory", files, b -> b);
        Node dialer = dialing == Dialing.FROM_MALLORY ? mallory : beta;
        Node dialed = dialing == Dialing.FROM_MALLORY ? beta : mallory;
        bystander.startUnreportedBurst(Bystander.MESSAGES);
        assertThatThrownBy(() -> dialer.connect(dialed.address(), LONG)).isInstanceOf(NodeUnreachableException.class);
        awaitLogged(event, detail);
        bystander.assertServed(Bystander.MESSAGES);
    }

    /** A node without TLS is refused, which ever of the two dials, and both sides say why. */
    @Test
    void aNodeWithoutTlsIsRefused() {
        try (Node plain = Node.start(NodeConfig.builder().port(0).host("127.0.0.1").name("plain").secret(tls.secret)
                .build())) {
            bystander.startUnreportedBurst(Bystander.MESSAGES);
            assertThatThrownBy(() -> plain.connect(beta.address(), LONG)).isInstanceOf(NodeUnreachableException.class);
            awaitLogged("refused the connection from", "it does not use TLS, which this node requires");
            // the refused node names the node that refused it, though that node has closed the socket since
            awaitLogged("node at 127.0.0.1:" + beta.address().port() + " refused this node", "this node requires TLS");
            assertThatThrownBy(() -> beta.connect(plain.address(), LONG)).isInstanceOf(NodeUnreachableException.class);
            // dialed with TLS, the node without it says why, and the TLS node logs it (alpha: beta
            // logged that kind of refusal above, and logs it at most once every ten seconds)
            assertThatThrownBy(() -> alpha.connect(plain.address(), LONG)).isInstanceOf(NodeUnreachableException.class);
            awaitLogged("refused the connection to 127.0.0.1:" + plain.address().port(),
                    "it does not use TLS, which this node requires");
            bystander.assertServed(Bystander.MESSAGES);
        }
    }

    /**
     * One bit flipped in a TLS data frame on the path closes the connection (the record fails
     * authentication): monitors fire {@code noconnection}, and the next messages go over a new
     * connection, in order.
     */
    @Test
    void aFlippedBitClosesTheConnectionAndTrafficResumes() throws Exception {
        try (ProxiedPair pair = new ProxiedPair(WireProtection.ENCRYPTED, b -> b.tls(SuiteTls.nodeFiles()))) {
            Bystander through = new Bystander(pair.legit, pair.attacked);
            assertThat(pair.proxy.connections()).isEqualTo(1);
            pair.proxy.flipNextDataFrame();
            through.startUnreportedBurst(1_000);
            List<Object> losses = through.awaitLoss();
            assertThat(pair.proxy.flipped()).isEqualTo(1);
            assertThat(losses).anySatisfy(m -> assertThat(m).isInstanceOfSatisfying(Down.class,
                    d -> assertThat(d.reason()).isEqualTo(ExitReason.NOCONNECTION)));
            assertThat(losses).anySatisfy(m -> assertThat(m).isInstanceOf(NodeDown.class));
            awaitLogged("closing the connection with", "failed TLS authentication");
            through.assertServed(Bystander.MESSAGES);
            assertThat(pair.proxy.connections()).as("connections through the proxy").isEqualTo(2);
        }
    }

    private void awaitLogged(String... parts) {
        Timeouts.await(() -> log.lines().stream().anyMatch(l -> List.of(parts).stream().allMatch(l::contains)),
                "a log line with " + List.of(parts));
    }
}
