package io.threadwire.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeConfig;
import io.threadwire.testkit.Timeouts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A secret file only its owner may use but that is executable ({@code rwx------}: a copy from a
 * file system that marks every file executable, a habit from key directories) is refused, as
 * every file but {@code rw-------} and {@code r--------} is, with a message that says what is
 * wrong. It said the file "may be read or changed by others (rwx------)", which the user's own
 * {@code ls -l} contradicts.
 */
class OwnerOnlySecretFileTest {
    @TempDir
    Path dir;

    private final String secret = HexFormat.of().formatHex(new SecureRandom().generateSeed(32));
    private Node server;
    private String home;

    @BeforeEach
    void start() {
        server = Node.start(NodeConfig.builder().port(0).secret(secret).build());
        home = System.getProperty("user.home");
    }

    @AfterEach
    void close() {
        System.setProperty("user.home", home);
        server.close();
    }

    private Path executable(Path file) throws IOException {
        Files.writeString(file, secret);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }

    private static void assertSaysExecutable(CliRun r, Path file) {
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("ping: the secret file " + file + " is executable (rwx------), which a file holding"
                + " a credential never is: make it readable by you only, chmod 600 " + file + System.lineSeparator());
        assertThat(r.out()).isEmpty();
    }

    @Test
    void anExecutableSecretFileIsRefusedAsExecutableNotAsReadableByOthers() throws IOException {
        Path file = executable(dir.resolve("secret"));
        assertSaysExecutable(CliRun.of("ping", server.address().toString(), "--secret-file=" + file,
                "--timeout=" + Timeouts.LONG.toMillis() + "ms"), file);
    }

    /** The same file as ~/.threadwire/secret; the node's own check, which a program's node makes, says the same. */
    @Test
    void anExecutableStandardSecretFileIsRefusedAsExecutable() throws IOException {
        assumeTrue(System.getenv(SecretCommand.ENVIRONMENT_VARIABLE) == null, "THREADWIRE_SECRET would be used instead");
        Path file = executable(Files.createDirectories(dir.resolve(".threadwire")).resolve("secret"));
        System.setProperty("user.home", dir.toString());
        assertSaysExecutable(CliRun.of("ping", server.address().toString(), "--timeout=" + Timeouts.LONG.toMillis() + "ms"),
                file);
    }
}
