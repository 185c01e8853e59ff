package io.threadwire.cli;

import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.replySynchronous;

import io.threadwire.core.LocalThread;
import io.threadwire.core.Synchronous;
import io.threadwire.distributed.Node;
import java.io.PrintWriter;

/**
 * The threads {@code threadwire node --serve} can start, each registered under its own name.
 * Each runs until the node closes and prints to the command's standard output.
 */
enum BuiltIn {
    /** Prints {@code logger received: <message>} for every message; answers a call with "logged". */
    LOGGER {
        @Override
        void handle(Object message, PrintWriter out, long[] state) {
            Object data = message instanceof Synchronous call ? call.data() : message;
            out.println("logger received: " + data);
            if (message instanceof Synchronous call) {
                replySynchronous("logged", call);
            }
        }
    },
    /** Answers a call with its request; prints other messages. */
    ECHO {
        @Override
        void handle(Object message, PrintWriter out, long[] state) {
            if (message instanceof Synchronous call) {
                replySynchronous(call.data(), call);
            } else {
                out.println("echo received: " + message);
            }
        }
    },
    /**
     * Adds up the numbers it is sent (a number or its text), printing {@code Total: n} after
     * each; a call adds its number, if any, and answers the total.
     */
    COUNTER {
        @Override
        void handle(Object message, PrintWriter out, long[] state) {
            Object data = message instanceof Synchronous call ? call.data() : message;
            Long n = number(data);
            if (n != null) {
                state[0] += n;
                out.println("Total: " + state[0]);
            } else if (!(message instanceof Synchronous)) {
                out.println("counter ignored: " + data);
            }
            if (message instanceof Synchronous call) {
                replySynchronous(state[0], call);
            }
        }

        private static Long number(Object data) {
            if (data instanceof Number n) {
                return n.longValue();
            }
            try {
                return data instanceof String s ? Long.valueOf(s.strip()) : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
    };

    /** The name the thread is registered under. */
    String threadName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Starts the thread on {@code node} and registers it. */
    LocalThread start(Node node, PrintWriter out) {
        LocalThread thread = node.spawn(threadName(), () -> {
            long[] state = new long[1];
            for (;;) {
                handle(receive(), out, state);
                out.flush();
            }
        });
        node.registerRemoteThread(thread, threadName());
        return thread;
    }

    abstract void handle(Object message, PrintWriter out, long[] state);
}
