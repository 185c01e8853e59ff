package io.threadwire.distributed.internal.security;

import java.util.HexFormat;

/**
 * Run in a child JVM by {@link HostileSecretFileTest}, whose environment and {@code user.home}
 * it controls: prints the hex of the secret {@link Secrets#resolve} finds with no configured
 * secret, or the failure's message after "error: ".
 */
public final class SecretsProbe {
    private SecretsProbe() {
    }

    public static void main(String[] args) {
        try {
            System.out.println(HexFormat.of().formatHex(Secrets.resolve(null)));
        } catch (RuntimeException e) {
            System.out.println("error: " + e.getMessage());
        }
    }
}
