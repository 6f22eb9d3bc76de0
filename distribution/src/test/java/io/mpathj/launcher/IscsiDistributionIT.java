package io.mpathj.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathj.transport.iscsi.IscsiPortal;
import io.mpathj.transport.iscsi.tgt.TgtTarget;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * iSCSI from the container, against tgt on loopback with two portals: the transport configured by
 * {@code etc/io.mpathj.iscsi.cfg} (initiator name, reconnect delays, CHAP from a secret file), {@code iscsi:discover},
 * a map over both portals, a killed connection under a verified workload, the session logging in again, and
 * {@code reinstate_path}. The container reads its commands from standard input, one at a time, so that the test can
 * kill the connection between them.
 */
class IscsiDistributionIT {
    private static final Path JAR = Paths.get(System.getProperty("mpathj.jar", "target/mpathj.jar"));
    private static final String INITIATOR = "iqn.2026-11.io.mpathj.test:container";
    private static final String CHAP_IQN = "iqn.2026-11.io.mpathj.test:chap";
    private static final String CHAP_USER = "mpathj";
    private static final String CHAP_SECRET = "container-secret-16";
    private static TgtTarget tgt;

    @TempDir
    Path home;

    @BeforeAll
    static void startTarget() {
        try {
            tgt = TgtTarget.start(2, 13280, 13289, Path.of("target"));
        } catch (TgtTarget.Unavailable e) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("CI=true but the tgt iSCSI tests cannot run: " + e.getMessage(), e);
            }
            System.err.println("SKIPPED: iSCSI container test against tgt: " + e.getMessage());
            Assumptions.abort("iSCSI container test against tgt skipped: " + e.getMessage());
        }
        tgt.addTarget(CHAP_IQN, CHAP_USER, CHAP_SECRET);
    }

    @AfterAll
    static void stopTarget() {
        if (tgt != null) {
            tgt.close();
        }
    }

    @Test
    void aMapOverTwoIscsiPortalsInTheContainerSurvivesAKilledConnection() throws Exception {
        Path etc = Files.createDirectories(home.resolve("run/etc"));
        Path secret = Files.writeString(home.resolve("chap.secret"), CHAP_SECRET + "\n");
        Files.writeString(etc.resolve("io.mpathj.iscsi.cfg"), String.join("\n",
                "initiator_name=" + INITIATOR,
                "reconnect_delay_ms=200",
                "max_reconnect_delay_ms=1000",
                "login_timeout_ms=5000",
                "chap_user=" + CHAP_USER,
                "chap_secret_file=" + secret, ""), StandardCharsets.UTF_8);
        IscsiPortal p0 = tgt.portals().get(0);
        IscsiPortal p1 = tgt.portals().get(1);
        String path0 = "iscsi:" + p0 + "/" + TgtTarget.IQN + "/1";
        String path1 = "iscsi:" + p1 + "/" + TgtTarget.IQN + "/1";
        try (Shell shell = new Shell(home)) {
            String found = shell.run("iscsi:discover " + p0 + " " + p1, o -> o.contains("  portal " + p1));
            assertTrue(found.contains("target " + TgtTarget.IQN + "\n  portal " + p0 + " tag 1: LUNs 0 1\n    "
                    + "iscsi:" + p0 + "/" + TgtTarget.IQN + "/0\n    " + path0 + "\n  portal " + p1
                    + " tag 1: LUNs 0 1"), found);
            assertTrue(found.contains("target " + CHAP_IQN + "\n  portal " + p0 + " tag 1: LUNs 0 1"),
                    "the CHAP target logged in with the secret from the file: " + found);

            assertTrue(shell.run("mpath:create mpathi \"0 0 1 1 round-robin 0 2 0 " + path0 + " " + path1 + "\"",
                    o -> o.contains("created mpathi")).contains("created mpathi: 131072 blocks of 512 bytes"));
            shell.send("mpath:io -s 4 mpathi");
            Thread.sleep(1500);
            TgtTarget.Conn victim = tgt.connections(1).stream().filter(c -> c.initiator().equals(INITIATOR))
                    .findFirst().orElseThrow(() -> new AssertionError("no connection of " + INITIATOR));
            tgt.deleteConnection(1, victim);
            String io = shell.await(o -> o.contains(" mismatches"));
            Matcher m = Pattern.compile("mpathi: (\\d+) I/Os in [0-9.]+ s \\(\\d+ IOPS\\): \\d+ reads verified, \\d+ "
                    + "writes, (\\d+) errors, 0 mismatches").matcher(io);
            assertTrue(m.find(), io);
            assertEquals("0", m.group(2), "I/O continued on the other path: " + io);

            String status = shell.run("mpath:status mpathi", o -> o.contains("\n0 131072 multipath"));
            // failed once by the map; the daemon may have reinstated it already if its session is back
            Matcher failed = Pattern.compile("(iscsi:\\S+) [AF] 1").matcher(status);
            assertTrue(failed.find(), "the killed path was failed: " + status);
            String failedPath = failed.group(1);
            String failedPortal = failedPath.substring("iscsi:".length(), failedPath.indexOf('/'));
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            String[] row;
            do {
                Thread.sleep(200);
                String sessions = shell.run("iscsi:sessions", o -> o.contains("LAST-ERROR"));
                row = sessions.lines().map(l -> l.split(" {2,}")).filter(r -> r.length > 7 && r[1].equals(failedPortal)
                        && r[2].equals(TgtTarget.IQN)).findFirst().orElseThrow(() -> new AssertionError(sessions));
            } while (!(row[0].equals("logged-in") && row[7].equals("1")) && System.nanoTime() < end);
            assertEquals("logged-in", row[0], String.join("|", row));
            assertEquals("1", row[7], "RECONNECTS: " + String.join("|", row));

            // no command: the daemon's checker sees the path up again and reinstates it (2 x polling_interval)
            Pattern bothActive = Pattern.compile(Pattern.quote(path0) + " A \\d+ " + Pattern.quote(path1)
                    + " A \\d+");
            long reinstated = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            String after;
            do {
                after = shell.run("mpath:status mpathi", o -> o.contains("\n0 131072 multipath"));
            } while (!bothActive.matcher(after).find() && System.nanoTime() < reinstated && sleep(200));
            assertTrue(bothActive.matcher(after).find(), "both paths active again (the daemon): " + after);
            String again = shell.run("mpath:io -s 1 mpathi", o -> o.contains(" mismatches"));
            assertTrue(again.contains(" 0 errors, 0 mismatches"), again);
        }
        // the log, and what ConfigAdmin keeps of the configuration (it holds the file's name, not the secret)
        String written;
        try (Stream<Path> files = Files.walk(home.resolve("run"))) {
            written = String.join("\n", files.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().endsWith(".log")
                            || f.getFileName().toString().endsWith(".config"))
                    .map(IscsiDistributionIT::read).toList());
        }
        assertTrue(written.contains("iscsi: transport ready: initiator " + INITIATOR), "the log was read: " + written);
        assertTrue(written.contains("mpathi: reinstate_path iscsi:"), "the daemon reinstated the killed path");
        assertFalse(written.contains(CHAP_SECRET), "the CHAP secret is never written to the log");
        assertFalse(read(Shell.TRANSCRIPT).contains(CHAP_SECRET), "nor printed");
    }

    /**
     * Maps that assemble themselves over iSCSI, with no map file: multipath.conf says {@code find_multipaths greedy}
     * and {@code user_friendly_names yes}; logging in to the target through both portals announces its LUNs; the
     * disk (LUN 1) becomes mpatha over both paths (tgt's controller at LUN 0 is no block device, so no map) and
     * carries verified I/O; logging out of one portal reloads the map without its path, of the other removes it.
     */
    @Test
    void loggingInThroughTwoPortalsAssemblesAMapNamedFromTheBindings() throws Exception {
        Path etc = Files.createDirectories(home.resolve("run/etc"));
        Files.writeString(etc.resolve("io.mpathj.iscsi.cfg"), String.join("\n",
                "initiator_name=iqn.2026-11.io.mpathj.test:assembly",
                "reconnect_delay_ms=200",
                "login_timeout_ms=5000", ""), StandardCharsets.UTF_8);
        Files.writeString(etc.resolve("multipath.conf"), String.join("\n",
                "defaults {",
                "    find_multipaths greedy",
                "    user_friendly_names yes",
                "    polling_interval 1",
                "}", ""), StandardCharsets.UTF_8);
        IscsiPortal p0 = tgt.portals().get(0);
        IscsiPortal p1 = tgt.portals().get(1);
        String path0 = "iscsi:" + p0 + "/" + TgtTarget.IQN + "/1";
        String path1 = "iscsi:" + p1 + "/" + TgtTarget.IQN + "/1";
        try (Shell shell = new Shell(home)) {
            assertTrue(shell.run("iscsi:login " + p0 + " " + TgtTarget.IQN, o -> o.contains("logged in to "))
                    .contains("logged in to " + p0));
            assertTrue(shell.run("iscsi:login " + p1 + " " + TgtTarget.IQN, o -> o.contains("logged in to "))
                    .contains("logged in to " + p1));
            String table = poll(shell, "mpath:table mpatha", o -> o.contains(path0) && o.contains(path1));
            // tgt's LU: no TPGS, no device entry: the defaults (failover: one path per group, service-time)
            assertTrue(table.contains(" multipath 0 0 2 1 service-time 0 1 "), table);
            String assembly = shell.run("mpath:assembly", o -> o.contains("paths="));
            assertTrue(assembly.contains(" mpatha paths=2 failover hwhandler=none"), assembly);
            String maps = shell.run("mpath:ls", o -> o.contains("mpatha"));
            assertFalse(maps.contains("mpathb"), "LUN 0, the controller, is no block device: " + maps);
            String io = shell.run("mpath:io -s 2 mpatha", o -> o.contains(" mismatches"));
            assertTrue(Pattern.compile("mpatha: \\d+ I/Os in [0-9.]+ s \\(\\d+ IOPS\\): \\d+ reads verified, \\d+ "
                    + "writes, 0 errors, 0 mismatches").matcher(io).find(), io);
            String bindings = Files.readString(etc.resolve("bindings"), StandardCharsets.UTF_8);
            String wwid = assembly.lines().filter(l -> l.contains(" mpatha ")).findFirst().orElseThrow().split(" ")[0]
                    .replaceAll(".*\\s", "");
            assertTrue(bindings.contains("mpatha " + wwid + "\n"), wwid + " in " + bindings);

            // logging out withdraws the session's paths: the map is reloaded without one, removed without both
            shell.run("iscsi:logout " + p0 + " " + TgtTarget.IQN, o -> o.contains("dropped"));
            String one = poll(shell, "mpath:table mpatha", o -> !o.contains(path0) && o.contains(path1));
            assertTrue(one.contains(" 0 0 1 1 service-time 0 1 "), one);
            shell.run("iscsi:logout " + p1 + " " + TgtTarget.IQN, o -> o.contains("dropped"));
            poll(shell, "mpath:table mpatha", o -> o.contains("no map named mpatha"));
        }
    }

    /**
     * Runs a command (that prints at least one line) until what it prints satisfies {@code ok} (20 s at most);
     * returns that output.
     */
    private static String poll(Shell shell, String command, Predicate<String> ok) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String out;
        do {
            out = shell.run(command, o -> o.indexOf('\n') >= 0 && o.indexOf('\n', o.indexOf('\n') + 1) >= 0);
            if (ok.test(out)) {
                return out;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < end);
        throw new AssertionError(command + " never gave what was expected; last:\n" + out);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** The container reading commands from standard input; what it prints is collected as it comes. */
    private static final class Shell implements AutoCloseable {
        private final Process process;
        private final BufferedWriter in;
        private final StringBuffer out = new StringBuffer();
        /** Everything the container printed, kept for a look after the run. */
        static final Path TRANSCRIPT = Path.of("target", "IscsiDistributionIT-transcript.txt");
        private int mark;

        Shell(Path home) throws IOException {
            process = new ProcessBuilder(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dmpathj.home=" + home.resolve("run"), "-jar", JAR.toString()))
                    .redirectErrorStream(true).start();
            in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
            Thread reader = new Thread(() -> pump(process.getInputStream()), "container-output");
            reader.setDaemon(true);
            reader.start();
        }

        private void pump(InputStream stream) {
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = stream.read(buffer)) > 0;) {
                    out.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                out.append("\n[output ended: ").append(e.getMessage()).append(']');
            }
        }

        void send(String command) throws IOException {
            mark = out.length();
            in.write(command);
            in.newLine();
            in.flush();
        }

        /** What the container printed since the last command, once {@code done} holds (60 s at most). */
        String await(Predicate<String> done) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < end) {
                String since = out.substring(mark);
                if (done.test(since) && (since.endsWith("\n"))) {
                    return since;
                }
                if (!process.isAlive()) {
                    break;
                }
                Thread.sleep(20);
            }
            throw new AssertionError("the container did not print what was expected; it printed:\n" + out);
        }

        String run(String command, Predicate<String> done) throws IOException, InterruptedException {
            send(command);
            return await(o -> o.contains("g! " + command) && done.test(o.substring(o.indexOf("g! " + command))));
        }

        @Override
        public void close() throws Exception {
            in.close(); // end of the script: the container stops
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            Files.writeString(TRANSCRIPT, out.toString(), StandardCharsets.UTF_8);
        }
    }

    /** Sleeps, for a polling loop's condition. */
    private static boolean sleep(long millis) throws InterruptedException {
        Thread.sleep(millis);
        return true;
    }
}
