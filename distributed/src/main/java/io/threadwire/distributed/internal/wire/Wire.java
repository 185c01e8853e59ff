package io.threadwire.distributed.internal.wire;

import io.threadwire.core.ExitReason;
import io.threadwire.core.NodeAddress;
import java.util.List;

/**
 * The messages of the protocol as values, one sealed hierarchy: {@link Item}s travel in data
 * frames, {@link Handshake} messages before them. What each one means, who sends it and what
 * the receiver does is in {@link Protocol}; {@link ItemCodec} and {@link HandshakeCodec}
 * encode them. Application payloads stay bytes ({@link Slice}s of the received frame) until
 * the receiving node decodes them for their target.
 */
public sealed interface Wire permits Wire.Item, Wire.Handshake {

    /** A thread on the receiving node: by id in one incarnation, or by registered name. */
    sealed interface Target permits ById, ByName {
    }

    record ById(long id, long incarnation) implements Target {
    }

    record ByName(String name) implements Target {
    }

    /** Bytes inside a received frame, not copied. */
    record Slice(byte[] bytes, int offset, int length) {
    }

    /** One item of a data frame. */
    sealed interface Item extends Wire
            permits Send, Reply, Monitor, Demonitor, Down, Link, LinkName, LinkExit, Unlink, UnlinkAck, Exit, Heartbeat,
            FragmentStart, FragmentNext, Goodbye, Ping, Pong {
    }

    /**
     * An exit reason as it travels ({@code ReasonCodec} turns it into an {@link ExitReason} on
     * the receiving node, where payloads are decoded).
     */
    sealed interface Reason permits Plain, Crash, Custom, Linked {
    }

    /** {@code normal}, {@code noproc}, {@code noconnection} or {@code shutdown}. */
    record Plain(ExitReason reason) implements Reason {
    }

    /** An exception: its class name, and its message (null if it had none), perhaps cut. */
    record Crash(String className, String message) implements Reason {
    }

    /** A reason of the user's own: its class name, its text, and the value itself if it travels (else null). */
    record Custom(String className, String text, Slice value) implements Reason {
    }

    /** A failure passed on by a link: the linked thread (a handle, or null) and the failure at the start of the chain. */
    record Linked(Slice thread, Reason root) implements Reason {
    }

    record Send(Target target, Slice payload) implements Item {
    }

    record Reply(ById caller, long tag, Slice payload) implements Item {
    }

    record Monitor(long monitorId, Target target) implements Item {
    }

    record Demonitor(long monitorId) implements Item {
    }

    record Down(long monitorId, Reason reason) implements Item {
    }

    record Link(long fromId, Target target) implements Item {
    }

    /** {@code holder} is the id of the thread the name stood for, or -1 if none. */
    record LinkName(long linkerId, String name, long holder) implements Item {
    }

    record LinkExit(ById from, long toId, Reason reason) implements Item {
    }

    record Unlink(long fromId, long toId, long unlinkId) implements Item {
    }

    record UnlinkAck(long fromId, long toId, long unlinkId) implements Item {
    }

    record Exit(Target target, Reason reason) implements Item {
    }

    record Heartbeat() implements Item {
    }

    record FragmentStart(long transferId, int totalLength, Slice chunk) implements Item {
    }

    record FragmentNext(long transferId, Slice chunk) implements Item {
    }

    record Goodbye(String reason) implements Item {
    }

    /** Asks the peer to answer with {@link Pong} of the same id: is this connection still alive at the other end? */
    record Ping(long id) implements Item {
    }

    record Pong(long id) implements Item {
    }

    /** One handshake message. */
    sealed interface Handshake extends Wire permits Hello, Challenge, Extensions, Proof, Welcome, Refused {
    }

    /**
     * The dialing node introduces itself. {@code mechanisms} is a bit set of the ways it can
     * authenticate ({@link Protocol#MECHANISM_SECRET_X25519}); {@code flags} a bit set of
     * {@code FLAG_} bits; {@code protection} the frame protection it asks for.
     */
    record Hello(int version, int mechanisms, NodeAddress address, long incarnation, String name, int flags,
                 byte[] nonce, byte[] ephemeralKey, int protection) implements Handshake {
    }

    /** The accepting node introduces itself: the mechanism it chose, and the protection the connection uses. */
    record Challenge(int version, int mechanism, NodeAddress address, long incarnation, String name, int flags,
                     byte[] nonce, byte[] ephemeralKey, int protection) implements Handshake {
    }

    /** One piece of the sender's sealed extensions, {@code total} bytes in all. */
    record Extensions(int total, byte[] piece) implements Handshake {
    }

    /** The dialing node's proofs, one per secret it holds (the current one first). */
    record Proof(List<byte[]> macs) implements Handshake {
    }

    /** The accepting node's proof: the connection is up. */
    record Welcome(byte[] mac) implements Handshake {
    }

    /**
     * {@code code} is {@link Protocol#REFUSED_DUPLICATE} or {@link Protocol#REFUSED_DENIED};
     * {@code mac} is empty when the refusal is not authenticated (the dialer did not prove
     * itself, or the versions differ).
     */
    record Refused(int code, String reason, byte[] mac) implements Handshake {
    }
}
