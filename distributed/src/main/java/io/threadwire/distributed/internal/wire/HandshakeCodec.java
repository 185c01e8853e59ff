package io.threadwire.distributed.internal.wire;

import static io.threadwire.distributed.internal.wire.Protocol.*;

import com.esotericsoftware.kryo.io.Output;
import io.threadwire.core.NodeAddress;

/** Encodes and decodes the {@link Wire.Handshake} messages, as {@link Protocol} lays them out. */
public final class HandshakeCodec {
    private HandshakeCodec() {
    }

    public static byte[] encode(Wire.Handshake h) {
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
                ItemCodec.writeText(out, r.reason());
            }
        }
        return out.toBytes();
    }

    /** The bytes of a challenge that its MAC covers: everything but the MAC itself. */
    public static byte[] challengeBody(Wire.Challenge c) {
        Output out = new Output(96, -1);
        writeChallengeBody(out, c);
        return out.toBytes();
    }

    /** Whether a raw handshake body is a Welcome (peeked at by the network thread). */
    public static boolean isWelcome(byte[] body) {
        return body.length == 1 && body[0] == WELCOME;
    }

    private static void writeChallengeBody(Output out, Wire.Challenge c) {
        out.writeByte(CHALLENGE);
        out.writeVarInt(c.version(), true);
        writeAddress(out, c.address());
        out.writeLong(c.incarnation());
        out.writeBytes(c.nonce());
        out.writeBoolean(c.encrypt());
    }

    /**
     * Decodes the one handshake message in {@code bytes[offset, offset + length)}.
     *
     * @throws ProtocolException if the bytes are not exactly one well-formed message
     */
    public static Wire.Handshake decode(byte[] bytes, int offset, int length) {
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

    private static void writeAddress(Output out, NodeAddress address) {
        ItemCodec.writeText(out, address.host());
        out.writeVarInt(address.port(), true);
    }

    private static NodeAddress readAddress(WireReader in) {
        String host = in.readString(MAX_HOST);
        int port = in.readVarInt(65_535);
        try {
            return new NodeAddress(host, port);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("bad node address: " + e.getMessage());
        }
    }
}
