package io.threadwire.distributed.internal.security;

import io.threadwire.distributed.internal.wire.OutboundFrame;
import io.threadwire.distributed.internal.wire.Protocol;
import io.threadwire.distributed.internal.wire.ProtocolException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for the data frames of one connection, from the JDK's own primitives. Each
 * direction has its own key (derived in the handshake, see {@code Protocol}) and a frame
 * counter as its nonce, so no nonce is ever used twice with a key; the frame type is the
 * associated data. A frame that is altered, dropped, replayed, reordered or of another type
 * fails its tag check, and the connection is then closed.
 *
 * <p>Each direction's key is replaced by the next ({@code HKDF-Expand(key, REKEY_LABEL)}) after
 * a number of frames or bytes, on both sides at the same frame, so no key protects more than
 * that, and a key learnt later does not open earlier frames.
 */
public final class AesGcmFrames implements FrameCipher {
    private static final int TAG_BITS = Protocol.TAG_BYTES * 8;
    private static final byte[] AAD = {(byte) Protocol.FRAME_DATA};

    private final Direction sending;
    private final Direction receiving;
    private byte[] plain = new byte[4096]; // writer thread only

    AesGcmFrames(byte[] sendKey, byte[] receiveKey) {
        this(sendKey, receiveKey, Protocol.REKEY_FRAMES, Protocol.REKEY_BYTES);
    }

    /** With other rekeying thresholds, for tests. */
    AesGcmFrames(byte[] sendKey, byte[] receiveKey, long rekeyFrames, long rekeyBytes) {
        this.sending = new Direction(sendKey, rekeyFrames, rekeyBytes);
        this.receiving = new Direction(receiveKey, rekeyFrames, rekeyBytes);
    }

    /** One direction: its key, its frame counter and what its key has protected. */
    private static final class Direction {
        private final Cipher cipher;
        private final long rekeyFrames;
        private final long rekeyBytes;
        private byte[] key;
        private SecretKeySpec spec;
        private long frames;       // frames so far, the nonce of the next
        private long framesOfKey;  // frames under the current key
        private long bytesOfKey;   // sealed bytes under the current key

        Direction(byte[] key, long rekeyFrames, long rekeyBytes) {
            this.key = key.clone();
            this.spec = new SecretKeySpec(this.key, "AES");
            this.rekeyFrames = rekeyFrames;
            this.rekeyBytes = rekeyBytes;
            try {
                this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("this JDK has no AES/GCM", e);
            }
        }

        void init(int mode) throws GeneralSecurityException {
            cipher.init(mode, spec, new GCMParameterSpec(TAG_BITS, nonce(frames)));
            cipher.updateAAD(AAD);
        }

        /** One more frame of {@code sealedBytes} went under the key: the next key, once the key has done its share. */
        void count(int sealedBytes) {
            frames++;
            framesOfKey++;
            bytesOfKey += sealedBytes;
            if (framesOfKey >= rekeyFrames || bytesOfKey >= rekeyBytes) {
                byte[] next = Hkdf.expand(key, Protocol.REKEY_LABEL, new byte[0]);
                Arrays.fill(key, (byte) 0);
                key = next;
                spec = new SecretKeySpec(key, "AES");
                framesOfKey = 0;
                bytesOfKey = 0;
            }
        }
    }

    @Override
    public void seal(OutboundFrame frame, ByteBuffer out) {
        int n = frame.bodyBytes();
        if (plain.length < n) {
            plain = new byte[Math.max(n, plain.length * 2)];
        }
        frame.writeBody(plain, 0);
        try {
            sending.init(Cipher.ENCRYPT_MODE);
            int written = sending.cipher.doFinal(ByteBuffer.wrap(plain, 0, n), out);
            sending.count(written);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt a frame", e);
        }
    }

    @Override
    public byte[] open(byte[] body) {
        if (body.length < Protocol.TAG_BYTES) {
            throw new ProtocolException("an encrypted frame shorter than its tag");
        }
        try {
            receiving.init(Cipher.DECRYPT_MODE);
            byte[] opened = receiving.cipher.doFinal(body);
            receiving.count(body.length);
            return opened;
        } catch (GeneralSecurityException e) {
            throw new ProtocolException("a frame failed authentication (altered, replayed, out of order or forged)", e);
        }
    }

    @Override
    public int overhead(int bodyBytes) {
        return Protocol.TAG_BYTES;
    }

    @Override
    public boolean authenticates() {
        return true;
    }

    private static byte[] nonce(long counter) {
        byte[] iv = new byte[12];
        for (int i = 0; i < 8; i++) {
            iv[4 + i] = (byte) (counter >>> (8 * i));
        }
        return iv;
    }

    /** Seals {@code plain} once under {@code key} with the zero nonce: for a key that seals exactly one message. */
    static byte[] sealOnce(byte[] key, byte[] plain) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, new byte[12]));
            return c.doFinal(plain);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal with AES/GCM", e);
        }
    }

    /** Opens what {@link #sealOnce} sealed; throws {@link ProtocolException} if it fails authentication. */
    static byte[] openOnce(byte[] key, byte[] sealed) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, new byte[12]));
            return c.doFinal(sealed);
        } catch (GeneralSecurityException e) {
            throw new ProtocolException("the peer's handshake extensions fail authentication", e);
        }
    }
}
