package io.threadwire.cli;

import io.threadwire.core.ThreadwireException;
import io.threadwire.distributed.NodeUnreachableException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns what a command throws into one line on standard error and an exit code: threadwire's
 * own exceptions (a node that cannot be reached, a call that failed or timed out, a bad secret)
 * and bad arguments are the user's to act on, so no stack trace; anything else is a bug and
 * keeps its trace.
 */
final class FailureHandler implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
        if (e instanceof ThreadwireException || e instanceof IllegalArgumentException) {
            cmd.getErr().println(cmd.getCommandName() + ": " + explain(e));
            return e instanceof IllegalArgumentException ? cmd.getCommandSpec().exitCodeOnInvalidInput() : Threadwire.FAILED;
        }
        cmd.getErr().println(cmd.getCommandName() + ": unexpected failure");
        e.printStackTrace(cmd.getErr());
        return cmd.getCommandSpec().exitCodeOnExecutionException();
    }

    /**
     * The exception's message, and for a node that refused this command's proof of the secret,
     * what to do about it: the peer says only that authentication failed.
     */
    static String explain(Exception e) {
        String message = e.getMessage();
        if (!(e instanceof NodeUnreachableException)) {
            return message;
        }
        if (message.endsWith("authentication failed")) {
            return message + " (it holds another secret than this command: give both the same one,"
                    + " in THREADWIRE_SECRET, ~/.threadwire/secret or --secret-file; see threadwire secret)";
        }
        if (causedBy(e, ConnectException.class)) { // the system's words, "Connection refused", say no more
            return message + " (nothing listens there: check that the node runs, e.g. threadwire node --port PORT,"
                    + " and that the host and port are right)";
        }
        if (causedBy(e, UnknownHostException.class)) {
            return message + " (no such host: check the host name in the address)";
        }
        if (message.contains(" within ")) {
            return message + " (check that the node runs and the network reaches it, or give it longer with --timeout)";
        }
        return message;
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
