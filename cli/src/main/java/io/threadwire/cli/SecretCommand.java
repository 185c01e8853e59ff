package io.threadwire.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
    private static final Path STANDARD = Path.of(System.getProperty("user.home"), ".threadwire", "secret");

    @Option(names = "--file", paramLabel = "FILE", description = "The secret file to write (default: ~/.threadwire/secret);"
            + " nodes read another only when given --secret-file FILE.")
    Path file = STANDARD;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        var out = spec.commandLine().getOut();
        if (generate) {
            if (Files.exists(file) && !force) {
                throw new IllegalArgumentException(file + " exists already: add --force to replace it"
                        + " (every node must then get the new secret)");
            }
            write(file);
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

    private static void write(Path file) throws IOException {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".secret", ".tmp");
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // a file system without POSIX permissions: the user's own directory is what protects it
        }
        Files.writeString(tmp, HexFormat.of().formatHex(bytes) + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
