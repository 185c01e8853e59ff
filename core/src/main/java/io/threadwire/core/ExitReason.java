package io.threadwire.core;

import java.util.Objects;

/**
 * Why a thread ended, as a {@link Down} or a {@link LinkedThreadException} reports it.
 *
 * <p>Each reason's {@code toString()} reads like Erlang's: {@code normal}, {@code noproc},
 * {@code noconnection}, {@code shutdown}, the exception that ended the thread, or the reason
 * given to {@link Messaging#exit exit}. Every reason but {@link Normal} is a failure: it
 * travels along links.
 */
public sealed interface ExitReason
        permits ExitReason.Normal, ExitReason.NoProc, ExitReason.NoConnection, ExitReason.Shutdown,
        ExitReason.Crashed, ExitReason.Custom {

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

    /**
     * The reason {@code exit(thread, reason)} ends a thread with: an {@code ExitReason} as it is,
     * an exception as {@link Crashed} (as if the thread had thrown it), anything else as
     * {@link Custom}.
     *
     * @throws NullPointerException if {@code reason} is null
     */
    static ExitReason of(Object reason) {
        Objects.requireNonNull(reason, "reason");
        return switch (reason) {
            case ExitReason r -> r;
            case Throwable t -> new Crashed(t);
            default -> new Custom(reason);
        };
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

    /** The thread was stopped by its node's {@code close()}, by its supervisor, or by {@code exit(thread, SHUTDOWN)}. */
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

    /**
     * The thread was ended by {@link Messaging#exit exit} with a reason of the caller's own
     * (anything but an {@code ExitReason} or an exception), as Erlang's {@code exit(Pid, Reason)}
     * with any term.
     *
     * @param value the reason given to {@code exit}; its {@code toString()} is this reason's
     */
    record Custom(Object value) implements ExitReason {
        /** @throws NullPointerException if {@code value} is null */
        public Custom {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String toString() {
            return String.valueOf(value);
        }
    }
}
