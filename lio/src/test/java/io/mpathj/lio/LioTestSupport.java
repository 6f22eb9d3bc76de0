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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What the LIO test classes share: one guest for the whole run (booted before the first class, powered off when
 * JUnit closes its root store), the target reset and a new initiator before each test, the map
 * {@code 0 1 alua 2 1 round-robin 0 1 0 PATH_A round-robin 0 1 0 PATH_B} over one {@link LioTarget.Layout}'s two
 * TPGs with its {@link StampedWorkload}, bounded waits, and the figures (stdout and {@code target/lio-figures.txt}).
 */
@ExtendWith(LioTestSupport.Guest.class)
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

    /**
     * The guest of the run (tools/lio/guest-init.sh: every layout), booted before the first class and closed with
     * JUnit's root store; when it cannot start, the class is skipped (failed under {@code CI=true}).
     */
    static final class Guest implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            lio = context.getRoot().getStore(ExtensionContext.Namespace.create(LioTarget.class))
                    .getOrComputeIfAbsent(LioTarget.class, k -> bootAndRecord(), LioTarget.class);
        }
    }

    private static LioTarget bootAndRecord() {
        LioTarget target = LioTarget.startOrSkip();
        try {
            Files.createDirectories(FIGURES.getParent());
            Files.writeString(FIGURES, "");
        } catch (IOException e) {
            target.close();
            throw new java.io.UncheckedIOException(e);
        }
        figure("boot to ready: " + target.bootMillis() + " ms (" + target.banner() + ")");
        return target;
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

    /** Logs in LUN 0 of the main target through tpgt_1 ({@code tpg} 1) or tpgt_2 (2). */
    IscsiPath open(int tpg) throws Exception {
        return open(LioTarget.Layout.BOTH, tpg, 0);
    }

    IscsiPath open(LioTarget.Layout layout, int tpg, int lun) throws Exception {
        IscsiPath path = iscsi.open(new IscsiPathName(lio.portal(layout, tpg), layout.iqn(), lun));
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

    /** A map named {@code name} over {@code table}; every map of a test is in one engine. */
    TestMap map(String name, String table) throws Exception {
        if (harness == null) {
            harness = new EngineHarness();
            harness.handler(AluaHandlerType.NAME, new AluaHandlerType(harness.executor(), Duration.ofMillis(250)))
                    .paths(iscsi);
        }
        return harness.create(name, table);
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

    /** One scenario's paths (A through tpgt_1, B through tpgt_2), its LU, map and running workload. */
    record Run(IscsiPath a, IscsiPath b, String lu, TestMap map, StampedWorkload w) {
        /** The target's state of this LU's {@code group}. */
        int state(String group) {
            return lio.state(group, lu);
        }
    }

    /** LUN 0 of the main target: {@link #start(LioTarget.Layout, int)}. */
    Run start() throws Exception {
        return start(LioTarget.Layout.BOTH, 0);
    }

    /**
     * Logs in {@code layout}'s LUN {@code lun} through both TPGs, makes the map
     * {@code 0 1 alua 2 1 round-robin 0 1 0 PATH_A round-robin 0 1 0 PATH_B} and starts the workload.
     */
    Run start(LioTarget.Layout layout, int lun) throws Exception {
        return start(layout, lun, "0 1 alua 2 1 round-robin 0 1 0 %s round-robin 0 1 0 %s");
    }

    /** As above with {@code table}, a format that takes the names of path A and path B. */
    Run start(LioTarget.Layout layout, int lun, String table) throws Exception {
        IscsiPath a = open(layout, 1, lun);
        IscsiPath b = open(layout, 2, lun);
        TestMap map = map(layout.lu(lun), String.format(table, a.name(), b.name()));
        StampedWorkload w = new StampedWorkload(map, UNITS, IO_BLOCKS, DEPTH);
        w.start();
        return new Run(a, b, layout.lu(lun), map, w);
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

    /**
     * Starts a new measure of the workload's longest stall, then sends {@code command} to the guest (the change
     * under load); returns {@link System#nanoTime} before the command.
     */
    static long change(Run r, String command) {
        r.w().resetGap();
        long t0 = System.nanoTime();
        lio.command(command);
        return t0;
    }

    /**
     * Waits until the target reads {@code group} of the run's LU back as Active/Optimized (set by the handler's STPG)
     * and the workload has moved on through {@code path}; returns the milliseconds from {@code t0} to the read-back.
     */
    static long awaitStpg(Run r, String group, IscsiPath path, long t0) throws Exception {
        waitFor(r.lu() + " " + group + " Active/Optimized (the handler's STPG)", WAIT_SECONDS,
                () -> r.state(group) == 0);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        long before = ios(r.map(), path);
        waitFor(PHASE_IOS + " I/Os through " + path.name() + " after " + group + " became active", WAIT_SECONDS,
                () -> ios(r.map(), path) >= before + PHASE_IOS);
        return millis;
    }

    /** reinstate_path A and switch_group 1, then {@link #awaitStpg} for pg_a; returns its milliseconds. */
    static long failBack(Run r) throws Exception {
        r.w().resetGap();
        long t0 = System.nanoTime();
        r.map().message(List.of("reinstate_path", r.a().name()));
        r.map().message(List.of("switch_group", "1"));
        long millis = awaitStpg(r, "pg_a", r.a(), t0);
        assertTrue(view(r.map(), r.a()).active(), r.map().paths().toString());
        return millis;
    }

    /** Stops the workload (final read-back included), records its counts and asserts it is clean. */
    static void finish(Run r, String name) throws Exception {
        StampedWorkload.Result result = r.w().stop(WAIT_SECONDS);
        figure(name + " workload: " + result + "; path I/Os " + counts(r));
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

    static String counts(Run r) {
        List<String> out = new ArrayList<>();
        for (PathView v : r.map().paths()) {
            out.add((v.name().equals(r.a().name()) ? "A" : "B") + "=" + v.ios() + (v.active() ? "" : " (failed)"));
        }
        return String.join(", ", out);
    }
}
