package io.threadwire.core.internal;

import java.security.SecureRandom;

/**
 * Makes call tags that nobody outside this JVM can predict: SipHash-2-4 (a keyed
 * pseudo-random function, Aumasson and Bernstein 2012) of the calling thread's id and its call
 * count, under a key drawn once per JVM from {@link SecureRandom}. A peer that has seen any
 * number of tags learns nothing about the next one, so it cannot answer a call it was not
 * asked; and the tags of one thread are distinct as long as the function does not collide
 * (about one chance in 2<sup>63</sup> per pair, and {@link CallTable} skips a tag in use).
 *
 * <p>Why not {@link SecureRandom} per call: it costs about a microsecond and serializes
 * callers on a lock; this costs tens of nanoseconds and shares nothing but the key.
 */
final class CallTags {
    private static final long K0;
    private static final long K1;

    static {
        SecureRandom random = new SecureRandom();
        K0 = random.nextLong();
        K1 = random.nextLong();
    }

    private CallTags() {
    }

    /** The tag of call number {@code count} of thread {@code threadId}: all 64 bits of the function. */
    static long tag(long threadId, long count) {
        return sipHash24(K0, K1, threadId, count);
    }

    /** SipHash-2-4 of the 16-byte message made of {@code m0} and {@code m1}, each little-endian. */
    static long sipHash24(long k0, long k1, long m0, long m1) {
        long[] v = {
            k0 ^ 0x736f6d6570736575L,
            k1 ^ 0x646f72616e646f6dL,
            k0 ^ 0x6c7967656e657261L,
            k1 ^ 0x7465646279746573L,
        };
        compress(v, m0);
        compress(v, m1);
        compress(v, 16L << 56); // the final block: the message length in the top byte, no tail
        v[2] ^= 0xff;
        for (int i = 0; i < 4; i++) {
            round(v);
        }
        return v[0] ^ v[1] ^ v[2] ^ v[3];
    }

    private static void compress(long[] v, long m) {
        v[3] ^= m;
        round(v);
        round(v);
        v[0] ^= m;
    }

    private static void round(long[] v) {
        v[0] += v[1];
        v[1] = Long.rotateLeft(v[1], 13);
        v[1] ^= v[0];
        v[0] = Long.rotateLeft(v[0], 32);
        v[2] += v[3];
        v[3] = Long.rotateLeft(v[3], 16);
        v[3] ^= v[2];
        v[0] += v[3];
        v[3] = Long.rotateLeft(v[3], 21);
        v[3] ^= v[0];
        v[2] += v[1];
        v[1] = Long.rotateLeft(v[1], 17);
        v[1] ^= v[2];
        v[2] = Long.rotateLeft(v[2], 32);
    }
}
