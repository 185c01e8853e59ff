package io.threadwire.distributed.internal.transport;

/**
 * One frame as the network thread hands it to a channel's reader: its type and a copy of its
 * body (at most a frame's size, which the read buffer bounds).
 */
public record InboundFrame(int type, byte[] body) {
}
