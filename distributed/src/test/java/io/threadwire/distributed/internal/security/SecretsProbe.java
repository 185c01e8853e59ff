package io.threadwire.distributed.internal.security;

import java.util.HexFormat;

/**
 * Run in a child JVM by {@link HostileSecretFileTest}, whose environment and {@code user.home}
 * it controls: prints the hex of the secrets {@link Secrets#resolve} finds with no configured
 * secret (the current one, then the previous one if any, separated by a space), or the
 * failure's message after "error: ".
 */
public final class SecretsProbe {
    private SecretsProbe() {
    }

    public static void main(String[] args) {
        try {
            Secrets.Resolved r = Secrets.resolve(null, null);
            System.out.println(HexFormat.of().formatHex(r.current())
                    + (r.previous() == null ? "" : " " + HexFormat.of().formatHex(r.previous())));
        } catch (RuntimeException e) {
            System.out.println("error: " + e.getMessage());
        }
    }
}
