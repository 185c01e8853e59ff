package io.threadwire.tests.security;

import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeConfig;
import io.threadwire.distributed.NodeUnreachableException;
import io.threadwire.testkit.LogCapture;
import io.threadwire.testkit.Timeouts;
import org.junit.jupiter.api.Test;

/**
 * Scenario: a cluster rolls its secret over (docs/security.md, "Rotation"). A node given the new
 * secret, with the old one as its previous, connects with a node still on the old secret, which
 * ever of the two dials; once the previous secret is dropped, the node on the old secret is
 * refused, which ever dials, and the refusing node says why in its log without showing either
 * secret.
 */
class SecretRotationTest {
    private static final String OLD = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";
    private static final String NEW = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";

    private static Node start(String name, String secret, String previous) {
        NodeConfig.Builder b = NodeConfig.builder().port(0).host("127.0.0.1").name(name).secret(secret);
        if (previous != null) {
            b.previousSecret(previous);
        }
        return Node.start(b.build());
    }

    @Test
    void aNodeOnTheOldSecretIsServedDuringTheRollover() {
        try (Node old = start("old", OLD, null); Node rolling = start("rolling", NEW, OLD)) {
            assertThat(rolling.connect(old.address(), LONG)).as("the rolling node dials the old one").isNotNull();
        }
        try (Node old = start("old", OLD, null); Node rolling = start("rolling", NEW, OLD)) {
            assertThat(old.connect(rolling.address(), LONG)).as("the old node dials the rolling one").isNotNull();
        }
    }

    @Test
    void aNodeOnTheOldSecretIsRefusedOnceThePreviousIsDropped() {
        try (LogCapture log = LogCapture.start()) {
            try (Node old = start("old", OLD, null); Node rolled = start("rolled", NEW, null)) {
                assertThatThrownBy(() -> rolled.connect(old.address(), LONG))
                        .isInstanceOf(NodeUnreachableException.class);
                assertThatThrownBy(() -> old.connect(rolled.address(), LONG))
                        .isInstanceOf(NodeUnreachableException.class);
                Timeouts.await(() -> log.lines().stream().anyMatch(l -> l.contains("WARN")
                        && l.contains("authentication failed, wrong or missing secret")), "the refusal logged at WARN");
            }
            assertThat(log.lines()).as("the log shows neither secret")
                    .noneMatch(l -> l.contains(OLD) || l.contains(NEW));
        }
    }
}
