package io.mpathj.core.internal.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathj.api.handler.HardwareHandler;
import io.mpathj.api.handler.PgInitRequest;
import io.mpathj.api.handler.PgInitResult;
import io.mpathj.core.testing.MemoryDisk;
import io.mpathj.core.testing.MemoryPaths;
import io.mpathj.selector.round_robin.RoundRobin;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MpathCommandsTest {
    private final ExecutorService transport = Executors.newFixedThreadPool(2);
    private final MultipathPlatform platform = new MultipathPlatform();
    private final MpathCommands commands = new MpathCommands(platform);
    private final MemoryPaths devices = new MemoryPaths(new MemoryDisk(512, 2048), transport);

    @BeforeEach
    void setUp() {
        for (String n : new String[] {"a", "b", "c"}) {
            devices.add(n);
        }
        platform.addPathProvider(devices);
        platform.selectors().offer("round-robin", RoundRobin.type(), "rr.bundle 1.0.0");
        platform.handlers().offer("alua", args -> new HardwareHandler() {
            @Override
            public void pgInit(PgInitRequest request) {
                request.complete(PgInitResult.OK);
            }
        }, "alua.bundle 1.0.0");
    }

    @AfterEach
    void tearDown() {
        platform.deactivate();
        transport.shutdownNow();
    }

    @Test
    void createTableStatusAndRemoveLookLikeDmsetup() {
        assertEquals("created mpatha: 2048 blocks of 512 bytes",
                commands.create("mpatha", "0", "1", "alua", "2", "1", "round-robin", "0", "1", "0", "m:a",
                        "round-robin", "0", "2", "0", "m:b", "m:c"));
        assertEquals("mpatha: 0 2048 multipath 0 1 alua 2 1 round-robin 0 1 1 m:a 1 round-robin 0 2 1 m:b 1 m:c 1 ",
                commands.table());
        assertEquals("0 2048 multipath 2 1 0 0 2 1 E 0 1 0 m:a A 0 E 0 2 0 m:b A 0 m:c A 0 ",
                commands.status("mpatha"));
        assertEquals("mpatha: 0 2048 multipath 2 1 0 0 2 1 E 0 1 0 m:a A 0 E 0 2 0 m:b A 0 m:c A 0 ",
                commands.status());
        assertEquals("removed mpatha", commands.remove(false, "mpatha"));
        assertEquals("No devices found", commands.status());
    }

    @Test
    void errorsAreOneClearLine() {
        assertEquals("create mpatha: invalid number of priority groups",
                assertThrows(MpathException.class, () -> commands.create("mpatha", "0 0")).getMessage());
        assertEquals("create: no table given; e.g. mpath:create mpatha "
                + "\"0 1 alua 1 1 round-robin 0 2 0 sim:array1/A0/0 sim:array1/A1/0\"",
                assertThrows(MpathException.class, () -> commands.create("mpatha")).getMessage());
        assertEquals("no map named nosuch; there are no maps",
                assertThrows(MpathException.class, () -> commands.status("nosuch")).getMessage());
        commands.create("mpatha", "0 0 1 1 round-robin 0 1 0 m:a");
        assertEquals("message mpatha: Unrecognised multipath message received: frob",
                assertThrows(MpathException.class, () -> commands.message("mpatha", "frob", "1")).getMessage());
        assertEquals("no map named mpathb; maps: mpatha",
                assertThrows(MpathException.class, () -> commands.table("mpathb")).getMessage());
        assertEquals("no map named mpathb; maps: mpatha",
                assertThrows(MpathException.class, () -> commands.remove(false, "mpathb")).getMessage());
        assertEquals("io: --seconds must be between 1 and 3600, not 0",
                assertThrows(MpathException.class, () -> commands.io(null, "0", "8", "0", "4096", "mpatha")).getMessage());
        assertEquals("io: --depth takes a whole number, not 'x'",
                assertThrows(MpathException.class, () -> commands.io(null, "1", "x", "0", "4096", "mpatha")).getMessage());
        assertEquals("io: --bytes 1000 is not a multiple of mpatha's block size 512",
                assertThrows(MpathException.class, () -> commands.io(null, "1", "8", "1000", "4096", "mpatha"))
                        .getMessage());
        assertEquals("usage: mpath:create NAME TABLE (e.g. mpath:create mpathb \"0 1 alua 1 1 round-robin 0 2 0 "
                + "sim:array1/A0/0 sim:array1/A1/0\")",
                assertThrows(MpathException.class, () -> commands.create()).getMessage());
        assertEquals("message mpatha: Invalid multipath message arguments. Expected 2 arguments, got 0.",
                assertThrows(MpathException.class, () -> commands.message("mpatha")).getMessage());
    }

    @Test
    void messagesAcceptDmsetupsSectorWord() {
        commands.create("mpatha", "0 0 1 1 round-robin 0 2 0 m:a m:b");
        assertNull(commands.message("mpatha", "0", "fail_path", "m:b"), "a message prints nothing on success");
        assertEquals("0 2048 multipath 2 1 0 0 1 1 E 0 2 0 m:a A 0 m:b F 1 ", commands.status("mpatha"));
        commands.message("mpatha", "reinstate_path", "m:b");
        assertTrue(commands.status("mpatha").endsWith("m:b A 1 "));
    }

    @Test
    void pluginListingsShowStateUsersAndMaps() {
        commands.create("mpatha", "0 1 alua 1 1 round-robin 0 1 0 m:a");
        platform.handlers().offer("alua", args -> null, "vendor.alua 2.0.0");
        assertEquals(String.join("\n",
                "name  bundle             state    users  maps",
                "alua  alua.bundle 1.0.0  active   1      mpatha",
                "alua  vendor.alua 2.0.0  refused  0      -"), commands.handlers());
        assertEquals(String.join("\n",
                "name         bundle           state   users  maps",
                "round-robin  rr.bundle 1.0.0  active  1      mpatha"), commands.selectors());
        assertEquals("unload: hardware handler alua is in use by map mpatha",
                assertThrows(MpathException.class, () -> commands.unload("alua")).getMessage());
    }

    @Test
    void repoAddRemoveAndReposKeepTheLoadersIndexes() {
        assertEquals("url  source  offers", commands.repos());
        assertEquals("added repository file:/opt/v/index.xml (not persisted: the container has no home)",
                commands.repo("add", "file:/opt/v/index.xml"));
        String listing = commands.repos();
        assertTrue(listing.matches("(?s)url +source +offers\\nfile:/opt/v/index\\.xml +configured +unreadable: .*"),
                listing);
        assertEquals("repo add: repository file:/opt/v/index.xml is already configured",
                assertThrows(MpathException.class, () -> commands.repo("add", "file:/opt/v/index.xml"))
                        .getMessage());
        assertEquals("usage: mpath:repo add|remove URL (not 'drop')",
                assertThrows(MpathException.class, () -> commands.repo("drop", "file:/opt/v/index.xml"))
                        .getMessage());
        assertEquals("removed repository file:/opt/v/index.xml (not persisted: the container has no home)",
                commands.repo("remove", "file:/opt/v/index.xml"));
        assertEquals(List.of(), platform.repositories().all());
    }

    @Test
    void ioWorkloadVerifiesEveryReadAndReportsEachSecond() throws Exception {
        commands.create("mpatha", "0 0 1 1 round-robin 0 2 0 m:a m:b");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        IoWorkload workload = new IoWorkload(platform.engine().device("mpatha").orElseThrow(),
                new PrintStream(bytes, true), 8, 1, 2048);
        String summary = workload.run(2);
        assertTrue(summary.matches("mpatha: \\d+ I/Os in [0-9.]+ s \\(\\d+ IOPS\\): \\d+ reads verified, \\d+ "
                + "writes, 0 errors, 0 mismatches"), summary);
        // one line per second, the last one too (it is due exactly when the run ends; it used to be skipped at times)
        String[] lines = bytes.toString(java.nio.charset.StandardCharsets.UTF_8).split("\n");
        assertEquals(2, lines.length, String.join("\n", lines));
        assertTrue(lines[0].startsWith("  1s  IOPS ") && lines[1].startsWith("  2s  IOPS "), String.join("\n", lines));
        assertEquals(0, workload.mismatches());
        assertTrue(devices.get("m:a").dataCommands() > 0 && devices.get("m:b").dataCommands() > 0);
    }

    /** Every path failed and no queueing: each I/O fails at once, and the workload paces itself instead of spinning. */
    @Test
    void ioWorkloadWithoutAUsablePathCountsErrorsAtAPace() throws Exception {
        commands.create("mpatha", "0 0 1 1 round-robin 0 2 0 m:a m:b");
        commands.message("mpatha", "0", "fail_path", "m:a");
        commands.message("mpatha", "0", "fail_path", "m:b");
        int depth = 8;
        IoWorkload workload = new IoWorkload(platform.engine().device("mpatha").orElseThrow(),
                new PrintStream(new ByteArrayOutputStream(), true), depth, 1, 2048);
        String summary = workload.run(1);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+) errors").matcher(summary);
        assertTrue(m.find(), summary);
        long errors = Long.parseLong(m.group(1));
        // at most one queue depth per pause (and the first burst); it was about 500,000 a second
        long bound = depth * (1 + java.util.concurrent.TimeUnit.SECONDS.toNanos(1) / IoWorkload.ERROR_PAUSE_NANOS);
        assertTrue(errors > 0 && errors <= bound, errors + " errors, at most " + bound + " expected: " + summary);
        assertTrue(summary.contains("first problem: block "), summary);
    }
}
