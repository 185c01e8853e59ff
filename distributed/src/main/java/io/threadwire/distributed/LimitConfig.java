package io.threadwire.distributed;

import io.threadwire.serialize.MessageCodec;

/**
 * Sizes and bounds of a node's messages, buffers and the state its peers make it hold
 * ({@link NodeConfig}). What a peer can make this node allocate is bounded three ways: per
 * message ({@code maxMessageSize}, {@code maxDecodedSize}), per peer ({@code peerBudget}), and
 * for the node as a whole ({@code inboundMemory}, {@code peerStateMemory}, and
 * {@link SecurityConfig#maxConnections}).
 *
 * @param maxMessageSize     largest encoded message, 1 KiB to 1 GiB (32 MiB); bigger fails at
 *                           {@code send} with {@code MessageTooLargeException}
 * @param frameSize          largest frame, 4 KiB to 16 MiB (64 KiB): KryoNet's read buffer;
 *                           bigger messages travel in pieces of this size
 * @param writeBufferSize    KryoNet's write buffer per connection, 8 KiB to 1 GiB (256 KiB); at
 *                           least two frames and 1 KiB
 * @param outboundBufferSize bytes a connection may queue before senders wait, 64 KiB to 1 GiB (4 MiB)
 * @param maxNestingDepth    deepest nesting of objects in a message, 4 to 10,000 (100)
 * @param maxDecodedSize     most heap one received message may take once decoded, as estimated
 *                           while it is decoded, 1 KiB to 1 TiB; 0 (the default) means 4 ×
 *                           {@code maxMessageSize} and at least 64 MiB (128 MiB for the default
 *                           messages). A message past it is dropped and logged by class name, the
 *                           connection kept; a sender with the same limit refuses it at {@code send}
 * @param peerBudget         most memory the state one peer makes this node hold may take, 1 MiB to
 *                           1 TiB: the monitors its threads hold on this node's threads (about 256
 *                           bytes each), its links (512 each), and the messages it has half sent
 *                           (their bytes); 0 (the default) means 2 × {@code maxMessageSize} plus 64
 *                           MiB. A peer that goes over has its connection closed, with the reason
 *                           logged
 * @param inboundMemory      most memory that messages being put back together or decoded may take
 *                           at once, across every connection, 1 MiB to 1 TiB; 0 (the default) means a
 *                           quarter of the JVM's maximum heap. A reader waits for room to decode
 *                           (TCP then slows its peer down); a connection whose half-sent messages
 *                           would pass it is closed
 * @param peerStateMemory    most memory the monitors and links of all peers together may take,
 *                           with the signals and answers owed to peers that leave them unread past
 *                           their {@code outboundBufferSize}, 1 MiB to 1 TiB; 0 (the default) means
 *                           a quarter of the JVM's maximum heap. Each peer is held to its
 *                           {@code peerBudget} as well; this bounds their sum, which would otherwise
 *                           grow with the number of peers. A peer whose monitor, link or unread
 *                           signal would pass it has its connection closed, with the reason logged;
 *                           a peer that reads what it is sent takes none of it for signals
 */
public record LimitConfig(int maxMessageSize, int frameSize, int writeBufferSize, int outboundBufferSize,
                          int maxNestingDepth, long maxDecodedSize, long peerBudget, long inboundMemory,
                          long peerStateMemory) {
    /** The defaults: the defaults of each limit, as the parameters above give them. */
    public static final LimitConfig DEFAULT = new LimitConfig(32 << 20, 64 << 10, 256 << 10, 4 << 20, 100, 0, 0, 0, 0);

    private static final long MIB = 1L << 20;
    private static final long TIB = 1L << 40;

    /** @throws IllegalArgumentException if a value is out of its range */
    public LimitConfig {
        ConfigChecks.range(maxMessageSize, 1 << 10, 1 << 30, "maxMessageSize");
        ConfigChecks.range(frameSize, 4 << 10, 16 << 20, "frameSize");
        ConfigChecks.range(writeBufferSize, 8 << 10, 1 << 30, "writeBufferSize");
        ConfigChecks.range(outboundBufferSize, 64 << 10, 1 << 30, "outboundBufferSize");
        ConfigChecks.range(maxNestingDepth, 4, 10_000, "maxNestingDepth");
        maxDecodedSize = maxDecodedSize == 0 ? MessageCodec.defaultMaxDecodedSize(maxMessageSize)
                : ConfigChecks.range(maxDecodedSize, 1024, TIB, "maxDecodedSize");
        peerBudget = peerBudget == 0 ? defaultPeerBudget(maxMessageSize)
                : ConfigChecks.range(peerBudget, MIB, TIB, "peerBudget");
        if (inboundMemory != 0) {
            ConfigChecks.range(inboundMemory, MIB, TIB, "inboundMemory");
        }
        if (peerStateMemory != 0) {
            ConfigChecks.range(peerStateMemory, MIB, TIB, "peerStateMemory");
        }
    }

    /** The limits of earlier versions: the peers' state memory at its default. */
    public LimitConfig(int maxMessageSize, int frameSize, int writeBufferSize, int outboundBufferSize,
                       int maxNestingDepth, long maxDecodedSize, long peerBudget, long inboundMemory) {
        this(maxMessageSize, frameSize, writeBufferSize, outboundBufferSize, maxNestingDepth, maxDecodedSize,
                peerBudget, inboundMemory, 0);
    }

    /** The limits of earlier versions: the decoded size, peer budget, inbound memory and peers' state memory at their defaults. */
    public LimitConfig(int maxMessageSize, int frameSize, int writeBufferSize, int outboundBufferSize,
                       int maxNestingDepth) {
        this(maxMessageSize, frameSize, writeBufferSize, outboundBufferSize, maxNestingDepth, 0, 0, 0, 0);
    }

    /** The default peer budget for a maximum message size: two messages half sent, and 64 MiB of monitors and links. */
    static long defaultPeerBudget(int maxMessageSize) {
        return 2L * (maxMessageSize + 1024) + 64 * MIB;
    }

    /**
     * The inbound memory in bytes: as set, or a quarter of {@code maxHeap}.
     *
     * @param maxHeap the JVM's maximum heap ({@link Runtime#maxMemory()})
     */
    public long inboundMemoryBytes(long maxHeap) {
        return inboundMemory != 0 ? inboundMemory : Math.max(MIB, maxHeap / 4);
    }

    /**
     * The memory all peers' monitors and links may take, in bytes: as set, or a quarter of {@code maxHeap}.
     *
     * @param maxHeap the JVM's maximum heap ({@link Runtime#maxMemory()})
     */
    public long peerStateMemoryBytes(long maxHeap) {
        return peerStateMemory != 0 ? peerStateMemory : Math.max(MIB, maxHeap / 4);
    }

    /** Checks what involves several settings; the builder calls it once all are final. */
    LimitConfig checked() {
        if (writeBufferSize < 2 * frameSize + 1024) {
            throw new IllegalArgumentException("writeBufferSize (" + writeBufferSize
                    + ") must hold two frames: at least 2 * frameSize + 1024 = " + (2 * frameSize + 1024));
        }
        if (peerBudget < maxMessageSize + 64 * 1024L) {
            throw new IllegalArgumentException("peerBudget (" + peerBudget + ") must hold one message half sent: at"
                    + " least maxMessageSize + 64 KiB = " + (maxMessageSize + 64 * 1024L));
        }
        return this;
    }
}
