package io.threadwire.distributed.internal.security;

import io.threadwire.distributed.internal.wire.Protocol;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The cryptography of the handshake, from the JDK's standard primitives: fresh nonces,
 * HMAC-SHA256 proofs over the handshake transcript, and HKDF-SHA256 (RFC 5869) for the
 * per-direction frame keys. The secret is only ever used as a key: it never crosses the wire.
 */
public final class Authenticator {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] SERVER_LABEL = Protocol.SERVER_PROOF_LABEL.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLIENT_LABEL = Protocol.CLIENT_PROOF_LABEL.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLIENT_TO_SERVER = Protocol.CLIENT_TO_SERVER_KEY_LABEL.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SERVER_TO_CLIENT = Protocol.SERVER_TO_CLIENT_KEY_LABEL.getBytes(StandardCharsets.US_ASCII);

    private final byte[] secret;

    public Authenticator(byte[] secret) {
        this.secret = secret.clone();
    }

    static byte[] nonce() {
        byte[] n = new byte[Protocol.NONCE_BYTES];
        RANDOM.nextBytes(n);
        return n;
    }

    /** The accepting node's proof: a MAC over the Hello and the Challenge (without its MAC). */
    byte[] serverProof(byte[] hello, byte[] challengeBody) {
        return hmac(secret, SERVER_LABEL, hello, challengeBody);
    }

    /** The dialing node's proof: a MAC over the Hello and the whole Challenge. */
    byte[] clientProof(byte[] hello, byte[] challenge) {
        return hmac(secret, CLIENT_LABEL, hello, challenge);
    }

    /** Compares in constant time. */
    static boolean matches(byte[] expected, byte[] actual) {
        return MessageDigest.isEqual(expected, actual);
    }

    /**
     * The frame cipher of one side: keys derived from the secret and both nonces, so every
     * connection gets fresh keys.
     */
    FrameCipher frameKeys(byte[] clientNonce, byte[] serverNonce, boolean client) {
        byte[] salt = new byte[clientNonce.length + serverNonce.length];
        System.arraycopy(clientNonce, 0, salt, 0, clientNonce.length);
        System.arraycopy(serverNonce, 0, salt, clientNonce.length, serverNonce.length);
        byte[] prk = hmac(salt, secret);                       // HKDF-Extract
        byte[] c2s = hmac(prk, CLIENT_TO_SERVER, new byte[]{1}); // HKDF-Expand, one block of 32 bytes
        byte[] s2c = hmac(prk, SERVER_TO_CLIENT, new byte[]{1});
        return client ? new FrameCipher(c2s, s2c) : new FrameCipher(s2c, c2s);
    }

    private static byte[] hmac(byte[] key, byte[]... parts) {
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
