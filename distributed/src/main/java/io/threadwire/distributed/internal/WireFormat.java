package io.threadwire.distributed.internal;

import com.esotericsoftware.kryo.io.Output;
import io.threadwire.core.ExitReason;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThreadException;
import io.threadwire.serialize.MessageCodec;
import java.nio.charset.StandardCharsets;

/**
 * Encodes and decodes {@link Wire} messages. Items are encoded on the sending thread into one
 * byte array each (header and, for {@link Wire.Send} and {@link Wire.Reply}, the Kryo payload
 * right after it); decoding never copies a payload, it hands out {@link Wire.Slice}s of the
 * received frame.
 */
final class WireFormat {
    static final int PROTOCOL_VERSION = 1;
    /** Longest host name, registered name or reason text accepted from the network, in bytes. */
    static final int MAX_TEXT = 1024;
    static final int NONCE_BYTES = 32;
    static final int MAC_BYTES = 32;

    // item kinds
    private static final int SEND_ID = 1;
    private static final int SEND_NAME = 2;
    private static final int REPLY = 3;
    private static final int MONITOR = 4;
    private static final int DEMONITOR = 5;
    private static final int DOWN = 6;
    private static final int LINK = 7;
    private static final int UNLINK = 8;
    private static final int HEARTBEAT = 9;
    private static final int FRAGMENT_START = 10;
    private static final int FRAGMENT_NEXT = 11;
    private static final int GOODBYE = 12;

    // handshake kinds
    private static final int HELLO = 1;
    private static final int CHALLENGE = 2;
    private static final int PROOF = 3;
    private static final int WELCOME = 4;
    private static final int REFUSED = 5;

    // exit reasons
    private static final int NORMAL = 0;
    private static final int NOPROC = 1;
    private static final int NOCONNECTION = 2;
    private static final int SHUTDOWN = 3;
    private static final int CRASHED = 4;

    static final byte[] HEARTBEAT_ITEM = {HEARTBEAT};

    private WireFormat() {
    }

    // ---- items with a payload: encoded on the sending thread, with the codec -----------------

    static byte[] send(MessageCodec codec, Wire.Target target, Object message) {
        return codec.encode(message, out -> {
            if (target instanceof Wire.ById byId) {
                out.writeByte(SEND_ID);
                out.writeVarLong(byId.id(), true);
                out.writeLong(byId.incarnation());
            } else {
                out.writeByte(SEND_NAME);
                writeString(out, ((Wire.ByName) target).name());
            }
        });
    }

    static byte[] reply(MessageCodec codec, long callerId, long incarnation, long tag, Object reply) {
        return codec.encode(reply, out -> {
            out.writeByte(REPLY);
            out.writeVarLong(callerId, true);
            out.writeLong(incarnation);
            out.writeVarLong(tag, true);
        });
    }

    // ---- control items --------------------------------------------------------------------------

    static byte[] monitor(long monitorId, Wire.Target target) {
        return idAndTarget(MONITOR, monitorId, target);
    }

    static byte[] demonitor(long monitorId) {
        Output out = new Output(12, -1);
        out.writeByte(DEMONITOR);
        out.writeVarLong(monitorId, true);
        return out.toBytes();
    }

    static byte[] down(long monitorId, ExitReason reason) {
        Output out = new Output(32, -1);
        out.writeByte(DOWN);
        out.writeVarLong(monitorId, true);
        writeReason(out, reason);
        return out.toBytes();
    }

    static byte[] link(long fromId, Wire.Target target) {
        return idAndTarget(LINK, fromId, target);
    }

    static byte[] unlink(long fromId, Wire.Target target) {
        return idAndTarget(UNLINK, fromId, target);
    }

    /** The items that name an id of the sender's and a thread of the receiver's. */
    private static byte[] idAndTarget(int kind, long id, Wire.Target target) {
        Output out = new Output(32, -1);
        out.writeByte(kind);
        out.writeVarLong(id, true);
        writeTarget(out, target);
        return out.toBytes();
    }

    static byte[] goodbye(String reason) {
        Output out = new Output(64, -1);
        out.writeByte(GOODBYE);
        writeString(out, reason);
        return out.toBytes();
    }

    static byte[] fragmentStart(long transferId, int totalLength, byte[] item, int offset, int length) {
        Output out = new Output(length + 16, -1);
        out.writeByte(FRAGMENT_START);
        out.writeVarLong(transferId, true);
        out.writeVarInt(totalLength, true);
        out.writeBytes(item, offset, length);
        return out.toBytes();
    }

    static byte[] fragmentNext(long transferId, byte[] item, int offset, int length) {
        Output out = new Output(length + 12, -1);
        out.writeByte(FRAGMENT_NEXT);
        out.writeVarLong(transferId, true);
        out.writeBytes(item, offset, length);
        return out.toBytes();
    }

    /** Decodes one item from {@code bytes[offset, offset + length)}. */
    static Wire.Item decodeItem(byte[] bytes, int offset, int length, int maxItem) {
        WireReader in = new WireReader(bytes, offset, length);
        int kind = in.readByte();
        Wire.Item item = switch (kind) {
            case SEND_ID -> new Wire.Send(new Wire.ById(in.readVarLong(), in.readLong()), in.rest());
            case SEND_NAME -> new Wire.Send(new Wire.ByName(in.readString(MAX_TEXT)), in.rest());
            case REPLY -> new Wire.Reply(in.readVarLong(), in.readLong(), in.readVarLong(), in.rest());
            case MONITOR -> new Wire.Monitor(in.readVarLong(), readTarget(in));
            case DEMONITOR -> new Wire.Demonitor(in.readVarLong());
            case DOWN -> new Wire.Down(in.readVarLong(), readReason(in));
            case LINK -> new Wire.Link(in.readVarLong(), readTarget(in));
            case UNLINK -> new Wire.Unlink(in.readVarLong(), readTarget(in));
            case HEARTBEAT -> new Wire.Heartbeat();
            case FRAGMENT_START -> new Wire.FragmentStart(in.readVarLong(), in.readVarInt(maxItem), in.rest());
            case FRAGMENT_NEXT -> new Wire.FragmentNext(in.readVarLong(), in.rest());
            case GOODBYE -> new Wire.Goodbye(in.readString(MAX_TEXT));
            default -> throw new ProtocolException("unknown item kind " + kind);
        };
        in.expectEnd();
        return item;
    }

    // ---- handshake --------------------------------------------------------------------------------

    static byte[] encode(Wire.Handshake h) {
        Output out = new Output(128, -1);
        switch (h) {
            case Wire.Hello hello -> {
                out.writeByte(HELLO);
                out.writeVarInt(hello.version(), true);
                writeAddress(out, hello.address());
                out.writeLong(hello.incarnation());
                out.writeBytes(hello.nonce());
                out.writeBoolean(hello.encrypt());
            }
            case Wire.Challenge c -> {
                writeChallengeBody(out, c);
                out.writeBytes(c.mac());
            }
            case Wire.Proof p -> {
                out.writeByte(PROOF);
                out.writeBytes(p.mac());
            }
            case Wire.Welcome w -> out.writeByte(WELCOME);
            case Wire.Refused r -> {
                out.writeByte(REFUSED);
                out.writeVarInt(r.code(), true);
                writeString(out, r.reason());
            }
        }
        return out.toBytes();
    }

    /** The bytes of a challenge that its MAC covers: everything but the MAC itself. */
    static byte[] challengeBody(Wire.Challenge c) {
        Output out = new Output(96, -1);
        writeChallengeBody(out, c);
        return out.toBytes();
    }

    private static void writeChallengeBody(Output out, Wire.Challenge c) {
        out.writeByte(CHALLENGE);
        out.writeVarInt(c.version(), true);
        writeAddress(out, c.address());
        out.writeLong(c.incarnation());
        out.writeBytes(c.nonce());
        out.writeBoolean(c.encrypt());
    }

    static Wire.Handshake decodeHandshake(byte[] bytes, int offset, int length) {
        WireReader in = new WireReader(bytes, offset, length);
        int kind = in.readByte();
        Wire.Handshake h = switch (kind) {
            case HELLO -> new Wire.Hello(in.readVarInt(Integer.MAX_VALUE), readAddress(in), in.readLong(),
                    in.readBytes(NONCE_BYTES), in.readBoolean());
            case CHALLENGE -> new Wire.Challenge(in.readVarInt(Integer.MAX_VALUE), readAddress(in), in.readLong(),
                    in.readBytes(NONCE_BYTES), in.readBoolean(), in.readBytes(MAC_BYTES));
            case PROOF -> new Wire.Proof(in.readBytes(MAC_BYTES));
            case WELCOME -> new Wire.Welcome();
            case REFUSED -> new Wire.Refused(in.readVarInt(255), in.readString(MAX_TEXT));
            default -> throw new ProtocolException("unknown handshake message " + kind);
        };
        in.expectEnd();
        return h;
    }

    // ---- parts ------------------------------------------------------------------------------------

    private static void writeTarget(Output out, Wire.Target target) {
        switch (target) {
            case Wire.ById byId -> {
                out.writeByte(0);
                out.writeVarLong(byId.id(), true);
                out.writeLong(byId.incarnation());
            }
            case Wire.ByName byName -> {
                out.writeByte(1);
                writeString(out, byName.name());
            }
        }
    }

    private static Wire.Target readTarget(WireReader in) {
        int kind = in.readByte();
        return switch (kind) {
            case 0 -> new Wire.ById(in.readVarLong(), in.readLong());
            case 1 -> new Wire.ByName(in.readString(MAX_TEXT));
            default -> throw new ProtocolException("unknown target kind " + kind);
        };
    }

    private static void writeReason(Output out, ExitReason reason) {
        switch (reason) {
            case ExitReason.Normal n -> out.writeByte(NORMAL);
            case ExitReason.NoProc n -> out.writeByte(NOPROC);
            case ExitReason.NoConnection n -> out.writeByte(NOCONNECTION);
            case ExitReason.Shutdown s -> out.writeByte(SHUTDOWN);
            case ExitReason.Crashed crashed -> {
                out.writeByte(CRASHED);
                Throwable t = crashed.exception();
                if (t instanceof RemoteThreadException remote) { // passing on a failure that came from elsewhere
                    writeString(out, remote.remoteClassName());
                    writeNullableString(out, remote.remoteMessage());
                } else {
                    writeString(out, t.getClass().getName());
                    writeNullableString(out, t.getMessage());
                }
            }
            case ExitReason.Custom custom -> { // until the protocol carries custom reasons: as a crash, by name and text
                out.writeByte(CRASHED);
                writeString(out, custom.value().getClass().getName());
                writeNullableString(out, custom.toString());
            }
        }
    }

    private static ExitReason readReason(WireReader in) {
        int kind = in.readByte();
        return switch (kind) {
            case NORMAL -> ExitReason.NORMAL;
            case NOPROC -> ExitReason.NOPROC;
            case NOCONNECTION -> ExitReason.NOCONNECTION;
            case SHUTDOWN -> ExitReason.SHUTDOWN;
            case CRASHED -> {
                String className = in.readString(MAX_TEXT);
                String message = in.readBoolean() ? in.readString(MAX_TEXT) : null;
                yield new ExitReason.Crashed(new RemoteThreadException(className, message));
            }
            default -> throw new ProtocolException("unknown exit reason " + kind);
        };
    }

    private static void writeAddress(Output out, NodeAddress address) {
        writeString(out, address.host());
        out.writeVarInt(address.port(), true);
    }

    private static NodeAddress readAddress(WireReader in) {
        String host = in.readString(255);
        int port = in.readVarInt(65_535);
        try {
            return new NodeAddress(host, port);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("bad node address: " + e.getMessage());
        }
    }

    private static void writeNullableString(Output out, String s) {
        out.writeBoolean(s != null);
        if (s != null) {
            writeString(out, s);
        }
    }

    /** A varint byte length and UTF-8 bytes; text longer than {@link #MAX_TEXT} bytes is cut. */
    private static void writeString(Output out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(b.length, MAX_TEXT);
        out.writeVarInt(n, true);
        out.writeBytes(b, 0, n);
    }
}
