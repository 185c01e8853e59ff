package io.threadwire.tests.support;

import static io.threadwire.testkit.Timeouts.LONG;

import io.threadwire.distributed.NodeConfig;
import io.threadwire.testkit.Timeouts;

/** Node settings for tests that start nodes of their own. */
public final class Tolerant {
    private Tolerant() {
    }

    /**
     * Gives the nodes of a test {@link Timeouts#LONG} for making connections (connect and
     * handshake timeouts), so that a loaded machine slows a test down instead of failing it.
     * Tests of those timeouts set their own.
     */
    public static NodeConfig.Builder tolerant(NodeConfig.Builder b) {
        return b.connectTimeout(Timeouts.LONG).handshakeTimeout(Timeouts.LONG);
    }
}
