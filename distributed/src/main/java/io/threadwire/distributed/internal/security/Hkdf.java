package io.threadwire.distributed.internal.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 and HKDF-SHA256 (RFC 5869) from the JDK's {@link Mac}: every key of the
 * handshake and of the frames is derived here. Expansion makes one 32-byte block, all any key
 * of the protocol needs.
 */
final class Hkdf {
    private Hkdf() {
    }

    /** HKDF-Extract: a pseudo-random key from {@code salt} and the concatenation of {@code ikm}. */
    static byte[] extract(byte[] salt, byte[]... ikm) {
        return hmac(salt, ikm);
    }

    /** HKDF-Expand to 32 bytes: T(1) = HMAC(prk, label | context | 0x01). */
    static byte[] expand(byte[] prk, String label, byte[] context) {
        return hmac(prk, label.getBytes(StandardCharsets.US_ASCII), context, new byte[] {1});
    }

    static byte[] hmac(byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            for (byte[] p : parts) {
                mac.update(p);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no HmacSHA256", e);
        }
    }
}
