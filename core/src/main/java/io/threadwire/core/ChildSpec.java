package io.threadwire.core;

import java.util.Objects;

/**
 * One child of a {@link Supervisor}: the name it is registered under while it runs, the body
 * its thread runs, and when it is restarted.
 *
 * @param name    registered (and re-registered after each restart) under this name: in the
 *                registry of the supervisor's node if it belongs to one, else of the JVM's
 *                default node if one runs, so other nodes can reach it; else in the JVM's
 *                local registry
 * @param body    what the child's thread runs; a new thread runs it again on each restart
 * @param restart when the child is restarted
 */
public record ChildSpec(String name, Runnable body, Restart restart) {
    /**
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if the name is blank
     */
    public ChildSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(restart, "restart");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a child's name must not be blank");
        }
    }

    /** A {@link Restart#PERMANENT} child. */
    public static ChildSpec permanent(String name, Runnable body) {
        return new ChildSpec(name, body, Restart.PERMANENT);
    }

    /**
     * A {@link Restart#TRANSIENT} child: restarted only if it fails, that is ends neither
     * {@code normal} nor {@code shutdown}.
     */
    public static ChildSpec transientChild(String name, Runnable body) {
        return new ChildSpec(name, body, Restart.TRANSIENT);
    }

    /** A {@link Restart#TEMPORARY} child. */
    public static ChildSpec temporary(String name, Runnable body) {
        return new ChildSpec(name, body, Restart.TEMPORARY);
    }
}
