package io.threadwire.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.testkit.Timeouts;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario: an application that is a named module uses threadwire from the module path. A small
 * program module is compiled against threadwire's modules and run in a child JVM with
 * {@code --module-path}: two nodes, a synchronous call between them carrying an application
 * record. A second program that imports an internal package does not compile.
 */
class ModulePathTest {
    /** The modules an application on the module path needs: threadwire's, their dependencies, a logger. */
    private static final Set<String> RUNTIME_MODULES = Set.of("io.threadwire.core", "io.threadwire.serialize",
            "io.threadwire.distributed", "com.esotericsoftware.kryo", "kryonet", "com.esotericsoftware.minlog",
            "com.esotericsoftware.reflectasm", "org.objenesis", "org.slf4j", "org.slf4j.simple");

    private static final String MODULE_INFO = """
            module demo.app {
                requires io.threadwire.distributed;
                // opened to Kryo alone, not also to io.threadwire.serialize: Kryo's own record serializer serves
                opens demo.app to com.esotericsoftware.kryo; // Kryo reads the message record by reflection
            }
            """;

    private static final String MAIN = """
            package demo.app;

            import static io.threadwire.core.Messaging.*;

            import io.threadwire.core.LocalThread;
            import io.threadwire.core.Synchronous;
            import io.threadwire.distributed.Node;
            import io.threadwire.distributed.NodeConfig;
            import java.time.Duration;

            public final class Main {
                public record Greeting(String text) {
                }

                public static void main(String[] args) {
                    NodeConfig.Builder config = NodeConfig.builder().port(0).host("127.0.0.1")
                            .secret("a secret of the module path test").register(Greeting.class);
                    try (Node one = Node.start(config.build()); Node two = Node.start(config.build())) {
                        LocalThread echo = one.spawn(() -> {
                            Synchronous s = receive(Synchronous.class);
                            replySynchronous(new Greeting("hello " + ((Greeting) s.data()).text()), s);
                        });
                        one.registerRemoteThread(echo, "echo");
                        LocalThread main = self();
                        two.spawn(() -> send(sendSynchronous(new Greeting("module path"), one.remoteThread("echo")), main));
                        Greeting reply = receive(Greeting.class, Duration.ofSeconds(30));
                        System.out.println("REPLY " + reply.text());
                        System.out.println("MODULE " + Node.class.getModule().getName());
                        System.out.println("INTERNAL EXPORTED "
                                + Node.class.getModule().isExported("io.threadwire.distributed.internal.node"));
                    }
                }
            }
            """;

    private static final String INTRUDER = """
            package demo.app;

            public final class Intruder {
                Object engine = io.threadwire.distributed.internal.node.NodeEngine.class;
            }
            """;

    @TempDir
    Path dir;

    /** A program module runs on the module path: nodes start, a call crosses between them, internals stay hidden. */
    @Test
    void aProgramOnTheModulePathTalksBetweenNodes() throws Exception {
        String modulePath = modulePath();
        Path out = dir.resolve("classes");
        Compiled compiled = compile(modulePath, out, MAIN);
        assertThat(compiled.exitCode).as("javac: %s", compiled.output).isZero();

        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Dkryo.unsafe=false", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "--module-path", modulePath + File.pathSeparator + out,
                "--add-modules", "org.slf4j.simple",
                "-m", "demo.app/demo.app.Main");
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        child.getOutputStream().close();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(Timeouts.LONG.toSeconds(), TimeUnit.SECONDS)).as("the child ended").isTrue();
        assertThat(child.exitValue()).as("the child's exit code; its output:%n%s", output).isZero();
        assertThat(output).contains("REPLY hello module path", "MODULE io.threadwire.distributed",
                "INTERNAL EXPORTED false");
    }

    /** A program module that names an internal package of threadwire does not compile. */
    @Test
    void internalPackagesDoNotCompile() throws Exception {
        Compiled compiled = compile(modulePath(), dir.resolve("intruder"), INTRUDER);
        assertThat(compiled.exitCode).isNotZero();
        assertThat(compiled.output).contains("io.threadwire.distributed.internal.node").contains("not visible");
    }

    private record Compiled(int exitCode, String output) {
    }

    private Compiled compile(String modulePath, Path out, String mainSource) throws IOException {
        Path src = dir.resolve("src-" + out.getFileName()).resolve("demo.app");
        Files.createDirectories(src.resolve("demo/app"));
        Files.writeString(src.resolve("module-info.java"), MODULE_INFO);
        String className = mainSource.contains("class Intruder") ? "Intruder" : "Main";
        Files.writeString(src.resolve("demo/app/" + className + ".java"), mainSource);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac).as("a JDK with javac runs the tests").isNotNull();
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        int exit = javac.run(null, messages, messages, "--module-path", modulePath, "-d", out.toString(),
                src.resolve("module-info.java").toString(), src.resolve("demo/app/" + className + ".java").toString());
        return new Compiled(exit, messages.toString(StandardCharsets.UTF_8));
    }

    /** The entries of this test's class path that hold the modules an application needs. */
    private static String modulePath() {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.isBlank() || !Files.exists(Path.of(entry))) {
                continue;
            }
            Set<String> names;
            try {
                names = ModuleFinder.of(Path.of(entry)).findAll().stream()
                        .map(ModuleReference::descriptor).map(d -> d.name()).collect(Collectors.toSet());
            } catch (RuntimeException notAModule) {
                continue;
            }
            if (names.stream().anyMatch(RUNTIME_MODULES::contains)) {
                entries.add(entry);
            }
        }
        assertThat(entries).as("module path entries found on %s", System.getProperty("java.class.path")).hasSize(
                RUNTIME_MODULES.size());
        return String.join(File.pathSeparator, entries);
    }
}
