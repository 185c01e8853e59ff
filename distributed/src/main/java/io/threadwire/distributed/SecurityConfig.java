package io.threadwire.distributed;

import io.threadwire.distributed.internal.security.SecretStrength;
import java.util.Arrays;
import java.util.Objects;

/**
 * Who a node talks to and how ({@link NodeConfig}; docs/security.md explains the
 * threat model, the handshake and rotation).
 *
 * @param secret                         the cluster's shared secret, at least 128 bits (e.g. 64
 *                                       hex digits from {@code openssl rand -hex 32}); null: the
 *                                       environment variable {@code THREADWIRE_SECRET}, else the
 *                                       file {@code ~/.threadwire/secret}, made on first use with
 *                                       a random value and owner-only permissions
 * @param previousSecret                 during a rollover, the secret being replaced: still
 *                                       accepted from other nodes (and proved to them), so that
 *                                       nodes can be given the new secret one at a time; null
 *                                       (the default) when not rolling over. With {@code secret}
 *                                       null it comes from {@code THREADWIRE_PREVIOUS_SECRET},
 *                                       else, if the secret itself comes from the file, from
 *                                       {@code ~/.threadwire/secret.previous} if it exists (a
 *                                       secret from {@code THREADWIRE_SECRET} takes its previous
 *                                       one from the environment only)
 * @param protection                     how frames are protected after the handshake;
 *                                       {@link WireProtection#ENCRYPTED} by default
 * @param maxPendingHandshakes           unauthenticated connections held at once, 1 to 100,000
 *                                       (64); a newcomer past that evicts the longest-waiting
 *                                       connection of the address that holds the most
 * @param maxPendingHandshakesPerAddress unauthenticated connections from one IP address held at
 *                                       once, 1 to 100,000 (16), a value above
 *                                       {@code maxPendingHandshakes} counting as that; a newcomer
 *                                       past it evicts that address's longest-waiting one
 * @param maxConnections                 authenticated connections up at once, 1 to 100,000
 *                                       (1,024); a node that proves the secret past that is refused
 */
public record SecurityConfig(byte[] secret, byte[] previousSecret, WireProtection protection, int maxPendingHandshakes,
                             int maxPendingHandshakesPerAddress, int maxConnections) {
    /** The defaults: the secret from the environment or {@code ~/.threadwire/secret}, frames encrypted, 64 pending handshakes (16 per address), 1,024 connections. */
    public static final SecurityConfig DEFAULT = new SecurityConfig(null, null, WireProtection.ENCRYPTED, 64, 16, 1024);

    /**
     * @throws IllegalArgumentException if a secret can carry fewer than 128 bits (the message
     *                                  says how to make a good one), a previous secret is given
     *                                  without a secret, or a count is out of range
     */
    public SecurityConfig {
        Objects.requireNonNull(protection, "protection");
        secret = checked(secret, "secret");
        previousSecret = checked(previousSecret, "previousSecret");
        if (previousSecret != null && secret == null) {
            throw new IllegalArgumentException("a previousSecret needs a secret beside it (the new one); or set "
                    + "THREADWIRE_SECRET and THREADWIRE_PREVIOUS_SECRET in the environment instead");
        }
        ConfigChecks.range(maxPendingHandshakes, 1, 100_000, "maxPendingHandshakes");
        ConfigChecks.range(maxPendingHandshakesPerAddress, 1, 100_000, "maxPendingHandshakesPerAddress");
        ConfigChecks.range(maxConnections, 1, 100_000, "maxConnections");
    }

    /**
     * The settings of earlier versions: {@code encrypt} false now means
     * {@link WireProtection#PLAINTEXT_UNSAFE}.
     *
     * @deprecated frames are encrypted by default; use the canonical constructor with a
     *             {@link WireProtection}
     */
    @Deprecated
    public SecurityConfig(byte[] secret, boolean encrypt, int maxPendingHandshakes) {
        this(secret, null, encrypt ? WireProtection.ENCRYPTED : WireProtection.PLAINTEXT_UNSAFE, maxPendingHandshakes,
                Math.min(16, maxPendingHandshakes), 1024);
    }

    private static byte[] checked(byte[] s, String name) {
        if (s == null) {
            return null;
        }
        String problem = SecretStrength.problem(s);
        if (problem != null) {
            throw new IllegalArgumentException(name + ": " + problem);
        }
        return s.clone();
    }

    /** A copy of the secret, or null to use {@code THREADWIRE_SECRET} or {@code ~/.threadwire/secret}. */
    @Override
    public byte[] secret() {
        return secret == null ? null : secret.clone();
    }

    /** A copy of the previous secret, or null. */
    @Override
    public byte[] previousSecret() {
        return previousSecret == null ? null : previousSecret.clone();
    }

    /** Whether frames are encrypted ({@link WireProtection#ENCRYPTED}). */
    public boolean encrypt() {
        return protection == WireProtection.ENCRYPTED;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecurityConfig s && Arrays.equals(secret, s.secret)
                && Arrays.equals(previousSecret, s.previousSecret) && protection == s.protection
                && maxPendingHandshakes == s.maxPendingHandshakes
                && maxPendingHandshakesPerAddress == s.maxPendingHandshakesPerAddress && maxConnections == s.maxConnections;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(secret), Arrays.hashCode(previousSecret), protection, maxPendingHandshakes,
                maxPendingHandshakesPerAddress, maxConnections);
    }

    /** Never shows a secret. */
    @Override
    public String toString() {
        return "SecurityConfig[secret=" + (secret == null ? "from the environment or file" : "given")
                + (previousSecret == null ? "" : ", previousSecret=given") + ", protection=" + protection
                + ", maxPendingHandshakes=" + maxPendingHandshakes + ", maxPendingHandshakesPerAddress="
                + maxPendingHandshakesPerAddress + ", maxConnections=" + maxConnections + "]";
    }
}
