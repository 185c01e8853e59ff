package io.threadwire.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** What one in-process run of the {@code threadwire} command printed and returned. */
record CliRun(int exit, String out, String err) {
    /** Runs the command with {@code args}, as {@code threadwire ARGS…} would. */
    static CliRun of(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int exit = Threadwire.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CliRun(exit, out.toString(), err.toString());
    }
}
