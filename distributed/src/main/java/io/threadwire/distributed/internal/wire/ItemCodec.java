package io.threadwire.distributed.internal.wire;

import static io.threadwire.distributed.internal.wire.Protocol.*;

import com.esotericsoftware.kryo.io.Output;
import io.threadwire.core.ExitReason;
import io.threadwire.serialize.AdmittedTypes;
import io.threadwire.serialize.MessageCodec;

/**
 * Encodes and decodes the {@link Wire.Item}s of data frames, as {@link Protocol} lays them
 * out. Items are encoded on the sending thread into one byte array each (header, then for
 * {@code Send} and {@code Reply} the Kryo payload right after it); decoding never copies a
 * payload, it hands out {@link Wire.Slice}s of the received frame. Stateless and thread-safe.
 */
public final class ItemCodec {
    /** A heartbeat, encoded once. */
    public static final byte[] HEARTBEAT_ITEM = {HEARTBEAT};

    private ItemCodec() {
    }

    // ---- items with a payload: encoded on the sending thread, with the node's codec ----------

    public static byte[] send(MessageCodec codec, Wire.Target target, Object message) {
        return send(codec, target, message, null);
    }

    /** A Send whose message the node described by {@code receiver} (null: any) admits. */
    public static byte[] send(MessageCodec codec, Wire.Target target, Object message, AdmittedTypes receiver) {
        return codec.encode(message, out -> {
            out.writeByte(SEND);
            writeTarget(out, target);
        }, receiver);
    }

    public static byte[] reply(MessageCodec codec, Wire.ById caller, long tag, Object reply) {
        return reply(codec, caller, tag, reply, null);
    }

    /** A Reply whose payload the node described by {@code receiver} (null: any) admits. */
    public static byte[] reply(MessageCodec codec, Wire.ById caller, long tag, Object reply, AdmittedTypes receiver) {
        return codec.encode(reply, out -> {
            out.writeByte(REPLY);
            writeTarget(out, caller);
            out.writeVarLong(tag, true);
        }, receiver);
    }

    /** An exit signal: travels in order with the sender's messages, so it is queued as they are. */
    public static byte[] exit(MessageCodec codec, Wire.Target target, ExitReason reason) {
        Output out = new Output(64, -1);
        out.writeByte(EXIT);
        writeTarget(out, target);
        ReasonCodec.write(out, reason, codec);
        return out.toBytes();
    }

    // ---- control items ---------------------------------------------------------------------

    public static byte[] monitor(long monitorId, Wire.Target target) {
        return idAndTarget(MONITOR, monitorId, target);
    }

    public static byte[] demonitor(long monitorId) {
        return idOnly(DEMONITOR, monitorId);
    }

    public static byte[] link(long fromId, Wire.Target target) {
        return idAndTarget(LINK, fromId, target);
    }

    /** The answer to a Link by name: the id of the thread the name stood for, or none ({@code holder} &lt; 0). */
    public static byte[] linkName(long linkerId, String name, long holder) {
        Output out = new Output(32, -1);
        out.writeByte(LINK_NAME);
        out.writeVarLong(linkerId, true);
        writeText(out, name);
        out.writeBoolean(holder >= 0);
        if (holder >= 0) {
            out.writeVarLong(holder, true);
        }
        return out.toBytes();
    }

    public static byte[] unlink(long fromId, long toId, long unlinkId) {
        return threeIds(UNLINK, fromId, toId, unlinkId);
    }

    public static byte[] unlinkAck(long fromId, long toId, long unlinkId) {
        return threeIds(UNLINK_ACK, fromId, toId, unlinkId);
    }

    private static byte[] idAndTarget(int kind, long id, Wire.Target target) {
        Output out = new Output(32, -1);
        out.writeByte(kind);
        out.writeVarLong(id, true);
        writeTarget(out, target);
        return out.toBytes();
    }

    public static byte[] ping(long id) {
        return idOnly(PING, id);
    }

    public static byte[] pong(long id) {
        return idOnly(PONG, id);
    }

    private static byte[] idOnly(int kind, long id) {
        Output out = new Output(12, -1);
        out.writeByte(kind);
        out.writeVarLong(id, true);
        return out.toBytes();
    }

    private static byte[] threeIds(int kind, long a, long b, long c) {
        Output out = new Output(32, -1);
        out.writeByte(kind);
        out.writeVarLong(a, true);
        out.writeVarLong(b, true);
        out.writeVarLong(c, true);
        return out.toBytes();
    }

    public static byte[] goodbye(String reason) {
        Output out = new Output(64, -1);
        out.writeByte(GOODBYE);
        writeText(out, reason);
        return out.toBytes();
    }

    /** The length of a {@code FragmentStart} of transfer {@code transferId}, of a message of {@code totalLength}, that carries {@code length} bytes. */
    public static int fragmentStartLength(long transferId, int totalLength, int length) {
        return 1 + Output.varLongLength(transferId, true) + Output.varIntLength(totalLength, true) + length;
    }

    public static byte[] fragmentStart(long transferId, int totalLength, byte[] item, int offset, int length) {
        // an array of the fragment's exact size, written in place: a stream of big messages is cut
        // into these, and a buffer copied out afterwards would allocate each fragment twice
        Output out = new Output(new byte[fragmentStartLength(transferId, totalLength, length)]);
        out.writeByte(FRAGMENT_START);
        out.writeVarLong(transferId, true);
        out.writeVarInt(totalLength, true);
        out.writeBytes(item, offset, length);
        return filled(out);
    }

    public static byte[] fragmentNext(long transferId, byte[] item, int offset, int length) {
        return fragmentNext(transferId, item, offset, length, null);
    }

    /** The length of a {@code FragmentNext} of transfer {@code transferId} that carries {@code length} bytes. */
    public static int fragmentNextLength(long transferId, int length) {
        return 1 + Output.varLongLength(transferId, true) + length;
    }

    /**
     * A {@code FragmentNext}, written into {@code into} if it is an array of exactly the fragment's
     * length ({@link #fragmentNextLength}) that nobody uses any more, else into a new array.
     */
    public static byte[] fragmentNext(long transferId, byte[] item, int offset, int length, byte[] into) {
        int size = fragmentNextLength(transferId, length);
        Output out = new Output(into != null && into.length == size ? into : new byte[size]);
        out.writeByte(FRAGMENT_NEXT);
        out.writeVarLong(transferId, true);
        out.writeBytes(item, offset, length);
        return filled(out);
    }

    /** The buffer of {@code out}, which its writes filled exactly. */
    private static byte[] filled(Output out) {
        if (out.position() != out.getBuffer().length) {
            throw new IllegalStateException("a fragment of " + out.getBuffer().length + " bytes holds " + out.position());
        }
        return out.getBuffer();
    }

    // ---- decoding ------------------------------------------------------------------------------

    /**
     * Decodes the one item in {@code bytes[offset, offset + length)}.
     *
     * @param maxItem the largest total length a {@code FragmentStart} may declare
     * @throws ProtocolException if the bytes are not exactly one well-formed item
     */
    public static Wire.Item decode(byte[] bytes, int offset, int length, int maxItem) {
        WireReader in = new WireReader(bytes, offset, length);
        int kind = in.readByte();
        Wire.Item item = switch (kind) {
            case SEND -> new Wire.Send(readTarget(in), in.rest());
            case REPLY -> new Wire.Reply(readById(in), in.readVarLong(), in.rest());
            case MONITOR -> new Wire.Monitor(in.readVarLong(), readTarget(in));
            case DEMONITOR -> new Wire.Demonitor(in.readVarLong());
            case DOWN -> new Wire.Down(in.readVarLong(), ReasonCodec.read(in));
            case LINK -> new Wire.Link(in.readVarLong(), readTarget(in));
            case LINK_NAME -> new Wire.LinkName(in.readVarLong(), in.readString(MAX_TEXT),
                    in.readBoolean() ? readId(in) : -1);
            case LINK_EXIT -> new Wire.LinkExit(readById(in), in.readVarLong(), ReasonCodec.read(in));
            case UNLINK -> new Wire.Unlink(in.readVarLong(), in.readVarLong(), in.readVarLong());
            case UNLINK_ACK -> new Wire.UnlinkAck(in.readVarLong(), in.readVarLong(), in.readVarLong());
            case EXIT -> new Wire.Exit(readTarget(in), ReasonCodec.read(in));
            case HEARTBEAT -> new Wire.Heartbeat();
            case FRAGMENT_START -> new Wire.FragmentStart(in.readVarLong(), in.readVarInt(maxItem), in.rest());
            case FRAGMENT_NEXT -> new Wire.FragmentNext(in.readVarLong(), in.rest());
            case GOODBYE -> new Wire.Goodbye(in.readString(MAX_TEXT));
            case PING -> new Wire.Ping(in.readVarLong());
            case PONG -> new Wire.Pong(in.readVarLong());
            default -> throw new ProtocolException("unknown item kind " + kind);
        };
        in.expectEnd();
        return item;
    }

    // ---- parts ------------------------------------------------------------------------------------

    static void writeTarget(Output out, Wire.Target target) {
        switch (target) {
            case Wire.ById byId -> {
                out.writeByte(TARGET_BY_ID);
                out.writeVarLong(byId.id(), true);
                out.writeLong(byId.incarnation());
            }
            case Wire.ByName byName -> {
                out.writeByte(TARGET_BY_NAME);
                writeText(out, byName.name());
            }
        }
    }

    private static Wire.Target readTarget(WireReader in) {
        int kind = in.readByte();
        return switch (kind) {
            case TARGET_BY_ID -> new Wire.ById(in.readVarLong(), in.readLong());
            case TARGET_BY_NAME -> new Wire.ByName(in.readString(MAX_TEXT));
            default -> throw new ProtocolException("unknown target kind " + kind);
        };
    }

    private static Wire.ById readById(WireReader in) {
        if (readTarget(in) instanceof Wire.ById byId) {
            return byId;
        }
        throw new ProtocolException("a name where a thread id is needed");
    }

    private static long readId(WireReader in) {
        long id = in.readVarLong();
        if (id < 0) {
            throw new ProtocolException("a negative thread id");
        }
        return id;
    }

    /** A varint byte length and UTF-8 bytes; text longer than {@link Protocol#MAX_TEXT} bytes is cut on a character boundary. */
    static void writeText(Output out, String s) {
        Texts.write(out, s, MAX_TEXT);
    }
}
