package io.threadwire.tests.outside;

/**
 * A class outside every allow-list of the security tests: if a node ever initializes it because
 * a peer named it, the system property {@value #PROPERTY} says so.
 */
public enum Tripwire {
    ARMED;

    public static final String PROPERTY = "threadwire.test.tripwire";

    static {
        System.setProperty(PROPERTY, "initialized");
    }
}
