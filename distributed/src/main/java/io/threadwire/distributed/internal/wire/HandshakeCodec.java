package io.threadwire.distributed.internal.wire;

import static io.threadwire.distributed.internal.wire.Protocol.*;

import com.esotericsoftware.kryo.io.Output;
import io.threadwire.core.NodeAddress;
import java.util.ArrayList;
import java.util.List;

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
                out.writeVarInt(hello.mechanisms(), true);
                writeIntroduction(out, hello.address(), hello.incarnation(), hello.name(), hello.flags(), hello.nonce(),
                        hello.ephemeralKey(), hello.protection());
            }
            case Wire.Challenge c -> {
                out.writeByte(CHALLENGE);
                out.writeVarInt(c.version(), true);
                out.writeVarInt(c.mechanism(), true);
                writeIntroduction(out, c.address(), c.incarnation(), c.name(), c.flags(), c.nonce(), c.ephemeralKey(),
                        c.protection());
            }
            case Wire.Extensions e -> {
                out.writeByte(EXTENSIONS);
                out.writeVarInt(e.total(), true);
                out.writeVarInt(e.piece().length, true);
                out.writeBytes(e.piece());
            }
            case Wire.Proof p -> {
                out.writeByte(PROOF);
                out.writeVarInt(p.macs().size(), true);
                for (byte[] mac : p.macs()) {
                    out.writeBytes(mac);
                }
            }
            case Wire.Welcome w -> {
                out.writeByte(WELCOME);
                out.writeBytes(w.mac());
            }
            case Wire.Refused r -> {
                out.writeByte(REFUSED);
                out.writeVarInt(r.code(), true);
                ItemCodec.writeText(out, r.reason());
                out.writeVarInt(r.mac().length, true);
                out.writeBytes(r.mac());
            }
        }
        return out.toBytes();
    }

    /** The bytes a refusal's MAC covers after the transcript: its code and its reason, as encoded. */
    public static byte[] refusalBody(int code, String reason) {
        Output out = new Output(64, -1);
        out.writeVarInt(code, true);
        ItemCodec.writeText(out, reason);
        return out.toBytes();
    }

    /** Whether a raw handshake body is a Welcome (peeked at by the network thread; the reader checks its MAC). */
    public static boolean isWelcome(byte[] body) {
        return body.length > 0 && body[0] == WELCOME;
    }

    private static void writeIntroduction(Output out, NodeAddress address, long incarnation, String name, int flags,
                                          byte[] nonce, byte[] ephemeralKey, int protection) {
        ItemCodec.writeText(out, address.host());
        out.writeVarInt(address.port(), true);
        out.writeLong(incarnation);
        ItemCodec.writeText(out, name);
        out.writeVarInt(flags, true);
        out.writeBytes(nonce);
        out.writeBytes(ephemeralKey);
        out.writeByte(protection);
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
            case HELLO -> {
                int version = in.readVarInt(Integer.MAX_VALUE);
                if (version != VERSION) { // the rest may be laid out otherwise: the node refuses by version alone
                    in.rest();
                    yield new Wire.Hello(version, 0, null, 0, "", 0, new byte[0], new byte[0], 0);
                }
                int mechanisms = in.readVarInt(Integer.MAX_VALUE);
                NodeAddress a = readAddress(in);
                yield new Wire.Hello(version, mechanisms, a, in.readLong(), readName(in), in.readVarInt(FLAGS_KNOWN),
                        in.readBytes(NONCE_BYTES), in.readBytes(KEY_BYTES), readProtection(in));
            }
            case CHALLENGE -> {
                int version = in.readVarInt(Integer.MAX_VALUE);
                if (version != VERSION) {
                    in.rest();
                    yield new Wire.Challenge(version, 0, null, 0, "", 0, new byte[0], new byte[0], 0);
                }
                int mechanism = in.readVarInt(Integer.MAX_VALUE);
                NodeAddress a = readAddress(in);
                yield new Wire.Challenge(version, mechanism, a, in.readLong(), readName(in), in.readVarInt(FLAGS_KNOWN),
                        in.readBytes(NONCE_BYTES), in.readBytes(KEY_BYTES), readProtection(in));
            }
            case EXTENSIONS -> {
                int total = in.readVarInt(MAX_EXTENSIONS);
                int n = in.readVarInt(Math.min(total, EXTENSION_PIECE));
                yield new Wire.Extensions(total, in.readBytes(n));
            }
            case PROOF -> {
                int count = in.readVarInt(MAX_SECRETS);
                if (count == 0) {
                    throw new ProtocolException("a Proof without a MAC");
                }
                List<byte[]> macs = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    macs.add(in.readBytes(MAC_BYTES));
                }
                yield new Wire.Proof(List.copyOf(macs));
            }
            case WELCOME -> new Wire.Welcome(in.readBytes(MAC_BYTES));
            case REFUSED -> {
                int code = in.readVarInt(255);
                String reason = in.readString(MAX_TEXT);
                int macLength = in.readVarInt(MAC_BYTES);
                if (macLength != 0 && macLength != MAC_BYTES) {
                    throw new ProtocolException("a refusal with a MAC of " + macLength + " bytes");
                }
                yield new Wire.Refused(code, reason, in.readBytes(macLength));
            }
            default -> throw new ProtocolException("unknown handshake message " + kind);
        };
        in.expectEnd();
        return h;
    }

    private static NodeAddress readAddress(WireReader in) {
        String host = in.readString(MAX_HOST);
        int port = in.readVarInt(65_535);
        if (!HostNames.isWellFormed(host)) {
            throw new ProtocolException("bad node address: the host is not a host name or IP literal");
        }
        try {
            return new NodeAddress(host, port);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("bad node address: " + e.getMessage());
        }
    }

    private static String readName(WireReader in) {
        String name = in.readString(MAX_NODE_NAME);
        if (!HostNames.isWellFormedNodeName(name)) {
            throw new ProtocolException("bad node name: use letters, digits, '.', '-' and '_' only");
        }
        return name;
    }

    private static int readProtection(WireReader in) {
        int p = in.readByte();
        if (p != PROTECTION_ENCRYPTED && p != PROTECTION_PLAINTEXT) {
            throw new ProtocolException("unknown frame protection " + p);
        }
        return p;
    }
}
