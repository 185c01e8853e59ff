package io.threadwire.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code threadwire secret}: says where this user's nodes take the cluster's secret from, the
 * same rule a node follows ({@code THREADWIRE_SECRET}, else {@code ~/.threadwire/secret});
 * {@code --generate} writes a new one there, or to {@code --file} (32 random bytes, hex,
 * owner-only). Nodes read another file than {@code ~/.threadwire/secret} only when given it as
 * {@code --secret-file}, and it says so. It never prints the secret itself.
 */
@Command(name = "secret", mixinStandardHelpOptions = true,
        description = "Says where the cluster's secret comes from; --generate writes a new one to ~/.threadwire/secret.")
final class SecretCommand implements Callable<Integer> {
    static final String ENVIRONMENT_VARIABLE = "THREADWIRE_SECRET";

    @Option(names = "--generate", description = "Write a new secret to the file (32 random bytes, hex, mode 600).")
    boolean generate;

    @Option(names = "--force", description = "With --generate: replace an existing file (nodes using the old secret can no longer connect).")
    boolean force;

    /** Where a node takes the secret from when neither its configuration nor the environment gives one. */
    private static final Path STANDARD = standardFile();

    /** {@code ~/.threadwire/secret}, read now, as a node reads it when it starts. */
    static Path standardFile() {
        return Path.of(System.getProperty("user.home"), ".threadwire", "secret");
    }

    @Option(names = "--file", paramLabel = "FILE", description = "The secret file to write (default: ~/.threadwire/secret);"
            + " nodes read another only when given --secret-file FILE.")
    Path file = STANDARD;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        var out = spec.commandLine().getOut();
        if (force && !generate) { // else it replaces nothing, and says where the secret comes from as if asked that
            throw new IllegalArgumentException("--force replaces the secret file only with --generate: write threadwire"
                    + " secret --generate --force");
        }
        if (generate) {
            // before "exists already": --force would not help, and must not replace a device such as /dev/null
            if (Files.isDirectory(file)) {
                throw new IllegalArgumentException(file + " is a directory: give --file the path of a file, e.g. "
                        + file.resolve("secret"));
            }
            if (Files.exists(file) && !Files.isRegularFile(file)) {
                throw new IllegalArgumentException(file + " is not a regular file (a device, pipe or socket): give --file"
                        + " the path of a file, new or holding a secret");
            }
            if (Files.exists(file) && !force) {
                throw new IllegalArgumentException(file + " exists already: add --force to replace it"
                        + " (every node must then get the new secret)");
            }
            try {
                write(file);
            } catch (IOException e) {
                throw cannotWrite(file, e);
            }
            out.println("wrote a new secret to " + file + " (mode 600); copy it to every node of the cluster");
        }
        // Nodes follow their own rule, whatever --file says: the environment, else ~/.threadwire/secret.
        String env = System.getenv(ENVIRONMENT_VARIABLE);
        if (env != null && !env.isBlank()) {
            out.println("nodes started here use the secret in the environment variable " + ENVIRONMENT_VARIABLE
                    + " (it overrides " + STANDARD + ")");
        } else if (Files.exists(STANDARD)) {
            out.println("nodes started here use the secret in " + STANDARD);
        } else {
            out.println("nodes started here will create a secret in " + STANDARD + " on first use;"
                    + " give every node of a cluster the same one");
        }
        if (!file.toAbsolutePath().normalize().equals(STANDARD.toAbsolutePath().normalize())) {
            out.println(file + (Files.exists(file) ? " holds a secret;" : " holds no secret yet;") + " a node or"
                    + " command uses it only when given --secret-file " + file);
        }
        return 0;
    }

    /**
     * Writes a new secret to a temporary file beside {@code file}, then moves it into place, so
     * that no node ever reads half a secret; the temporary file is removed if that fails.
     */
    private static void write(Path file) throws IOException {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        Path dir = file.toAbsolutePath().getParent();
        createPrivateDirectories(dir);
        Path tmp;
        try {
            tmp = Files.createTempFile(dir, ".secret", ".tmp");
        } catch (FileSystemException e) { // name the directory the user chose, not a temporary file they never saw
            throw e instanceof AccessDeniedException ? new AccessDeniedException(dir.toString())
                    : new FileSystemException(dir.toString(), null, "cannot make a file there"
                    + (e.getReason() == null ? "" : " (" + e.getReason() + ")"));
        }
        boolean moved = false;
        try {
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // a file system without POSIX permissions: the user's own directory is what protects it
            }
            Files.writeString(tmp, HexFormat.of().formatHex(bytes) + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp); // it holds a secret nobody will use
            }
        }
    }

    /**
     * Makes {@code dir} and its missing parents readable by the owner only ({@code rwx------})
     * where the file system has POSIX permissions, as ssh makes {@code ~/.ssh}: others need not
     * even list where a secret is kept. A directory that exists is left as it is.
     */
    static void createPrivateDirectories(Path dir) throws IOException {
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(dir);
        }
    }

    /**
     * What the user reads when {@code file} cannot be written: the file, what stood in the way,
     * and what to do. It is the user's to fix, not a bug: an {@link IllegalArgumentException},
     * which exits 2 without a stack trace, as a {@code --secret-file} that cannot be read does.
     */
    static IllegalArgumentException cannotWrite(Path file, IOException e) {
        String where = e instanceof FileSystemException f && f.getFile() != null ? f.getFile() : String.valueOf(file);
        Path notADirectory = nearestExisting(file.toAbsolutePath().getParent());
        String why = notADirectory != null && !Files.isDirectory(notADirectory)
                ? notADirectory + " is not a directory" // the system names the path it failed on, below this one
                : switch (e) {
                    case AccessDeniedException a -> "permission denied on " + where;
                    case NoSuchFileException n -> where + " does not exist and cannot be made";
                    case FileSystemException f when f.getReason() != null -> where + ": " + f.getReason();
                    default -> String.valueOf(e.getMessage());
                };
        return new IllegalArgumentException("cannot write the secret file " + file + ": " + why + "; give --file a path"
                + " in a directory you can write (nothing was written)", e);
    }

    /** {@code dir} or its nearest ancestor that exists, or null if none does. */
    private static Path nearestExisting(Path dir) {
        Path p = dir;
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        return p;
    }
}
