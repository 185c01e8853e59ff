package io.threadwire.distributed.internal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threadwire.core.ThreadwireException;
import io.threadwire.testkit.Timeouts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario: where a node's secret comes from (the configuration, else {@code THREADWIRE_SECRET},
 * else {@code ~/.threadwire/secret}), and the secret file's safety: made on first use with
 * owner-only permissions and 64 hex digits, reused afterwards, refused when too short. In this
 * package to reach the package-private {@link Secrets}; nothing touches the real home
 * directory (the environment cases run in a child JVM with its own {@code user.home}).
 */
class HostileSecretFileTest {
    private static final Duration CHILD_PATIENCE = Timeouts.LONG.multipliedBy(2);

    @TempDir
    Path home;

    /** A secret file made on first use is readable and writable by its owner only, and holds 64 hex digits. */
    @Test
    void aNewSecretFileIsOwnerOnlyAndHolds64HexDigits() throws IOException {
        Path file = home.resolve(".threadwire").resolve("secret");
        byte[] secret = Secrets.fromFile(file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        String content = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(content.strip()).matches("[0-9a-f]{64}");
        assertThat(new String(secret, StandardCharsets.UTF_8)).isEqualTo(content.strip());
    }

    /** The directories made for a new secret file ({@code ~/.threadwire}) are the owner's only, as ssh makes ~/.ssh. */
    @Test
    void theDirectoriesMadeForTheSecretAreOwnerOnly() throws IOException {
        Path file = home.resolve("made").resolve(".threadwire").resolve("secret");
        Secrets.fromFile(file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("made")))).isEqualTo("rwx------");
    }

    /** The secret file is reused, unchanged, on the next call. */
    @Test
    void theSecretFileIsReused() throws IOException {
        Path file = home.resolve(".threadwire").resolve("secret");
        byte[] first = Secrets.fromFile(file);
        Files.setLastModifiedTime(file, FileTime.fromMillis(1_000_000_000_000L));
        byte[] second = Secrets.fromFile(file);
        assertThat(second).isEqualTo(first);
        assertThat(Files.getLastModifiedTime(file).toMillis()).as("the file was rewritten").isEqualTo(1_000_000_000_000L);
    }

    /** A secret file whose secret cannot carry 128 bits is refused with a message that says what to do. */
    @Test
    void aShortSecretFileIsRefused() throws IOException {
        Path file = privateFile(home.resolve("secret"), "too short\n");
        assertThatThrownBy(() -> Secrets.fromFile(file)).isInstanceOf(ThreadwireException.class)
                .hasMessageContaining("128").hasMessageContaining("openssl rand -hex 32")
                .hasMessageContaining("delete the file");
    }

    /** A secret file others may read (or write) is refused, and the message says chmod 600. */
    @Test
    void aSecretFileOthersCanReadIsRefused() throws IOException {
        for (String perms : new String[] {"rw-r--r--", "rw----r--", "rw--w----", "rwx------"}) {
            Path file = privateFile(home.resolve("secret-" + perms), HexFormat.of().formatHex(new byte[32]).replace('0', 'a')
                    + "0123456789bcdef\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(perms));
            assertThatThrownBy(() -> Secrets.fromFile(file)).as(perms).isInstanceOf(ThreadwireException.class)
                    .hasMessageContaining("chmod 600 " + file);
        }
    }

    /** An executable secret file only its owner may use is refused as executable, not as one others may read. */
    @Test
    void anExecutableSecretFileIsRefusedSayingSo() throws IOException {
        Path file = privateFile(home.resolve("secret-x"), HexFormat.of().formatHex(new byte[32]).replace('0', 'a')
                + "0123456789bcdef\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        assertThatThrownBy(() -> Secrets.fromFile(file)).isInstanceOf(ThreadwireException.class)
                .hasMessage("the secret file " + file + " is executable (rwx------), which a file holding a credential"
                        + " never is: make it readable by you only, chmod 600 " + file);
    }

    /** A secret file that exists with owner-only permissions is used; so is the previous secret beside it. */
    @Test
    void thePreviousSecretFileIsUsedBesideTheSecret() throws Exception {
        Path dir = Files.createDirectories(home.resolve(".threadwire"));
        String current = "0123456789abcdef0123456789abcdef";
        String previous = "fedcba9876543210fedcba9876543210";
        privateFile(dir.resolve("secret"), current + "\n");
        privateFile(dir.resolve("secret.previous"), previous + "\n");
        assertThat(probe(Map.of())).isEqualTo(hex(current) + " " + hex(previous));
    }

    /** THREADWIRE_PREVIOUS_SECRET goes with THREADWIRE_SECRET; a weak one is refused like the secret. */
    @Test
    void thePreviousSecretComesFromTheEnvironmentWithTheSecret() throws Exception {
        String current = "0123456789abcdef0123456789abcdef";
        String previous = "fedcba9876543210fedcba9876543210";
        assertThat(probe(Map.of(Secrets.ENVIRONMENT_VARIABLE, current, Secrets.PREVIOUS_ENVIRONMENT_VARIABLE, previous)))
                .isEqualTo(hex(current) + " " + hex(previous));
        assertThat(probe(Map.of(Secrets.ENVIRONMENT_VARIABLE, current, Secrets.PREVIOUS_ENVIRONMENT_VARIABLE, "weak")))
                .startsWith("error: ").contains(Secrets.PREVIOUS_ENVIRONMENT_VARIABLE).contains("openssl rand -hex 32");
    }

    /**
     * THREADWIRE_PREVIOUS_SECRET counts beside the secret file too (SecurityConfig: with no
     * configured secret the previous one comes from it), and before a secret.previous file.
     */
    @Test
    void thePreviousSecretComesFromTheEnvironmentBesideTheSecretFile() throws Exception {
        Path dir = Files.createDirectories(home.resolve(".threadwire"));
        String current = "0123456789abcdef0123456789abcdef";
        String previous = "fedcba9876543210fedcba9876543210";
        privateFile(dir.resolve("secret"), current + "\n");
        assertThat(probe(Map.of(Secrets.PREVIOUS_ENVIRONMENT_VARIABLE, previous))).isEqualTo(hex(current) + " " + hex(previous));
        privateFile(dir.resolve("secret.previous"), "00112233445566778899aabbccddeeff\n");
        assertThat(probe(Map.of(Secrets.PREVIOUS_ENVIRONMENT_VARIABLE, previous))).isEqualTo(hex(current) + " " + hex(previous));
    }

    private static String hex(String s) {
        return HexFormat.of().formatHex(s.getBytes(StandardCharsets.UTF_8));
    }

    private static Path privateFile(Path file, String content) throws IOException {
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    /** A configured secret wins: it is used as given. */
    @Test
    void theConfiguredSecretWins() {
        byte[] configured = "a configured secret of 32 bytes!".getBytes(StandardCharsets.UTF_8);
        assertThat(Secrets.resolve(configured)).isEqualTo(configured);
    }

    /** Without a configured secret, THREADWIRE_SECRET wins over the file, and no file is made. */
    @Test
    void theEnvironmentWinsOverTheFile() throws Exception {
        String env = "an environment secret, 40 bytes long....";
        assertThat(probe(Map.of(Secrets.ENVIRONMENT_VARIABLE, env)))
                .isEqualTo(HexFormat.of().formatHex(env.getBytes(StandardCharsets.UTF_8)));
        assertThat(home.resolve(".threadwire")).doesNotExist();
    }

    /** A THREADWIRE_SECRET shorter than 16 bytes is refused. */
    @Test
    void aShortEnvironmentSecretIsRefused() throws Exception {
        assertThat(probe(Map.of(Secrets.ENVIRONMENT_VARIABLE, "short"))).startsWith("error: ").contains("128")
                .contains("openssl rand -hex 32");
    }

    /** With neither a configured nor an environment secret, the file in the home directory is made and used. */
    @Test
    void withoutEnvironmentTheHomeFileIsUsed() throws Exception {
        String printed = probe(Map.of());
        Path file = home.resolve(".threadwire").resolve("secret");
        assertThat(file).exists();
        assertThat(printed).isEqualTo(HexFormat.of().formatHex(Files.readString(file).strip()
                .getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Nodes starting at the same moment with no secret file yet (several nodes of one user, or a
     * test cluster) all get the same secret, and none fails.
     */
    @Test
    void concurrentFirstUsesAgreeOnOneSecret() throws Exception {
        int threads = 8;
        List<String> failures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int round = 0; round < 200 && failures.isEmpty(); round++) {
                Path file = home.resolve("round-" + round).resolve("secret");
                CyclicBarrier start = new CyclicBarrier(threads);
                List<Future<byte[]>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    results.add(pool.submit(() -> {
                        start.await();
                        return Secrets.fromFile(file);
                    }));
                }
                byte[] first = null;
                for (Future<byte[]> f : results) {
                    try {
                        byte[] s = f.get(CHILD_PATIENCE.toSeconds(), TimeUnit.SECONDS);
                        if (first != null && !java.util.Arrays.equals(first, s)) {
                            failures.add("round " + round + ": two different secrets");
                        }
                        first = s;
                    } catch (java.util.concurrent.ExecutionException e) {
                        failures.add("round " + round + ": " + e.getCause());
                    }
                }
            }
        }
        assertThat(failures).as("first uses racing for the secret file").isEmpty();
    }

    /**
     * A node run by a user id with no name (a container's arbitrary user, as OpenShift runs them:
     * the JDK says user.name "?", and the owner of the user's files is the number) makes its
     * secret file on first use and uses it, as any user does: the file is its own.
     */
    @Test
    void aUserWithNoNameUsesTheSecretFileItOwns() throws Exception {
        String printed = probe(Map.of(), "-Duser.name=?");
        Path file = home.resolve(".threadwire").resolve("secret");
        assertThat(printed).as("the secret, or the refusal").isEqualTo(HexFormat.of().formatHex(Files.readString(file).strip()
                .getBytes(StandardCharsets.UTF_8)));
    }

    /** Runs {@link SecretsProbe} in a child JVM with {@code env} (and no other THREADWIRE_SECRET), this test's home and {@code jvmOptions}. */
    private String probe(Map<String, String> env, String... jvmOptions) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(java, "-cp", classPath, "-Duser.home=" + home,
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=off"));
        command.addAll(List.of(jvmOptions));
        command.add(SecretsProbe.class.getName());
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().remove(Secrets.ENVIRONMENT_VARIABLE);
        pb.environment().remove(Secrets.PREVIOUS_ENVIRONMENT_VARIABLE);
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        Process child = pb.start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(child.waitFor(CHILD_PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as("child output: %s", out).isZero();
        String[] lines = out.split("\\R");
        return lines[lines.length - 1];
    }
}
