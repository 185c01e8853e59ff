package io.threadwire.distributed.internal.security;

/**
 * Whether a secret can carry 128 bits: the most a secret of its length and alphabet could hold
 * if every character were drawn at random (hex digits 4 bits each, letters and digits about 6,
 * any byte 8, but ASCII at most 7: a tab in a text does not make it bytes). A secret under
 * 128 bits by that measure is refused, and so is one of fewer than 8 distinct characters (a
 * repeated or patterned string, whatever its length). The measure cannot tell a random string
 * from a chosen one: it refuses what is surely too weak, and the message says how to make a
 * strong one.
 */
public final class SecretStrength {
    /** The least strength a secret must be able to carry. */
    public static final int MIN_BITS = 128;
    /** How to make a good secret, as every refusal says. */
    public static final String HOW_TO_GENERATE = "generate one with `openssl rand -hex 32` (64 hex digits, 256 bits)";

    private SecretStrength() {
    }

    /** The most bits {@code secret} could carry, by its length and alphabet. */
    public static double bits(byte[] secret) {
        boolean hexOnly = true;
        boolean digits = false;
        boolean lower = false;
        boolean upper = false;
        boolean symbols = false;
        boolean controls = false;
        for (byte b : secret) {
            int c = b & 0xFF;
            if (c > 0x7F) {
                return 8.0 * secret.length; // not ASCII: bytes, 8 bits each at most
            }
            if (c < 0x20 || c == 0x7F) { // a tab or a line break in text adds 33 characters, not 8 bits a byte
                controls = true;
                hexOnly = false;
                continue;
            }
            boolean digit = c >= '0' && c <= '9';
            boolean lowerCase = c >= 'a' && c <= 'z';
            boolean upperCase = c >= 'A' && c <= 'Z';
            digits |= digit;
            lower |= lowerCase;
            upper |= upperCase;
            symbols |= !digit && !lowerCase && !upperCase;
            hexOnly &= digit || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
        }
        int alphabet = hexOnly ? 16 : (digits ? 10 : 0) + (lower ? 26 : 0) + (upper ? 26 : 0) + (symbols ? 33 : 0)
                + (controls ? 33 : 0);
        return secret.length * Math.log(Math.max(alphabet, 2)) / Math.log(2);
    }

    /** Why {@code secret} is refused, or null if it is strong enough. */
    public static String problem(byte[] secret) {
        double bits = bits(secret);
        if (bits < MIN_BITS) {
            return String.format("the secret can carry at most %.0f bits (%d characters); a secret needs %d: %s",
                    bits, secret.length, MIN_BITS, HOW_TO_GENERATE);
        }
        if (distinct(secret) < 8) {
            return "the secret repeats a few characters (" + distinct(secret) + " distinct): " + HOW_TO_GENERATE;
        }
        return null;
    }

    private static int distinct(byte[] secret) {
        boolean[] seen = new boolean[256];
        int n = 0;
        for (byte b : secret) {
            if (!seen[b & 0xFF]) {
                seen[b & 0xFF] = true;
                n++;
            }
        }
        return n;
    }
}
