package io.threadwire.distributed.internal.security;

import io.threadwire.core.ThreadwireException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.Set;

/**
 * The check every file holding a credential passes (the cluster secret, a TLS private key or
 * its password): it must belong to the user running the node and be readable by nobody else,
 * as Erlang refuses a cookie file others can read. On a file system without POSIX permissions
 * its own ACLs apply and nothing is checked.
 */
public final class PrivateFiles {
    private PrivateFiles() {
    }

    /**
     * @param what what the file holds, for the message ("the secret file", "the TLS key file")
     * @throws ThreadwireException saying how to fix the owner or the permissions
     */
    public static void check(Path file, String what) throws IOException {
        if (!file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        UserPrincipal owner = Files.getOwner(file);
        Long uid = processUid();
        String me = System.getProperty("user.name");
        boolean mine = uid != null && file.getFileSystem().supportedFileAttributeViews().contains("unix")
                ? uid.equals(((Number) Files.getAttribute(file, "unix:uid")).longValue())
                : me == null || owner.getName().equals(me);
        if (!mine) {
            String who = uid != null && (me == null || me.equals("?")) ? String.valueOf(uid) : me;
            throw new ThreadwireException(what + " " + file + " belongs to " + owner.getName()
                    + ", not to " + who + " who runs this node: make it yours (chown " + who + " " + file
                    + ") and readable by you only (chmod 600 " + file + ")");
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        String problem = problem(perms);
        if (problem != null) {
            throw new ThreadwireException(what + " " + file + " " + problem + ": make it readable by you only, chmod 600 "
                    + file);
        }
    }

    /**
     * The user id this JVM runs as, or null where the JDK cannot say (not a Unix system). Files
     * are compared with it rather than by name: a user id with no name (a container's arbitrary
     * user) has {@code user.name} "?" while its files' owner reads as the number, and its own
     * secret file would be refused.
     */
    private static Long processUid() {
        try {
            return new com.sun.security.auth.module.UnixSystem().getUid();
        } catch (LinkageError | RuntimeException notUnix) {
            return null;
        }
    }

    /**
     * What is wrong with a credential file's permissions, or null if nothing: only its owner may
     * read and write it. A file only its owner may use but that is executable ({@code rwx------})
     * is refused too, but not as one others may read, which it is not.
     */
    private static String problem(Set<PosixFilePermission> perms) {
        Set<PosixFilePermission> extra = perms.isEmpty() ? EnumSet.noneOf(PosixFilePermission.class) : EnumSet.copyOf(perms);
        extra.removeAll(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        if (extra.isEmpty()) {
            return null;
        }
        String mode = PosixFilePermissions.toString(perms);
        return extra.equals(Set.of(PosixFilePermission.OWNER_EXECUTE))
                ? "is executable (" + mode + "), which a file holding a credential never is"
                : "may be read or changed by others (" + mode + ")";
    }

    /**
     * Makes {@code dir} and its missing parents readable by the owner only ({@code rwx------})
     * where the file system has POSIX permissions, as ssh makes {@code ~/.ssh}: others need not
     * even list where a credential is kept. A directory that exists is left as it is.
     */
    public static void createDirectories(Path dir) throws IOException {
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(Set.of(PosixFilePermission.OWNER_READ,
                    PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE)));
        } else {
            Files.createDirectories(dir);
        }
    }
}
