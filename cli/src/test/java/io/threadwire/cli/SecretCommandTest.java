package io.threadwire.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code threadwire secret --generate} where the file cannot be written: one line that names the
 * path and says what to do, exit 2 (as for a --secret-file that cannot be read), no stack trace,
 * and nothing left behind.
 */
class SecretCommandTest {
    @TempDir
    Path dir;

    private static void assertClearError(CliRun r, String start) {
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith(start).doesNotContain("unexpected failure").doesNotContain("\tat ")
                .contains("give --file").hasLineCount(1);
        assertThat(r.out()).isEmpty();
    }

    /**
     * --force without --generate is a usage error that says to add --generate: it replaced nothing,
     * and the command answered as if asked where the secret comes from, exit 0, which a user who
     * meant to replace the secret would take for done.
     */
    @Test
    void forceWithoutGenerateIsAUsageErrorThatSaysToAddIt() throws IOException {
        Path file = dir.resolve("secret");
        Files.writeString(file, "old");
        CliRun r = CliRun.of("secret", "--force", "--file=" + file);
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("secret: --force replaces the secret file only with --generate: write threadwire"
                + " secret --generate --force" + System.lineSeparator());
        assertThat(r.out()).isEmpty();
        assertThat(Files.readString(file)).isEqualTo("old");
    }

    /** The names of the files in {@code d}, to check that a failed write left no temporary file with a secret in it. */
    private static Stream<String> files(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).toList().stream();
        }
    }

    /** A --file that is a directory is refused as such, with or without --force, and the directory is left alone. */
    @Test
    void aFileThatIsADirectoryIsAClearError() throws IOException {
        Path d = Files.createDirectory(dir.resolve("d"));
        for (String force : new String[] {"--force=false", "--force"}) {
            CliRun r = CliRun.of("secret", "--generate", force, "--file=" + d);
            assertClearError(r, "secret: " + d + " is a directory: ");
            assertThat(r.err()).contains("give --file the path of a file, e.g. " + d.resolve("secret"));
        }
        assertThat(files(d)).isEmpty();
        assertThat(files(dir)).containsExactly("d");
    }

    /** A --file that is no regular file (here a socket; /dev/null alike) is refused even with --force, and left alone. */
    @Test
    void aFileThatIsNoRegularFileIsNeverReplaced() throws IOException {
        Path socket = dir.resolve("socket");
        try (ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.bind(UnixDomainSocketAddress.of(socket));
            CliRun r = CliRun.of("secret", "--generate", "--force", "--file=" + socket);
            assertClearError(r, "secret: " + socket + " is not a regular file (a device, pipe or socket): give --file");
            assertThat(Files.isRegularFile(socket)).as("still a socket").isFalse();
        }
    }

    /** A --file whose parent is a regular file is a clear error naming that file. */
    @Test
    void aFileUnderARegularFileIsAClearError() throws IOException {
        Path f = Files.writeString(dir.resolve("f"), "");
        for (Path file : new Path[] {f.resolve("secret"), f.resolve("sub/secret")}) {
            CliRun r = CliRun.of("secret", "--generate", "--file=" + file);
            assertClearError(r, "secret: cannot write the secret file " + file + ": " + f + " is not a directory;");
        }
        assertThat(files(dir)).containsExactly("f");
    }

    /** A --file whose parent directories are missing gets them made (as ~/.threadwire is on first use), owner-only as ~/.ssh. */
    @Test
    void missingParentDirectoriesAreMadeOwnerOnly() throws IOException {
        Path file = dir.resolve("a/.threadwire/secret");
        CliRun r = CliRun.of("secret", "--generate", "--file=" + file);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Files.readString(file).strip()).matches("[0-9a-f]{64}");
        for (Path made : new Path[] {dir.resolve("a"), file.getParent()}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(made))).as(made.toString())
                    .isEqualTo("rwx------");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    /** A --file in a directory the user may not write (or under one, where its parent cannot be made) is a clear error. */
    @Test
    void aFileInADirectoryThatIsNotWritableIsAClearError() throws IOException {
        Path locked = Files.createDirectory(dir.resolve("locked"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeFalse(canWrite(locked), "permissions do not stop this user's writes (root)");
            for (Path file : new Path[] {locked.resolve("secret"), locked.resolve("missing/secret")}) {
                CliRun r = CliRun.of("secret", "--generate", "--file=" + file);
                assertClearError(r, "secret: cannot write the secret file " + file + ": permission denied on ");
            }
            assertThat(files(locked)).isEmpty();
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------")); // so that @TempDir can delete it
        }
    }

    /** A write refused for permissions names the directory (checked without the file system, so also as root). */
    @Test
    void aPermissionDeniedSaysOnWhatAndWhatToDo() {
        Path file = dir.resolve("locked/secret");
        assertThat(SecretCommand.cannotWrite(file, new AccessDeniedException(dir.resolve("locked").toString())))
                .hasMessage("cannot write the secret file " + file + ": permission denied on " + dir.resolve("locked")
                        + "; give --file a path in a directory you can write (nothing was written)");
    }

    private static boolean canWrite(Path d) {
        try {
            Files.delete(Files.createFile(d.resolve("probe")));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
