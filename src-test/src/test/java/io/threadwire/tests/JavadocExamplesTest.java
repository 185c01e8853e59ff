package io.threadwire.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The code examples in the public API's Javadoc compile, as written there, against the library. */
class JavadocExamplesTest {
    private static final Path DISTRIBUTED = Path.of("..", "distributed", "src", "main", "java", "io", "threadwire",
            "distributed");
    private static final Pattern EXAMPLE = Pattern.compile("<pre>\\{@code\\R(.*?)\\R \\* }</pre>", Pattern.DOTALL);

    @TempDir
    Path dir;

    /** The example at the top of Distributed's Javadoc compiles as written. */
    @Test
    void distributedExampleCompiles() throws IOException {
        String example = example(DISTRIBUTED.resolve("Distributed.java"));
        assertThat(example).contains("startNode(9000)").contains("registerRemoteThread(logger, \"logger\")");
        String source = """
                import static io.threadwire.core.Messaging.*;
                import static io.threadwire.distributed.Distributed.*;

                import io.threadwire.core.LocalThread;

                class Example {
                    void example() {
                %s
                    }
                }
                """.formatted(example);
        Path file = dir.resolve("Example.java");
        Files.writeString(file, source);
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        int exit = ToolProvider.getSystemJavaCompiler().run(null, messages, messages, "-d", dir.toString(),
                "-cp", System.getProperty("java.class.path"), file.toString());
        assertThat(exit).as("javac on the example:%n%s%n%s", source, messages.toString(StandardCharsets.UTF_8)).isZero();
    }

    /** The first {@code <pre>{@code ...}</pre>} block of a source file's Javadoc, without its comment stars. */
    private static String example(Path source) throws IOException {
        Matcher m = EXAMPLE.matcher(Files.readString(source));
        assertThat(m.find()).as("an example in %s", source).isTrue();
        return m.group(1).lines().map(l -> l.replaceFirst("^ \\* ?", "")).reduce((x, y) -> x + "\n" + y).orElse("");
    }
}
