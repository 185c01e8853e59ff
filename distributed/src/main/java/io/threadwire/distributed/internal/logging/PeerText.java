package io.threadwire.distributed.internal.logging;

/**
 * Text a peer chose (a refusal's reason, a goodbye, a class name, an exception's message), made
 * safe to log: line breaks and other control characters become escapes, so that a peer cannot
 * write a line of its own into this node's log, and the text is cut at a length that keeps a
 * log line a line.
 */
public final class PeerText {
    /** Longest text logged from a peer, in characters. */
    public static final int MAX_LOGGED = 256;

    private PeerText() {
    }

    /** {@code text} with control characters escaped ({@code \n}, {@code \r}, {@code \t}, else {@code \}{@code uXXXX}), cut to {@link #MAX_LOGGED}. */
    public static String safe(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder b = null;
        int n = Math.min(text.length(), MAX_LOGGED);
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            boolean control = Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || c == '\u0085';
            if (control && b == null) {
                b = new StringBuilder(n + 16).append(text, 0, i);
            }
            if (b != null) {
                if (!control) {
                    b.append(c);
                } else if (c == '\n') {
                    b.append("\\n");
                } else if (c == '\r') {
                    b.append("\\r");
                } else if (c == '\t') {
                    b.append("\\t");
                } else {
                    b.append(String.format("\\u%04x", (int) c));
                }
            }
        }
        String s = b == null ? text.substring(0, n) : b.toString();
        return text.length() > n ? s + "...(" + text.length() + " characters)" : s;
    }
}
