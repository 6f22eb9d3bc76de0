package io.mpathj.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import io.mpathj.storage.sim.AccessState;
import io.mpathj.storage.sim.SimArray;
import io.mpathj.storage.sim.SimArrayBuilder;
import io.mpathj.storage.sim.SimArrayRegistry;
import io.mpathj.storage.sim.SystemSimTime;
import io.mpathj.storage.sim.Tpgs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.CoreOptions;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.Bundle;

/**
 * Maps that assemble themselves, in the container with every bundle and no map file: the home's
 * etc/multipath.conf says {@code find_multipaths greedy} and {@code user_friendly_names yes}; simulated arrays
 * appear and their LUs become maps named mpatha, mpathb with the handler, policy and groups of the device table;
 * a port that comes up joins its map by reload under a verified workload; a destroyed array takes its map along;
 * a vendor's rule bundle installed at run time re-assembles its LU with the vendor's handler, and uninstalled
 * gives it back the generic rule, with no I/O error.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class AssemblyContainerTest extends ContainerTest {
    @Override
    @Configuration
    public Option[] config() {
        Path home = new File("target/assembly-" + UUID.randomUUID()).getAbsoluteFile().toPath();
        try {
            Files.createDirectories(home.resolve("etc"));
            Files.writeString(home.resolve("etc/multipath.conf"), "defaults {\n    find_multipaths greedy\n"
                    + "    user_friendly_names yes\n    polling_interval 1\n}\n");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        // service-time, multipath-tools' default path_selector, from the plug-in repository the build fills
        File serviceTime = new File(MpathjOptions.bundlesDir().getParentFile(),
                "repository/io.mpathj.selector.service_time.jar");
        return new Option[] {composite(MpathjOptions.base(), CoreOptions.bundle(serviceTime.toURI().toString()),
                frameworkProperty("mpathj.home").value(home.toString()))};
    }

    private static <T> T eventually(String what, Supplier<T> probe) throws InterruptedException {
        return eventually(() -> what, probe);
    }

    private static <T> T eventually(Supplier<String> what, Supplier<T> probe) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            T v;
            try {
                v = probe.get();
            } catch (RuntimeException | AssertionError e) {
                v = null;
            }
            if (v != null) {
                return v;
            }
            if (System.nanoTime() > end) {
                fail("timed out waiting for " + what.get());
            }
            Thread.sleep(50);
        }
    }

    private static void assertVerified(String map, String summary) {
        assertTrue(summary, summary.matches(map + ": \\d+ I/Os in [0-9.]+ s \\(\\d+ IOPS\\): \\d+ reads verified, "
                + "\\d+ writes, 0 errors, 0 mismatches"));
    }

    /** mpath:table NAME once it satisfies {@code ok}. */
    private String tableWhen(Gogo gogo, String map, String what, java.util.function.Predicate<String> ok)
            throws InterruptedException {
        return eventually(() -> map + " " + what + " (assembly: " + gogo.run("mpath:assembly").formatted()
                + "; maps: " + gogo.run("mpath:ls").formatted() + ")", () -> {
            String t = gogo.run("mpath:table " + map).formatted();
            return ok.test(t) ? t : null;
        });
    }

    @Test
    public void twoArraysBecomeMpathaAndMpathbAPortJoinsByReloadAndDestroyRemoves() throws Exception {
        Gogo gogo = gogo();
        // the suite's containers share one home: start from no bindings, whichever test ran before
        Files.deleteIfExists(Path.of(context.getProperty("mpathj.home"), "etc", "bindings"));
        eventually("mpath:reconfigure", () -> gogo.run("mpath:reconfigure").formatted());
        gogo.run("sim:create arr1 alua 2 2");
        String alua = tableWhen(gogo, "mpatha", "assembled", t -> t.contains("alua"));
        System.out.println("[assembly-it] mpatha: " + alua);
        // TPGS: alua handler, group_by_prio with the alua prioritizer: the active/optimized group A first
        assertTrue(alua, alua.matches("0 \\d+ multipath 0 1 alua 2 1 service-time 0 2 \\d sim:arr1/A0/0 .*sim:arr1/A1/0 .*"
                + "service-time 0 2 \\d sim:arr1/B0/0 .*sim:arr1/B1/0 .*"));
        gogo.run("sim:create arr2 clariion 2 2");
        String emc = tableWhen(gogo, "mpathb", "assembled", t -> t.contains(" 1 emc "));
        System.out.println("[assembly-it] mpathb: " + emc);
        // DGC RAID 5: handler.emc's rule (its DeviceRules service; the bundle was loaded from the repository for
        // vendor DGC): emc handler, group_by_prio with the emc prioritizer (VPD C0h): SP A, the LU's owner and
        // default SP, prio 4 first; SP B, the peer, prio 1; queueing (no_path_retry 60)
        String config = gogo.run("mpath:show-config").formatted();
        assertTrue(config, config.contains("\t\tvendor \"^DGC\"\n\t\tproduct \"^(RAID|DISK|VRAID)\"\n"));
        assertTrue(emc, emc.matches("0 \\d+ multipath 1 queue_if_no_path 1 emc 2 1 service-time 0 2 \\d "
                + "sim:arr2/A0/0 .*sim:arr2/A1/0 .*service-time 0 2 \\d sim:arr2/B0/0 .*sim:arr2/B1/0 .*"));
        assertTrue(gogo.run("mpath:assembly").formatted().contains(" mpathb paths=4 group_by_prio hwhandler=emc"));
        String topology = eventually("mpathb's group priorities from the daemon's checks", () -> {
            String t = gogo.run("mpath:topology mpathb").formatted();
            return t.contains("prio=4") && t.contains("prio=1") && !t.contains("undef") ? t : null;
        });
        System.out.println("[assembly-it] mpathb topology:\n" + topology);
        assertTrue(topology, topology.matches("(?s).*\\|-\\+- policy='service-time 0' prio=4 status=\\w+\n"
                + "\\| \\|- sim:arr2/A0/0 active ready running\n\\| `- sim:arr2/A1/0 active ready running\n"
                + "`-\\+- policy='service-time 0' prio=1 status=\\w+\n  \\|- sim:arr2/B0/0 active \\w+ running\n"
                + "  `- sim:arr2/B1/0 active \\w+ running.*"));
        assertVerified("mpatha", gogo.run("mpath:io -s 1 mpatha").formatted());
        String emcIo = gogo.run("mpath:io -s 1 mpathb").formatted();
        System.out.println("[assembly-it] mpathb I/O: " + emcIo);
        assertVerified("mpathb", emcIo);

        // a port that comes up joins its map by reload, under a verified workload
        SimArrayRegistry registry = awaitService(SimArrayRegistry.class);
        assertTrue(registry.withdrawPort("arr1", "A1"));
        tableWhen(gogo, "mpatha", "without A1", t -> !t.contains("sim:arr1/A1/0"));
        Gogo workload = gogo();
        CompletableFuture<String> io = CompletableFuture.supplyAsync(
                () -> workload.run("mpath:io -s 3 mpatha").formatted());
        Thread.sleep(500);
        assertTrue(registry.presentPort("arr1", "A1"));
        tableWhen(gogo, "mpatha", "with A1 again", t -> t.contains("sim:arr1/A1/0"));
        String summary = io.get(60, TimeUnit.SECONDS);
        System.out.println("[assembly-it] I/O over the reload: " + summary);
        assertVerified("mpatha", summary);

        // destroying the array removes its map (not open)
        gogo.run("sim:destroy arr2");
        eventually("mpathb removed", () -> gogo.run("mpath:ls").formatted().contains("mpathb") ? null : "");
        assertTrue(gogo.run("mpath:show-config").formatted().contains("find_multipaths \"greedy\""));
    }

    /** A bundle of VendorRulesActivator alone, built here (the class's bytes and a manifest). */
    private static InputStream vendorBundle() throws IOException {
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", "com.acme.vault.rules");
        a.putValue("Bundle-Version", "1.0.0");
        a.putValue("Bundle-Activator", VendorRulesActivator.class.getName());
        a.putValue("Import-Package", "io.mpathj.api.rules;version=\"[1.0,2)\",org.osgi.framework");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, mf);
                InputStream cls = VendorRulesActivator.class.getResourceAsStream("VendorRulesActivator.class")) {
            jar.putNextEntry(new JarEntry(VendorRulesActivator.class.getName().replace('.', '/') + ".class"));
            cls.transferTo(jar);
            jar.closeEntry();
        }
        return new ByteArrayInputStream(bytes.toByteArray());
    }

    @Test
    public void aVendorRuleBundleReassemblesItsLuAndLeavingGivesItBack() throws Exception {
        Gogo gogo = gogo();
        SimArrayRegistry registry = awaitService(SimArrayRegistry.class);
        var scheduler = Executors.newSingleThreadScheduledExecutor();
        // a plain disk of a vendor the built-in table does not know: generic rule (failover, no handler)
        SimArray vault = SimArrayBuilder.alua("vault", new SystemSimTime(scheduler)).tpgs(Tpgs.NONE)
                .inquiry("ACME", "VAULT", "0001")
                .portGroup(1, AccessState.ACTIVE_OPTIMIZED, true, "A0", "A1")
                .portGroup(2, AccessState.ACTIVE_OPTIMIZED, false, "B0", "B1")
                .memoryLu(0, 65536, 512).powerOnUnitAttention(false).attachHandlerAtProbe(false).build();
        registry.add(vault);
        try {
            // the suite's containers share one home, so its bindings: the name is the LU's own, whichever it is
            String map = eventually("vault's map", () -> {
                String ls = gogo.run("mpath:ls").formatted().strip();
                return ls.startsWith("mpath") && !ls.contains("\n") ? ls : null;
            });
            String generic = tableWhen(gogo, map, "generic", t -> t.contains(" multipath 0 0 4 1 "));
            System.out.println("[assembly-it] generic: " + generic);
            assertVerified(map, gogo.run("mpath:io -s 1 " + map).formatted());

            Gogo workload = gogo();
            CompletableFuture<String> io = CompletableFuture.supplyAsync(
                    () -> workload.run("mpath:io -s 4 " + map).formatted());
            Thread.sleep(500);
            Bundle rules = context.installBundle("assembly-it:com.acme.vault.rules", vendorBundle());
            rules.start();
            String vendor = tableWhen(gogo, map, "with the vendor's rule",
                    t -> t.contains(" multipath 1 queue_if_no_path 1 generic-scsi 1 1 service-time 0 4 "));
            System.out.println("[assembly-it] vendor: " + vendor);
            Thread.sleep(500);
            rules.uninstall();
            tableWhen(gogo, map, "generic again", t -> t.contains(" multipath 0 0 4 1 "));
            String summary = io.get(60, TimeUnit.SECONDS);
            System.out.println("[assembly-it] I/O over both reloads: " + summary);
            assertVerified(map, summary);
            assertEquals(map, gogo.run("mpath:ls").formatted().strip());
        } finally {
            registry.remove("vault");
            vault.close();
            scheduler.shutdownNow();
        }
    }
}
