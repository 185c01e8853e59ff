package io.threadwire.tests.support;

import io.threadwire.distributed.NodeConfig;
import io.threadwire.distributed.TlsConfig;
import io.threadwire.testcerts.TestCa;
import io.threadwire.testcerts.TlsFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * The test kit's node configuration option ({@code threadwire.testkit.nodeConfig}) that turns
 * TLS on for every node a cluster starts: one CA for the JVM, and for each host and node name a
 * certificate naming both, its files in a temporary directory. A node that sends in clear
 * ({@code PLAINTEXT_UNSAFE}) or has TLS files of its own keeps its configuration.
 */
public final class TlsEverywhere implements UnaryOperator<NodeConfig> {
    private static final TestCa CA = TestCa.create("threadwire TLS suite CA");
    private static final Path DIR;
    private static final Map<String, TlsConfig> FILES = new ConcurrentHashMap<>();
    private static final AtomicInteger NODES = new AtomicInteger();

    static {
        try {
            DIR = Files.createTempDirectory("threadwire-tls-suite-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(TlsEverywhere::deleteFiles, "tls-suite-cleanup"));
    }

    @Override
    public NodeConfig apply(NodeConfig config) {
        if (config.tls() != null || !config.security().encrypt()) {
            return config;
        }
        String host = config.listen().host();
        String name = config.listen().name();
        TlsConfig files = FILES.computeIfAbsent(host + " " + name, k -> TlsFiles.nodeDirectory(DIR,
                "node-" + NODES.incrementAndGet(), name.isEmpty() ? CA.issue(host, host) : CA.issue(name, host, name)));
        return config.toBuilder().tls(files).build();
    }

    private static void deleteFiles() {
        try (var files = Files.walk(DIR)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temporary directory: the system cleans it up in the end
        }
    }
}
