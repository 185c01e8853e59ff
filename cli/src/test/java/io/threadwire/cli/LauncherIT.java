package io.threadwire.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeConfig;
import io.threadwire.testkit.Timeouts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installed tool as {@code ./mvnw -q -pl cli -am package -DskipTests} leaves it, run as a
 * user runs it: {@code target/threadwire/bin/threadwire}, directly and through a symbolic link
 * (as in {@code ~/.local/bin}). Runs after {@code package} (maven-failsafe-plugin).
 */
class LauncherIT {
    private static final Path LAUNCHER = Path.of("target", "threadwire", "bin", "threadwire").toAbsolutePath();

    @TempDir
    Path dir;

    private final String secret = HexFormat.of().formatHex(new SecureRandom().generateSeed(32));

    /** What one run of the launcher printed and returned. */
    private record Run(int exit, String out, String err) {
    }

    private Run run(Path launcher, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(launcher.toString()));
        cmd.addAll(List.of(args));
        Path out = dir.resolve("out"), err = dir.resolve("err");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("THREADWIRE_SECRET", secret);
        Process p = pb.start();
        if (!p.waitFor(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(cmd + " did not end within " + Timeouts.LONG);
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void theLauncherPrintsTheJarsVersion() throws Exception {
        Run r = run(LAUNCHER, "--version");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().strip()).matches("threadwire \\d+\\.\\d+\\.\\d+.*");
    }

    /** A node that holds another secret: the documented two lines, pang and why, and no log line repeating it. */
    @Test
    void pingWithAnotherSecretPrintsPangAndOneLineWhy() throws Exception {
        String other = HexFormat.of().formatHex(new SecureRandom().generateSeed(32));
        try (Node node = Node.start(NodeConfig.builder().port(0).secret(other).build())) {
            Run r = run(LAUNCHER, "ping", node.address().toString(), "--timeout=" + Timeouts.LONG.toMillis() + "ms");
            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.out()).isEqualTo("pang " + node.address() + System.lineSeparator());
            assertThat(r.err().lines()).singleElement().asString().startsWith("ping: node " + node.address()
                    + " is unreachable: refused by the peer: authentication failed (it holds another secret");
        }
    }

    @Test
    void theLauncherReachedThroughASymbolicLinkPingsANode() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("threadwire"), LAUNCHER);
        try (Node node = Node.start(NodeConfig.builder().port(0).secret(secret).build())) {
            Run r = run(link, "ping", node.address().toString(), "--timeout=" + Timeouts.LONG.toMillis() + "ms");
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).startsWith("pong " + node.address() + " in ");
        }
    }
}
