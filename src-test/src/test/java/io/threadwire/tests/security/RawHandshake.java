package io.threadwire.tests.security;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.XECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The cryptography of protocol 3's handshake, re-implemented for {@link RawPeer} from its
 * description with the JDK's primitives only: the transcript (SHA-256 of every handshake
 * message, each as a 4-byte big-endian length and its bytes), the ephemeral X25519 exchange
 * (public keys as 32 little-endian bytes), HKDF-SHA256 (extract = HMAC(salt, ikm), expand to
 * one block = HMAC(prk, label | context | 0x01)), and the keys:
 * <pre>
 *   shared(s)        = extract(salt = transcript hash after the Challenge, ikm = dh | s)
 *   extension key    = expand(extract(same salt, dh), "threadwire 3 extensions client to server" | "... server to client", "")
 *   client proof(s)  = HMAC(expand(shared(s), "threadwire 3 client proof", ""), transcript hash before the Proof)
 *   server proof     = HMAC(expand(shared, "threadwire 3 server proof", ""), transcript hash before the Welcome)
 *   refusal MAC      = HMAC(expand(shared, "threadwire 3 refusal", ""), transcript hash | code | reason)
 *   frame keys       = expand(shared, "threadwire 3 frames client to server" | "... server to client", whole transcript hash)
 * </pre>
 * Extensions are sealed once with AES-256-GCM under the zero nonce, no associated data.
 */
final class RawHandshake {
    private final MessageDigest transcript;
    private final KeyPair ephemeral;
    private byte[] dh;
    private byte[] salt;

    RawHandshake() {
        try {
            transcript = MessageDigest.getInstance("SHA-256");
            ephemeral = KeyPairGenerator.getInstance("X25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** This side's ephemeral public key, 32 bytes little-endian. */
    byte[] publicKey() {
        byte[] big = ((XECPublicKey) ephemeral.getPublic()).getU().toByteArray();
        byte[] little = new byte[32];
        for (int i = 0; i < 32 && i < big.length; i++) {
            little[i] = big[big.length - 1 - i];
        }
        return little;
    }

    /** Adds a handshake message, as sent or received. */
    void add(byte[] message) {
        transcript.update(ByteBuffer.allocate(4).putInt(message.length).array());
        transcript.update(message);
    }

    /** The transcript hash so far. */
    byte[] hash() {
        try {
            return ((MessageDigest) transcript.clone()).digest();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The Challenge was added: agrees on the ephemeral secret with the node's key. */
    void agree(byte[] theirKey) {
        byte[] big = new byte[32];
        for (int i = 0; i < 32; i++) {
            big[i] = theirKey[31 - i];
        }
        big[0] &= 0x7F;
        try {
            KeyAgreement ka = KeyAgreement.getInstance("XDH");
            ka.init(ephemeral.getPrivate());
            ka.doPhase(KeyFactory.getInstance("XDH").generatePublic(
                    new XECPublicKeySpec(NamedParameterSpec.X25519, new BigInteger(1, big))), true);
            dh = ka.generateSecret();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        salt = hash();
    }

    byte[] shared(byte[] secret) {
        return hmac(salt, dh, secret);
    }

    byte[] extensionKey(boolean fromClient) {
        return expand(hmac(salt, dh), fromClient ? "threadwire 3 extensions client to server"
                : "threadwire 3 extensions server to client", new byte[0]);
    }

    byte[] clientProof(byte[] secret) {
        return hmac(expand(shared(secret), "threadwire 3 client proof", new byte[0]), hash());
    }

    byte[] serverProof(byte[] secret) {
        return hmac(expand(shared(secret), "threadwire 3 server proof", new byte[0]), hash());
    }

    boolean serverProofValid(byte[] secret, byte[] mac) {
        return Arrays.equals(hmac(expand(shared(secret), "threadwire 3 server proof", new byte[0]), hash()), mac);
    }

    boolean refusalValid(byte[] secret, byte[] body, byte[] mac) {
        return Arrays.equals(hmac(expand(shared(secret), "threadwire 3 refusal", new byte[0]), hash(), body), mac);
    }

    /** The frame key of one direction, once the whole transcript is in. */
    byte[] frameKey(byte[] secret, boolean clientToServer) {
        return expand(shared(secret), clientToServer ? "threadwire 3 frames client to server"
                : "threadwire 3 frames server to client", hash());
    }

    static byte[] sealOnce(byte[] key, byte[] plain) {
        return gcm(Cipher.ENCRYPT_MODE, key, plain);
    }

    static byte[] openOnce(byte[] key, byte[] sealed) {
        return gcm(Cipher.DECRYPT_MODE, key, sealed);
    }

    private static byte[] gcm(int mode, byte[] key, byte[] data) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, new byte[12]));
            return c.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

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
            throw new IllegalStateException(e);
        }
    }
}
