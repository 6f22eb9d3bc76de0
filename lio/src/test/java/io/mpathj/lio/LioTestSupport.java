package io.mpathj.lio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.mpathj.api.map.PathView;
import io.mpathj.testkit.TestMap;
import io.mpathj.handler.alua.internal.AluaHandlerType;
import io.mpathj.testkit.EngineHarness;
import io.mpathj.transport.iscsi.IscsiConfig;
import io.mpathj.transport.iscsi.IscsiPath;
import io.mpathj.transport.iscsi.IscsiPathName;
import io.mpathj.transport.iscsi.IscsiTransport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the LIO test classes share: the guest of the class ({@link #boot} from each class's {@code @BeforeAll},
 * stopped after it), the target reset and a new initiator before each test, the map
 * {@code 0 1 alua 2 1 round-robin 0 1 0 PATH_A round-robin 0 1 0 PATH_B} with its {@link StampedWorkload}, bounded
 * waits, and the figures (stdout and {@code target/lio-figures.txt}).
 */
abstract class LioTestSupport {
    static final long WAIT_SECONDS = 30;
    static final String INITIATOR = "iqn.2026-11.io.mpathj.test:lio";
    /** 1024 units of 4 KiB: 4 MiB of the LU, 8 I/Os in flight. */
    static final int UNITS = 1024;
    static final int IO_BLOCKS = 8;
    static final int DEPTH = 8;
    /** Successful I/Os that show a phase is running (a few seconds' worth under TCG). */
    static final long PHASE_IOS = 300;
    static final Path FIGURES = Path.of("target", "lio-figures.txt");

    static LioTarget lio;
    private static int sessionCounter;
    IscsiTransport iscsi;
    private EngineHarness harness;

    private static boolean figuresStarted;

    /** Boots the guest with {@code layout} (tools/lio/guest-init.sh) for the test class, or skips it. */
    static void boot(String layout) throws IOException {
        lio = LioTarget.startOrSkip(layout);
        Files.createDirectories(FIGURES.getParent());
        if (!figuresStarted) {
            Files.writeString(FIGURES, "");
            figuresStarted = true;
        }
        figure("boot to ready: " + lio.bootMillis() + " ms (" + lio.banner() + ")");
    }

    @AfterAll
    static void shutdown() {
        if (lio != null) {
            lio.close();
            lio = null;
        }
    }

    @BeforeEach
    void resetTarget() {
        lio.command("reset");
        assertEquals(0, lio.state("pg_a"));
        assertEquals(2, lio.state("pg_b"));
        iscsi = new IscsiTransport(IscsiConfig.builder().initiatorName(INITIATOR + "-" + ++sessionCounter)
                .reconnectDelay(Duration.ofMillis(200), Duration.ofSeconds(1)).build());
    }

    @AfterEach
    void closeAll() throws Exception {
        if (harness != null) {
            harness.close();
            harness = null;
        }
        iscsi.close();
    }

    static void figure(String line) {
        System.out.println("LIO: " + line);
        try {
            Files.writeString(FIGURES, line + "\n", StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    IscsiPath open(int portal) throws Exception {
        IscsiPath path = iscsi.open(new IscsiPathName(lio.portals().get(portal), LioTarget.IQN, LioTarget.LUN));
        await(path.whenOnline());
        return path;
    }

    static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    static void waitFor(String what, long seconds, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within " + seconds + " s: " + what);
            }
            Thread.sleep(20);
        }
    }

    TestMap map(IscsiPath a, IscsiPath b) throws Exception {
        harness = new EngineHarness();
        harness.handler(AluaHandlerType.NAME, new AluaHandlerType(harness.executor(), Duration.ofMillis(250)))
                .paths(iscsi);
        return harness.create("lio", "0 1 alua 2 1 round-robin 0 1 0 " + a.name() + " round-robin 0 1 0 "
                + b.name());
    }

    static PathView view(TestMap map, IscsiPath path) {
        return map.paths().stream().filter(v -> v.name().equals(path.name())).findFirst().orElseThrow();
    }

    static long ios(TestMap map, IscsiPath path) {
        return view(map, path).ios();
    }

    /** Waits until the workload has completed {@code count} more I/Os. */
    static void progress(StampedWorkload w, long count, String what) throws InterruptedException {
        long target = w.completions() + count;
        waitFor(count + " I/Os " + what, WAIT_SECONDS, () -> w.completions() >= target);
    }

    /** One scenario's paths, map and running workload. */
    record Run(IscsiPath a, IscsiPath b, TestMap map, StampedWorkload w) {
    }

    /** Logs in both paths, makes the map and starts the workload. */
    Run start() throws Exception {
        IscsiPath a = open(0);
        IscsiPath b = open(1);
        TestMap map = map(a, b);
        StampedWorkload w = new StampedWorkload(map, UNITS, IO_BLOCKS, DEPTH);
        w.start();
        return new Run(a, b, map, w);
    }

    /** Waits until path A (group 1) carries the workload, and path B nothing. */
    static void onPathA(Run r) throws Exception {
        progress(r.w(), PHASE_IOS, "on path A");
        assertEquals(0, ios(r.map(), r.b()), "group 2 carried I/O before the failover");
    }

    /** After a failed test: stops the workload without hiding the failure (a finished run returns at once). */
    static void stopQuietly(Run r) {
        try {
            r.w().stop(WAIT_SECONDS);
        } catch (Exception | AssertionError e) {
            System.err.println("LIO: the workload did not stop cleanly: " + e);
        }
    }

    /** Stops the workload (final read-back included), records its counts and asserts it is clean. */
    static void finish(Run r, String name) throws Exception {
        StampedWorkload.Result result = r.w().stop(WAIT_SECONDS);
        figure(name + " workload: " + result + "; path I/Os " + counts(r.map()));
        assertTrue(result.clean(), result.toString());
        assertTrue(result.finalChecked() > UNITS / 2, result.toString());
    }

    /**
     * The alua handler's INFO words ({@code PATH:TPG:STATE} per path, from its last RTPG), checked to hold each
     * {@code expected} word ({@code "A:1:S"} = path A, port group 1, Standby) and returned for the figures.
     */
    static String assertAlua(Run r, String... expected) {
        String words = String.join(" ", r.map().handlerStatus());
        for (String e : expected) {
            String path = e.startsWith("A:") ? r.a().name() : r.b().name();
            assertTrue(r.map().handlerStatus().contains(path + e.substring(1)), "no " + e + " in " + words);
        }
        return words.replace(r.a().name(), "A").replace(r.b().name(), "B");
    }

    static String counts(TestMap map) {
        List<String> out = new ArrayList<>();
        for (PathView v : map.paths()) {
            out.add((v.group() == 1 ? "A" : "B") + "=" + v.ios() + (v.active() ? "" : " (failed)"));
        }
        return String.join(", ", out);
    }
}
