package io.threadwire.tests.deploy;

/** An application message that one node of a test admits and the other does not: a deploy mismatch. */
public record Order(long id, String item) {
}
