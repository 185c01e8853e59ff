package io.threadwire.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The keyed function behind call tags is SipHash-2-4, checked against its authors' test vectors. */
class CallTagsTest {
    private static final long K0 = 0x0706050403020100L; // the key 00 01 02 ... 0f, little-endian
    private static final long K1 = 0x0f0e0d0c0b0a0908L;

    /** SipHash-2-4 with key 00..0f of the 16-byte message 00..0f is the reference implementation's vector 16. */
    @Test
    void matchesTheReferenceVector() {
        assertThat(CallTags.sipHash24(K0, K1, 0x0706050403020100L, 0x0f0e0d0c0b0a0908L)).isEqualTo(0x3f2acc7f57c29bdbL);
    }

    /** Tags of one thread differ from call to call, and the same call count of two threads gives two tags. */
    @Test
    void tagsDifferByCallAndByThread() {
        assertThat(CallTags.tag(1, 1)).isNotEqualTo(CallTags.tag(1, 2));
        assertThat(CallTags.tag(1, 1)).isNotEqualTo(CallTags.tag(2, 1));
    }

    /** Tags use all 64 bits: about half are negative, and every one of them travels (the wire reads any long). */
    @Test
    void tagsUseTheSignBitToo() {
        int negative = 0;
        for (long count = 1; count <= 10_000; count++) {
            if (CallTags.tag(7, count) < 0) {
                negative++;
            }
        }
        assertThat(negative).isBetween(4_000, 6_000);
    }
}
