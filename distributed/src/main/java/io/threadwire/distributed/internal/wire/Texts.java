package io.threadwire.distributed.internal.wire;

import com.esotericsoftware.kryo.io.Output;
import java.nio.charset.StandardCharsets;

/**
 * Text on the wire: a varint byte length and UTF-8 bytes, cut to a limit on a character
 * boundary, so that a receiver never refuses what a node sends and never sees half a character.
 */
final class Texts {
    /** Ends a text that was cut. */
    static final String CUT_MARK = "\u2026";
    private static final byte[] CUT_MARK_BYTES = CUT_MARK.getBytes(StandardCharsets.UTF_8);

    private Texts() {
    }

    /** Writes {@code s}, cut to at most {@code maxBytes} bytes on a character boundary. */
    static void write(Output out, String s, int maxBytes) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        int n = b.length <= maxBytes ? b.length : boundary(b, maxBytes);
        out.writeVarInt(n, true);
        out.writeBytes(b, 0, n);
    }

    /**
     * Writes {@code s}, cut if it is longer than {@code maxBytes} bytes on a character boundary
     * and then ended with {@link #CUT_MARK} (the whole within {@code maxBytes}), so a reader can
     * tell it was cut.
     */
    static void writeMarked(Output out, String s, int maxBytes) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length <= maxBytes) {
            out.writeVarInt(b.length, true);
            out.writeBytes(b);
            return;
        }
        int n = boundary(b, maxBytes - CUT_MARK_BYTES.length);
        out.writeVarInt(n + CUT_MARK_BYTES.length, true);
        out.writeBytes(b, 0, n);
        out.writeBytes(CUT_MARK_BYTES);
    }

    /** The largest length at most {@code max} that ends {@code utf8} between two characters. */
    private static int boundary(byte[] utf8, int max) {
        int n = max;
        while (n > 0 && (utf8[n] & 0xC0) == 0x80) { // utf8[n] continues the character before it
            n--;
        }
        return n;
    }
}
