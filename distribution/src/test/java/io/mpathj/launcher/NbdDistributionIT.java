package io.mpathj.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.mpathj.export.nbd.internal.Tools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The NBD export in the container, as an operator uses it: {@code etc/io.mpathj.nbd.cfg} exports the default map at
 * start, real clients (nbdinfo, fio) use it over {@code nbd/nbd.sock}, and the map cannot be removed while one is
 * connected.
 */
class NbdDistributionIT {
    @TempDir
    Path dir;

    @Test
    void theConfiguredExportServesRealClientsAndHoldsTheMapOpen() throws Exception {
        Tools.require("nbdinfo", "libnbd-bin");
        Tools.require("fio", "fio");
        Launcher mpathj = new Launcher(dir);
        assertEquals(0, mpathj.script("mpath:table").exit()); // the home with its default array and map
        Files.writeString(mpathj.home.resolve("etc").resolve("io.mpathj.nbd.cfg"), "exports=mpatha\n",
                StandardCharsets.UTF_8);
        Path socket = mpathj.home.resolve("nbd").resolve("nbd.sock");
        try (Launcher.Terminal shell = mpathj.terminal()) {
            shell.await("g! ", 1, 60);
            assertEquals("rwx------", mode(socket.getParent()));
            assertEquals("rw-------", mode(socket));
            String uri = "nbd+unix:///mpatha?socket=" + socket;
            String list = Tools.ok(30, "nbdinfo", "--list", "nbd+unix:///?socket=" + socket).output();
            assertTrue(list.contains("export=\"mpatha\"") && list.contains("can_multi_conn: true"), list);

            Path fioOut = dir.resolve("fio.out");
            Process fio = new ProcessBuilder("fio", "--name=verify", "--ioengine=nbd", "--uri=" + uri,
                    "--rw=randwrite", "--bs=4k", "--iodepth=8", "--size=8m", "--verify=crc32c", "--rate_iops=2000",
                    "--time_based", "--runtime=6", "--verify_fatal=1", "--verify_state_save=0")
                    .redirectErrorStream(true).redirectOutput(fioOut.toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.readString(fioOut).contains("connected to NBD server")) {
                if (System.nanoTime() > deadline || !fio.isAlive()) {
                    fail("fio did not connect: " + Files.readString(fioOut));
                }
                Thread.sleep(20);
            }
            shell.type("mpath:remove mpatha\r");
            shell.await("device or resource busy", 1, 30);
            shell.await("nbd client", 1, 5); // the holder is named in the refusal
            assertTrue(fio.waitFor(60, TimeUnit.SECONDS), "fio did not finish");
            String out = Files.readString(fioOut);
            assertEquals(0, fio.exitValue(), out);
            assertTrue(out.contains("err= 0"), out);
            shell.type("nbd:exports\r");
            shell.await("ERRORS", 1, 30);
            shell.type("mpath:remove mpatha\r");
            shell.await("removed mpatha", 1, 30);
            shell.type("exit\r");
            assertEquals(0, shell.waitFor(30), shell.screen());
        }
    }

    private static String mode(Path p) throws java.io.IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
