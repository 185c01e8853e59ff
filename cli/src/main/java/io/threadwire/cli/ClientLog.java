package io.threadwire.cli;

import java.util.Arrays;

/**
 * The log of a command that talks through a short-lived node (every command but {@code node}):
 * the handshake's warning that a node refused it says what the command's own error line says
 * next, with what to do, so it is left out; a {@code threadwire node} keeps it, as its only
 * report. SLF4J's simple logger reads its levels once, so this runs before anything logs.
 */
final class ClientLog {
    static final String HANDSHAKE_LOGGER = "io.threadwire.distributed.internal.security.Handshake";

    private ClientLog() {
    }

    static void quietIfClient(String[] args) {
        boolean node = Arrays.stream(args).filter(a -> !a.startsWith("-")).findFirst().map("node"::equals).orElse(false);
        if (!node) {
            System.setProperty("org.slf4j.simpleLogger.log." + HANDSHAKE_LOGGER, "error");
        }
    }
}
