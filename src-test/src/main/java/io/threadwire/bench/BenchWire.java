package io.threadwire.bench;

import io.threadwire.distributed.NodeConfig;
import io.threadwire.distributed.WireProtection;
import io.threadwire.testcerts.TestCa;
import io.threadwire.testcerts.TlsFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How the remote benchmarks' nodes protect their frames, from the flag {@code -Dbench.wire}:
 * {@code encrypted} (the default, as a node runs unless told otherwise: the shared secret's
 * AES-GCM), {@code tls} (TLS 1.3 with mutual certificates, the secret proved inside it) or
 * {@code plaintext} ({@code PLAINTEXT_UNSAFE}, to see what protecting frames costs). Under
 * {@code tls} the driver makes a CA and one certificate naming 127.0.0.1 for both nodes (its
 * files in a temporary directory, passed to the child as {@code -Dbench.tls.dir}). Figures keep
 * their names in every mode: compare runs of different modes side by side.
 */
final class BenchWire {
    static final String MODE = System.getProperty("bench.wire", "encrypted");
    private static final String DIR_PROPERTY = "bench.tls.dir";

    private BenchWire() {
    }

    /** {@code b} protected as the mode says. */
    static NodeConfig.Builder apply(NodeConfig.Builder b) {
        return switch (MODE) {
            case "encrypted" -> b.wireProtection(WireProtection.ENCRYPTED);
            case "plaintext" -> b.wireProtection(WireProtection.PLAINTEXT_UNSAFE);
            case "tls" -> b.tls(io.threadwire.distributed.TlsConfig.directory(tlsDirectory()));
            default -> throw new IllegalArgumentException("-Dbench.wire is encrypted, plaintext or tls, not " + MODE);
        };
    }

    /** Flags the child JVM needs besides the driver's own: where the TLS files are. */
    static List<String> childFlags() {
        return MODE.equals("tls") ? List.of("-D" + DIR_PROPERTY + "=" + tlsDirectory()) : List.of();
    }

    private static synchronized Path tlsDirectory() {
        String given = System.getProperty(DIR_PROPERTY);
        if (given != null) {
            return Path.of(given);
        }
        try {
            Path parent = Files.createTempDirectory("threadwire-bench-tls-");
            TestCa ca = TestCa.create("threadwire benchmark CA");
            Path dir = TlsFiles.nodeDirectory(parent, "node", ca.issue("127.0.0.1", "127.0.0.1")).certificateChain()
                    .getParent();
            System.setProperty(DIR_PROPERTY, dir.toString());
            Bench.log("TLS files for both nodes in %s", dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
