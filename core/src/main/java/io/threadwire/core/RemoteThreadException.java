package io.threadwire.core;

import java.util.Objects;

/**
 * Stands for an exception that ended a thread of another node: its class name and message
 * travel, its class and stack trace do not (nothing but admitted message classes is ever
 * instantiated from the network).
 */
public class RemoteThreadException extends ThreadwireException {
    private static final long serialVersionUID = 1L;

    private final String remoteClassName;
    private final String remoteMessage;

    /** @param remoteClassName the remote exception's class name, not null; @param remoteMessage its message, or null */
    public RemoteThreadException(String remoteClassName, String remoteMessage) {
        super(remoteMessage == null ? remoteClassName : remoteClassName + ": " + remoteMessage);
        this.remoteClassName = Objects.requireNonNull(remoteClassName, "remoteClassName");
        this.remoteMessage = remoteMessage;
    }

    /** The class name of the exception on the remote node, e.g. {@code java.lang.IllegalStateException}. */
    public String remoteClassName() {
        return remoteClassName;
    }

    /** Its message, or null if it had none. */
    public String remoteMessage() {
        return remoteMessage;
    }

    /** Reads like the remote exception's own {@code toString()}. */
    @Override
    public String toString() {
        return getMessage();
    }
}
