package io.threadwire.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threadwire.core.NodeAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** NodeConfig's groups: defaults, checks at each setter, checks across settings at build, and copies. */
class NodeConfigTest {

    /** The defaults are the documented ones. */
    @Test
    void defaults() {
        NodeConfig c = NodeConfig.builder().build();
        assertThat(c.listen()).isEqualTo(new ListenConfig(0, "127.0.0.1", "127.0.0.1"));
        assertThat(c.heartbeat()).isEqualTo(new HeartbeatConfig(Duration.ofSeconds(1), Duration.ofSeconds(10)));
        assertThat(c.timeouts()).isEqualTo(new TimeoutConfig(Duration.ofSeconds(5), Duration.ofSeconds(30),
                Duration.ofSeconds(5)));
        assertThat(c.limits()).isEqualTo(new LimitConfig(32 << 20, 64 << 10, 256 << 10, 4 << 20, 100));
        assertThat(c.limits().maxDecodedSize()).isEqualTo(128L << 20);
        assertThat(c.limits().peerBudget()).isEqualTo(2L * ((32 << 20) + 1024) + (64L << 20));
        assertThat(c.limits().inboundMemoryBytes(1L << 30)).isEqualTo(256L << 20);
        assertThat(c.limits().peerStateMemoryBytes(1L << 30)).isEqualTo(256L << 20);
        assertThat(c.listen().name()).isEmpty();
        assertThat(c.listen().hidden()).isFalse();
        assertThat(c.security().secret()).isNull();
        assertThat(c.security().previousSecret()).isNull();
        assertThat(c.security().protection()).isEqualTo(WireProtection.ENCRYPTED);
        assertThat(c.security().encrypt()).isTrue();
        assertThat(c.security().maxPendingHandshakes()).isEqualTo(64);
        assertThat(c.security().maxPendingHandshakesPerAddress()).isEqualTo(16);
        assertThat(c.security().maxConnections()).isEqualTo(1024);
    }

    /** The derived limits follow maxMessageSize until they are set, and keep their value once set. */
    @Test
    void derivedLimitsFollowTheMessageSizeUntilSet() {
        LimitConfig l = NodeConfig.builder().maxMessageSize(64 << 20).build().limits();
        assertThat(l.maxDecodedSize()).isEqualTo(256L << 20);
        assertThat(l.peerBudget()).isEqualTo(2L * ((64 << 20) + 1024) + (64L << 20));
        LimitConfig set = NodeConfig.builder().maxDecodedSize(10 << 20).peerBudget(200L << 20).maxMessageSize(1 << 20)
                .build().limits();
        assertThat(set.maxDecodedSize()).isEqualTo(10L << 20);
        assertThat(set.peerBudget()).isEqualTo(200L << 20);
        assertThat(NodeConfig.builder().maxDecodedSize(10 << 20).build().toBuilder().maxMessageSize(1 << 20).build()
                .limits().maxDecodedSize()).as("kept through toBuilder").isEqualTo(10L << 20);
        assertThatThrownBy(() -> NodeConfig.builder().peerBudget(2L << 20).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("peerBudget");
    }

    /** The node-wide bound on peers' monitors and links is kept as set, through every other limit's setter. */
    @Test
    void peerStateMemoryIsKeptAsSetAndChecked() {
        LimitConfig l = NodeConfig.builder().peerStateMemory(8L << 20).maxMessageSize(1 << 20).peerBudget(4L << 20)
                .inboundMemory(16L << 20).maxDecodedSize(2L << 20).frameSize(16 << 10).build().limits();
        assertThat(l.peerStateMemory()).isEqualTo(8L << 20);
        assertThat(l.peerStateMemoryBytes(1L << 40)).as("as set, whatever the heap").isEqualTo(8L << 20);
        assertThat(l.toString()).contains("peerStateMemory=8388608");
        assertThatThrownBy(() -> NodeConfig.builder().peerStateMemory(1024))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("peerStateMemory");
        assertThatThrownBy(() -> new LimitConfig(32 << 20, 64 << 10, 256 << 10, 4 << 20, 100, 0, 0, 0, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("peerStateMemory");
    }

    /** Plaintext frames are asked for by name; the old encrypt(boolean) maps onto it. */
    @Test
    @SuppressWarnings("deprecation")
    void plaintextIsAskedForByName() {
        assertThat(NodeConfig.builder().wireProtection(WireProtection.PLAINTEXT_UNSAFE).build().security().protection())
                .isEqualTo(WireProtection.PLAINTEXT_UNSAFE);
        assertThat(NodeConfig.builder().encrypt(false).build().security().protection())
                .isEqualTo(WireProtection.PLAINTEXT_UNSAFE);
        assertThat(NodeConfig.builder().encrypt(true).build().security().protection()).isEqualTo(WireProtection.ENCRYPTED);
    }

    /** A previous secret may be given before or after the secret, but not without it. */
    @Test
    void aPreviousSecretNeedsASecret() {
        String s1 = "0123456789abcdef0123456789abcdef";
        String s2 = "fedcba9876543210fedcba9876543210";
        SecurityConfig before = NodeConfig.builder().previousSecret(s2).secret(s1).build().security();
        SecurityConfig after = NodeConfig.builder().secret(s1).previousSecret(s2).build().security();
        assertThat(before).isEqualTo(after);
        assertThat(new String(after.previousSecret(), StandardCharsets.UTF_8)).isEqualTo(s2);
        assertThatThrownBy(() -> NodeConfig.builder().previousSecret(s2).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without a secret");
        assertThatThrownBy(() -> NodeConfig.builder().previousSecret("weak")).hasMessageContaining("previousSecret")
                .hasMessageContaining("openssl rand -hex 32");
        assertThat(after.toString()).doesNotContain("0123456789").doesNotContain("fedcba");

        NodeConfig.Builder retried = NodeConfig.builder().previousSecret(s2);
        assertThatThrownBy(() -> retried.secret("weak")).isInstanceOf(IllegalArgumentException.class);
        assertThat(retried.secret(s1).build().security()).as("a refused secret keeps the previous one").isEqualTo(after);
    }

    /** A secret that cannot carry 128 bits is refused, and the message says how to make a good one. */
    @Test
    void aWeakSecretIsRefused() {
        NodeConfig.Builder b = NodeConfig.builder();
        for (String weak : new String[] {"short", "0123456789abcdef0123", "correct horse battery",
                "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "abababababababababababababababab"}) {
            assertThatThrownBy(() -> b.secret(weak)).as(weak).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("openssl rand -hex 32");
        }
        for (String strong : new String[] {"0123456789abcdef0123456789abcdef", "Tr0ub4dor&3-Kx9!qZ#7vL2m",
                "a configured secret of 32 bytes!"}) {
            b.secret(strong);
        }
        byte[] random = new byte[16];
        new java.security.SecureRandom().nextBytes(random);
        random[0] = (byte) 0xFF; // not text: counted as bytes
        b.secret(random);
    }

    /**
     * A text secret with a tab or line break in it is text, not bytes: ASCII carries at most 7 bits
     * a character, so 17 characters cannot carry 128 bits and are refused.
     */
    @Test
    void aControlCharacterDoesNotMakeATextSecretBytes() {
        assertThatThrownBy(() -> NodeConfig.builder().secret("password\tpassword")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("openssl rand -hex 32");
        assertThatThrownBy(() -> NodeConfig.builder().secret("letmein\nletmein!!")).isInstanceOf(IllegalArgumentException.class);
        NodeConfig.builder().secret("password\tpassword\tpassword"); // 26 characters of 59 (letters, controls): 153 bits at most
    }

    /** A node name is letters, digits, '.', '-' and '_', at most 64; hosts carry no control characters. */
    @Test
    void namesAndHostsAreChecked() {
        NodeConfig c = NodeConfig.builder().name("alpha-1.eu_west").hidden(true).build();
        assertThat(c.listen().name()).isEqualTo("alpha-1.eu_west");
        assertThat(c.listen().hidden()).isTrue();
        assertThat(c.toBuilder().port(9000).build().listen().name()).isEqualTo("alpha-1.eu_west");
        assertThatThrownBy(() -> NodeConfig.builder().name("has space")).hasMessageContaining("node name");
        assertThatThrownBy(() -> NodeConfig.builder().name("x".repeat(65))).hasMessageContaining("node name");
        assertThatThrownBy(() -> NodeConfig.builder().host("evil\nhost")).hasMessageContaining("not a host name");
    }

    /** A setter refuses a bad value at once, naming the setting. */
    @Test
    void aSetterRefusesABadValueAtOnce() {
        NodeConfig.Builder b = NodeConfig.builder();
        assertThatThrownBy(() -> b.port(70_000)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
        assertThatThrownBy(() -> b.host(" ")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host");
        assertThatThrownBy(() -> b.heartbeatInterval(Duration.ZERO)).hasMessageContaining("heartbeatInterval");
        assertThatThrownBy(() -> b.sendTimeout(Duration.ofSeconds(-1))).hasMessageContaining("sendTimeout");
        assertThatThrownBy(() -> b.frameSize(1)).hasMessageContaining("frameSize");
        assertThatThrownBy(() -> b.maxNestingDepth(1)).hasMessageContaining("maxNestingDepth");
        assertThatThrownBy(() -> b.secret("short")).hasMessageContaining("128");
        assertThatThrownBy(() -> b.maxPendingHandshakes(0)).hasMessageContaining("maxPendingHandshakes");
        assertThatThrownBy(() -> b.connectTimeout(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("connectTimeout");
    }

    /** Settings that depend on each other are checked at build, whatever order they were set in. */
    @Test
    void settingsThatDependOnEachOtherAreCheckedAtBuild() {
        NodeConfig c = NodeConfig.builder().heartbeatInterval(Duration.ofSeconds(20)).heartbeatTimeout(Duration.ofSeconds(60))
                .build();
        assertThat(c.heartbeat().timeout()).isEqualTo(Duration.ofSeconds(60));
        assertThatThrownBy(() -> NodeConfig.builder().heartbeatInterval(Duration.ofSeconds(20)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("heartbeatTimeout");
        assertThatThrownBy(() -> NodeConfig.builder().frameSize(1 << 20).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two frames");
    }

    /** bindHost follows host until it is set, and survives toBuilder. */
    @Test
    void theWildcardAddressIsNoHostToBeReachedAt() {
        for (String wildcard : List.of("0.0.0.0", "::", "[::]", "0:0:0:0:0:0:0:0")) {
            assertThatThrownBy(() -> NodeConfig.builder().host(wildcard).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("means every interface").hasMessageContaining("bindHost");
        }
        assertThat(NodeConfig.builder().host("0.0.0.1").build().listen().host()).isEqualTo("0.0.0.1"); // not the wildcard
    }

    @Test
    void bindHostFollowsHostUntilSet() {
        assertThat(NodeConfig.builder().host("10.0.0.1").build().listen().bindHost()).isEqualTo("10.0.0.1");
        NodeConfig c = NodeConfig.builder().bindHost("0.0.0.0").host("10.0.0.1").port(9000).build();
        assertThat(c.listen()).isEqualTo(new ListenConfig(9000, "10.0.0.1", "0.0.0.0"));
        assertThat(c.toBuilder().host("10.0.0.2").build().listen().bindHost()).isEqualTo("0.0.0.0");
    }

    /** The secret is copied in and out, and never shown. */
    @Test
    void theSecretIsCopiedAndNeverShown() {
        byte[] secret = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
        NodeConfig c = NodeConfig.builder().secret(secret).build();
        secret[0] = 'X';
        assertThat(c.security().secret()[0]).isEqualTo((byte) '0');
        c.security().secret()[1] = 'Y';
        assertThat(c.security().secret()[1]).isEqualTo((byte) '1');
        assertThat(c.toString()).doesNotContain("0123456789");
        assertThat(c.toBuilder().build().security()).isEqualTo(c.security());
    }

    /** A null seed is refused, naming the entry; a text that is not host:port says how to write one. */
    @Test
    void seedsAreCheckedEntryByEntry() {
        assertThatThrownBy(() -> NodeConfig.builder().seeds(new NodeAddress("127.0.0.1", 9000), null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("entry 1");
        assertThatThrownBy(() -> NodeConfig.builder().seeds("127.0.0.1:9000", null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("an entry is null");
        assertThatThrownBy(() -> NodeConfig.builder().seeds("localhost"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("127.0.0.1:9000");
    }
}
