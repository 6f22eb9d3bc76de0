package io.mpathj.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator meets (issue 13): etc/ as the source of truth across restarts, script mode on every kind of
 * input without stack traces, exit and quit, one container per home with later invocations as its clients, and the
 * log appended and rotated.
 */
class OperatorIT {
    @TempDir
    Path dir;

    private static void write(Path file, String... lines) throws Exception {
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    @Test
    void afterARestartTheMapsAndArraysAreExactlyWhatEtcHolds() throws Exception {
        Launcher mpathj = new Launcher(dir);
        Path etc = mpathj.home.resolve("etc");
        assertEquals(0, mpathj.script("mpath:table").exit());
        write(etc.resolve("io.mpathj.sim.array-array2.cfg"), "name=array2", "personality=alua", "port_groups=2",
                "ports_per_group=1", "luns=1");
        write(etc.resolve("io.mpathj.map-mpathb.cfg"), "name=mpathb",
                "table=0 1 alua 2 1 round-robin 0 1 0 sim:array2/A0/0 round-robin 0 1 0 sim:array2/B0/0");
        Launcher.Run both = mpathj.script("mpath:table", "sim:arrays");
        assertEquals(0, both.exit(), both.out() + both.err());
        assertTrue(both.out().contains("mpathb: 0 2097152 multipath"), both.out());
        assertTrue(both.out().contains("array2"), both.out());

        // while the container is stopped: mpathb and array2 removed, mpatha edited to use group A only
        Files.delete(etc.resolve("io.mpathj.map-mpathb.cfg"));
        Files.delete(etc.resolve("io.mpathj.sim.array-array2.cfg"));
        write(etc.resolve("io.mpathj.map-mpatha.cfg"), "name=mpatha",
                "table=0 0 1 1 round-robin 0 2 0 sim:array1/A0/0 sim:array1/A1/0");
        Launcher.Run after = mpathj.script("mpath:table", "sim:arrays");
        assertEquals(0, after.exit(), after.out() + after.err());
        String tables = after.out().substring(after.out().indexOf("g! mpath:table\n") + 15,
                after.out().indexOf("g! sim:arrays"));
        assertEquals("mpatha: 0 2097152 multipath 0 0 1 1 round-robin 0 2 1 sim:array1/A0/0 1 sim:array1/A1/0 1 \n",
                tables, "only the edited mpatha: " + after.out());
        String arrays = after.out().substring(after.out().indexOf("g! sim:arrays"));
        assertTrue(arrays.contains("array1"), arrays);
        assertFalse(arrays.contains("array2"), "array2's file was removed: " + arrays);
    }

    @Test
    void scriptsPrintOnlyCommandOutputAfterAnInteractiveRunAndExitEndsThem() throws Exception {
        Launcher mpathj = new Launcher(dir);
        try (Launcher.Terminal shell = mpathj.terminal()) {
            shell.await("g! ", 1, 60);
            shell.type("exit\r"); // no number: exits 0, and stops the container cleanly
            assertEquals(0, shell.waitFor(30), shell.screen());
        }
        // the jline shell was started in that run: a script must not start it again (it printed a stack trace)
        Launcher.Run file = mpathj.script("mpath:table mpatha", "quit 3", "mpath:status");
        assertEquals(3, file.exit(), file.out() + file.err());
        assertEquals("", file.err());
        assertEquals("g! mpath:table mpatha\n0 2097152 multipath 0 1 alua 2 1 round-robin 0 2 1 "
                + "sim:array1/A0/0 1 sim:array1/A1/0 1 round-robin 0 2 1 sim:array1/B0/0 1 sim:array1/B1/0 1 \n"
                + "g! quit 3\n", file.out());
        Launcher.Run piped = mpathj.stdin("sim:port nosuch A0 down", "mpath:table mpatha", "exit");
        assertEquals(0, piped.exit(), "exit without a number is 0, even after a failure: " + piped.err());
        assertEquals("error: no simulated array named nosuch; arrays: array1\n", piped.err());
        assertFalse(piped.out().contains("Exception") || piped.out().contains("WARNING"), piped.out());
        Launcher.Run failed = mpathj.stdin("sim:port nosuch A0 down", "mpath:table mpatha");
        assertEquals(1, failed.exit(), "a failed command fails the script");
    }

    @Test
    void theShellCompletesMapArrayAndPortNamesHelpDescribesAndCtrlCInterrupts() throws Exception {
        Launcher mpathj = new Launcher(dir);
        try (Launcher.Terminal shell = mpathj.terminal()) {
            shell.await("g! ", 1, 60);
            // jline redraws the line as it completes (cursor moves, not spaces): what a completed line does shows it
            shell.type("mpath:table mp\t\r");
            shell.await("0 2097152 multipath 0 1 alua", 1, 30); // "mp" alone is no map
            shell.awaitQuiet();
            shell.type("sim:port arr\t B\t1 down\r");
            shell.await("array1/B1 down", 1, 30);
            shell.awaitQuiet();
            shell.type("sim:port array1 A\t"); // A0 and A1 are offered
            shell.awaitMatch("A0\\s*A1", 30);
            shell.awaitQuiet();
            shell.type("\u0015help mpath\r");
            shell.awaitMatch("mpath:remove\\s+remove a map \\(dmsetup remove\\): refused while it is open", 30);
            shell.awaitQuiet();
            shell.type("help nosuch\r"); // one line, as in a script: no exception class before it
            shell.await("no command or scope named nosuch; help lists them all", 1, 30);
            shell.awaitQuiet();
            assertFalse(shell.screen().contains("IllegalArgumentException"), shell.screen());
            shell.type("mpath:topolgy mpatha\r"); // a typo: the same line, not Gogo's exception class
            shell.await("no command or scope named mpath:topolgy; help lists them all", 1, 30);
            shell.awaitQuiet();
            assertFalse(shell.screen().contains("CommandNotFoundException"), shell.screen());
            shell.interruptLongIoWithCtrlC();
            shell.awaitQuiet();
            shell.type("quit\r");
            assertEquals(0, shell.waitFor(30), shell.screen());
        }
        Launcher.Run help = mpathj.script("help sim", "help nosuch");
        assertEquals(1, help.exit(), help.err());
        assertTrue(help.out().matches("(?s).*\nsim:port +take a target port's link down.*"), help.out());
        assertEquals("error: no command or scope named nosuch; help lists them all\n", help.err());
    }

    @Test
    void aSecondInvocationIsAClientOfTheRunningContainer() throws Exception {
        Launcher mpathj = new Launcher(dir);
        try (Launcher.Terminal container = mpathj.terminal()) {
            container.await("g! ", 1, 60);
            container.type("sim:port array1 B1 down\r");
            container.await("array1/B1 down", 1, 30);
            String logBefore = Files.readString(mpathj.home.resolve("mpathj.log"));

            // a script: runs in the running container (sees the port it took down), prints as script mode does
            Launcher.Run script = mpathj.script("sim:arrays", "sim:port nosuch A0 down", "mpath:table mpatha");
            assertEquals(1, script.exit(), script.out() + script.err());
            assertTrue(script.out().startsWith("g! sim:arrays\n"), script.out());
            assertTrue(script.out().contains("B1(down)"), "the live container's state: " + script.out());
            assertTrue(script.out().contains("g! mpath:table mpatha\n0 2097152 multipath"), script.out());
            assertEquals("error: no simulated array named nosuch; arrays: array1\n", script.err());
            Launcher.Run piped = mpathj.stdin("mpath:table mpatha", "exit 4", "mpath:table");
            assertEquals(4, piped.exit(), piped.out() + piped.err());

            // one container: the log was not truncated, the socket is the operator's alone
            assertTrue(Files.readString(mpathj.home.resolve("mpathj.log")).startsWith(logBefore));
            assertEquals(1, Launcher.Terminal.count(Files.readString(mpathj.home.resolve("mpathj.log")),
                    "mpathj starting on"), "one container started");
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                    mpathj.home.resolve("control"))));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                    mpathj.home.resolve("control/mpathj.sock"))));

            // an interactive client: Ctrl-C interrupts the command running in the container; exit leaves it up
            try (Launcher.Terminal client = mpathj.terminal()) {
                client.await("g! ", 1, 30);
                client.interruptLongIoWithCtrlC();
                client.type("exit\r");
                assertEquals(0, client.waitFor(30), client.screen());
            }
            assertTrue(container.process.isAlive(), "the container keeps running");

            // a killed container leaves its socket and lock file: the next start is a new container
            container.kill();
        }
        assertTrue(Files.exists(mpathj.home.resolve("control/mpathj.sock")), "the stale socket is left");
        Launcher.Run fresh = mpathj.script("sim:arrays");
        assertEquals(0, fresh.exit(), fresh.out() + fresh.err());
        assertFalse(fresh.out().contains("B1(down)"), "a new container: " + fresh.out());
    }

    @Test
    void twoScriptsStartedTogetherOnAFreshHomeBothRunAndPrintOnlyTheirOutput() throws Exception {
        Launcher home = new Launcher(dir);
        Launcher first = home.inDir(dir.resolve("one")); // the same home, each with its own script and output
        Launcher second = home.inDir(dir.resolve("two"));
        java.util.concurrent.CompletableFuture<Launcher.Run> one = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return first.script("mpath:table mpatha");
                    } catch (IOException | InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
        Thread.sleep(300);
        Launcher.Run two = second.script("mpath:table mpatha");
        for (Launcher.Run r : List.of(one.get(), two)) {
            assertEquals(0, r.exit(), r.out() + r.err());
            assertTrue(r.out().contains("g! mpath:table mpatha\n0 2097152 multipath"), r.out());
            assertEquals("", r.err(), "no log lines or errors on the terminal");
        }
    }

    @Test
    void theLogIsAppendedAndRotatedBySize() throws Exception {
        Launcher mpathj = new Launcher(dir);
        Path log = mpathj.home.resolve("mpathj.log");
        // what one start logs depends on the bundles: measure it, then allow one and a half starts per file
        assertEquals(0, mpathj.script("mpath:table").exit());
        long oneStart = Files.size(log);
        Files.delete(log);
        long maxKiB = (oneStart * 3 / 2 + 1023) / 1024;
        List<String> small = List.of("-Dmpathj.log.maxSize=" + maxKiB + "K", "-Dmpathj.log.files=2");
        assertEquals(0, mpathj.script(small, "mpath:table").exit());
        assertEquals(0, mpathj.script(small, "mpath:table").exit());
        // the second start appended, then rotated when the file would pass the limit
        String two = Files.readString(log.resolveSibling("mpathj.log.1")) + Files.readString(log);
        assertEquals(2, Launcher.Terminal.count(two, "mpathj starting on"), two);
        for (int i = 0; i < 3; i++) {
            assertEquals(0, mpathj.script(small, "mpath:table").exit());
        }
        assertTrue(Files.exists(log.resolveSibling("mpathj.log.2")));
        assertFalse(Files.exists(log.resolveSibling("mpathj.log.3")), "two rotated files kept");
        for (String f : List.of("mpathj.log", "mpathj.log.1", "mpathj.log.2")) {
            assertTrue(Files.size(log.resolveSibling(f)) <= maxKiB * 1024, f + " is at most " + maxKiB + " KiB");
        }
    }

    @Test
    void aBundleThatCannotResolveIsReportedInTheLogWithItsMissingRequirement() throws Exception {
        Launcher mpathj = new Launcher(dir);
        Files.createDirectories(mpathj.home.resolve("deploy"));
        Path jar = mpathj.home.resolve("deploy/unresolvable.jar");
        java.util.jar.Manifest manifest = new java.util.jar.Manifest();
        manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
        manifest.getMainAttributes().putValue("Bundle-ManifestVersion", "2");
        manifest.getMainAttributes().putValue("Bundle-SymbolicName", "test.unresolvable");
        manifest.getMainAttributes().putValue("Import-Package", "no.such.pkg");
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar),
                manifest)) {
            out.closeEntry();
        }
        Launcher.Run r = mpathj.script("mpath:table mpatha");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertFalse((r.out() + r.err()).contains("no.such.pkg"), "not on the terminal: " + r.out() + r.err());
        String log = Files.readString(mpathj.home.resolve("mpathj.log"));
        assertTrue(log.contains("test.unresolvable [") && log.contains("missing requirement")
                && log.contains("osgi.wiring.package=no.such.pkg"), log);
    }

    @Test
    void aBadLogSettingAndAnUnknownOptionAreOneLineErrorsAndHelpDescribesTheModes() throws Exception {
        Launcher mpathj = new Launcher(dir);
        Launcher.Run bad = mpathj.script(List.of("-Dmpathj.log.maxSize=lots"), "mpath:table");
        assertEquals(2, bad.exit());
        assertEquals("mpathj: mpathj.log.maxSize=lots is not a size (a number of bytes, or with K, M or G)\n",
                bad.err());
        Launcher.Run help = mpathj.stdinArgs(List.of("--help"));
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("Client mode:"), help.out());
        assertTrue(help.out().contains("mpathj SCRIPT"), help.out());
        Launcher.Run unknown = mpathj.stdinArgs(List.of("--verbose"));
        assertEquals(2, unknown.exit());
        assertEquals("mpathj: unknown option --verbose; mpathj --help for the usage\n", unknown.err());
    }

    @Test
    void theMpathjScriptPassesMpathjOptsWordByWordAndRunsItsOwnCopyOfTheJar() throws Exception {
        Path script = Launcher.JAR.toAbsolutePath().getParent().getParent().getParent().resolve("mpathj");
        Path home = dir.resolve("home");
        ProcessBuilder run = new ProcessBuilder("bash", script.toString()).redirectInput(ProcessBuilder.Redirect.from(
                new java.io.File("/dev/null")));
        run.environment().put("MPATHJ_HOME", home.toString());
        run.environment().put("MPATHJ_NO_BUILD", "1"); // the jar of this build, whatever the sources' times
        run.environment().put("MPATHJ_OPTS", "-Dunrelated=1  -Dmpathj.log.maxSize=lots");
        Process p = run.start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, p.waitFor(), err);
        assertEquals("mpathj: mpathj.log.maxSize=lots is not a size (a number of bytes, or with K, M or G)\n", err,
                "the second word of MPATHJ_OPTS reached the JVM");
        assertEquals(-1L, Files.mismatch(Launcher.JAR, home.resolve("lib/mpathj.jar")), "it runs a copy in the home");
    }

    @Test
    void aMapFileThatCanNeverWorkDoesNotHoldTheScriptLong() throws Exception {
        Launcher mpathj = new Launcher(dir);
        assertEquals(0, mpathj.script("mpath:table").exit());
        write(mpathj.home.resolve("etc/io.mpathj.map-broken.cfg"), "name=broken", "table=not a table");
        long start = System.nanoTime();
        Launcher.Run r = mpathj.script("mpath:table mpatha");
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertEquals(1, r.exit(), "a map file in error fails the script: " + r.out() + r.err());
        assertTrue(seconds < 8, "the script started within seconds, not after 20 s: " + seconds + " s");
        assertTrue(r.err().startsWith("mpathj: map broken"), "reported once on stderr: " + r.err());
        assertEquals(1, Launcher.Terminal.count(r.err(), "mpathj: map broken"), r.err());
    }
}
