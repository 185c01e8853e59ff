package io.threadwire.distributed;

/**
 * Sizes and bounds of a node's messages and buffers ({@link NodeConfig}).
 *
 * @param maxMessageSize     largest encoded message, 1 KiB to 1 GiB (32 MiB); bigger fails at
 *                           {@code send} with {@code MessageTooLargeException}
 * @param frameSize          largest frame, 4 KiB to 16 MiB (64 KiB): KryoNet's read buffer;
 *                           bigger messages travel in pieces of this size
 * @param writeBufferSize    KryoNet's write buffer per connection, 8 KiB to 1 GiB (256 KiB); at
 *                           least two frames and 1 KiB
 * @param outboundBufferSize bytes a connection may queue before senders wait, 64 KiB to 1 GiB (4 MiB)
 * @param maxNestingDepth    deepest nesting of objects in a message, 4 to 10,000 (100)
 */
public record LimitConfig(int maxMessageSize, int frameSize, int writeBufferSize, int outboundBufferSize,
                          int maxNestingDepth) {
    public static final LimitConfig DEFAULT = new LimitConfig(32 << 20, 64 << 10, 256 << 10, 4 << 20, 100);

    /** @throws IllegalArgumentException if a value is out of its range */
    public LimitConfig {
        ConfigChecks.range(maxMessageSize, 1 << 10, 1 << 30, "maxMessageSize");
        ConfigChecks.range(frameSize, 4 << 10, 16 << 20, "frameSize");
        ConfigChecks.range(writeBufferSize, 8 << 10, 1 << 30, "writeBufferSize");
        ConfigChecks.range(outboundBufferSize, 64 << 10, 1 << 30, "outboundBufferSize");
        ConfigChecks.range(maxNestingDepth, 4, 10_000, "maxNestingDepth");
    }

    /** Checks what involves several settings; the builder calls it once all are final. */
    LimitConfig checked() {
        if (writeBufferSize < 2 * frameSize + 1024) {
            throw new IllegalArgumentException("writeBufferSize (" + writeBufferSize
                    + ") must hold two frames: at least 2 * frameSize + 1024 = " + (2 * frameSize + 1024));
        }
        return this;
    }
}
