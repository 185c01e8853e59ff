package io.threadwire.cli;

import io.threadwire.core.NodeAddress;
import io.threadwire.distributed.Listing;
import java.io.PrintWriter;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --limit}, and how every listing command prints a listing: the entries on standard
 * output, then, if some were left out, one line on standard error that says so. A listing the
 * node cut at its maximum ({@link Listing#MAX}) without the user asking for a limit exits 1, as
 * {@code ls} does when it could list only part of what it was asked for; one cut at the
 * {@code --limit} the user gave exits 0, as {@code head} does.
 */
final class ListingOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    private Integer limit; // null: as many as the node sends

    @Option(names = "--limit", paramLabel = "N",
            description = "Show at most N entries (1 to " + Listing.MAX + ", the most a node sends); a listing cut"
                    + " at N exits 0, one the node cut without --limit exits 1.")
    void limit(int n) {
        if (n < 1 || n > Listing.MAX) {
            throw new ParameterException(spec.commandLine(), "--limit must be from 1 to " + Listing.MAX
                    + " (a node lists at most " + Listing.MAX + " entries), not " + n);
        }
        limit = n;
    }

    /**
     * Prints {@code listing}, each entry as {@code format} writes it, and returns the exit code.
     *
     * @param one  what one entry is, for the message: "name", "member of group g"
     * @param many what several are: "names", "members of group g"
     * @param node the node that listed them
     */
    <T> int print(Listing<T> listing, Function<T, String> format, String one, String many, NodeAddress node) {
        Listing<T> shown = limit == null ? listing : listing.first(limit);
        PrintWriter out = spec.commandLine().getOut();
        shown.forEach(entry -> out.println(format.apply(entry)));
        out.flush();
        if (!shown.truncated()) {
            return 0;
        }
        String why = listing.truncated() && shown.size() == listing.size()
                ? "node " + node + " holds more, and a node lists at most " + Listing.MAX
                + (limit == null ? " (give --limit to accept a partial listing)" : "")
                : "there are more (raise --limit, up to " + Listing.MAX + ", to see them)";
        String first = shown.size() == 1 ? "the first " + one : "the first " + shown.size() + " " + many;
        spec.commandLine().getErr().println(spec.name() + ": listed " + first + " only: " + why);
        return limit == null ? Threadwire.FAILED : 0;
    }
}
