package io.threadwire.distributed.internal.wire;

import io.threadwire.core.ExitReason;
import io.threadwire.core.NodeAddress;

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
            FragmentStart, FragmentNext, Goodbye {
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

    /** One handshake message. */
    sealed interface Handshake extends Wire permits Hello, Challenge, Proof, Welcome, Refused {
    }

    record Hello(int version, NodeAddress address, long incarnation, byte[] nonce, boolean encrypt)
            implements Handshake {
    }

    record Challenge(int version, NodeAddress address, long incarnation, byte[] nonce, boolean encrypt, byte[] mac)
            implements Handshake {
    }

    record Proof(byte[] mac) implements Handshake {
    }

    record Welcome() implements Handshake {
    }

    /** {@code code} is {@link Protocol#REFUSED_DUPLICATE} or {@link Protocol#REFUSED_DENIED}. */
    record Refused(int code, String reason) implements Handshake {
    }
}
