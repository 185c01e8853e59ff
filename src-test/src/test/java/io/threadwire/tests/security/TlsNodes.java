package io.threadwire.tests.security;

import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeConfig;
import io.threadwire.distributed.TlsConfig;
import io.threadwire.testcerts.TestCa;
import io.threadwire.testcerts.TlsFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * TLS nodes for a test: a cluster CA, a temporary directory for each node's files, one shared
 * secret, and nodes started on 127.0.0.1 with this package's classes admitted. Closing closes
 * the nodes and deletes the files.
 */
final class TlsNodes implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    final TestCa ca = TestCa.create("threadwire test cluster CA");
    final Path dir;
    final String secret;
    private final List<Node> started = new ArrayList<>();

    TlsNodes() {
        try {
            dir = Files.createTempDirectory("threadwire-tls-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] s = new byte[32];
        RANDOM.nextBytes(s);
        secret = HexFormat.of().formatHex(s);
    }

    /** The files of a node named {@code name} with a certificate of the cluster CA naming 127.0.0.1 and {@code name}. */
    TlsConfig files(String name) {
        return TlsFiles.nodeDirectory(dir, name, ca.issue(name, "127.0.0.1", name));
    }

    /** The configuration of a node named {@code name} using {@code tls}. */
    NodeConfig.Builder config(String name, TlsConfig tls) {
        return NodeConfig.builder().port(0).host("127.0.0.1").name(name).secret(secret)
                .allowPackage(AttackedNode.PACKAGE).tls(tls);
    }

    /** Starts a node named {@code name} with the cluster CA's certificate for it. */
    Node start(String name) {
        return start(name, files(name), b -> b);
    }

    Node start(String name, TlsConfig tls, UnaryOperator<NodeConfig.Builder> more) {
        Node n = Node.start(more.apply(config(name, tls)).build());
        started.add(n);
        return n;
    }

    @Override
    public void close() throws IOException {
        started.forEach(Node::close);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
