package io.threadwire.tests.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every {@code ```java} block of the guides ({@code docs/guides/*.md}) is a copy of a tagged
 * region of real source: the line before it must be {@code <!-- snippet: PATH#NAME -->}, and
 * the block must equal the lines between {@code // tag::NAME[]} and {@code // end::NAME[]} in
 * that file (other tags' marker lines left out, common indentation removed). The source is
 * compiled by the build and run by the samples' and snippets' tests, so a guide cannot show code
 * that no longer compiles or works.
 */
class GuideSnippetsTest {
    private static final Pattern MARKER = Pattern.compile("<!--\\s*snippet:\\s*(\\S+)#(\\S+)\\s*-->");
    private static final Pattern TAG_LINE = Pattern.compile("^\\s*//\\s*(tag|end)::[\\w.-]+\\[]\\s*$");

    @Test
    void everyJavaBlockOfTheGuidesIsATaggedRegionOfCompiledSource() throws IOException {
        Path root = repositoryRoot();
        List<Path> guides;
        try (Stream<Path> files = Files.list(root.resolve("docs/guides"))) {
            guides = files.filter(p -> p.toString().endsWith(".md")).sorted().toList();
        }
        assertThat(guides).as("the guides in docs/guides").isNotEmpty();
        List<String> problems = new ArrayList<>();
        int blocks = 0;
        for (Path guide : guides) {
            blocks += check(root, guide, problems);
        }
        assertThat(problems).as("guide code blocks that differ from their source (" + blocks + " blocks checked)").isEmpty();
        assertThat(blocks).as("java blocks in the guides").isPositive();
    }

    @Test
    void everyRelativeLinkOfTheGuidesNamesAFileThatExists() throws IOException {
        Path root = repositoryRoot();
        Pattern link = Pattern.compile("\\]\\(([^)#\\s]+)(#[^)]*)?\\)");
        List<String> broken = new ArrayList<>();
        try (Stream<Path> files = Files.list(root.resolve("docs/guides"))) {
            for (Path guide : files.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                Matcher m = link.matcher(Files.readString(guide, StandardCharsets.UTF_8));
                while (m.find()) {
                    String target = m.group(1);
                    if (!target.contains("://") && !Files.exists(guide.getParent().resolve(target))) {
                        broken.add(guide.getFileName() + ": " + target);
                    }
                }
            }
        }
        assertThat(broken).as("links of the guides to files that do not exist").isEmpty();
    }

    @Test
    void aBlockWithoutItsMarkerIsReportedWithFileAndLine() throws IOException {
        Path dir = Files.createTempDirectory("guide");
        Path guide = dir.resolve("bad.md");
        Files.writeString(guide, "# A guide\n\ntext\n```java\nint x = 1;\n```\n");
        List<String> problems = new ArrayList<>();
        check(repositoryRoot(), guide, problems);
        assertThat(problems).singleElement().asString().contains("bad.md:4").contains("no <!-- snippet:");
    }

    @Test
    void aBlockThatDiffersFromItsRegionIsReported() throws IOException {
        Path dir = Files.createTempDirectory("guide");
        Path guide = dir.resolve("stale.md");
        Files.writeString(guide, "<!-- snippet: src-test/src/test/java/io/threadwire/tests/docs/GuideSnippetsTest.java#self-check -->\n"
                + "```java\nint answer = 41;\n```\n");
        List<String> problems = new ArrayList<>();
        check(repositoryRoot(), guide, problems);
        assertThat(problems).singleElement().asString().contains("stale.md:2").contains("int answer = 42;");

        Files.writeString(guide, "<!-- snippet: src-test/src/test/java/io/threadwire/tests/docs/GuideSnippetsTest.java#self-check -->\n"
                + "```java\nint answer = 42;\n```\n");
        problems.clear();
        check(repositoryRoot(), guide, problems);
        assertThat(problems).isEmpty();
    }

    @SuppressWarnings("unused")
    private static int selfCheck() {
        // tag::self-check[]
        int answer = 42;
        // end::self-check[]
        return answer;
    }

    /** Checks each java block of {@code guide}, adding one line per problem; returns how many blocks it saw. */
    private static int check(Path root, Path guide, List<String> problems) throws IOException {
        List<String> lines = Files.readAllLines(guide, StandardCharsets.UTF_8);
        int blocks = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).strip().startsWith("```java")) {
                continue;
            }
            blocks++;
            int opening = i;
            List<String> block = new ArrayList<>();
            for (i++; i < lines.size() && !lines.get(i).strip().equals("```"); i++) {
                block.add(lines.get(i));
            }
            String where = guide.getFileName() + ":" + (opening + 1);
            Matcher marker = opening > 0 ? MARKER.matcher(lines.get(opening - 1).strip()) : null;
            if (marker == null || !marker.matches()) {
                problems.add(where + ": a ```java block with no <!-- snippet: PATH#NAME --> on the line before it");
                continue;
            }
            Path source = root.resolve(marker.group(1));
            if (!Files.isRegularFile(source)) {
                problems.add(where + ": snippet source " + marker.group(1) + " does not exist");
                continue;
            }
            List<String> region = region(Files.readAllLines(source, StandardCharsets.UTF_8), marker.group(2));
            if (region == null) {
                problems.add(where + ": no region tag::" + marker.group(2) + "[] ... end::" + marker.group(2) + "[] in " + marker.group(1));
            } else if (!normalised(region).equals(normalised(block))) {
                problems.add(where + ": the block differs from " + marker.group(1) + "#" + marker.group(2) + "; it should read:\n"
                        + String.join("\n", normalised(region)));
            }
        }
        return blocks;
    }

    /** The lines between the markers of {@code name}, other markers left out; null if it is not there. */
    private static List<String> region(List<String> source, String name) {
        Pattern start = Pattern.compile("^\\s*//\\s*tag::" + Pattern.quote(name) + "\\[]\\s*$");
        Pattern end = Pattern.compile("^\\s*//\\s*end::" + Pattern.quote(name) + "\\[]\\s*$");
        for (int i = 0; i < source.size(); i++) {
            if (start.matcher(source.get(i)).matches()) {
                List<String> region = new ArrayList<>();
                for (int j = i + 1; j < source.size(); j++) {
                    if (end.matcher(source.get(j)).matches()) {
                        return region;
                    }
                    if (!TAG_LINE.matcher(source.get(j)).matches()) {
                        region.add(source.get(j));
                    }
                }
                return null;
            }
        }
        return null;
    }

    /** Trailing blanks and blank edge lines dropped, the indentation all lines share removed. */
    private static List<String> normalised(List<String> lines) {
        List<String> stripped = new ArrayList<>(lines.stream().map(String::stripTrailing).toList());
        while (!stripped.isEmpty() && stripped.get(0).isEmpty()) {
            stripped.remove(0);
        }
        while (!stripped.isEmpty() && stripped.get(stripped.size() - 1).isEmpty()) {
            stripped.remove(stripped.size() - 1);
        }
        int indent = stripped.stream().filter(l -> !l.isEmpty())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return stripped.stream().map(l -> l.isEmpty() ? l : l.substring(indent)).toList();
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("docs")) && Files.isRegularFile(dir.resolve("mvnw"))) {
                return dir;
            }
        }
        throw new UncheckedIOException(new IOException("no repository root (with docs/ and mvnw) above " + Path.of("").toAbsolutePath()));
    }
}
