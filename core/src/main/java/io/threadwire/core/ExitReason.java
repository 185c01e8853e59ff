package io.threadwire.core;

import java.util.Objects;

/**
 * Why a thread ended, as a {@link Down} or a {@link LinkedThreadException} reports it.
 *
 * <p>Each reason's {@code toString()} reads like Erlang's: {@code normal}, {@code noproc},
 * {@code noconnection}, {@code shutdown}, or the exception that ended the thread.
 * Every reason but {@link Normal} is a failure: it travels along links.
 */
public sealed interface ExitReason
        permits ExitReason.Normal, ExitReason.NoProc, ExitReason.NoConnection, ExitReason.Shutdown,
        ExitReason.Crashed {

    /** The thread's body returned. */
    Normal NORMAL = new Normal();
    /** The thread did not exist (any more) when it was monitored, linked or called. */
    NoProc NOPROC = new NoProc();
    /** The connection to the thread's node was lost: the thread may still be running. */
    NoConnection NOCONNECTION = new NoConnection();
    /** The thread's node was closed, or its supervisor stopped it. */
    Shutdown SHUTDOWN = new Shutdown();

    /** Whether this reason is {@link #NORMAL}, the one reason that does not travel along links. */
    default boolean isNormal() {
        return this instanceof Normal;
    }

    /** The thread's body returned. */
    record Normal() implements ExitReason {
        @Override
        public String toString() {
            return "normal";
        }
    }

    /** The thread did not exist when it was monitored, linked or called. */
    record NoProc() implements ExitReason {
        @Override
        public String toString() {
            return "noproc";
        }
    }

    /** The node the thread lives on became unreachable. */
    record NoConnection() implements ExitReason {
        @Override
        public String toString() {
            return "noconnection";
        }
    }

    /** The thread was stopped by its node's {@code close()} or by its supervisor. */
    record Shutdown() implements ExitReason {
        @Override
        public String toString() {
            return "shutdown";
        }
    }

    /**
     * The thread's body threw {@code exception}. For a thread of another node the exception is
     * a {@link RemoteThreadException} carrying the original class name and message.
     */
    record Crashed(Throwable exception) implements ExitReason {
        /** @throws NullPointerException if {@code exception} is null */
        public Crashed {
            Objects.requireNonNull(exception, "exception");
        }

        @Override
        public String toString() {
            return exception.toString();
        }
    }
}
