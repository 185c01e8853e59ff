package io.threadwire.distributed.internal.security;

import static io.threadwire.distributed.internal.wire.Protocol.*;

import com.esotericsoftware.kryo.io.Output;
import io.threadwire.core.ThreadwireException;
import io.threadwire.distributed.internal.wire.ProtocolException;
import io.threadwire.distributed.internal.wire.Wire;
import io.threadwire.distributed.internal.wire.WireReader;
import io.threadwire.serialize.AdmittedTypes;
import io.threadwire.serialize.MalformedMessageException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One side's handshake extensions: what it admits in messages, as a list of (type, length,
 * bytes) entries (see {@code Protocol}), sealed as a whole and sent in pieces that fit any frame.
 * The receiving side puts the pieces back together, bounded by {@link
 * io.threadwire.distributed.internal.wire.Protocol#MAX_EXTENSIONS} before anything is proved.
 */
public final class HandshakeExtensions {
    private byte[] received = new byte[0];
    private int total = -1;
    private int filled;

    /**
     * Checks, as the node starts, that what it admits fits in its handshake: past that, every
     * connection it made or took would fail in its handshake instead.
     *
     * @throws ThreadwireException saying how many bytes they take and what to do
     */
    public static void requireFits(AdmittedTypes types) {
        int sealed = encode(types).length + TAG_BYTES;
        if (sealed > MAX_EXTENSIONS) {
            throw new ThreadwireException(tooLarge(sealed));
        }
    }

    private static String tooLarge(int sealed) {
        return "the classes and packages this node admits take " + sealed + " bytes in its handshake, more than "
                + MAX_EXTENSIONS + ": register fewer classes by name (allow their packages instead), and allow a"
                + " common parent package rather than many of its subpackages";
    }

    /** This node's extensions in clear. */
    static byte[] encode(AdmittedTypes types) {
        byte[] t = types.toBytes();
        Output out = new Output(t.length + 16, -1);
        out.writeVarInt(EXTENSION_ADMITTED_TYPES, true);
        out.writeVarInt(t.length, true);
        out.writeBytes(t);
        return out.toBytes();
    }

    /** The Extensions messages that carry {@code sealed}. */
    static List<Wire.Extensions> pieces(byte[] sealed) {
        if (sealed.length > MAX_EXTENSIONS) { // refused at the node's start (requireFits)
            throw new IllegalStateException(tooLarge(sealed.length));
        }
        List<Wire.Extensions> pieces = new ArrayList<>();
        for (int offset = 0; offset < sealed.length; offset += EXTENSION_PIECE) {
            pieces.add(new Wire.Extensions(sealed.length, Arrays.copyOfRange(sealed, offset,
                    Math.min(sealed.length, offset + EXTENSION_PIECE))));
        }
        return pieces;
    }

    /**
     * Adds a piece from the peer; returns true once all its pieces are in. The pieces fill one
     * array of the declared total (at most {@code MAX_EXTENSIONS}), and every piece but the last
     * must be a full {@code EXTENSION_PIECE}, as {@link #pieces} cuts them: so putting them
     * back is linear in what arrived, however the peer cuts (copying all received so far for
     * each of 65,536 one-byte pieces would be some 2 GB of copying, before any proof).
     */
    boolean add(Wire.Extensions piece) {
        int length = piece.piece().length;
        if (total < 0) {
            total = piece.total();
            received = new byte[total];
        } else if (piece.total() != total) {
            throw new ProtocolException("extension pieces disagree on their total (" + total + ", " + piece.total() + ")");
        }
        if (length == 0 || filled + length > total) {
            throw new ProtocolException("extension pieces beyond their declared " + total + " bytes");
        }
        if (length != EXTENSION_PIECE && filled + length != total) {
            throw new ProtocolException("an extension piece of " + length + " bytes that is not the last: pieces are "
                    + EXTENSION_PIECE + " bytes but the last");
        }
        System.arraycopy(piece.piece(), 0, received, filled, length);
        filled += length;
        return complete();
    }

    boolean complete() {
        return total >= 0 && filled == total;
    }

    byte[] sealed() {
        return received;
    }

    /**
     * The admitted types in the peer's extensions (in clear); entries of unknown types are
     * skipped (a later version may add some).
     *
     * @throws ProtocolException if the entries are malformed or name no admitted types
     */
    static AdmittedTypes admittedTypes(byte[] plain) {
        WireReader in = new WireReader(plain, 0, plain.length);
        AdmittedTypes types = null;
        while (in.hasRemaining()) {
            int type = in.readVarInt(Integer.MAX_VALUE);
            Wire.Slice value = in.slice(in.readVarInt(in.remaining()));
            if (type == EXTENSION_ADMITTED_TYPES) {
                if (types != null) {
                    throw new ProtocolException("admitted types given twice");
                }
                try {
                    types = AdmittedTypes.fromBytes(value.bytes(), value.offset(), value.length());
                } catch (MalformedMessageException e) {
                    throw new ProtocolException("malformed admitted types: " + e.getMessage(), e);
                }
            }
        }
        if (types == null) {
            throw new ProtocolException("the peer's handshake names no admitted types");
        }
        return types;
    }
}
