package io.mpathj.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.mpathj.api.handler.HardwareHandlerType;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;

/**
 * dmsetup's device lifecycle as an operator types it in the Gogo shell, with the real bundles: mpath:reload under a
 * verified mpath:io workload, a refused reload, suspend/resume, a busy map refused by mpath:remove, mpath:info, and
 * the checks a table load makes of its paths (one LU per map, a path in one map only).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class MapLifecycleTest extends ContainerTest {
    private static final String ALUA = "\"0 1 alua 2 1 round-robin 0 2 0 sim:a/A0/0 sim:a/A1/0 "
            + "round-robin 0 2 0 sim:a/B0/0 sim:a/B1/0\"";

    private Gogo shellWithMap() {
        Gogo gogo = gogo();
        awaitService(HardwareHandlerType.class, "(mpathj.hardware.handler.name=alua)", SERVICE_TIMEOUT);
        awaitService(HardwareHandlerType.class, "(mpathj.hardware.handler.name=generic-scsi)", SERVICE_TIMEOUT);
        gogo.run("sim:create a alua 2 2");
        gogo.run("mpath:create mpatha " + ALUA);
        return gogo;
    }

    @Test
    public void aHundredReloadsUnderAVerifiedWorkloadLoseNothingAndARefusedOneLeavesTheOldTableServing()
            throws Exception {
        Gogo gogo = gogo();
        awaitService(HardwareHandlerType.class, "(mpathj.hardware.handler.name=generic-scsi)", SERVICE_TIMEOUT);
        // a plain disk (no TPGS, so no handler attached at probe): a reload may change the handler
        gogo.run("sim:create --tpgs none p alua 2 2");
        String generic = "\"0 1 generic-scsi 2 1 round-robin 0 2 0 sim:p/A0/0 sim:p/A1/0 round-robin 0 2 0 sim:p/B0/0 "
                + "sim:p/B1/0\"";
        gogo.run("mpath:create mpatha " + generic);
        Gogo workload = gogo();
        CompletableFuture<String> io = CompletableFuture.supplyAsync(
                () -> workload.run("mpath:io -s 60 -q 16 mpatha").out());
        // 50 reloads that change the selector's arguments and the initial group, then 50 that change the handler
        String[] tables = {
            "\"0 1 generic-scsi 2 2 round-robin 0 2 1 sim:p/A0/0 3 sim:p/A1/0 5 round-robin 0 2 0 sim:p/B0/0 "
                    + "sim:p/B1/0\"",
            generic,
            "\"0 0 2 1 round-robin 0 2 0 sim:p/A0/0 sim:p/A1/0 round-robin 0 2 0 sim:p/B0/0 sim:p/B1/0\""};
        for (int i = 0; i < 100; i++) {
            String table = i < 50 ? tables[i % 2] : tables[1 + i % 2];
            String out = gogo.run("mpath:reload mpatha " + table).formatted();
            assertTrue(out, out.startsWith("reloaded mpatha (table generation " + (i + 2) + "): 2097152 blocks"));
        }
        Gogo.CommandFailedException refused = assertThrows(Gogo.CommandFailedException.class,
                () -> gogo.run("mpath:reload mpatha \"0 0 1 1 round-robin 0 2 0 sim:p/A0/0 sim:p/Q9/0\""));
        assertEquals("reload mpatha: error getting device: no path named sim:p/Q9/0", refused.getCause().getMessage());
        assertEquals("0 2097152 multipath 0 0 2 1 round-robin 0 2 1 sim:p/A0/0 1 sim:p/A1/0 1 round-robin 0 2 1 "
                + "sim:p/B0/0 1 sim:p/B1/0 1 ", gogo.run("mpath:table mpatha").formatted());
        String info = gogo.run("mpath:info mpatha").formatted();
        assertTrue(info, info.contains("Open count:        1 (mpath:io)") && info.contains("Table generation:  101"));
        Gogo.CommandFailedException busy = assertThrows(Gogo.CommandFailedException.class,
                () -> gogo.run("mpath:remove mpatha"));
        assertEquals("remove mpatha: device or resource busy: mpatha is open (1 by mpath:io); --force fails its I/O "
                + "and removes it", busy.getCause().getMessage());
        Thread.sleep(500);
        // the workload is interrupted the way Ctrl-C does it: its job's thread is interrupted, it prints a summary
        workloadThreadsInterrupt();
        String summary = io.get(30, TimeUnit.SECONDS);
        Matcher m = Pattern.compile("mpatha: (\\d+) I/Os in [0-9.]+ s \\(\\d+ IOPS\\), interrupted: \\d+ reads "
                + "verified, \\d+ writes, 0 errors, 0 mismatches").matcher(summary);
        assertTrue(summary, m.find());
        assertTrue(summary, Long.parseLong(m.group(1)) > 10_000);
        assertTrue(gogo.run("mpath:info mpatha").formatted().contains("Open count:        0"));
        assertEquals("removed mpatha", gogo.run("mpath:remove mpatha").formatted());
    }

    @Test
    public void theHandlerAttachedToADeviceWinsOverTheTablesAsInLinux() {
        Gogo gogo = shellWithMap(); // sim a reports TPGS: alua is attached to its paths at probe
        gogo.run("mpath:remove mpatha");
        // a table naming another (known) handler, or none with retain_attached_hw_handler, gets alua
        gogo.run("mpath:create m1 \"0 1 generic-scsi 1 1 round-robin 0 2 0 sim:a/A0/0 sim:a/A1/0\"");
        assertEquals("0 2097152 multipath 0 1 alua 1 1 round-robin 0 2 1 sim:a/A0/0 1 sim:a/A1/0 1 ",
                gogo.run("mpath:table m1").formatted());
        gogo.run("mpath:create m2 \"1 retain_attached_hw_handler 0 1 1 round-robin 0 2 0 sim:a/B0/0 sim:a/B1/0\"");
        assertEquals("0 2097152 multipath 1 retain_attached_hw_handler 1 alua 1 1 round-robin 0 2 1 sim:a/B0/0 1 "
                + "sim:a/B1/0 1 ", gogo.run("mpath:table m2").formatted());
        // an unknown name is refused first, as scsi_dh_attach looks it up before it finds the attached one
        gogo.run("mpath:remove m1");
        assertEquals("create m3: unknown hardware handler type 'nosuch': searched no repositories are configured",
                assertThrows(Gogo.CommandFailedException.class, () -> gogo.run("mpath:create m3 \"0 1 nosuch 1 1 "
                        + "round-robin 0 1 0 sim:a/A0/0\"")).getCause().getMessage());
    }

    /** Ctrl-C in the shell interrupts the thread running the command; here, every mpath:io thread. */
    private static void workloadThreadsInterrupt() {
        Thread.getAllStackTraces().keySet().stream()
                .filter(t -> java.util.Arrays.stream(t.getStackTrace()).anyMatch(
                        f -> f.getClassName().endsWith("IoWorkload") && f.getMethodName().equals("run")))
                .forEach(Thread::interrupt);
    }

    @Test
    public void editingALiveMapsConfigurationReloadsItUnderLoad() throws Exception {
        Gogo gogo = gogo();
        awaitService(HardwareHandlerType.class, "(mpathj.hardware.handler.name=alua)", SERVICE_TIMEOUT);
        gogo.run("sim:create a alua 2 2");
        org.osgi.service.cm.ConfigurationAdmin cm = awaitService(org.osgi.service.cm.ConfigurationAdmin.class);
        org.osgi.service.cm.Configuration config = cm.createFactoryConfiguration("io.mpathj.map", "?");
        java.util.Hashtable<String, Object> props = new java.util.Hashtable<>();
        props.put("name", "mpathc");
        props.put("table", ALUA.replace("\"", ""));
        config.update(props);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!gogo.run("mpath:ls").formatted().contains("mpathc")) {
            assertTrue("the configured map appears", System.nanoTime() < end);
            Thread.sleep(20);
        }
        Gogo workload = gogo();
        CompletableFuture<String> io = CompletableFuture.supplyAsync(
                () -> workload.run("mpath:io -s 3 mpathc").formatted());
        Thread.sleep(500);
        props.put("table", "0 1 alua 2 2 round-robin 0 2 0 sim:a/A0/0 sim:a/A1/0 round-robin 0 2 0 "
                + "sim:a/B0/0 sim:a/B1/0"); // the initial group is now 2
        config.update(props);
        while (!gogo.run("mpath:info mpathc").formatted().contains("Table generation:  2")) {
            assertTrue("the edit reloads the map", System.nanoTime() < end);
            Thread.sleep(20);
        }
        assertTrue(gogo.run("mpath:table mpathc").formatted().startsWith("0 2097152 multipath 0 1 alua 2 2 "));
        String summary = io.get(30, TimeUnit.SECONDS);
        assertTrue(summary, summary.matches("mpathc: \\d+ I/Os in [0-9.]+ s \\(\\d+ IOPS\\): \\d+ reads verified, "
                + "\\d+ writes, 0 errors, 0 mismatches"));
        config.delete();
    }

    @Test
    public void aMapIsCreatedWhileOneOfItsPathsIsDownAndThatPathStartsFailed() {
        Gogo gogo = gogo();
        awaitService(HardwareHandlerType.class, "(mpathj.hardware.handler.name=alua)", SERVICE_TIMEOUT);
        gogo.run("sim:create a alua 2 2");
        gogo.run("sim:port a A0 down");
        assertEquals("created mpatha: 2097152 blocks of 512 bytes", gogo.run("mpath:create mpatha " + ALUA).formatted());
        String status = gogo.run("mpath:status mpatha").formatted();
        assertTrue(status, status.contains("sim:a/A0/0 F 1 sim:a/A1/0 A 0"));
        gogo.run("sim:port a A0 up");
        gogo.run("mpath:message mpatha reinstate_path sim:a/A0/0");
        status = gogo.run("mpath:status mpatha").formatted();
        assertTrue(status, status.contains("sim:a/A0/0 A 1 sim:a/A1/0 A 0"));
    }

    @Test
    public void suspendQueuesAndResumeReleases() throws Exception {
        Gogo gogo = shellWithMap();
        assertEquals("", gogo.run("mpath:suspend mpatha").formatted());
        assertTrue(gogo.run("mpath:info mpatha").formatted().contains("State:             SUSPENDED"));
        Gogo workload = gogo();
        CompletableFuture<String> io = CompletableFuture.supplyAsync(
                () -> workload.run("mpath:io -s 1 mpatha").formatted());
        Thread.sleep(1500);
        assertTrue("no I/O completes while suspended", !io.isDone());
        assertTrue(gogo.run("mpath:info mpatha").formatted().matches("(?s).*Queued I/O: +[1-9].*"));
        gogo.run("mpath:resume mpatha");
        String summary = io.get(30, TimeUnit.SECONDS);
        assertTrue(summary, summary.matches("mpatha: \\d+ I/Os in [0-9.]+ s \\(\\d+ IOPS\\): \\d+ reads verified, "
                + "\\d+ writes, 0 errors, 0 mismatches"));
    }

    @Test
    public void aTableLoadChecksEveryPath() {
        Gogo gogo = shellWithMap();
        gogo.run("sim:create b alua 2 2");
        // a path already in another map: dm's exclusive claim
        assertEquals("create m2: error getting device: sim:a/A0/0 is in use by map mpatha", assertThrows(
                Gogo.CommandFailedException.class, () -> gogo.run("mpath:create m2 \"0 0 1 1 round-robin 0 1 0 "
                        + "sim:a/A0/0\"")).getCause().getMessage());
        // paths to two different LUs in one map
        String mixed = assertThrows(Gogo.CommandFailedException.class, () -> gogo.run("mpath:create m2 \"0 0 1 1 "
                + "round-robin 0 2 0 sim:b/A0/0 sim:a/A0/1\"")).getCause().getMessage();
        assertTrue(mixed, mixed.startsWith("create m2: error getting device: no path named sim:a/A0/1"));
        gogo.run("mpath:remove mpatha");
        String twoLus = assertThrows(Gogo.CommandFailedException.class, () -> gogo.run("mpath:create m2 \"0 0 1 1 "
                + "round-robin 0 2 0 sim:b/A0/0 sim:a/B0/0\"")).getCause().getMessage();
        assertTrue(twoLus, twoLus.matches("create m2: error getting device: sim:a/B0/0 leads to logical unit naa\\.\\w+, "
                + "sim:b/A0/0 to naa\\.\\w+; a map's paths must lead to one LU"));
        // a table longer than a path's LU
        String small = assertThrows(Gogo.CommandFailedException.class, () -> gogo.run("mpath:create m3 "
                + "\"0 4194304 multipath 0 0 1 1 round-robin 0 1 0 sim:b/B1/0\"")).getCause().getMessage();
        assertEquals("create m3: sim:b/B1/0 too small for target: start=0, len=4194304, dev_size=2097152", small);
        // two maps over different paths to one LU are allowed, as by dm, with a warning
        String created = gogo.run("mpath:create m4 \"0 0 1 1 round-robin 0 1 0 sim:b/A0/0\"").formatted();
        assertEquals("created m4: 2097152 blocks of 512 bytes", created);
        created = gogo.run("mpath:create m5 \"0 0 1 1 round-robin 0 1 0 sim:b/A1/0\"").formatted();
        assertEquals("created m5: 2097152 blocks of 512 bytes\nwarning: its logical unit is also in map m4; writes "
                + "through both maps are not coordinated", created);
    }
}
