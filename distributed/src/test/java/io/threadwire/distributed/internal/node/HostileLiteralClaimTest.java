package io.threadwire.distributed.internal.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.distributed.internal.wire.HostNames;
import io.threadwire.testkit.Timeouts;
import java.io.File;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A peer that claims a host that only looks like an IP literal ({@code 999.1.1.1}, an octet past
 * 255; {@code g::1}) is refused without this node asking DNS for it: the checks of an accepted
 * peer's address and of a TLS certificate's names parse literals and never look them up, so a
 * claim cannot block a connection's reader for as long as DNS takes, nor pass as whatever DNS
 * answers for it.
 */
class HostileLiteralClaimTest {
    @TempDir
    Path dns;

    @Test
    void aClaimThatOnlyLooksLikeALiteralIsNeverLookedUp() throws Exception {
        List<String> out = probe("999.1.1.1", "10.0.0.256", "g::1");
        assertThat(out).as("the recorder sees lookups").contains("lookup control.invalid");
        assertThat(out).as("names looked up by the checks").filteredOn(l -> l.startsWith("lookup ") && !l.endsWith(".invalid"))
                .isEmpty();
        assertThat(out).contains("claim 999.1.1.1: it claims a malformed address 999.1.1.1:9000", "done");
    }

    @Test
    void literalsAreParsedAsTheyWrite() throws Exception {
        assertThat(HostNames.ipLiteral("10.0.0.5")).isEqualTo(InetAddress.getByAddress(new byte[] {10, 0, 0, 5}));
        assertThat(HostNames.ipLiteral("::1")).isEqualTo(InetAddress.getByName("::1"));
        assertThat(HostNames.ipLiteral("[::1]")).isEqualTo(InetAddress.getByName("::1"));
        for (String notLiteral : new String[] {"999.1.1.1", "1.2.3", "1.2.3.4.5", "1..2.3", "g::1", "localhost", "1.2.3.-4"}) {
            assertThat(HostNames.ipLiteral(notLiteral)).as(notLiteral).isNull();
        }
    }

    /** Runs {@link LiteralClaimProbe} in a child JVM whose DNS is {@link LookupRecorder}; its output lines. */
    private List<String> probe(String... hosts) throws Exception {
        Path services = dns.resolve("META-INF").resolve("services");
        Files.createDirectories(services);
        Files.writeString(services.resolve("java.net.spi.InetAddressResolverProvider"), LookupRecorder.class.getName());
        String java = ProcessHandle.current().info().command().orElse("java");
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(java, "-cp", dns + File.pathSeparator + classPath,
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=off", LiteralClaimProbe.class.getName()));
        command.addAll(List.of(hosts));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS)).as("the probe ends").isTrue();
        return output.lines().toList();
    }
}
