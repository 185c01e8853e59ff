package io.threadwire.distributed.internal.wire;

import static io.threadwire.distributed.internal.wire.Protocol.*;

import com.esotericsoftware.kryo.io.Output;
import io.threadwire.core.ExitReason;
import io.threadwire.core.LinkedThreadException;
import io.threadwire.core.RemoteThreadException;
import io.threadwire.core.ThreadRef;
import io.threadwire.distributed.RemoteReason;
import io.threadwire.serialize.MalformedMessageException;
import io.threadwire.serialize.MessageCodec;
import io.threadwire.serialize.UndecodableMessageException;
import java.util.Arrays;

/**
 * Exit reasons on the wire ({@code Protocol}'s {@code reason}): written on the sending node from
 * an {@link ExitReason}, read back as a {@link Wire.Reason}, and turned into an
 * {@code ExitReason} on the receiving node, where application payloads are decoded.
 *
 * <p>Writing never fails and never lets user code stop it: an exception whose
 * {@code getMessage()} throws travels with a message saying so, a custom reason whose value
 * cannot travel (its class is not admitted, or it encodes to more than
 * {@link Protocol#MAX_REASON_BYTES}) travels as its class name and text, and every text is cut
 * to its limit on a character boundary. A failure passed along a chain of links travels as the
 * last linked thread and the failure at the start of the chain, so it does not grow at each hop.
 */
public final class ReasonCodec {

    private ReasonCodec() {
    }

    // ---- writing ---------------------------------------------------------------------------------

    /** Writes {@code reason}; {@code codec} encodes custom values and handles. */
    static void write(Output out, ExitReason reason, MessageCodec codec) {
        if (reason instanceof ExitReason.Crashed crashed && crashed.exception() instanceof LinkedThreadException linked) {
            out.writeByte(REASON_LINKED);
            writeBytes(out, encode(codec, linked.thread(), MAX_TEXT));
            writeUnlinked(out, root(linked), codec);
            return;
        }
        writeUnlinked(out, reason, codec);
    }

    /** The failure at the start of a chain of links: what the first thread of the chain ended with. */
    private static ExitReason root(LinkedThreadException linked) {
        ExitReason r = linked.reason();
        while (r instanceof ExitReason.Crashed c && c.exception() instanceof LinkedThreadException inner) {
            r = inner.reason();
        }
        return r;
    }

    private static void writeUnlinked(Output out, ExitReason reason, MessageCodec codec) {
        switch (reason) {
            case ExitReason.Normal n -> out.writeByte(REASON_NORMAL);
            case ExitReason.NoProc n -> out.writeByte(REASON_NOPROC);
            case ExitReason.NoConnection n -> out.writeByte(REASON_NOCONNECTION);
            case ExitReason.Shutdown s -> out.writeByte(REASON_SHUTDOWN);
            case ExitReason.Crashed crashed -> {
                out.writeByte(REASON_CRASHED);
                Throwable t = crashed.exception();
                if (t instanceof RemoteThreadException remote) { // passing on a failure that came from elsewhere
                    Texts.write(out, remote.remoteClassName(), MAX_TEXT);
                    writeNullableText(out, remote.remoteMessage());
                } else {
                    Texts.write(out, t.getClass().getName(), MAX_TEXT);
                    writeNullableText(out, messageOf(t));
                }
            }
            case ExitReason.Custom custom -> {
                out.writeByte(REASON_CUSTOM);
                Object value = custom.value();
                if (value instanceof RemoteReason remote) { // passing on a reason that came from elsewhere as text
                    Texts.write(out, remote.className(), MAX_TEXT);
                    Texts.writeMarked(out, remote.text(), MAX_REASON_TEXT);
                    writeBytes(out, null);
                } else {
                    Texts.write(out, value.getClass().getName(), MAX_TEXT);
                    Texts.writeMarked(out, textOf(value), MAX_REASON_TEXT);
                    writeBytes(out, encode(codec, value, MAX_REASON_BYTES));
                }
            }
        }
    }

    /** The exception's message, or a text saying why there is none; never throws. */
    private static String messageOf(Throwable t) {
        try {
            return t.getMessage();
        } catch (RuntimeException | Error e) {
            return "(its getMessage() threw " + e.getClass().getName() + ")";
        }
    }

    /** The value's {@code toString()}, or a text saying why there is none; never throws. */
    private static String textOf(Object value) {
        try {
            return String.valueOf(value);
        } catch (RuntimeException | Error e) {
            return value.getClass().getName() + " (its toString() threw " + e.getClass().getName() + ")";
        }
    }

    /** {@code value} as Kryo bytes if it travels within {@code max} bytes, else null. */
    private static byte[] encode(MessageCodec codec, Object value, int max) {
        try {
            byte[] b = codec.encode(value, null);
            return b.length <= max ? b : null;
        } catch (RuntimeException e) { // not admitted, too large, or Kryo cannot encode it: the text will do
            return null;
        }
    }

    /** A present flag, then a varint length and the bytes. */
    private static void writeBytes(Output out, byte[] b) {
        out.writeBoolean(b != null);
        if (b != null) {
            out.writeVarInt(b.length, true);
            out.writeBytes(b);
        }
    }

    private static void writeNullableText(Output out, String s) {
        out.writeBoolean(s != null);
        if (s != null) {
            Texts.writeMarked(out, s, MAX_REASON_TEXT);
        }
    }

    // ---- compact: a reason cut short, for a peer that has a backlog ---------------------------

    /**
     * Writes {@code reason}, read back from a signal this node wrote, with each text cut to
     * {@code part} bytes (ended with the cut mark) and a custom value or linked thread dropped
     * if it is longer than {@code part}: what is left is its kind, its class, and the start of
     * its text. See {@link SignalItems#compact}.
     */
    static void writeCompact(Output out, Wire.Reason reason, int part) {
        switch (reason) {
            case Wire.Plain p -> writeUnlinked(out, p.reason(), null);
            case Wire.Crash c -> {
                out.writeByte(REASON_CRASHED);
                Texts.writeMarked(out, c.className(), part);
                out.writeBoolean(c.message() != null);
                if (c.message() != null) {
                    Texts.writeMarked(out, c.message(), part);
                }
            }
            case Wire.Custom c -> {
                out.writeByte(REASON_CUSTOM);
                Texts.writeMarked(out, c.className(), part);
                Texts.writeMarked(out, c.text(), part);
                writeBytes(out, within(c.value(), part));
            }
            case Wire.Linked l -> {
                out.writeByte(REASON_LINKED);
                writeBytes(out, within(l.thread(), part));
                writeCompact(out, l.root(), part);
            }
        }
    }

    /** The bytes of {@code slice} if it has at most {@code max}, else null. */
    private static byte[] within(Wire.Slice slice, int max) {
        if (slice == null || slice.length() > max) {
            return null;
        }
        return Arrays.copyOfRange(slice.bytes(), slice.offset(), slice.offset() + slice.length());
    }

    // ---- reading -------------------------------------------------------------------------------

    /** Reads a reason, refusing anything malformed or over its limits. */
    static Wire.Reason read(WireReader in) {
        int kind = in.readByte();
        if (kind == REASON_LINKED) {
            Wire.Slice thread = readBytes(in, MAX_TEXT);
            int rootKind = in.readByte();
            if (rootKind == REASON_LINKED) {
                throw new ProtocolException("a linked reason inside a linked reason");
            }
            return new Wire.Linked(thread, readUnlinked(in, rootKind));
        }
        return readUnlinked(in, kind);
    }

    private static Wire.Reason readUnlinked(WireReader in, int kind) {
        return switch (kind) {
            case REASON_NORMAL -> new Wire.Plain(ExitReason.NORMAL);
            case REASON_NOPROC -> new Wire.Plain(ExitReason.NOPROC);
            case REASON_NOCONNECTION -> new Wire.Plain(ExitReason.NOCONNECTION);
            case REASON_SHUTDOWN -> new Wire.Plain(ExitReason.SHUTDOWN);
            case REASON_CRASHED -> new Wire.Crash(in.readString(MAX_TEXT),
                    in.readBoolean() ? in.readString(MAX_REASON_TEXT) : null);
            case REASON_CUSTOM -> new Wire.Custom(in.readString(MAX_TEXT), in.readString(MAX_REASON_TEXT),
                    readBytes(in, MAX_REASON_BYTES));
            default -> throw new ProtocolException("unknown exit reason " + kind);
        };
    }

    private static Wire.Slice readBytes(WireReader in, int max) {
        return in.readBoolean() ? in.slice(in.readVarInt(max)) : null;
    }

    // ---- on the receiving node -------------------------------------------------------------------

    /**
     * The {@link ExitReason} {@code reason} stands for. A custom value this node cannot decode
     * (its class is not admitted or missing here) becomes a {@link RemoteReason} with its class
     * name and text.
     *
     * @throws MalformedMessageException if a value's bytes are not a well-formed message (the
     *                                   peer's bytes cannot be trusted: its connection closes)
     */
    public static ExitReason decode(Wire.Reason reason, MessageCodec codec) {
        return switch (reason) {
            case Wire.Plain p -> p.reason();
            case Wire.Crash c -> new ExitReason.Crashed(new RemoteThreadException(c.className(), c.message()));
            case Wire.Custom c -> new ExitReason.Custom(customValue(c, codec));
            case Wire.Linked l -> linked(l, codec);
        };
    }

    private static Object customValue(Wire.Custom c, MessageCodec codec) {
        if (c.value() != null) {
            try {
                return codec.decode(c.value().bytes(), c.value().offset(), c.value().length());
            } catch (UndecodableMessageException e) {
                // a class this node does not admit or have: the text stands for it
            }
        }
        return new RemoteReason(c.className(), c.text());
    }

    private static ExitReason linked(Wire.Linked l, MessageCodec codec) {
        ExitReason root = decode(l.root(), codec);
        Object thread = null;
        if (l.thread() != null) {
            try {
                thread = codec.decode(l.thread().bytes(), l.thread().offset(), l.thread().length());
            } catch (UndecodableMessageException e) {
                // cannot happen for a handle; described by text below
            }
        }
        if (thread instanceof ThreadRef ref) {
            try {
                return new ExitReason.Crashed(new LinkedThreadException(ref, root));
            } catch (RuntimeException | Error e) { // the root's text is user code (a custom value's toString)
                // fall through to a description without it
            }
        }
        return new ExitReason.Crashed(new RemoteThreadException(LinkedThreadException.class.getName(),
                "linked thread " + (thread instanceof ThreadRef ref ? ref : "(unknown)") + " ended"));
    }
}
