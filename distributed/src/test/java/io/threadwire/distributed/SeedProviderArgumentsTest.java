package io.threadwire.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threadwire.core.NodeAddress;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** SeedProvider.of names a null seed, as NodeConfig.Builder.seeds does. */
class SeedProviderArgumentsTest {
    private static final NodeAddress SEED = new NodeAddress("127.0.0.1", 7000);

    /** Scenario: a list of seeds with a hole in it (an address that failed to parse upstream, say). */
    @Test
    void aNullSeedIsNamedByItsIndex() throws Exception {
        assertThatThrownBy(() -> SeedProvider.of(SEED, null))
                .isInstanceOf(NullPointerException.class).hasMessage("seeds: entry 1 is null; give node addresses only");
        assertThatThrownBy(() -> SeedProvider.of(Arrays.asList(null, SEED)))
                .isInstanceOf(NullPointerException.class).hasMessage("seeds: entry 0 is null; give node addresses only");
        assertThat(SeedProvider.of(SEED).seeds()).containsExactly(SEED);
    }
}
