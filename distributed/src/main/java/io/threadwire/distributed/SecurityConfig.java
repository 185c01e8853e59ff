package io.threadwire.distributed;

import java.util.Arrays;

/**
 * Who a node talks to and how ({@link NodeConfig}; the README's Security section explains the
 * handshake).
 *
 * @param secret               the cluster's shared secret, at least 16 bytes; null: the
 *                             environment variable {@code THREADWIRE_SECRET}, else the file
 *                             {@code ~/.threadwire/secret}, made on first use with a random value
 *                             and owner-only permissions
 * @param encrypt              encrypt every frame after the handshake (AES-256-GCM); a connection
 *                             encrypts if either node asks. Off by default
 * @param maxPendingHandshakes unauthenticated connections held at once, 1 to 100,000 (64); a
 *                             newcomer past that evicts the longest-waiting one
 */
public record SecurityConfig(byte[] secret, boolean encrypt, int maxPendingHandshakes) {
    public static final SecurityConfig DEFAULT = new SecurityConfig(null, false, 64);

    /** @throws IllegalArgumentException if the secret is shorter than 16 bytes or the count is out of range */
    public SecurityConfig {
        if (secret != null) {
            if (secret.length < 16) {
                throw new IllegalArgumentException("the secret has " + secret.length
                        + " bytes; use at least 16 (e.g. 32 random bytes)");
            }
            secret = secret.clone();
        }
        ConfigChecks.range(maxPendingHandshakes, 1, 100_000, "maxPendingHandshakes");
    }

    /** A copy of the secret, or null to use {@code THREADWIRE_SECRET} or {@code ~/.threadwire/secret}. */
    @Override
    public byte[] secret() {
        return secret == null ? null : secret.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecurityConfig s && Arrays.equals(secret, s.secret) && encrypt == s.encrypt
                && maxPendingHandshakes == s.maxPendingHandshakes;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(secret) + Boolean.hashCode(encrypt)) + maxPendingHandshakes;
    }

    /** Never shows the secret. */
    @Override
    public String toString() {
        return "SecurityConfig[secret=" + (secret == null ? "from the environment or file" : "given")
                + ", encrypt=" + encrypt + ", maxPendingHandshakes=" + maxPendingHandshakes + "]";
    }
}
