package io.mpathj.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.mpathj.api.handler.HardwareHandlerType;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The daemon (multipathd's half) in the container with the real bundles, configured through ConfigurationAdmin and
 * watched only through the shell: reinstatement by the path checker, failback immediate / manual, no_path_retry N,
 * and an ALUA standby path as a ghost with priority 1. Polling interval 1 s keeps it quick.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class DaemonContainerTest extends ContainerTest {
    private static final int POLLING = 1;
    /** Over a plain disk (no ALUA): both groups carry verified I/O without a handler. */
    private static final String PLAIN_TABLE = "\"0 0 2 1 round-robin 0 2 0 sim:p/A0/0 sim:p/A1/0 "
            + "round-robin 0 2 0 sim:p/B0/0 sim:p/B1/0\"";
    private static final String ALUA_TABLE = "\"0 1 alua 2 1 round-robin 0 2 0 sim:a/A0/0 sim:a/A1/0 "
            + "round-robin 0 2 0 sim:a/B0/0 sim:a/B1/0\"";

    /** Sets the daemon's defaults (PID io.mpathj.daemon), then waits until mpath:maps can be run. */
    private void defaults(Object... keyValues) throws Exception {
        ConfigurationAdmin ca = awaitService(ConfigurationAdmin.class);
        Configuration c = ca.getConfiguration("io.mpathj.daemon", "?");
        c.update(dict(keyValues));
    }

    /** A per-map override (factory PID io.mpathj.daemon.map). */
    private void mapSettings(String map, Object... keyValues) throws Exception {
        ConfigurationAdmin ca = awaitService(ConfigurationAdmin.class);
        Configuration c = ca.createFactoryConfiguration("io.mpathj.daemon.map", "?");
        Object[] all = new Object[keyValues.length + 2];
        all[0] = "map";
        all[1] = map;
        System.arraycopy(keyValues, 0, all, 2, keyValues.length);
        c.update(dict(all));
    }

    private static Dictionary<String, Object> dict(Object... keyValues) {
        Dictionary<String, Object> d = new Hashtable<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            d.put((String) keyValues[i], keyValues[i + 1]);
        }
        return d;
    }

    private Gogo plainMap(String map) {
        Gogo gogo = gogo();
        gogo.run("sim:create --tpgs none p alua 2 2"); // a plain disk: every port serves I/O, no access states
        assertEquals("created " + map + ": 2097152 blocks of 512 bytes",
                gogo.run("mpath:create " + map + " " + PLAIN_TABLE).formatted());
        return gogo;
    }

    /** Polls until {@code what} returns non-null, every 50 ms, failing after the deadline. */
    private static <T> T eventually(Duration deadline, String what, Supplier<T> probe) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            T v;
            try {
                v = probe.get();
            } catch (RuntimeException | AssertionError e) {
                v = null; // not there yet (a command not registered, a map not followed yet)
            }
            if (v != null) {
                return v;
            }
            if (System.nanoTime() > end) {
                fail("timed out after " + deadline + " waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    private static String assertVerified(String map, String summary) {
        assertTrue(summary, summary.matches(map + ": \\d+ I/Os in [0-9.]+ s \\(\\d+ IOPS\\): \\d+ reads verified, "
                + "\\d+ writes, 0 errors, 0 mismatches"));
        return summary;
    }

    /** The row of mpath:maps for the map, split in columns. */
    private static String[] mapsRow(Gogo gogo, String map) {
        for (String line : gogo.run("mpath:maps").formatted().split("\n")) {
            if (line.startsWith(map + " ")) {
                return line.trim().split(" {1,}(?=\\S)");
            }
        }
        throw new AssertionError("no row for " + map + " in mpath:maps");
    }

    /** The map's current group as mpath:maps shows it. */
    private static int group(Gogo gogo, String map) {
        String maps = gogo.run("mpath:maps").formatted();
        Matcher m = Pattern.compile("(?m)^" + map + " +\\d+ +\\d+ +(\\d+) ").matcher(maps);
        assertTrue(maps, m.find());
        return Integer.parseInt(m.group(1));
    }

    private static String statusOf(Gogo gogo, String map) {
        return gogo.run("mpath:status " + map).formatted();
    }

    private static boolean aPathsBack(Gogo gogo, String map, String array) {
        String status = statusOf(gogo, map);
        String topo = gogo.run("mpath:topology " + map).formatted();
        return status.contains("sim:" + array + "/A0/0 A ") && status.contains("sim:" + array + "/A1/0 A ")
                && topo.matches("(?s).*sim:" + array + "/A0/0 active ready running.*")
                && topo.matches("(?s).*sim:" + array + "/A1/0 active ready running.*");
    }

    /** Ports A0 and A1 down under a verified workload: the map fails them and carries on on group 2. */
    private void failGroupOne(Gogo gogo, String map) throws Exception {
        assertVerified(map, gogo.run("mpath:io -s 1 " + map).formatted());
        Gogo workload = gogo();
        CompletableFuture<String> io = CompletableFuture.supplyAsync(
                () -> workload.run("mpath:io -s 3 " + map).formatted());
        Thread.sleep(300); // the workload is running when the ports go
        gogo.run("sim:port p A0 down");
        gogo.run("sim:port p A1 down");
        String summary = io.get(70, TimeUnit.SECONDS);
        System.out.println("[daemon-it] I/O over the port failure: " + summary);
        assertVerified(map, summary);
        eventually(Duration.ofSeconds(10), "A0/A1 failed and checked down", () -> {
            String status = statusOf(gogo, map);
            String paths = gogo.run("mpath:paths").formatted();
            return status.contains("sim:p/A0/0 F ") && status.contains("sim:p/A1/0 F ")
                    && paths.matches("(?s).*sim:p/A0/0 +" + map + " +1 +failed +faulty.*")
                    && paths.matches("(?s).*sim:p/A1/0 +" + map + " +1 +failed +faulty.*") ? paths : null;
        });
        assertEquals(2, group(gogo, map));
        assertVerified(map, gogo.run("mpath:io -s 1 " + map).formatted());
    }

    /** Ports back up: measures how long until the checker reinstates both paths (no command typed). */
    private long restoreGroupOne(Gogo gogo, String map) throws Exception {
        long t0 = System.nanoTime();
        gogo.run("sim:port p A0 up");
        gogo.run("sim:port p A1 up");
        try {
            eventually(Duration.ofSeconds(10), "A0/A1 reinstated", () -> aPathsBack(gogo, map, "p") ? "" : null);
        } catch (AssertionError e) {
            System.out.println("[daemon-it] not reinstated:\n" + statusOf(gogo, map) + "\n"
                    + gogo.run("mpath:topology " + map).formatted() + gogo.run("mpath:paths").formatted());
            throw new AssertionError(e.getMessage() + "\n" + statusOf(gogo, map) + "\n"
                    + gogo.run("mpath:topology " + map).formatted() + gogo.run("mpath:paths").formatted(), e);
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    @Test
    public void portsDownFailThePathsAndPortsUpReinstateThemWithinTwoPollingIntervals() throws Exception {
        defaults("polling_interval", "1");
        Gogo gogo = plainMap("mpathr");
        eventually(Duration.ofSeconds(10), "the daemon to follow mpathr with polling 1 s",
                () -> mapsRow(gogo, "mpathr")[8].equals("1/4s") ? "" : null);
        eventually(Duration.ofSeconds(10), "every path checked up",
                () -> gogo.run("mpath:topology mpathr").formatted().split("active ready running").length == 5
                        ? "" : null);
        failGroupOne(gogo, "mpathr");
        long ms = restoreGroupOne(gogo, "mpathr");
        System.out.println("[daemon-it] reinstated " + ms + " ms after the ports came up");
        assertTrue("reinstated after " + ms + " ms", ms <= 2 * POLLING * 1000 + 500);
        assertVerified("mpathr", gogo.run("mpath:io -s 1 mpathr").formatted());
    }

    @Test
    public void failbackImmediateReturnsToGroupOneByItself() throws Exception {
        defaults("polling_interval", "1");
        mapSettings("mpathi", "failback", "immediate");
        Gogo gogo = plainMap("mpathi");
        eventually(Duration.ofSeconds(10), "failback immediate in effect",
                () -> mapsRow(gogo, "mpathi")[9].equals("immediate") ? "" : null);
        failGroupOne(gogo, "mpathi");
        long t0 = System.nanoTime();
        restoreGroupOne(gogo, "mpathi");
        eventually(Duration.ofSeconds(10), "mpathi back on group 1", () -> group(gogo, "mpathi") == 1 ? "" : null);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        System.out.println("[daemon-it] failback immediate: group 1 again " + ms + " ms after the ports came up");
        String summary = assertVerified("mpathi", gogo.run("mpath:io -s 1 mpathi").formatted());
        assertEquals(1, group(gogo, "mpathi"));
        assertTrue(summary, summary.contains("0 errors"));
    }

    @Test
    public void failbackManualStaysOnGroupTwo() throws Exception {
        defaults("polling_interval", "1");
        mapSettings("mpathm", "failback", "manual");
        Gogo gogo = plainMap("mpathm");
        eventually(Duration.ofSeconds(10), "failback manual in effect",
                () -> mapsRow(gogo, "mpathm")[8].equals("1/4s") && mapsRow(gogo, "mpathm")[9].equals("manual")
                        ? "" : null);
        failGroupOne(gogo, "mpathm");
        restoreGroupOne(gogo, "mpathm");
        // three polling intervals with the paths back and I/O running: the map stays where it is
        assertVerified("mpathm", gogo.run("mpath:io -s 3 mpathm").formatted());
        assertEquals(2, group(gogo, "mpathm"));
        assertTrue(aPathsBack(gogo, "mpathm", "p"));
    }

    @Test
    public void noPathRetryThreeQueuesForThreePollingIntervalsThenFailsTheQueuedIo() throws Exception {
        defaults("polling_interval", "1");
        mapSettings("mpathq", "no_path_retry", "3");
        Gogo gogo = plainMap("mpathq");
        eventually(Duration.ofSeconds(10), "no_path_retry 3 and queueing on", () -> {
            String[] row = mapsRow(gogo, "mpathq");
            return row[10].equals("3") && row[4].equals("on") ? "" : null;
        });
        eventually(Duration.ofSeconds(10), "every path checked up",
                () -> gogo.run("mpath:topology mpathq").formatted().split("active ready running").length == 5
                        ? "" : null);
        assertVerified("mpathq", gogo.run("mpath:io -s 1 mpathq").formatted());
        Gogo workload = gogo();
        CompletableFuture<String> io = CompletableFuture.supplyAsync(
                () -> workload.run("mpath:io -s 8 mpathq").formatted());
        Thread.sleep(300);
        long t0 = System.nanoTime();
        for (String port : new String[] {"A0", "A1", "B0", "B1"}) {
            gogo.run("sim:port p " + port + " down");
        }
        // the map queues: the daemon counts down
        String recovering = eventually(Duration.ofSeconds(5), "recovery (queueing N s left)", () -> {
            String[] row = mapsRow(gogo, "mpathq");
            return row[4].equals("on") && row[11].startsWith("queueing") ? String.join(" ", row) : null;
        });
        long recoveryMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        eventually(Duration.ofSeconds(15), "queueing turned off", () -> {
            String[] row = mapsRow(gogo, "mpathq");
            return row[4].equals("off") ? "" : null;
        });
        long offMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        String summary = io.get(70, TimeUnit.SECONDS);
        System.out.println("[daemon-it] no_path_retry 3: recovery seen after " + recoveryMs + " ms (" + recovering
                + "), queueing off " + offMs + " ms after the ports went; I/O: " + summary);
        // 3 polling intervals after the daemon saw no path (at most about one interval after the ports went)
        assertTrue("queueing off after " + offMs + " ms", offMs >= 3 * POLLING * 1000 - 200
                && offMs <= 3 * POLLING * 1000 + 2 * POLLING * 1000 + 1500);
        Matcher m = Pattern.compile("(\\d+) errors, 0 mismatches").matcher(summary);
        assertTrue(summary, m.find());
        assertTrue("the queued I/O failed: " + summary, Long.parseLong(m.group(1)) > 0);
    }

    @Test
    public void anAluaStandbyPathIsAGhostWithPriorityOne() throws Exception {
        defaults("polling_interval", "1", "prio", "alua");
        Gogo gogo = gogo();
        awaitService(HardwareHandlerType.class, "(mpathj.hardware.handler.name=alua)", SERVICE_TIMEOUT);
        gogo.run("sim:create a alua 2 2");
        assertEquals("created mpatha: 2097152 blocks of 512 bytes",
                gogo.run("mpath:create mpatha " + ALUA_TABLE).formatted());
        String topology = eventually(Duration.ofSeconds(10), "group prios 50 / 1 and B paths ghost", () -> {
            String t = gogo.run("mpath:topology mpatha").formatted();
            return t.contains("prio=50 status=") && t.contains("prio=1 status=")
                    && t.contains("sim:a/B0/0 active ghost running") && t.contains("sim:a/B1/0 active ghost running")
                    && t.contains("sim:a/A0/0 active ready running") ? t : null;
        });
        System.out.println("[daemon-it] ALUA topology:\n" + topology);
        String paths = gogo.run("mpath:paths").formatted();
        System.out.println("[daemon-it] ALUA paths:\n" + paths);
        assertTrue(paths, paths.matches("(?s).*sim:a/B0/0 +mpatha +2 +active +ghost +1 .*"));
        assertTrue(paths, paths.matches("(?s).*sim:a/B1/0 +mpatha +2 +active +ghost +1 .*"));
        assertTrue(paths, paths.matches("(?s).*sim:a/A0/0 +mpatha +1 +active +ready +50 .*"));
        assertVerified("mpatha", gogo.run("mpath:io -s 1 mpatha").formatted());
        assertTrue(gogo.run("mpath:topology mpatha").formatted().contains("sim:a/B0/0 active ghost running"));
    }

    /** CPU time used so far by the daemon's threads (named mpathj-multipathd…), in milliseconds. */
    private static long daemonCpuMillis() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long nanos = 0;
        for (java.lang.management.ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t != null && t.getThreadName().startsWith("mpathj-multipathd")) {
                nanos += Math.max(0, threads.getThreadCpuTime(t.getThreadId()));
            }
        }
        return nanos / 1_000_000;
    }

    @Test
    public void aFlappingPathFailsNoIoAndTheDaemonStaysCheap() throws Exception {
        defaults("polling_interval", "1");
        Gogo gogo = plainMap("mpathf");
        eventually(Duration.ofSeconds(10), "every path checked up",
                () -> gogo.run("mpath:topology mpathf").formatted().split("active ready running").length == 5
                        ? "" : null);
        Gogo workload = gogo();
        CompletableFuture<String> io = CompletableFuture.supplyAsync(
                () -> workload.run("mpath:io -s 30 mpathf").formatted());
        long cpu0 = daemonCpuMillis();
        long t0 = System.nanoTime();
        int flaps = 0;
        // A0 down and up every 300 ms for 30 s: the map fails it on errors, the checker reinstates it
        while (System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(30)) {
            gogo.run("sim:port p A0 down");
            Thread.sleep(300);
            gogo.run("sim:port p A0 up");
            Thread.sleep(300);
            flaps++;
        }
        long wallMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        long cpuMillis = daemonCpuMillis() - cpu0;
        String summary = io.get(60, TimeUnit.SECONDS);
        System.out.println("[daemon-it] flapping A0 " + flaps + " times in " + wallMillis + " ms: daemon CPU "
                + cpuMillis + " ms (" + String.format("%.2f", 100.0 * cpuMillis / wallMillis) + " % of one core); "
                + summary + "; " + gogo.run("mpath:status mpathf").formatted().trim());
        assertVerified("mpathf", summary);
        assertTrue("the daemon used " + cpuMillis + " ms of CPU in " + wallMillis + " ms", cpuMillis < wallMillis / 20);
        eventually(Duration.ofSeconds(5), "A0 reinstated after the last flap",
                () -> statusOf(gogo, "mpathf").contains("sim:p/A0/0 A ") ? "" : null);
    }
}
