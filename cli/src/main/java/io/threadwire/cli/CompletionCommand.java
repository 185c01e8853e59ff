package io.threadwire.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code threadwire completion}: prints a bash/zsh completion script ({@code source <(threadwire completion)}). */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = "Prints a completion script for bash and zsh: source <(threadwire completion)")
final class CompletionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(AutoComplete.bash("threadwire", spec.parent().commandLine()));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
