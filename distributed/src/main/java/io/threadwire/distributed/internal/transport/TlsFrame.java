package io.threadwire.distributed.internal.transport;

/** TLS records of a connection's handshake on their way out (see {@code Protocol}, "TLS"). */
public record TlsFrame(byte[] records) {
}
