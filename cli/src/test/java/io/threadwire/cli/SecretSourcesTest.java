package io.threadwire.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeConfig;
import io.threadwire.testkit.Timeouts;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A secret that a command cannot use, wherever it comes from (--secret-file or
 * ~/.threadwire/secret), is the user's to fix: exit 2 and a message that names the source and
 * says what to do, as docs/cli.md promises.
 */
class SecretSourcesTest {
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

    private static void assertUsageError(CliRun r, String sub, String start) {
        assertThat(r.exit()).as(sub + ": " + r.err()).isEqualTo(2);
        assertThat(r.err()).as(sub).startsWith(sub + ": " + start).doesNotContain("\tat ").hasLineCount(1);
        assertThat(r.out()).as(sub).isEmpty();
    }

    /** A ~/.threadwire/secret that others may read is refused with exit 2, as such a --secret-file is. */
    @Test
    void aStandardSecretFileOthersMayReadIsAUsageError() throws IOException {
        assumeTrue(System.getenv(SecretCommand.ENVIRONMENT_VARIABLE) == null, "THREADWIRE_SECRET would be used instead");
        Path file = Files.createDirectories(dir.resolve(".threadwire")).resolve("secret");
        Files.writeString(file, secret);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        System.setProperty("user.home", dir.toString());
        for (String sub : List.of("ping", "node")) {
            CliRun r = CliRun.of(sub, sub.equals("node") ? "--port=0" : server.address().toString(),
                    "--timeout=" + Timeouts.LONG.toMillis() + "ms");
            assertUsageError(r, sub, "the secret file " + file + " may be read or changed by others");
            assertThat(r.err()).as(sub).contains("chmod 600 " + file);
        }
    }

    /** An empty or weak --secret-file is named in the message, which says how to make a good secret. */
    @Test
    void aWeakSecretFileIsAUsageErrorThatNamesIt() throws IOException {
        Path empty = ThreadwireCommandTest.privateFile(dir.resolve("empty"), "");
        CliRun r = CliRun.of("ping", server.address().toString(), "--secret-file=" + empty);
        assertUsageError(r, "ping", "the secret in " + empty + ": the secret can carry at most 0 bits");
        assertThat(r.err()).contains("threadwire secret --generate --force --file " + empty);
    }

    /** A --secret-file that does not exist says so in words, not with the name of a Java exception. */
    @Test
    void aMissingSecretFileSaysNoSuchFile() {
        Path missing = dir.resolve("missing");
        CliRun r = CliRun.of("ping", server.address().toString(), "--secret-file=" + missing);
        assertUsageError(r, "ping", "cannot read the secret file " + missing + " (no such file): ");
        assertThat(r.err()).doesNotContain("Exception");
    }

    /**
     * A ~/.threadwire/secret the user may not read is a usage error that says to make it readable,
     * not to give --secret-file another file. Permissions do not stop root: skipped as root, and
     * the message is checked as root too below.
     */
    @Test
    void anUnreadableStandardSecretFileSaysToFixItsPermissions() throws IOException {
        assumeTrue(System.getenv(SecretCommand.ENVIRONMENT_VARIABLE) == null, "THREADWIRE_SECRET would be used instead");
        Path file = Files.createDirectories(dir.resolve(".threadwire")).resolve("secret");
        Files.writeString(file, secret);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("-w-------"));
        assumeFalse(Files.isReadable(file), "permissions do not stop this user's reads (root)");
        System.setProperty("user.home", dir.toString());
        CliRun r = CliRun.of("ping", server.address().toString(), "--timeout=" + Timeouts.LONG.toMillis() + "ms");
        assertUsageError(r, "ping", "cannot read the secret file " + file + " (permission denied): ");
        assertThat(r.err()).contains("chmod 600 " + file).doesNotContain("give --secret-file");
    }

    /** The message for an unreadable ~/.threadwire/secret (built without the file system, so also as root). */
    @Test
    void aPermissionDeniedOnTheStandardSecretSaysToMakeItReadable() {
        System.setProperty("user.home", dir.toString());
        Path file = SecretCommand.standardFile();
        assertThat(ClientOptions.cannotRead(file, new AccessDeniedException(file.toString())))
                .hasMessage("cannot read the secret file " + file + " (permission denied): every node started here"
                        + " reads it: make it yours and readable by you (chown " + System.getProperty("user.name") + " "
                        + file + "; chmod 600 " + file + "), or give the secret in THREADWIRE_SECRET or with --secret-file");
        Path other = dir.resolve("other");
        assertThat(ClientOptions.cannotRead(other, new AccessDeniedException(other.toString())))
                .hasMessageContaining("give --secret-file a readable file");
    }

    /*
     * A secret file only its owner may use but that is executable (rwx------: a copy from a file
     * system that marks every file executable) is refused, as every file but rw------- and
     * r-------- is, with a message that says what is wrong; it said the file "may be read or
     * changed by others (rwx------)", which the user's own ls -l contradicts.
     */

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
