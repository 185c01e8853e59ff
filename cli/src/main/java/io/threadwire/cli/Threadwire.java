package io.threadwire.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code threadwire} command: a node that stays up, and the tools Erlang users know from
 * {@code erl_call} and {@code net_adm} (send, call, ping, a node's names, members and groups).
 * Results go to standard output, errors to standard error, logs (SLF4J) to standard error.
 * Exit codes: 0 done, 1 the operation failed (pang, a call that failed, a node that cannot be
 * reached, a listing the node cut without {@code --limit}), 2 the command line is wrong or the
 * user must fix something first (a secret that cannot be used, a file that cannot be written).
 */
@Command(name = "threadwire", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Runs a threadwire node, or talks to one.",
        subcommands = {NodeCommand.class, SendCommand.class, CallCommand.class, PingCommand.class,
                NamesCommand.class, MembersCommand.class, GroupsCommand.class, SecretCommand.class,
                CompletionCommand.class, HelpCommand.class})
public final class Threadwire {
    /** Exit code of an operation that failed (pang, a failed call, an unreachable node, a listing cut unasked). */
    static final int FAILED = 1;

    public static void main(String[] args) {
        Trace.enableIfAsked(args); // before the first logger exists
        ClientLog.quietIfClient(args);
        System.exit(commandLine().execute(args));
    }

    /** Runs the command with its output and errors going to the given writers; returns the exit code. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        return commandLine().setOut(out).setErr(err).execute(args);
    }

    static CommandLine commandLine() {
        return new CommandLine(new Threadwire())
                .setExecutionExceptionHandler(new FailureHandler())
                .setCaseInsensitiveEnumValuesAllowed(true);
    }
}
