package io.threadwire.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.IHelpCommandInitializable2;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;

/**
 * {@code threadwire help [COMMAND]}: prints the usage of threadwire or of one of its commands.
 * picocli's own help command prints "Unknown subcommand" for a command that does not exist and
 * exits 0; this one exits 2, as every other wrong command line does, and lists the commands.
 */
@Command(name = "help", helpCommand = true,
        description = "Prints the usage of threadwire, or of COMMAND.")
final class HelpCommand implements IHelpCommandInitializable2, Runnable {
    @Parameters(arity = "0..1", paramLabel = "COMMAND", description = "the command whose usage to print")
    String command;

    private CommandLine self;
    private ColorScheme colors;
    private PrintWriter out;

    @Override
    public void init(CommandLine helpCommandLine, ColorScheme colorScheme, PrintWriter out, PrintWriter err) {
        this.self = helpCommandLine;
        this.colors = colorScheme;
        this.out = out;
    }

    @Override
    public void run() {
        CommandLine parent = self.getParent();
        if (command == null) {
            parent.usage(out, colors);
            return;
        }
        CommandLine sub = parent.getSubcommands().get(command);
        if (sub == null) {
            throw new ParameterException(self, "threadwire has no command '" + command + "'; its commands are "
                    + String.join(", ", parent.getSubcommands().keySet()));
        }
        sub.usage(out, colors);
    }
}
