package io.threadwire.tests.outside;

/**
 * Looks marked but is not: its annotation is named {@code Message}, from another package. If a
 * node ever initializes it because a peer named it, the system property {@value #PROPERTY}
 * says so.
 */
@LookAlike.Message
public record LookAlike(String text) {
    public static final String PROPERTY = "threadwire.test.lookalike";

    static {
        System.setProperty(PROPERTY, "initialized");
    }

    /** Named like threadwire's marker; admits nothing. */
    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    public @interface Message {
    }
}
