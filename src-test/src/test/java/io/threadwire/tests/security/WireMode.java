package io.threadwire.tests.security;

/**
 * Whether the attacked cluster encrypts its frames: every test class with authenticated traffic
 * runs once in each mode ({@code @ParameterizedClass} over this enum). In {@link #ENCRYPTED}
 * (the default of every node) a {@link RawPeer} that does not ask for it gets it anyway and
 * must seal every data frame it sends and open every one it reads; in {@link #PLAIN} the nodes
 * opted out ({@code WireProtection.PLAINTEXT_UNSAFE}). Surefire's reports number the two runs of
 * a class in this enum's order: {@code [1]} is {@link #PLAIN}, {@code [2]} {@link #ENCRYPTED}.
 */
enum WireMode {
    PLAIN(false),
    ENCRYPTED(true);

    private final boolean encrypts;

    WireMode(boolean encrypts) {
        this.encrypts = encrypts;
    }

    boolean encrypts() {
        return encrypts;
    }

    io.threadwire.distributed.WireProtection protection() {
        return encrypts ? io.threadwire.distributed.WireProtection.ENCRYPTED
                : io.threadwire.distributed.WireProtection.PLAINTEXT_UNSAFE;
    }
}
