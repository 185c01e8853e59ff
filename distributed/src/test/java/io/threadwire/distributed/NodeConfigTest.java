package io.threadwire.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
        assertThat(c.security().secret()).isNull();
        assertThat(c.security().encrypt()).isFalse();
        assertThat(c.security().maxPendingHandshakes()).isEqualTo(64);
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
        assertThatThrownBy(() -> b.secret("short")).hasMessageContaining("at least 16");
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
    void bindHostFollowsHostUntilSet() {
        assertThat(NodeConfig.builder().host("10.0.0.1").build().listen().bindHost()).isEqualTo("10.0.0.1");
        NodeConfig c = NodeConfig.builder().bindHost("0.0.0.0").host("10.0.0.1").port(9000).build();
        assertThat(c.listen()).isEqualTo(new ListenConfig(9000, "10.0.0.1", "0.0.0.0"));
        assertThat(c.toBuilder().host("10.0.0.2").build().listen().bindHost()).isEqualTo("0.0.0.0");
    }

    /** The secret is copied in and out, and never shown. */
    @Test
    void theSecretIsCopiedAndNeverShown() {
        byte[] secret = "0123456789abcdef0123".getBytes(StandardCharsets.UTF_8);
        NodeConfig c = NodeConfig.builder().secret(secret).build();
        secret[0] = 'X';
        assertThat(c.security().secret()[0]).isEqualTo((byte) '0');
        c.security().secret()[1] = 'Y';
        assertThat(c.security().secret()[1]).isEqualTo((byte) '1');
        assertThat(c.toString()).doesNotContain("0123456789");
        assertThat(c.toBuilder().build().security()).isEqualTo(c.security());
    }
}
