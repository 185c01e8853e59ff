package io.threadwire.cli;

import io.threadwire.core.ThreadwireException;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * The options every command that talks to a node shares, and the short-lived node (on a free
 * port) it talks through. The secret is never an argument (others could read it in the process
 * list): {@code THREADWIRE_SECRET}, {@code ~/.threadwire/secret}, or {@code --secret-file} (a file
 * of the user's, readable by them only, as {@code ~/.threadwire/secret} must be).
 */
final class ClientOptions {
    @Option(names = "--timeout", defaultValue = "5s", converter = DurationConverter.class,
            description = "How long to wait for the connection and for each answer (e.g. 500ms, 5s, 1m; default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--secret-file", paramLabel = "FILE",
            description = "Read the cluster's secret from FILE instead of THREADWIRE_SECRET or ~/.threadwire/secret.")
    Path secretFile;

    @Option(names = Trace.OPTION, description = "Log every message this node sends or receives (to standard error).")
    boolean trace;

    /** The configuration of a node on {@code port} with these options. */
    NodeConfig.Builder config(int port) {
        NodeConfig.Builder b = NodeConfig.builder().port(port).connectTimeout(timeout);
        if (secretFile != null) {
            b.secret(checkedSecret(readSecret(secretFile), secretFile));
        } else {
            checkStandardSecret();
        }
        return b;
    }

    /**
     * Checks ahead of the node the secret it will take ({@code THREADWIRE_SECRET}, else an existing
     * {@code ~/.threadwire/secret}) as {@code --secret-file} is checked, so that a secret the user
     * must fix ends the command the same way, exit 2; the node still reads it itself (and a
     * previous secret beside it, during a rollover).
     */
    private static void checkStandardSecret() {
        String env = System.getenv(SecretCommand.ENVIRONMENT_VARIABLE);
        if (env != null && !env.isBlank()) {
            checkedSecret(env.strip(), SecretCommand.ENVIRONMENT_VARIABLE);
            return;
        }
        Path standard = SecretCommand.standardFile();
        if (Files.exists(standard)) { // else the node makes one
            checkedSecret(readSecret(standard), standard);
        }
    }

    /** {@code secret} if a node accepts it; else what is wrong with it and where it came from. */
    private static String checkedSecret(String secret, Object source) {
        try {
            NodeConfig.builder().secret(secret);
            return secret;
        } catch (IllegalArgumentException e) {
            String problem = e.getMessage().replaceFirst("^secret: ", "");
            throw new IllegalArgumentException(source instanceof Path file
                    ? "the secret in " + file + ": " + problem + " (threadwire secret --generate --force --file " + file
                    + " writes one)"
                    : source + ": " + problem, e);
        }
    }

    /**
     * Runs {@code work} on a thread of a new node on a free port, closes the node (letting what
     * was sent leave first) and returns the result or rethrows what {@code work} threw (an
     * {@link Error} wrapped, so that the command ends as an unexpected failure). The node
     * is hidden: the nodes it talks to do not count it as a member of their cluster, and it
     * meets no one else.
     */
    <T> T onClientNode(Function<Node, T> work) {
        try (Node node = Node.start(config(0).hidden(true).build())) {
            CompletableFuture<T> result = new CompletableFuture<>();
            node.spawn("threadwire-cli", () -> {
                try {
                    result.complete(work.apply(node));
                } catch (Throwable e) { // an Error too: else the result never comes and the command hangs
                    result.completeExceptionally(e);
                }
            });
            return result.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ThreadwireException("interrupted");
        }
    }

    /**
     * Refuses a secret file that another user owns or that others may read or change, as a node
     * refuses such a {@code ~/.threadwire/secret} (and Erlang such a cookie file). On a file
     * system without POSIX permissions its own ACLs apply and nothing is checked.
     */
    private static void checkPrivate(Path file) throws IOException {
        if (!file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        String owner = Files.getOwner(file).getName();
        String me = System.getProperty("user.name");
        if (me != null && !owner.equals(me)) {
            throw new IllegalArgumentException("the secret file " + file + " belongs to " + owner + ", not to " + me
                    + ": make it yours (chown " + me + " " + file + ") and readable by you only (chmod 600 " + file + ")");
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        Set<PosixFilePermission> extra = perms.isEmpty() ? EnumSet.noneOf(PosixFilePermission.class) : EnumSet.copyOf(perms);
        extra.removeAll(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        if (!extra.isEmpty()) {
            String mode = PosixFilePermissions.toString(perms);
            // rwx------ is refused as a node refuses it, but not as a file others may read, which it is not
            throw new IllegalArgumentException("the secret file " + file + (extra.equals(Set.of(PosixFilePermission.OWNER_EXECUTE))
                    ? " is executable (" + mode + "), which a file holding a credential never is"
                    : " may be read or changed by others (" + mode + ")") + ": make it readable by you only, chmod 600 " + file);
        }
    }

    /**
     * The secret in {@code file}, which must be private to the user ({@link #checkPrivate}). A file that cannot be read is the user's to fix, not a bug:
     * {@link IllegalArgumentException}, which exits 2 with the message and no stack trace.
     */
    static String readSecret(Path file) {
        try {
            checkPrivate(file);
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw cannotRead(file, e);
        }
    }

    /**
     * What the user reads when {@code file} cannot be read. The advice depends on where the file
     * came from: a {@code --secret-file} can be replaced with another, but
     * {@code ~/.threadwire/secret} is read by every node this user starts, so it must be made
     * readable (or the secret given elsewhere).
     */
    static IllegalArgumentException cannotRead(Path file, IOException e) {
        Path standard = SecretCommand.standardFile();
        boolean isStandard = file.toAbsolutePath().normalize().equals(standard.toAbsolutePath().normalize());
        String advice = !isStandard
                ? "give --secret-file a readable file that holds the cluster's secret, or leave the option out to use "
                        + SecretCommand.ENVIRONMENT_VARIABLE + " or ~/.threadwire/secret"
                : e instanceof AccessDeniedException
                        ? "every node started here reads it: make it yours and readable by you (chown "
                                + System.getProperty("user.name") + " " + file + "; chmod 600 " + file + "), or give the"
                                + " secret in " + SecretCommand.ENVIRONMENT_VARIABLE + " or with --secret-file"
                        : "every node started here reads it: fix it or replace it (threadwire secret --generate --force),"
                                + " or give the secret in "
                                + SecretCommand.ENVIRONMENT_VARIABLE + " or with --secret-file";
        return new IllegalArgumentException("cannot read the secret file " + file + " (" + describe(e) + "): " + advice, e);
    }

    /** What went wrong, in words: the system's reason, without the name of a Java exception. */
    private static String describe(IOException e) {
        return switch (e) {
            case NoSuchFileException n -> "no such file";
            case AccessDeniedException a -> "permission denied";
            case FileSystemException f when f.getReason() != null -> f.getReason();
            default -> String.valueOf(e.getMessage());
        };
    }
}
