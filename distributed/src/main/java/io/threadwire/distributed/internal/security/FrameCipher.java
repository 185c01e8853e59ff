package io.threadwire.distributed.internal.security;

import io.threadwire.distributed.internal.wire.OutboundFrame;
import io.threadwire.distributed.internal.wire.Protocol;
import io.threadwire.distributed.internal.wire.ProtocolException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for the data frames of one connection, built from the JDK's own primitives. Each
 * direction has its own key ({@link Authenticator#frameKeys}) and a frame counter as its nonce,
 * so no nonce is ever used twice with a key, and a frame that is altered, dropped, replayed or
 * reordered fails its tag check: the connection is then closed.
 *
 * <p>{@link #seal} is called only by the channel's writer thread, {@link #open} only by its
 * reader thread; each direction's state belongs to one thread.
 */
public final class FrameCipher {
    private static final int TAG_BYTES = Protocol.TAG_BYTES;
    private static final int TAG_BITS = TAG_BYTES * 8;

    private final SecretKeySpec sendKey;
    private final SecretKeySpec receiveKey;
    private final Cipher sealer;
    private final Cipher opener;
    private long sent;      // writer thread only
    private long received;  // reader thread only
    private byte[] plain = new byte[4096]; // writer thread only

    FrameCipher(byte[] sendKey, byte[] receiveKey) {
        this.sendKey = new SecretKeySpec(sendKey, "AES");
        this.receiveKey = new SecretKeySpec(receiveKey, "AES");
        try {
            this.sealer = Cipher.getInstance("AES/GCM/NoPadding");
            this.opener = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no AES/GCM", e);
        }
    }

    /** Writes the frame's items, encrypted and authenticated, into {@code out}. */
    public void seal(OutboundFrame frame, ByteBuffer out) {
        int n = frame.bodyBytes();
        if (plain.length < n) {
            plain = new byte[Math.max(n, plain.length * 2)];
        }
        frame.writeBody(plain, 0);
        try {
            sealer.init(Cipher.ENCRYPT_MODE, sendKey, new GCMParameterSpec(TAG_BITS, nonce(sent++)));
            sealer.doFinal(ByteBuffer.wrap(plain, 0, n), out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt a frame", e);
        }
    }

    /** Decrypts a received frame body; throws {@link ProtocolException} if it fails authentication. */
    public byte[] open(byte[] body) {
        if (body.length < TAG_BYTES) {
            throw new ProtocolException("an encrypted frame shorter than its tag");
        }
        try {
            opener.init(Cipher.DECRYPT_MODE, receiveKey, new GCMParameterSpec(TAG_BITS, nonce(received++)));
            return opener.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new ProtocolException("a frame failed authentication (altered, replayed or out of order)", e);
        }
    }

    private static byte[] nonce(long counter) {
        byte[] iv = new byte[12];
        for (int i = 0; i < 8; i++) {
            iv[4 + i] = (byte) (counter >>> (8 * i));
        }
        return iv;
    }
}
