package io.threadwire.tests.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.distributed.Node;
import org.junit.jupiter.api.Test;

/**
 * Scenario: nodes configured for TLS with certificates of one cluster CA talk as any nodes do,
 * over TLS 1.3, with the shared secret still proved inside it.
 */
class TlsConnectionTest {

    /** Two TLS nodes exchange messages in order, both ways. */
    @Test
    void tlsNodesExchangeMessagesInOrder() throws Exception {
        try (TlsNodes tls = new TlsNodes()) {
            Node alpha = tls.start("alpha");
            Node beta = tls.start("beta");
            Bystander there = new Bystander(alpha, beta);
            there.assertServed(Bystander.MESSAGES);
            Bystander back = new Bystander(beta, alpha);
            back.assertServed(Bystander.MESSAGES);
            assertThat(alpha.stats().connections()).isEqualTo(1);
        }
    }
}
