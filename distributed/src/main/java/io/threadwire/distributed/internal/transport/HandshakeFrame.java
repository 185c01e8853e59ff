package io.threadwire.distributed.internal.transport;

/** An encoded handshake message on its way out. */
public record HandshakeFrame(byte[] body) {
}
