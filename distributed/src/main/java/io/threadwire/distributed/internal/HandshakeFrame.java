package io.threadwire.distributed.internal;

/** An encoded handshake message on its way out. */
record HandshakeFrame(byte[] body) {
}
