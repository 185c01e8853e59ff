package io.threadwire.tests.support;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** What a sample prints to the stream it is given, collected from any thread. */
public final class Printed {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    /** The stream to give the sample. */
    public final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    /** Everything printed so far. */
    public String text() {
        return bytes.toString(StandardCharsets.UTF_8); // ByteArrayOutputStream is thread-safe
    }
}
