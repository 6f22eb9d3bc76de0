package io.mpathj.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import io.mpathj.api.handler.HardwareHandlerType;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;

/**
 * Hot deploy through Felix FileInstall: a handler jar copied into the watched folder becomes a usable handler,
 * deleting it quiesces the maps that use it, and replacing it with a newer version under a running workload loses
 * no I/O.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class HotDeployTest extends ContainerTest {
    /**
     * The watched folder, fresh for every container. The configuration runs in the test JVM's class loader and the
     * test inside the probe bundle, so they share it through a system property, not a static field.
     */
    private static final String DEPLOY_PROPERTY = "mpathj.itest.deploy";

    @Override
    @Configuration
    public Option[] config() {
        Path dir = new File("target/hotdeploy-" + UUID.randomUUID()).getAbsoluteFile().toPath();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        System.setProperty(DEPLOY_PROPERTY, dir.toString());
        Path deploy = dir;
        return new Option[] {composite(MpathjOptions.runtime(), MpathjOptions.bundles(List.of("io.mpathj.api",
                "io.mpathj.core", "io.mpathj.selector.round_robin", "io.mpathj.storage.sim", "io.mpathj.daemon",
                "org.apache.felix.fileinstall")), frameworkProperty("felix.fileinstall.dir").value(deploy.toString()),
                frameworkProperty("felix.fileinstall.poll").value("250"),
                frameworkProperty("felix.fileinstall.noInitialDelay").value("true"))};
    }

    /** The watched folder of this container run. */
    private static Path deploy() {
        return Path.of(System.getProperty(DEPLOY_PROPERTY));
    }

    /**
     * Pax Exam builds every method's configuration before the first runs, so the methods share one folder: each
     * starts by emptying it and waiting until FileInstall has uninstalled what an earlier method left there.
     */
    @org.junit.Before
    public void emptyTheDeployFolder() throws Exception {
        try (var files = Files.list(deploy())) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        String folder = deploy().toUri().toString();
        eventually(() -> java.util.Arrays.stream(context.getBundles()).noneMatch(b -> b.getLocation()
                .startsWith(folder) || b.getLocation().contains(deploy().toString())), "an empty deploy folder");
    }

    private static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            assertTrue("timed out waiting for " + what, System.nanoTime() < end);
            Thread.sleep(20);
        }
    }

    private boolean handlerRegistered(String name) {
        try {
            return !context.getServiceReferences(HardwareHandlerType.class, "(mpathj.hardware.handler.name=" + name
                    + ")").isEmpty();
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    public void aJarCopiedIntoTheFolderBecomesAHandlerAndDeletingItQuiescesItsMaps() throws Exception {
        Gogo gogo = gogo();
        Path jar = deploy().resolve("generic.jar");
        Files.copy(new File(Jars.repository(), "io.mpathj.handler.generic_scsi.jar").toPath(), jar);
        eventually(() -> handlerRegistered("generic-scsi"), "the dropped handler to register");
        gogo.run("sim:create --tpgs none a alua 2 2"); // a plain disk: no handler attached at probe
        gogo.run("mpath:create mpathg \"0 1 generic-scsi 1 1 round-robin 0 2 0 sim:a/A0/0 sim:a/A1/0\"");
        String io = gogo.run("mpath:io -s 1 mpathg").formatted();
        assertTrue(io, io.matches("mpathg: \\d+ I/Os .* 0 errors, 0 mismatches"));

        Files.delete(jar);
        eventually(() -> !handlerRegistered("generic-scsi"), "the deleted handler to go");
        assertTrue(gogo.run("mpath:topology mpathg").formatted().contains("missing=hardware_handler_generic-scsi"));
        Files.copy(new File(Jars.repository(), "io.mpathj.handler.generic_scsi.jar").toPath(), jar);
        eventually(() -> !gogo.run("mpath:topology mpathg").formatted().contains("missing"), "the map to rebind");
        io = gogo.run("mpath:io -s 1 mpathg").formatted();
        assertTrue(io, io.matches("mpathg: \\d+ I/Os .* 0 errors, 0 mismatches"));
    }

    @Test
    public void aNewerVersionReplacingTheJarUnderLoadLosesNoIo() throws Exception {
        Gogo gogo = gogo();
        Gogo workload = gogo();
        Path jar = deploy().resolve("emc.jar");
        File emc = new File(Jars.repository(), "io.mpathj.handler.emc.jar");
        Files.copy(emc.toPath(), jar);
        eventually(() -> handlerRegistered("emc"), "the dropped emc handler to register");
        gogo.run("sim:create cx clariion 2 2");
        gogo.run("mpath:create mpathe \"0 1 emc 2 1 round-robin 0 2 0 sim:cx/A0/0 sim:cx/A1/0 round-robin 0 2 0 "
                + "sim:cx/B0/0 sim:cx/B1/0\"");
        CompletableFuture<String> io = CompletableFuture.supplyAsync(
                () -> workload.run("mpath:io -s 3 mpathe").formatted());
        Thread.sleep(700);
        Path staged = jar.resolveSibling("emc.jar.tmp");
        Files.write(staged, Jars.withVersion(emc, "0.2.0"));
        Files.move(staged, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        String summary = io.get(60, TimeUnit.SECONDS);
        assertTrue(summary, summary.matches("mpathe: \\d+ I/Os .* 0 errors, 0 mismatches"));
        eventually(() -> gogo.run("mpath:handlers").formatted().matches("(?s).*emc +io\\.mpathj\\.handler\\.emc "
                + "0\\.2\\.0 +active +1 +mpathe.*"), "the new version to serve the map");
        assertEquals("", gogo.run("mpath:message mpathe fail_path sim:cx/A0/0").formatted());
        String again = gogo.run("mpath:io -s 1 mpathe").formatted();
        assertTrue(again, again.matches("mpathe: \\d+ I/Os .* 0 errors, 0 mismatches"));
    }

    @Test
    public void aNewerVersionUnderAnotherFileNameTakesOverUnderLoadAndAnOlderOneIsRefused() throws Exception {
        Gogo gogo = gogo();
        Gogo workload = gogo();
        File emc = new File(Jars.repository(), "io.mpathj.handler.emc.jar");
        Files.write(deploy().resolve("emc-1.0.0.jar"), Jars.withVersion(emc, "1.0.0"));
        eventually(() -> handlerRegistered("emc"), "the dropped emc handler to register");
        gogo.run("sim:create cx clariion 2 2");
        gogo.run("mpath:create mpathe \"0 1 emc 2 1 round-robin 0 2 0 sim:cx/A0/0 sim:cx/A1/0 round-robin 0 2 0 "
                + "sim:cx/B0/0 sim:cx/B1/0\"");
        CompletableFuture<String> io = CompletableFuture.supplyAsync(
                () -> workload.run("mpath:io -s 3 mpathe").formatted());
        Thread.sleep(700);
        Path staged = deploy().resolve("emc-1.0.1.jar.tmp");
        Files.write(staged, Jars.withVersion(emc, "1.0.1"));
        Files.move(staged, deploy().resolve("emc-1.0.1.jar"), StandardCopyOption.ATOMIC_MOVE);
        String summary = io.get(60, TimeUnit.SECONDS);
        assertTrue(summary, summary.matches("mpathe: \\d+ I/Os .* 0 errors, 0 mismatches"));
        eventually(() -> gogo.run("mpath:handlers").formatted().matches("(?s).*emc +io\\.mpathj\\.handler\\.emc "
                + "1\\.0\\.1 +active +1 +mpathe.*emc +io\\.mpathj\\.handler\\.emc 1\\.0\\.0 +refused.*"),
                "1.0.1 to serve the map, 1.0.0 to wait behind it");

        Files.write(deploy().resolve("emc-old.jar"), Jars.withVersion(emc, "0.9.0"));
        eventually(() -> gogo.run("mpath:handlers").formatted().contains("0.9.0  refused"), "0.9.0 to be refused");
        assertTrue(gogo.run("mpath:handlers").formatted().matches("(?s).*emc +io\\.mpathj\\.handler\\.emc "
                + "1\\.0\\.1 +active +1 +mpathe.*"));
        String again = gogo.run("mpath:io -s 1 mpathe").formatted();
        assertTrue(again, again.matches("mpathe: \\d+ I/Os .* 0 errors, 0 mismatches"));
    }

    @Test
    public void aCorruptJarInTheFolderLeavesRunningMapsAlone() throws Exception {
        Gogo gogo = gogo();
        Files.copy(new File(Jars.repository(), "io.mpathj.handler.generic_scsi.jar").toPath(),
                deploy().resolve("generic.jar"));
        eventually(() -> handlerRegistered("generic-scsi"), "the dropped handler to register");
        gogo.run("sim:create --tpgs none a alua 2 2"); // a plain disk: no handler attached at probe
        gogo.run("mpath:create mpathg \"0 1 generic-scsi 1 1 round-robin 0 2 0 sim:a/A0/0 sim:a/A1/0\"");
        String before = gogo.run("mpath:status mpathg").formatted();
        Files.write(deploy().resolve("broken.jar"), "this is not a zip file".getBytes());
        Files.write(deploy().resolve("plain.jar"), Jars.withVersion(new File(Jars.repository(),
                "io.mpathj.handler.generic_scsi.jar"), "not-a-version"));
        Thread.sleep(1500); // several polls: FileInstall tries, logs, and gives up on both
        assertEquals(before, gogo.run("mpath:status mpathg").formatted());
        String io = gogo.run("mpath:io -s 1 mpathg").formatted();
        assertTrue(io, io.matches("mpathg: \\d+ I/Os .* 0 errors, 0 mismatches"));
        assertTrue(handlerRegistered("generic-scsi"));
    }
}
