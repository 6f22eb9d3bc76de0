package io.mpathj.transport.iscsi.tgt;

import io.mpathj.transport.iscsi.IscsiPortal;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * A tgtd on loopback for one test class: its own portals (ports 13260-13268) and a private control socket, one
 * target with a file-backed LU 1, stopped by PID. When tgtd cannot be started the tests are skipped with a message
 * in the log, except under {@code CI=true}, where a missing tgt fails the build.
 *
 * <p>The bench module uses it through this module's test-jar (which holds only this class): {@link #start} on a port
 * range of its own, and {@link #unavailableReason()}. Nothing here but {@link #startOrSkip} needs JUnit.
 */
public final class TgtTarget implements AutoCloseable {
    public static final String IQN = "iqn.2026-11.io.mpathj.test:lu";
    public static final int LUN = 1;
    public static final int BLOCK_SIZE = 512;
    public static final long BLOCKS = 64L * 1024 * 1024 / BLOCK_SIZE;
    private static final int FIRST_PORT = 13260;
    private static final int LAST_PORT = 13268;
    private static final long COMMAND_TIMEOUT_SECONDS = 10;
    private static final long STARTUP_MILLIS = 5_000;

    private final List<IscsiPortal> portals = new ArrayList<>();
    private final Path workDir;
    private final int controlPort;
    private Process tgtd;
    private int nextTid = 1;

    private TgtTarget(Path workDir, List<Integer> ports) {
        this.workDir = workDir;
        for (int port : ports) {
            portals.add(new IscsiPortal("127.0.0.1", port));
        }
        this.controlPort = ports.get(0);
    }

    /** Starts tgtd with {@code portalCount} portals and target tid 1 ({@link #IQN}, LUN 1), or skips the test. */
    public static TgtTarget startOrSkip(int portalCount) {
        String why;
        try {
            return start(portalCount, FIRST_PORT, LAST_PORT, Path.of("target"));
        } catch (Unavailable e) {
            why = e.getMessage();
        }
        if ("true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true but the tgt iSCSI tests cannot run: " + why
                    + " (./test installs tgt; install it with apt-get install tgt)");
        }
        System.err.println("SKIPPED: iSCSI tests against tgt: " + why);
        Assumptions.abort("iSCSI tests against tgt skipped: " + why);
        throw new AssertionError("unreachable");
    }

    /** Why tgtd cannot be started here: the reason {@link #start} gives. */
    public static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        public Unavailable(String reason) {
            super(reason);
        }
    }

    /**
     * Starts tgtd with {@code portalCount} portals on free ports in {@code firstPort..lastPort} (the first doubles as
     * the control port) and target tid 1 ({@link #IQN}, LUN 1), its files in a new directory under {@code workParent}.
     *
     * @throws Unavailable when tgt is not installed or tgtd does not start; the message says why
     */
    public static TgtTarget start(int portalCount, int firstPort, int lastPort, Path workParent) throws Unavailable {
        String why = unavailableReason();
        if (why != null) {
            throw new Unavailable(why);
        }
        TgtTarget tgt = null;
        try {
            Path workDir = Files.createTempDirectory(Files.createDirectories(workParent), "tgt");
            tgt = new TgtTarget(workDir, freePorts(portalCount, firstPort, lastPort));
            tgt.start();
            tgt.addTarget(IQN, null, null);
            return tgt;
        } catch (IOException | RuntimeException e) {
            if (tgt != null) {
                tgt.close();
            }
            throw new Unavailable("tgtd did not start: " + e.getMessage());
        }
    }

    /** Why tgt cannot run here (a tool missing), or null. */
    public static String unavailableReason() {
        for (String tool : new String[] {"tgtd", "tgtadm"}) {
            if (!onPath(tool)) {
                return tool + " is not installed (apt-get install tgt)";
            }
        }
        return null;
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", tool));
    }

    private static List<Integer> freePorts(int count, int firstPort, int lastPort) {
        List<Integer> ports = new ArrayList<>();
        for (int port = firstPort; port <= lastPort && ports.size() < count; port++) {
            try (ServerSocket probe = new ServerSocket()) {
                probe.bind(new InetSocketAddress("127.0.0.1", port));
                ports.add(port);
            } catch (IOException busy) {
                // taken: try the next one
            }
        }
        if (ports.size() < count) {
            throw new IllegalStateException("fewer than " + count + " free ports in " + firstPort + "-" + lastPort);
        }
        return ports;
    }

    private void start() throws IOException {
        // tgtd takes one portal on its command line (a second --iscsi portal= replaces the first): add the rest later
        List<String> command = List.of(tool("tgtd"), "-f", "-C", Integer.toString(controlPort), "--iscsi",
                "portal=" + portals.get(0));
        tgtd = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(workDir.resolve("tgtd.log").toFile()).start();
        long deadline = System.currentTimeMillis() + STARTUP_MILLIS;
        while (true) {
            if (!tgtd.isAlive()) {
                throw new IllegalStateException("tgtd exited with " + tgtd.exitValue() + ": " + log());
            }
            if (run(false, "--op", "show", "--mode", "system").exitCode == 0) {
                break;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("tgtd not ready after " + STARTUP_MILLIS + " ms: " + log());
            }
            sleep(50);
        }
        for (IscsiPortal portal : portals.subList(1, portals.size())) {
            lld("--op", "new", "--mode", "portal", "--param", "portal=" + portal);
        }
    }

    /** Adds a target with a 64 MiB file-backed LUN 1 and binds it to all initiators; returns its tid. */
    public int addTarget(String iqn, String chapUser, String chapSecret) {
        int tid = nextTid++;
        try {
            Path image = workDir.resolve("lu" + tid + ".img");
            try (var file = new java.io.RandomAccessFile(image.toFile(), "rw")) {
                file.setLength(BLOCKS * BLOCK_SIZE);
            }
            String t = Integer.toString(tid);
            lld("--op", "new", "--mode", "target", "--tid", t, "-T", iqn);
            lld("--op", "new", "--mode", "logicalunit", "--tid", t, "--lun", Integer.toString(LUN), "-b",
                    image.toString());
            lld("--op", "bind", "--mode", "target", "--tid", t, "-I", "ALL");
            if (chapUser != null) {
                lld("--op", "new", "--mode", "account", "--user", chapUser, "--password", chapSecret);
                lld("--op", "bind", "--mode", "account", "--tid", t, "--user", chapUser);
            }
            return tid;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<IscsiPortal> portals() {
        return portals;
    }

    /** One connection as {@code tgtadm --op show --mode conn} lists it. */
    public record Conn(long sid, long cid, String initiator) {
    }

    /** The target's connections; tgt does not say which portal each came in on, only the initiator's name. */
    public List<Conn> connections(int tid) {
        String out = lld("--op", "show", "--mode", "conn", "--tid", Integer.toString(tid));
        List<Conn> result = new ArrayList<>();
        Matcher m = Pattern.compile("Session: (\\d+)\\s+Connection: (\\d+)\\s+Initiator: (\\S+)").matcher(out);
        while (m.find()) {
            result.add(new Conn(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), m.group(3)));
        }
        return result;
    }

    /** Sets a target's state (ready/offline): offline, tgt leaves commands unanswered. */
    public void setTargetState(int tid, String state) {
        lld("--op", "update", "--mode", "target", "--tid", Integer.toString(tid), "-n", "state", "-v", state);
    }

    /** Kills one connection as an administrator would: {@code tgtadm --op delete --mode conn}. */
    public void deleteConnection(int tid, Conn conn) {
        lld("--op", "delete", "--mode", "conn", "--tid", Integer.toString(tid), "--sid", Long.toString(conn.sid()),
                "--cid", Long.toString(conn.cid()));
    }

    /** Runs tgtadm against this tgtd with {@code --lld iscsi}; fails the test on a non-zero exit. */
    public String lld(String... args) {
        List<String> all = new ArrayList<>(List.of("--lld", "iscsi"));
        all.addAll(List.of(args));
        return admin(all.toArray(new String[0]));
    }

    private String admin(String... args) {
        Result r = run(true, args);
        if (r.exitCode != 0) {
            throw new IllegalStateException("tgtadm " + String.join(" ", args) + " failed (" + r.exitCode + "): "
                    + r.output);
        }
        return r.output;
    }

    private record Result(int exitCode, String output) {
    }

    private Result run(boolean mustFinish, String... args) {
        List<String> command = new ArrayList<>(List.of(tool("tgtadm"), "-C", Integer.toString(controlPort)));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!p.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "tgtadm timed out");
            }
            return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }

    private static String tool(String name) {
        Path sbin = Path.of("/usr/sbin", name);
        return Files.isExecutable(sbin) ? sbin.toString() : name;
    }

    private String log() {
        try {
            return Files.readString(workDir.resolve("tgtd.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Deletes the targets and stops tgtd by its PID (SIGTERM, then SIGKILL); never throws. */
    @Override
    public void close() {
        if (tgtd == null) {
            return;
        }
        for (int tid = 1; tid < nextTid; tid++) {
            run(true, "--lld", "iscsi", "--op", "delete", "--mode", "target", "--tid", Integer.toString(tid),
                    "--force");
        }
        run(true, "--op", "delete", "--mode", "system");
        try {
            if (!tgtd.waitFor(3, TimeUnit.SECONDS)) {
                tgtd.destroy();
                if (!tgtd.waitFor(3, TimeUnit.SECONDS)) {
                    tgtd.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            tgtd.destroyForcibly();
        }
    }
}
