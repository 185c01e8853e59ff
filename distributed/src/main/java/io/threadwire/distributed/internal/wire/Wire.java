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
            permits Send, Reply, Monitor, Demonitor, Down, Link, Unlink, Heartbeat, FragmentStart, FragmentNext,
            Goodbye {
    }

    record Send(Target target, Slice payload) implements Item {
    }

    record Reply(ById caller, long tag, Slice payload) implements Item {
    }

    record Monitor(long monitorId, Target target) implements Item {
    }

    record Demonitor(long monitorId) implements Item {
    }

    record Down(long monitorId, ExitReason reason) implements Item {
    }

    record Link(long fromId, Target target) implements Item {
    }

    record Unlink(long fromId, Target target) implements Item {
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
