package io.mpathj.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import io.mpathj.api.checker.PathCheckerType;
import io.mpathj.api.handler.HardwareHandlerType;
import io.mpathj.api.prio.PrioritizerType;
import java.io.File;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.Bundle;

/**
 * The request_module analogue: emc, rdac, hp_sw, generic-scsi and the queue-length, service-time, historical-service-time and
 * io-affinity selectors are not installed,
 * only listed in a repository index; a table that names one loads it, once, however many tables ask at the same
 * time.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class OnDemandLoadingTest extends ContainerTest {
    private static final String EMC = "io.mpathj.handler.emc";
    private static final String GENERIC = "io.mpathj.handler.generic_scsi";
    private static final String RDAC = "io.mpathj.handler.rdac";
    private static final String HP_SW = "io.mpathj.handler.hp_sw";

    @Override
    @Configuration
    public Option[] config() {
        File index = new File(Jars.repository(), "index.xml");
        return new Option[] {composite(MpathjOptions.runtime(), MpathjOptions.bundles(List.of("io.mpathj.api",
                "io.mpathj.core", "io.mpathj.selector.round_robin", "io.mpathj.storage.sim",
                "io.mpathj.handler.alua")), frameworkProperty("mpathj.repository").value(index.toURI().toString()))};
    }

    private static String emcTable(String array) {
        return "\"0 1 emc 2 1 round-robin 0 2 0 sim:" + array + "/A0/0 sim:" + array + "/A1/0 round-robin 0 2 0 sim:"
                + array + "/B0/0 sim:" + array + "/B1/0\"";
    }

    @Test
    public void aTableNamingEmcLoadsItFromTheRepositoryAndTheMapWorks() {
        Gogo gogo = gogo();
        assertNull("emc starts out not installed", bundle(EMC));
        gogo.run("sim:create cx clariion 2 2");
        assertEquals("created mpathe: 2097152 blocks of 512 bytes", gogo.run("mpath:create mpathe " + emcTable("cx"))
                .formatted());
        assertEquals(Bundle.ACTIVE, bundle(EMC).getState());
        assertTrue(bundle(EMC).getLocation().endsWith("repository/io.mpathj.handler.emc.jar"));
        String handlers = gogo.run("mpath:handlers").formatted();
        assertTrue(handlers, handlers.matches("(?s).*emc +io\\.mpathj\\.handler\\.emc \\S+ +active +1 +mpathe.*"));
        // the loaded handler trespasses to SP B when SP A goes away, with every read verified
        gogo.run("sim:port cx A0 down");
        gogo.run("sim:port cx A1 down");
        String io = gogo.run("mpath:io -s 1 mpathe").formatted();
        assertTrue(io, io.matches("mpathe: \\d+ I/Os .* 0 errors, 0 mismatches"));
        assertTrue(gogo.run("sim:arrays").formatted().contains("group 2 lun0=owner"));
    }

    /**
     * rdac is loaded by the table that names it, and with it the bundle's rdac path checker and prioritizer; on a
     * plain disk (no E-Series VPD pages) it refuses the paths with the kernel's words, as scsi_dh_rdac does.
     */
    @Test
    public void aTableNamingRdacLoadsItWithItsCheckerAndPrioritizer() throws Exception {
        Gogo gogo = gogo();
        assertNull("rdac starts out not installed", bundle(RDAC));
        gogo.run("sim:create --tpgs none a alua 2 2"); // no handler attached by the transport: the table's is used
        Gogo.CommandFailedException e = assertThrows(Gogo.CommandFailedException.class,
                () -> gogo.run("mpath:create r \"0 1 rdac 1 1 round-robin 0 2 0 sim:a/A0/0 sim:a/A1/0\""));
        assertEquals("create r: error attaching hardware handler: sim:a/A0/0: rdac: INQUIRY of VPD page 0xC8 failed:"
                + " CHECK CONDITION sense 05/24/00; Attach failed (8)", e.getCause().getMessage());
        assertEquals(Bundle.ACTIVE, bundle(RDAC).getState());
        assertTrue(bundle(RDAC).getLocation().endsWith("repository/io.mpathj.handler.rdac.jar"));
        Map<Class<?>, String> services = Map.of(
                HardwareHandlerType.class, HardwareHandlerType.NAME_PROPERTY,
                PathCheckerType.class, PathCheckerType.NAME_PROPERTY,
                PrioritizerType.class, PrioritizerType.NAME_PROPERTY);
        for (Map.Entry<Class<?>, String> service : services.entrySet()) {
            String filter = "(" + service.getValue() + "=rdac)";
            awaitService(service.getKey(), filter, SERVICE_TIMEOUT);
            var refs = context.getServiceReferences(service.getKey().getName(), filter);
            assertEquals(filter, 1, refs.length);
            assertEquals(filter, bundle(RDAC), refs[0].getBundle());
        }
        // parameters: scsi_dh_rdac has no set_params (attach first, as dm-mpath does: here the path attaches
        // nowhere, so the attach error wins)
        e = assertThrows(Gogo.CommandFailedException.class,
                () -> gogo.run("mpath:create r \"0 2 rdac 1 1 1 round-robin 0 1 0 sim:a/A0/0\""));
        assertTrue(e.getCause().getMessage(), e.getCause().getMessage().startsWith(
                "create r: error attaching hardware handler: sim:a/A0/0: rdac:"));
        assertEquals(1, Arrays.stream(context.getBundles()).filter(b -> RDAC.equals(b.getSymbolicName())).count());
    }

    @Test
    public void aTableNamingHpSwLoadsItFromTheRepositoryWithItsCheckerAndPrioritizer() throws Exception {
        Gogo gogo = gogo();
        assertNull("hp_sw starts out not installed", bundle(HP_SW));
        // a plain disk: every port answers TEST UNIT READY, so hp_sw attaches to active paths
        gogo.run("sim:create --tpgs none d alua 2 2");
        assertEquals("created m: 2097152 blocks of 512 bytes",
                gogo.run("mpath:create m \"0 1 hp_sw 1 1 round-robin 0 2 0 sim:d/A0/0 sim:d/A1/0\"").formatted());
        assertEquals(Bundle.ACTIVE, bundle(HP_SW).getState());
        assertTrue(bundle(HP_SW).getLocation().endsWith("repository/io.mpathj.handler.hp_sw.jar"));
        String handlers = gogo.run("mpath:handlers").formatted();
        assertTrue(handlers, handlers.matches("(?s).*hp_sw +io\\.mpathj\\.handler\\.hp_sw \\S+ +active +1 +m.*"));
        String table = gogo.run("mpath:table m").formatted();
        assertEquals("0 2097152 multipath 0 1 hp_sw 1 1 round-robin 0 2 1 sim:d/A0/0 1 sim:d/A1/0 1 ", table);
        String io = gogo.run("mpath:io -s 1 m").formatted();
        assertTrue(io, io.matches("m: \\d+ I/Os .* 0 errors, 0 mismatches"));
        // the same bundle carries the hp_sw path checker and prioritizer for the daemon
        assertEquals(bundle(HP_SW), context.getServiceReferences(PathCheckerType.class,
                "(" + PathCheckerType.NAME_PROPERTY + "=hp_sw)").iterator().next().getBundle());
        assertEquals(bundle(HP_SW), context.getServiceReferences(PrioritizerType.class,
                "(" + PrioritizerType.NAME_PROPERTY + "=hp_sw)").iterator().next().getBundle());
    }

    @Test
    public void aTableNamingQueueLengthLoadsItAndCarriesVerifiedIo() {
        assertSelectorLoadsAndCarriesIo("queue-length", "io.mpathj.selector.queue_length",
                "0 2 0 sim:a/A0/0 sim:a/A1/0", "0 2 1 sim:a/A0/0 1 sim:a/A1/0 1", "0 2 1 sim:a/A0/0 A 0 0 sim:a/A1/0 A 0 0");
    }

    @Test
    public void aTableNamingServiceTimeLoadsItAndCarriesVerifiedIo() {
        assertSelectorLoadsAndCarriesIo("service-time", "io.mpathj.selector.service_time",
                "0 2 1 sim:a/A0/0 5 sim:a/A1/0 1", "0 2 2 sim:a/A0/0 1 1 sim:a/A1/0 1 1",
                "0 2 2 sim:a/A0/0 A 0 0 1 sim:a/A1/0 A 0 0 1");
    }

    @Test
    public void aTableNamingHistoricalServiceTimeLoadsItAndCarriesVerifiedIo() {
        assertSelectorLoadsAndCarriesIo("historical-service-time", "io.mpathj.selector.historical_service_time",
                "0 2 1 sim:a/A0/0 5 sim:a/A1/0 1", "2 972 0 2 1 sim:a/A0/0 0 sim:a/A1/0 0",
                "2 972 0 2 3 sim:a/A0/0 A 0 \\d+ 0 \\d+ sim:a/A1/0 A 0 \\d+ 0 \\d+");
    }

    @Test
    public void aTableNamingIoAffinityLoadsItAndCarriesVerifiedIo() {
        // CPU 0 of however many the machine has (so the mask prints with as many digits as they need): a
        // submitting thread whose stripe is another CPU counts a miss and falls back to it
        assertSelectorLoadsAndCarriesIo("io-affinity", "io.mpathj.selector.io_affinity", "0 1 1 sim:a/A0/0 1",
                "0 1 1 sim:a/A0/0 [0,]*1", "0 1 1 sim:a/A0/0 A 0 \\d+");
    }

    /**
     * A map whose one group uses the selector {@code name} with the words {@code args} (after the name); TABLE
     * prints what matches the regular expression {@code tablePaths} after "NAME " and, once its I/O is done, INFO
     * what matches {@code idlePaths} after the group's state.
     */
    private void assertSelectorLoadsAndCarriesIo(String name, String symbolicName, String args, String tablePaths,
            String idlePaths) {
        Gogo gogo = gogo();
        assertNull(name + " starts out not installed", bundle(symbolicName));
        gogo.run("sim:create a alua 2 2");
        assertEquals("created m: 2097152 blocks of 512 bytes",
                gogo.run("mpath:create m \"0 0 1 1 " + name + " " + args + "\"").formatted());
        assertEquals(Bundle.ACTIVE, bundle(symbolicName).getState());
        assertTrue(bundle(symbolicName).getLocation().endsWith("repository/" + symbolicName + ".jar"));
        String selectors = gogo.run("mpath:selectors").formatted();
        assertTrue(selectors, selectors.matches("(?s).*" + name + " +" + symbolicName.replace(".", "\\.")
                + " \\S+ +active +1 +m.*"));
        String table = gogo.run("mpath:table m").formatted();
        assertTrue(table, table.matches(Pattern.quote("0 2097152 multipath 0 0 1 1 " + name + " ") + tablePaths + " "));
        String io = gogo.run("mpath:io -s 1 m").formatted();
        assertTrue(io, io.matches("m: \\d+ I/Os .* 0 errors, 0 mismatches"));
        String status = gogo.run("mpath:status m").formatted();
        assertTrue(status, status.matches(Pattern.quote("0 2097152 multipath 2 0 0 0 1 1 A ") + idlePaths + " "));
    }

    @Test
    public void concurrentRequestsForOneNameLoadItOnce() throws Exception {
        Gogo first = gogo();
        Gogo second = gogo();
        first.run("sim:create --tpgs none a alua 2 2"); // a plain disk: the table's generic-scsi is the handler
        // a path belongs to one map (dm's exclusive claim): the two maps use the two port groups
        String table = "\"0 1 generic-scsi 1 1 round-robin 0 2 0 sim:a/A0/0 sim:a/A1/0\"";
        String other = "\"0 1 generic-scsi 1 1 round-robin 0 2 0 sim:a/B0/0 sim:a/B1/0\"";
        CompletableFuture<String> one = CompletableFuture.supplyAsync(() -> first.run("mpath:create m1 " + table)
                .formatted());
        CompletableFuture<String> two = CompletableFuture.supplyAsync(() -> second.run("mpath:create m2 " + other)
                .formatted());
        // the same LU through the other port group: allowed, and the second one created is warned about the first
        String m1 = one.get(30, TimeUnit.SECONDS);
        String m2 = two.get(30, TimeUnit.SECONDS);
        String warning = "\nwarning: its logical unit is also in map %s; writes through both maps are not coordinated";
        assertTrue(m1 + "\n" + m2, (m1.equals("created m1: 2097152 blocks of 512 bytes")
                && m2.equals("created m2: 2097152 blocks of 512 bytes" + String.format(warning, "m1")))
                || (m2.equals("created m2: 2097152 blocks of 512 bytes")
                && m1.equals("created m1: 2097152 blocks of 512 bytes" + String.format(warning, "m2"))));
        assertEquals(1, Arrays.stream(context.getBundles()).filter(b -> GENERIC.equals(b.getSymbolicName())).count());
        assertEquals(1, context.getServiceReferences(HardwareHandlerType.class,
                "(mpathj.hardware.handler.name=generic-scsi)").size());
    }

    @Test
    public void anUnknownNameFailsWithTheKernelsTextAndWhereItSearched() {
        Gogo gogo = gogo();
        gogo.run("sim:create a alua 2 2");
        Gogo.CommandFailedException e = assertThrows(Gogo.CommandFailedException.class,
                () -> gogo.run("mpath:create x \"0 1 nosuch 1 1 round-robin 0 1 0 sim:a/A0/0\""));
        assertEquals("create x: unknown hardware handler type 'nosuch': searched repositories "
                + new File(Jars.repository(), "index.xml").toURI(), e.getCause().getMessage());
        e = assertThrows(Gogo.CommandFailedException.class,
                () -> gogo.run("mpath:create x \"0 0 1 1 no-such-selector 0 1 0 sim:a/A0/0\""));
        assertTrue(e.getCause().getMessage(), e.getCause().getMessage().startsWith(
                "create x: unknown path selector type 'no-such-selector': searched repositories file:"));
    }
}
