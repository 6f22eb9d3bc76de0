package io.mpathj.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the built executable jar the way a user does, in script mode, and checks what it prints: the embedded
 * default map, a port failure under a verified workload, the on-demand load of the emc handler, and a failing
 * command's exit status.
 */
class DistributionIT {
    @TempDir
    Path dir;

    private Launcher.Run run(String... script) throws IOException, InterruptedException {
        return new Launcher(dir).script(script);
    }

    @Test
    void theEmbeddedDefaultFailsOverUnderAVerifiedWorkload() throws Exception {
        Launcher.Run r = run(
                "mpath:topology",
                "sim:port array1 A0 down",
                "sim:port array1 A1 down",
                "mpath:io -s 2 mpatha",
                "mpath:status mpatha");
        assertEquals(0, r.exit(), r.out() + r.err());
        // multipath -ll's map line: name (WWID) VENDOR,PRODUCT, from the identification of the paths
        assertTrue(r.out().matches("(?s).*\nmpatha \\(3[0-9a-f]{16,32}\\) MPATHJ,SIM ALUA\n.*"), r.out());
        assertTrue(r.out().contains(String.join("\n",
                "size=1.0G features='0' hwhandler='1 alua' wp=rw",
                "|-+- policy='round-robin 0' prio=50 status=enabled",
                "| |- sim:array1/A0/0 active ready running",
                "| `- sim:array1/A1/0 active ready running",
                "`-+- policy='round-robin 0' prio=1 status=enabled",
                "  |- sim:array1/B0/0 active ghost running",
                "  `- sim:array1/B1/0 active ghost running")), r.out()); // the daemon's first checks (prio alua)
        Matcher io = Pattern.compile("mpatha: (\\d+) I/Os in [0-9.]+ s \\(\\d+ IOPS\\): \\d+ reads verified, \\d+ "
                + "writes, (\\d+) errors, 0 mismatches").matcher(r.out());
        assertTrue(io.find(), r.out());
        assertTrue(Long.parseLong(io.group(1)) > 1000, "the workload ran: " + io.group());
        assertEquals("0", io.group(2), "no I/O failed: the map failed over to group B");
        // both A paths failed, group 2 current and active/optimized after alua's STPG
        assertTrue(r.out().contains("\n0 2097152 multipath 2 0 1 0 2 2 E 0 2 0 sim:array1/A0/0 F 1 sim:array1/A1/0 F 1 "
                + "A 0 2 0 sim:array1/B0/0 A 0 sim:array1/B1/0 A 0 "), r.out());
    }

    @Test
    void aTableNamingEmcLoadsItFromTheRepositoryAndAFailedCommandFailsTheScript() throws Exception {
        Launcher.Run r = run(
                "sim:create cx clariion 2 2",
                "mpath:create mpathe \"0 1 emc 2 1 round-robin 0 2 0 sim:cx/A0/0 sim:cx/A1/0 round-robin 0 2 0 "
                        + "sim:cx/B0/0 sim:cx/B1/0\"",
                "mpath:handlers",
                "mpath:create bad \"0 1 nosuch 1 1 round-robin 0 1 0 sim:cx/A0/0\"");
        assertEquals(1, r.exit(), "a failed command makes the script fail");
        assertTrue(r.out().contains("created mpathe: 2097152 blocks of 512 bytes"), r.out() + r.err());
        assertTrue(r.out().matches("(?s).*emc +io\\.mpathj\\.handler\\.emc \\S+ +active +1 +mpathe.*"), r.out());
        assertTrue(r.err().contains("error: create bad: unknown hardware handler type 'nosuch': searched repositories file:"),
                r.err());
        assertTrue(!r.err().contains("Exception"), "no stack trace for a user's mistake: " + r.err());
    }

    @Test
    void mapsDefinedInConfigurationComeBackAfterARestartWithTheirFeatures() throws Exception {
        Launcher.Run first = run("mpath:table mpatha");
        assertEquals(0, first.exit(), first.out() + first.err());
        // the operator defines a second array and a map over it in etc/ while the container is down (a path
        // belongs to one map, as dm claims a device exclusively)
        Files.writeString(dir.resolve("run/etc/io.mpathj.sim.array-array2.cfg"), "name=array2\n",
                StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("run/etc/io.mpathj.map-mpathq.cfg"), String.join("\n",
                "name=mpathq",
                "table=3 queue_if_no_path pg_init_retries 5 1 alua 2 2 round-robin 0 1 0 sim:array2/A1/0 "
                        + "round-robin 0 1 0 sim:array2/B1/0",
                "queue_if_no_path_timeout_ms=30000", ""), StandardCharsets.UTF_8);
        Launcher.Run second = run("mpath:table");
        assertEquals(0, second.exit(), second.out() + second.err());
        assertTrue(second.out().contains("mpatha: 0 2097152 multipath 0 1 alua 2 1 "), second.out());
        // features re-ordered as the kernel prints them; the initial group 2 is the one shown before any I/O
        assertTrue(second.out().contains("mpathq: 0 2097152 multipath 3 queue_if_no_path "
                + "pg_init_retries 5 1 alua 2 2 round-robin 0 1 1 sim:array2/A1/0 1 round-robin 0 1 1 "
                + "sim:array2/B1/0 1"), second.out());
    }
}
