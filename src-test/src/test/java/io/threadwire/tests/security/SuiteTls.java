package io.threadwire.tests.security;

import io.threadwire.distributed.TlsConfig;
import io.threadwire.testcerts.TestCa;
import io.threadwire.testcerts.TlsFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;

/**
 * The TLS of the hostile suite's {@link WireMode#TLS} runs: one cluster CA for this JVM; one
 * certificate for every node (the suite's nodes are unnamed, on 127.0.0.1, or 127.0.0.2 behind
 * a proxy), its files in a temporary directory; and the client context of raw peers, whose
 * certificate names the loopback addresses they claim ({@link RawPeer#fakeAddress}).
 */
final class SuiteTls {
    static final TestCa CA = TestCa.create("threadwire hostile suite CA");
    private static final TlsConfig NODES;
    private static final SSLContext RAW_PEERS = RawTls.context(CA.issue("raw peer", "127.0.0.1", "127.0.0.3"), CA);

    static {
        try {
            Path dir = Files.createTempDirectory("threadwire-suite-tls-");
            NODES = TlsFiles.nodeDirectory(dir, "node", CA.issue("suite node", "127.0.0.1", "127.0.0.2", "localhost"));
            dir.toFile().deleteOnExit();
            try (var files = Files.list(dir.resolve("node"))) {
                dir.resolve("node").toFile().deleteOnExit();
                files.forEach(f -> f.toFile().deleteOnExit());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private SuiteTls() {
    }

    /** The files of every node of the suite's TLS clusters. */
    static TlsConfig nodeFiles() {
        return NODES;
    }

    /** What a raw peer presents and trusts. */
    static SSLContext rawPeerContext() {
        return RAW_PEERS;
    }
}
