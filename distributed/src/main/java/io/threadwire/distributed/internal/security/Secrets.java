package io.threadwire.distributed.internal.security;

import io.threadwire.core.ThreadwireException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the cluster's secrets come from: the configuration, else the environment variable
 * {@code THREADWIRE_SECRET}, else {@code ~/.threadwire/secret}, created on first use with 32
 * random bytes (hex) and owner-only permissions, so that one user's nodes on one machine agree
 * with no set-up. During a rollover the previous secret comes from the same place: the
 * configuration, {@code THREADWIRE_PREVIOUS_SECRET}, or {@code ~/.threadwire/secret.previous}.
 *
 * <p>Every secret must carry 128 bits ({@link SecretStrength}). A secret file must belong to the
 * user running the node and be readable by nobody else (as Erlang refuses a cookie file others
 * can read): the message says {@code chmod 600}.
 */
public final class Secrets {
    private static final Logger LOG = LoggerFactory.getLogger(Secrets.class);
    public static final String ENVIRONMENT_VARIABLE = "THREADWIRE_SECRET";
    public static final String PREVIOUS_ENVIRONMENT_VARIABLE = "THREADWIRE_PREVIOUS_SECRET";

    /** The current secret and, during a rollover, the previous one (else null). */
    public record Resolved(byte[] current, byte[] previous) {
    }

    private Secrets() {
    }

    /** The current secret, from {@code configured} or the environment or the file. */
    public static byte[] resolve(byte[] configured) {
        return resolve(configured, null).current();
    }

    /**
     * Both secrets: both from the configuration if it gives the current one; else the current one
     * from {@code THREADWIRE_SECRET} and the previous one from {@code THREADWIRE_PREVIOUS_SECRET};
     * else the current one from the file and the previous one from {@code THREADWIRE_PREVIOUS_SECRET}
     * or, without it, from {@code secret.previous} beside the file.
     */
    public static Resolved resolve(byte[] configured, byte[] configuredPrevious) {
        if (configured != null) {
            return new Resolved(configured, configuredPrevious);
        }
        String env = System.getenv(ENVIRONMENT_VARIABLE);
        if (env != null && !env.isBlank()) {
            String previous = System.getenv(PREVIOUS_ENVIRONMENT_VARIABLE);
            return new Resolved(fromEnvironment(ENVIRONMENT_VARIABLE, env),
                    previous == null || previous.isBlank() ? null : fromEnvironment(PREVIOUS_ENVIRONMENT_VARIABLE, previous));
        }
        Path dir = Path.of(System.getProperty("user.home"), ".threadwire");
        byte[] current = fromFile(dir.resolve("secret"));
        // The previous secret named in the environment counts beside the file's (as SecurityConfig
        // says): ignored, a node mid-rotation would refuse the nodes not yet given the new secret
        String previousEnv = System.getenv(PREVIOUS_ENVIRONMENT_VARIABLE);
        if (previousEnv != null && !previousEnv.isBlank()) {
            return new Resolved(current, fromEnvironment(PREVIOUS_ENVIRONMENT_VARIABLE, previousEnv));
        }
        Path previous = dir.resolve("secret.previous");
        return new Resolved(current, Files.exists(previous) ? readExisting(previous) : null);
    }

    private static byte[] fromEnvironment(String variable, String value) {
        byte[] s = value.strip().getBytes(StandardCharsets.UTF_8);
        String problem = SecretStrength.problem(s);
        if (problem != null) {
            throw new ThreadwireException(variable + ": " + problem);
        }
        return s;
    }

    /** The secret in {@code file}, which is made first if it does not exist. */
    public static byte[] fromFile(Path file) {
        try {
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                create(file);
            }
        } catch (IOException e) {
            throw unreadable(file, e);
        }
        return readExisting(file);
    }

    private static byte[] readExisting(Path file) {
        try {
            PrivateFiles.check(file, "the secret file");
            byte[] s = Files.readString(file, StandardCharsets.UTF_8).strip().getBytes(StandardCharsets.UTF_8);
            String problem = SecretStrength.problem(s);
            if (problem != null) {
                throw new ThreadwireException("the secret in " + file + ": " + problem + " (or delete the file to have a"
                        + " new one made)");
            }
            return s;
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    private static ThreadwireException unreadable(Path file, IOException e) {
        return new ThreadwireException("cannot read or create the secret file " + file + " (" + e.getMessage()
                + "); set NodeConfig secret or the " + ENVIRONMENT_VARIABLE + " environment variable instead", e);
    }

    /**
     * Makes the file whole or not at all: the secret is written to a private temporary file
     * first, which is then linked in under the final name (an atomic step that fails if the
     * file exists), so a node starting at the same moment reads either nothing or the full
     * secret, never a half-written one.
     */
    private static void create(Path file) throws IOException {
        PrivateFiles.createDirectories(file.getParent());
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String hex = HexFormat.of().formatHex(random) + System.lineSeparator();
        boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
        Path tmp = posix
                ? Files.createTempFile(file.getParent(), ".secret-", ".tmp", PosixFilePermissions.asFileAttribute(Set.of(
                        PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)))
                : Files.createTempFile(file.getParent(), ".secret-", ".tmp");
        try {
            Files.writeString(tmp, hex, StandardCharsets.UTF_8);
            try {
                Files.createLink(file, tmp);
            } catch (UnsupportedOperationException noHardLinks) {
                Files.move(tmp, file);
            }
            LOG.info("created a new cluster secret in {}; copy it to the other machines of the cluster (mode 600)", file);
        } catch (FileAlreadyExistsException raced) {
            // another node of this user made it first: use theirs
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
