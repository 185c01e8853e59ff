package io.threadwire.distributed;

/**
 * How the frames of a connection are protected once its handshake is done
 * ({@link NodeConfig.Builder#wireProtection}). The handshake itself is the same in every mode:
 * both nodes prove they hold the cluster's secret, and nothing else is decoded before.
 *
 * <p>A connection is encrypted if either node asks for it: plaintext needs both to choose it.
 */
public enum WireProtection {
    /**
     * Every frame after the handshake is sealed with AES-256-GCM under keys that come from an
     * ephemeral X25519 exchange and the secret (forward secrecy): nobody on the path can read,
     * change, replay, reorder, drop or inject a frame without the connection closing. The default.
     */
    ENCRYPTED,

    /**
     * Frames after the handshake travel in clear and unauthenticated: anyone on the network path
     * can read every message, and can alter, drop or inject messages, monitors and exit signals
     * undetected (a node still has to prove the secret to connect). Only for a network you
     * control end to end, or behind a VPN or TLS tunnel; a node started so logs a WARN.
     */
    PLAINTEXT_UNSAFE
}
