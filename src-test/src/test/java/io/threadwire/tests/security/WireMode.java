package io.threadwire.tests.security;

/**
 * How the attacked cluster protects its frames: every test class with authenticated traffic
 * runs once in each mode ({@code @ParameterizedClass} over this enum). In {@link #ENCRYPTED}
 * (the default of every node) a {@link RawPeer} that does not ask for it gets it anyway and
 * must seal every data frame it sends and open every one it reads; in {@link #PLAIN} the nodes
 * opted out ({@code WireProtection.PLAINTEXT_UNSAFE}); in {@link #TLS} the nodes run TLS with
 * the suite's certificates ({@link SuiteTls}), and raw peers speak TLS too ({@link RawTls}).
 * Surefire's reports number the runs of a class in this enum's order: {@code [1]} is
 * {@link #PLAIN}, {@code [2]} {@link #ENCRYPTED}, {@code [3]} {@link #TLS}.
 */
enum WireMode {
    PLAIN(false),
    ENCRYPTED(true),
    TLS(true);

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
