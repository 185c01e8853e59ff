package io.threadwire.distributed.internal.security;

import java.nio.ByteBuffer;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The running SHA-256 of one handshake's messages, in the order they were sent, each as its
 * 4-byte big-endian length and its bytes (so that no two sequences of messages hash alike).
 * Both sides hash the same bytes: the sender what it sent, the receiver what it received; any
 * change on the way makes the two hashes, and so every proof and key, differ.
 */
final class Transcript {
    private final MessageDigest digest;

    Transcript() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }

    void add(byte[] message) {
        digest.update(ByteBuffer.allocate(4).putInt(message.length).array());
        digest.update(message);
    }

    /** The hash of the messages added so far; more may be added afterwards. */
    byte[] hash() {
        try {
            MessageDigest copy = (MessageDigest) digest.clone();
            byte[] h = new byte[32];
            copy.digest(h, 0, 32);
            return h;
        } catch (CloneNotSupportedException | DigestException e) {
            throw new IllegalStateException("SHA-256 cannot be copied", e);
        }
    }
}
