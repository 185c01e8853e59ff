package io.threadwire.distributed.internal.security;

import io.threadwire.core.ThreadwireException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the cluster's secret comes from: the configuration, else the environment variable
 * {@code THREADWIRE_SECRET}, else {@code ~/.threadwire/secret}, created on first use with 32
 * random bytes (hex) and owner-only permissions, so that one user's nodes on one machine
 * agree with no set-up.
 */
public final class Secrets {
    private static final Logger LOG = LoggerFactory.getLogger(Secrets.class);
    public static final String ENVIRONMENT_VARIABLE = "THREADWIRE_SECRET";

    private Secrets() {
    }

    public static byte[] resolve(byte[] configured) {
        if (configured != null) {
            return configured;
        }
        String env = System.getenv(ENVIRONMENT_VARIABLE);
        if (env != null && !env.isBlank()) {
            byte[] s = env.strip().getBytes(StandardCharsets.UTF_8);
            if (s.length < 16) {
                throw new ThreadwireException(ENVIRONMENT_VARIABLE + " holds " + s.length
                        + " bytes; a secret needs at least 16 (e.g. 64 hex digits)");
            }
            return s;
        }
        return fromFile(Path.of(System.getProperty("user.home"), ".threadwire", "secret"));
    }

    public static byte[] fromFile(Path file) {
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            byte[] s = Files.readString(file, StandardCharsets.UTF_8).strip().getBytes(StandardCharsets.UTF_8);
            if (s.length < 16) {
                throw new ThreadwireException("the secret in " + file + " has " + s.length
                        + " bytes; a secret needs at least 16: delete the file to have a new one made");
            }
            return s;
        } catch (IOException e) {
            throw new ThreadwireException("cannot read or create the secret file " + file + " (" + e.getMessage()
                    + "); set NodeConfig secret or the " + ENVIRONMENT_VARIABLE + " environment variable instead", e);
        }
    }

    /**
     * Makes the file whole or not at all: the secret is written to a private temporary file
     * first, which is then linked in under the final name (an atomic step that fails if the
     * file exists), so a node starting at the same moment reads either nothing or the full
     * secret, never a half-written one.
     */
    private static void create(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String hex = HexFormat.of().formatHex(random) + System.lineSeparator();
        boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
        Path tmp = posix
                ? Files.createTempFile(file.getParent(), ".secret-", ".tmp", PosixFilePermissions.asFileAttribute(Set.of(
                        java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE)))
                : Files.createTempFile(file.getParent(), ".secret-", ".tmp");
        try {
            Files.writeString(tmp, hex, StandardCharsets.UTF_8);
            try {
                Files.createLink(file, tmp);
            } catch (UnsupportedOperationException noHardLinks) {
                Files.move(tmp, file);
            }
            LOG.info("created a new cluster secret in {}; copy it to the other machines of the cluster", file);
        } catch (FileAlreadyExistsException raced) {
            // another node of this user made it first: use theirs
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
