package io.threadwire.serialize;

import static io.threadwire.core.Messaging.self;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.LocalThread;
import io.threadwire.serialize.Messages.Holder;
import io.threadwire.serialize.Messages.Line;
import io.threadwire.serialize.Messages.Point;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One codec shared by many threads: every message still round-trips. Workers report what they
 * saw (mismatches and a count) and the test thread asserts; every worker is joined when the
 * executor closes.
 */
class ConcurrencyTest {
    private static final int THREADS = 8;
    private static final int MESSAGES_PER_THREAD = 20_000;

    static Stream<Named<ThreadFactory>> threadKinds() {
        return Stream.of(Named.of("platform threads", Thread.ofPlatform().factory()),
                Named.of("virtual threads", Thread.ofVirtual().factory()));
    }

    /** What one worker saw: how many messages came back equal, and the first few that did not. */
    record Report(int equal, List<String> mismatches) {
    }

    private static Object message(int worker, int i, LocalThread me) {
        return switch (i % 4) {
            case 0 -> new Line(new Point(worker, i), new Point(i, worker), "w" + worker + "#" + i);
            case 1 -> List.of(worker, i, "w" + worker, Map.of("i", (long) i));
            case 2 -> new Holder("w" + worker + "#" + i, me);
            default -> new Object[] {worker, i, new int[] {worker, i}};
        };
    }

    private static boolean sameMessage(Object sent, Object received) {
        return Objects.deepEquals(sent, received)
                && (!(sent instanceof Holder h) || ((Holder) received).who() == h.who()); // the very same LocalThread
    }

    private static Callable<Report> roundTrips(MessageCodec codec, int worker) {
        return () -> {
            LocalThread me = self();
            int equal = 0;
            List<String> mismatches = new ArrayList<>();
            for (int i = 0; i < MESSAGES_PER_THREAD; i++) {
                Object sent = message(worker, i, me);
                Object received;
                try {
                    received = Codecs.roundTrip(codec, sent);
                } catch (RuntimeException e) {
                    received = e;
                }
                if (sameMessage(sent, received)) {
                    equal++;
                } else if (mismatches.size() < 5) {
                    mismatches.add("worker " + worker + " message " + i + ": sent " + sent + ", got " + received);
                }
            }
            return new Report(equal, mismatches);
        };
    }

    private static List<Report> run(ThreadFactory threads, List<Callable<Report>> tasks) throws Exception {
        List<Report> reports = new ArrayList<>();
        try (ExecutorService executor = Executors.newThreadPerTaskExecutor(threads)) {
            List<Future<Report>> futures = tasks.stream().map(executor::submit).toList();
            for (Future<Report> f : futures) {
                reports.add(f.get());
            }
        }
        return reports;
    }

    /** Eight threads encoding and decoding at once through one codec all get every message back intact. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("threadKinds")
    void concurrentRoundTripsAreIntact(ThreadFactory threads) throws Exception {
        MessageCodec codec = Codecs.codec(Codecs.appTypes());
        List<Callable<Report>> tasks = new ArrayList<>();
        for (int w = 0; w < THREADS; w++) {
            tasks.add(roundTrips(codec, w));
        }

        List<Report> reports = run(threads, tasks);

        assertThat(reports).flatMap(Report::mismatches).isEmpty();
        assertThat(reports).extracting(Report::equal).containsOnly(MESSAGES_PER_THREAD);
    }

    /** Round trips stay intact while other threads feed the same codec garbage, which only ever gives MalformedMessageException. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("threadKinds")
    void roundTripsStayIntactAmidHostileInput(ThreadFactory threads) throws Exception {
        MessageCodec codec = Codecs.codec(Codecs.appTypes());
        List<Callable<Report>> roundTrips = new ArrayList<>();
        List<Callable<Report>> garbage = new ArrayList<>();
        for (int w = 0; w < THREADS / 2; w++) {
            roundTrips.add(roundTrips(codec, w));
            garbage.add(garbage(codec, w));
        }
        List<Callable<Report>> all = new ArrayList<>(roundTrips);
        all.addAll(garbage);

        List<Report> reports = run(threads, all);

        assertThat(reports).flatMap(Report::mismatches).isEmpty();
        assertThat(reports.subList(0, roundTrips.size())).extracting(Report::equal).containsOnly(MESSAGES_PER_THREAD);
    }

    /** Decodes random bytes; reports as mismatches whatever ends in anything but a message or MalformedMessageException. */
    private static Callable<Report> garbage(MessageCodec codec, int seed) {
        return () -> {
            Random random = new Random(seed);
            List<String> unexpected = new ArrayList<>();
            int decodes = 100; // each failed decode rebuilds a Kryo: milliseconds
            for (int i = 0; i < decodes; i++) {
                byte[] bytes = new byte[1 + random.nextInt(32)];
                random.nextBytes(bytes);
                try {
                    codec.decode(bytes, 0, bytes.length);
                } catch (MalformedMessageException expected) {
                    // what garbage should give
                } catch (Throwable t) {
                    unexpected.add(t.toString());
                }
            }
            return new Report(decodes - unexpected.size(), unexpected);
        };
    }
}
