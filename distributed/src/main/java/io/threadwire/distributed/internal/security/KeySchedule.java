package io.threadwire.distributed.internal.security;

import static io.threadwire.distributed.internal.wire.Protocol.*;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * The keys of one handshake, from the ephemeral X25519 secret, the transcript, and the cluster
 * secrets this node holds (see {@code Protocol}, "Keys"). Every proof covers the transcript up
 * to it; the frame keys cover the whole of it; each secret is only ever used as key material
 * mixed with the ephemeral secret, so a secret learnt later opens no recorded connection.
 *
 * <p>Until the peer has proved a secret, the schedule knows only which secrets it could be; the
 * proof that matches fixes the one both hold ({@link #acceptClientProof}, {@link #acceptServerProof}).
 * Used by one handshake, on its reader thread.
 */
final class KeySchedule {
    private final List<byte[]> secrets; // the current secret first
    private byte[] dh;                  // the ephemeral X25519 secret
    private byte[] salt;                // the transcript hash after the Challenge
    private byte[] shared;              // HKDF-Extract(salt, dh | the secret both hold), once known

    KeySchedule(List<byte[]> secrets) {
        this.secrets = secrets;
    }

    /** Both ephemeral keys are known: the transcript up to the Challenge hashes to {@code challengeHash}. */
    void agreed(byte[] dh, byte[] challengeHash) {
        this.dh = dh;
        this.salt = challengeHash;
    }

    /** The key that seals one side's extensions: from the ephemeral secret alone (hides them from onlookers). */
    byte[] extensionKey(boolean fromClient) {
        return Hkdf.expand(Hkdf.extract(salt, dh), fromClient ? EXTENSIONS_CLIENT_LABEL : EXTENSIONS_SERVER_LABEL,
                new byte[0]);
    }

    /** Dialing side: its proofs of the transcript hash {@code th}, one per secret it holds. */
    List<byte[]> clientProofs(byte[] th) {
        List<byte[]> macs = new ArrayList<>(secrets.size());
        for (byte[] s : secrets) {
            macs.add(mac(prk(s), CLIENT_PROOF_LABEL, th));
        }
        return macs;
    }

    /** Accepting side: whether one of the dialer's proofs matches a secret this node holds; fixes that secret. */
    boolean acceptClientProof(List<byte[]> macs, byte[] th) {
        for (byte[] s : secrets) {
            byte[] prk = prk(s);
            byte[] expected = mac(prk, CLIENT_PROOF_LABEL, th);
            for (byte[] m : macs) {
                if (MessageDigest.isEqual(expected, m)) {
                    shared = prk;
                    return true;
                }
            }
        }
        return false;
    }

    /** Accepting side, once the dialer proved a secret: its own proof of {@code th}. */
    byte[] serverProof(byte[] th) {
        return mac(requireShared(), SERVER_PROOF_LABEL, th);
    }

    /** Dialing side: whether the accepting node's proof matches a secret this node holds; fixes that secret. */
    boolean acceptServerProof(byte[] mac, byte[] th) {
        for (byte[] s : secrets) {
            byte[] prk = prk(s);
            if (MessageDigest.isEqual(mac(prk, SERVER_PROOF_LABEL, th), mac)) {
                shared = prk;
                return true;
            }
        }
        return false;
    }

    /** Accepting side: the MAC of a refusal {@code body} after the transcript {@code th}. */
    byte[] refusalMac(byte[] th, byte[] body) {
        return Hkdf.hmac(Hkdf.expand(requireShared(), REFUSAL_LABEL, new byte[0]), th, body);
    }

    /** Dialing side: whether a refusal was made by a holder of one of this node's secrets. */
    boolean refusalAuthentic(byte[] mac, byte[] th, byte[] body) {
        if (salt == null || mac.length != MAC_BYTES) {
            return false;
        }
        for (byte[] s : secrets) {
            byte[] key = Hkdf.expand(prk(s), REFUSAL_LABEL, new byte[0]);
            if (MessageDigest.isEqual(Hkdf.hmac(key, th, body), mac)) {
                return true;
            }
        }
        return false;
    }

    /** The frame protection of one side, once the whole transcript hashes to {@code th}. */
    FrameCipher frames(byte[] th, boolean client, boolean encrypt) {
        if (!encrypt) {
            return PlaintextFrames.INSTANCE;
        }
        byte[] c2s = Hkdf.expand(requireShared(), CLIENT_TO_SERVER_KEY_LABEL, th);
        byte[] s2c = Hkdf.expand(requireShared(), SERVER_TO_CLIENT_KEY_LABEL, th);
        return client ? new AesGcmFrames(c2s, s2c) : new AesGcmFrames(s2c, c2s);
    }

    private byte[] prk(byte[] secret) {
        return Hkdf.extract(salt, dh, secret);
    }

    private static byte[] mac(byte[] prk, String label, byte[] th) {
        return Hkdf.hmac(Hkdf.expand(prk, label, new byte[0]), th);
    }

    private byte[] requireShared() {
        if (shared == null) {
            throw new IllegalStateException("no secret proved yet");
        }
        return shared;
    }
}
