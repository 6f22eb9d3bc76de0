package io.mpathj.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.mpathj.api.handler.HardwareHandler;
import io.mpathj.api.handler.HardwareHandlerType;
import io.mpathj.api.handler.PgInitRequest;
import io.mpathj.api.handler.PgInitResult;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.InputStream;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The OSGi platform with the real bundles: maps over simulated paths driven from the Gogo shell, the registry rules
 * (duplicates refused then promoted, unload refused while used), and a handler bundle stopped by force or updated
 * under a running workload without losing or corrupting any I/O. Each test gets a fresh container.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class PlatformTest extends ContainerTest {
    private static final String ALUA_BUNDLE = "io.mpathj.handler.alua";
    private static final String TABLE = "\"0 1 alua 2 1 round-robin 0 2 0 sim:a/A0/0 sim:a/A1/0 "
            + "round-robin 0 2 0 sim:a/B0/0 sim:a/B1/0\"";

    private Gogo shellWithMap(String map) {
        Gogo gogo = gogo();
        awaitService(HardwareHandlerType.class, "(mpathj.hardware.handler.name=alua)", SERVICE_TIMEOUT);
        gogo.run("sim:create a alua 2 2");
        assertEquals("created " + map + ": 2097152 blocks of 512 bytes", gogo.run("mpath:create " + map + " " + TABLE)
                .formatted());
        return gogo;
    }

    private static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            assertTrue("timed out waiting for " + what, System.nanoTime() < end);
            Thread.sleep(20);
        }
    }

    private static void assertVerified(String map, String summary) {
        assertTrue(summary, summary.matches(map + ": \\d+ I/Os in [0-9.]+ s \\(\\d+ IOPS\\): \\d+ reads verified, "
                + "\\d+ writes, 0 errors, 0 mismatches"));
    }

    @Test
    public void aMapOverSimPathsWithAluaAndRoundRobinCarriesVerifiedIo() throws InterruptedException {
        Gogo gogo = shellWithMap("mpatha");
        // the daemon's first check of each path (undef until then), as multipath -ll shows it
        // and the assembly's identification of the paths, for the map line (%n (%w) %s: name, WWID, vendor,product)
        eventually(() -> {
            String t = gogo.run("mpath:topology mpatha").formatted();
            return !t.contains("undef") && t.startsWith("mpatha (");
        }, "the first path checks and identification");
        String topology = gogo.run("mpath:topology mpatha").formatted().strip();
        String mapLine = topology.lines().findFirst().orElseThrow();
        assertTrue(mapLine, mapLine.matches("mpatha \\(3[0-9a-f]{16,32}\\) MPATHJ,SIM ALUA"));
        assertEquals(String.join("\n",
                mapLine,
                "size=1.0G features='0' hwhandler='1 alua' wp=rw",
                "|-+- policy='round-robin 0' prio=1 status=enabled",
                "| |- sim:a/A0/0 active ready running",
                "| `- sim:a/A1/0 active ready running",
                "`-+- policy='round-robin 0' prio=1 status=enabled",
                "  |- sim:a/B0/0 active ghost running",
                "  `- sim:a/B1/0 active ghost running"), topology);
        Gogo.Result io = gogo.run("mpath:io -s 1 mpatha");
        assertVerified("mpatha", io.formatted());
        assertTrue(io.out(), io.out().contains("IOPS"));
        assertEquals("0 2097152 multipath 0 1 alua 2 1 round-robin 0 2 1 sim:a/A0/0 1 sim:a/A1/0 1 "
                + "round-robin 0 2 1 sim:a/B0/0 1 sim:a/B1/0 1 ", gogo.run("mpath:table mpatha").formatted());
        String paths = gogo.run("mpath:paths").formatted();
        // columns as wide as their widest value; next_check is multipathd's bar (its width follows the intervals)
        assertTrue(paths, paths.startsWith("path       map    group dm_st  chk_st pri next_check"));
        assertTrue(paths, paths.matches("(?s)[^\n]*next_check +failures dev_st  handler\nsim:a/A0/0 mpatha 1     "
                + "active ready  1   [X.]{10} \\d+/\\d+ +0 +running .*"));
        assertTrue(paths, paths.contains("sim:a/B0/0 mpatha 2     active ghost  1   "));
        // a port failure: the map fails over to group 2 under the workload
        gogo.run("sim:port a A0 down");
        gogo.run("sim:port a A1 down");
        assertVerified("mpatha", gogo.run("mpath:io -s 1 mpatha").formatted());
        String status = gogo.run("mpath:status mpatha").formatted();
        assertTrue(status, status.endsWith("2 2 E 0 2 0 sim:a/A0/0 F 1 sim:a/A1/0 F 1 A 0 2 0 sim:a/B0/0 A 0 "
                + "sim:a/B1/0 A 0 "));
        assertEquals("removed mpatha", gogo.run("mpath:remove mpatha").formatted());
    }

    @Test
    public void commandErrorsAreOneLine() {
        Gogo gogo = shellWithMap("mpatha");
        assertFailure(gogo, "mpath:create x \"0 0\"", "create x: invalid number of priority groups");
        assertFailure(gogo, "mpath:create x \"0 1 nosuch 1 1 round-robin 0 1 0 sim:a/A0/0\"",
                "create x: unknown hardware handler type 'nosuch': searched no repositories are configured");
        assertFailure(gogo, "mpath:message mpatha switch_group 9",
                "message mpatha: invalid PG number supplied to switch_pg_num");
        assertFailure(gogo, "mpath:status nosuch", "no map named nosuch; maps: mpatha");
        assertFailure(gogo, "sim:port a Z9 down", "no port Z9 on a; ports: A0, A1, B0, B1");
    }

    private static void assertFailure(Gogo gogo, String command, String message) {
        Gogo.CommandFailedException e = assertThrows(Gogo.CommandFailedException.class, () -> gogo.run(command));
        assertEquals(message, e.getCause().getMessage());
        assertEquals("the exception prints as its message alone", message, e.getCause().toString());
    }

    @Test
    public void aDuplicateHandlerIsRefusedUntilTheFirstLeavesThenPromoted() throws Exception {
        Gogo gogo = gogo();
        awaitService(HardwareHandlerType.class, "(mpathj.hardware.handler.name=alua)", SERVICE_TIMEOUT);
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(HardwareHandlerType.NAME_PROPERTY, "alua");
        ServiceRegistration<HardwareHandlerType> second = context.registerService(HardwareHandlerType.class,
                args -> new NoOpHandler(), props);
        String probe = probe().getSymbolicName() + " " + probe().getVersion();
        eventually(() -> gogo.run("mpath:handlers").formatted().contains("refused"), "the duplicate to be refused");
        String listing = gogo.run("mpath:handlers").formatted();
        assertTrue(listing, listing.matches("(?s).*alua +io\\.mpathj\\.handler\\.alua \\S+ +active.*"));
        assertTrue(listing, listing.matches("(?s).*alua +" + java.util.regex.Pattern.quote(probe) + " +refused.*"));
        bundle(ALUA_BUNDLE).stop();
        eventually(() -> gogo.run("mpath:handlers").formatted().matches("(?s).*alua +"
                + java.util.regex.Pattern.quote(probe) + " +active.*"), "the duplicate to be promoted");
        assertFalse(gogo.run("mpath:handlers").formatted().contains("refused"));
        second.unregister();
        bundle(ALUA_BUNDLE).start();
        eventually(() -> gogo.run("mpath:handlers").formatted().matches("(?s).*alua +io\\.mpathj\\.handler\\.alua "
                + "\\S+ +active.*"), "the alua bundle to serve the name again");
    }

    @Test
    public void unloadIsRefusedWhileAMapUsesTheHandlerAndAcceptedAfter() throws Exception {
        Gogo gogo = shellWithMap("mpathu");
        assertFailure(gogo, "mpath:unload alua", "unload: hardware handler alua is in use by map mpathu");
        assertEquals(Bundle.ACTIVE, bundle(ALUA_BUNDLE).getState());
        gogo.run("mpath:remove mpathu");
        String unloaded = gogo.run("mpath:unload alua").formatted();
        assertTrue(unloaded, unloaded.startsWith("unloaded hardware handler alua: stopped bundle io.mpathj.handler.alua "));
        assertEquals(Bundle.RESOLVED, bundle(ALUA_BUNDLE).getState());
        assertFalse(gogo.run("mpath:handlers").formatted().contains("alua"));
    }

    @Test
    public void aHandlerStoppedByForceUnderLoadLosesNoIoAndTheMapRebindsWhenItReturns() throws Exception {
        Gogo gogo = shellWithMap("mpathf");
        Gogo workload = gogo();
        CompletableFuture<String> io = CompletableFuture.supplyAsync(
                () -> workload.run("mpath:io -s 4 mpathf").formatted());
        Thread.sleep(700);
        bundle(ALUA_BUNDLE).stop();
        String status = gogo.run("mpath:status mpathf").formatted();
        // INFO prints "0" for the handler as the kernel does; the topology names the missing plug-in
        assertTrue(status, status.matches("0 2097152 multipath 2 [01] \\d+ 0 2 \\d .*"));
        String handlers = gogo.run("mpath:handlers").formatted();
        assertTrue(handlers, handlers.matches("(?s).*alua +- +missing +1 +mpathf.*"));
        assertTrue(gogo.run("mpath:topology mpathf").formatted().contains("missing=hardware_handler_alua"));
        Thread.sleep(700);
        bundle(ALUA_BUNDLE).start();
        assertVerified("mpathf", io.get(60, TimeUnit.SECONDS));
        eventually(() -> !gogo.run("mpath:topology mpathf").formatted().contains("missing"), "the handler to be back");
    }

    @Test
    public void anUpdatedHandlerBundleTakesOverUnderLoadWithoutLosingIo() throws Exception {
        Gogo gogo = shellWithMap("mpathv");
        Gogo workload = gogo();
        CompletableFuture<String> io = CompletableFuture.supplyAsync(
                () -> workload.run("mpath:io -s 3 mpathv").formatted());
        Thread.sleep(700);
        Bundle alua = bundle(ALUA_BUNDLE);
        try (InputStream newer = new ByteArrayInputStream(
                Jars.withVersion(new File(MpathjOptions.bundlesDir(), ALUA_BUNDLE + ".jar"), "0.1.1"))) {
            alua.update(newer);
        }
        assertEquals("0.1.1", alua.getVersion().toString());
        assertVerified("mpathv", io.get(60, TimeUnit.SECONDS));
        eventually(() -> gogo.run("mpath:handlers").formatted().matches("(?s).*alua +io\\.mpathj\\.handler\\.alua "
                + "0\\.1\\.1 +active +1 +mpathv.*"), "the new version to serve the map");
        assertVerified("mpathv", gogo.run("mpath:io -s 1 mpathv").formatted());
    }

    @Test
    public void mapsComeFromConfigAdminFactoryConfigurations() throws Exception {
        Gogo gogo = gogo();
        awaitService(HardwareHandlerType.class, "(mpathj.hardware.handler.name=alua)", SERVICE_TIMEOUT);
        gogo.run("sim:create a alua 2 2");
        ConfigurationAdmin cm = awaitService(ConfigurationAdmin.class);
        Configuration config = cm.createFactoryConfiguration("io.mpathj.map", "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("name", "mpathc");
        props.put("table", TABLE.replace("\"", ""));
        props.put("queue_if_no_path_timeout_ms", 5000L);
        config.update(props);
        eventually(() -> gogo.run("mpath:status").formatted().startsWith("mpathc: 0 2097152 multipath "),
                "the configured map");
        assertVerified("mpathc", gogo.run("mpath:io -s 1 mpathc").formatted());
        config.delete();
        eventually(() -> gogo.run("mpath:status").formatted().equals("No devices found"), "the map to go");
    }

    @Test
    public void badConfigurationValuesCreateNothingAndLeaveRunningMapsAlone() throws Exception {
        Gogo gogo = shellWithMap("mpathok");
        String before = gogo.run("mpath:table").formatted();
        ConfigurationAdmin cm = awaitService(ConfigurationAdmin.class);
        for (String[] bad : new String[][] {{"badtable", "0 0"}, {"bad name", "0 0 1 1 round-robin 0 1 0 sim:a/A0/0"},
            {"nopath", "0 0 1 1 round-robin 0 1 0 sim:a/Z9/0"}, {"mpathok", "0 0 1 1 round-robin 0 1 0 sim:a/B0/0"}}) {
            Configuration config = cm.createFactoryConfiguration("io.mpathj.map", "?");
            Dictionary<String, Object> props = new Hashtable<>();
            props.put("name", bad[0]);
            props.put("table", bad[1]);
            config.update(props);
        }
        Thread.sleep(2500); // the configurations are retried every second: give them two tries
        assertEquals("only the map made from the shell exists", before, gogo.run("mpath:table").formatted());
        assertVerified("mpathok", gogo.run("mpath:io -s 1 mpathok").formatted());
    }

    /** A handler that activates at once; enough to stand in for a second provider of a name. */
    private static final class NoOpHandler implements HardwareHandler {
        @Override
        public void pgInit(PgInitRequest request) {
            request.complete(PgInitResult.OK);
        }
    }
}
