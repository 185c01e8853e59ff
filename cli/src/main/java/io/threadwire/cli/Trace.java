package io.threadwire.cli;

import java.util.Arrays;

/**
 * {@code --trace}: every message the node sends or receives is logged (logger
 * {@code io.threadwire.trace}, level TRACE, to standard error). SLF4J's simple logger reads its
 * levels once, when the first logger is made, so this runs before anything else.
 */
final class Trace {
    static final String OPTION = "--trace";

    private Trace() {
    }

    static void enableIfAsked(String[] args) {
        if (Arrays.asList(args).contains(OPTION)) {
            System.setProperty("org.slf4j.simpleLogger.log.io.threadwire.trace", "trace");
        }
    }
}
