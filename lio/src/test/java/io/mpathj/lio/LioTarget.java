package io.mpathj.lio;

import io.mpathj.transport.iscsi.IscsiPortal;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The Linux kernel's iSCSI target (LIO) in a QEMU guest, started by {@code tools/lio/lio.sh} once for the test run:
 * the eight portals of its four targets forwarded to loopback ports (each {@link Layout} has tpgt_1 and tpgt_2) and
 * the control channel, the script's standard input and output (the guest's second serial port). Stopped by
 * {@code poweroff} through the channel, then by its PID. When QEMU cannot start, the tests are skipped with a line
 * {@code SKIPPED: ...} on stderr, except under {@code CI=true}, where they fail (as the tgt tests do).
 */
final class LioTarget implements ExtensionContext.Store.CloseableResource {
    /**
     * The guest's targets (tools/lio/guest-init.sh), in the order of their portals: target {@code i} has tpgt_1 on
     * guest port 3260 + 2i and tpgt_2 on 3261 + 2i. Each TPG's LUNs are in ALUA group pg_a (tpgt_1) or pg_b (tpgt_2),
     * except {@link #SAMEGROUP}'s, which are both in pg_a.
     */
    enum Layout {
        /** lu0 (LUN 0) and lu1 (LUN 1), implicit and explicit ALUA. */
        BOTH("target", "lu0", "lu1"),
        /** lu2: both TPGs in one group pg_a (Active/Optimized). */
        SAMEGROUP("samegroup", "lu2"),
        /** lu3: explicit ALUA only. */
        EXPLICIT("explicit", "lu3"),
        /** lu4: implicit ALUA only. */
        IMPLICIT("implicit", "lu4");

        private final String name;
        private final List<String> lus;

        Layout(String name, String... lus) {
            this.name = name;
            this.lus = List.of(lus);
        }

        /** The target's short name, as the guest's {@code tpg} command takes it. */
        String targetName() {
            return name;
        }

        String iqn() {
            return IQN_PREFIX + name;
        }

        /** The configfs name of the LU behind LUN {@code lun} (lu0 ... lu4). */
        String lu(int lun) {
            return lus.get(lun);
        }
    }

    static final String IQN_PREFIX = "iqn.2026-11.io.mpathj.lio:";
    static final String IQN = Layout.BOTH.iqn();
    static final int BLOCK_SIZE = 512;
    static final long BLOCKS = 64L * 1024 * 1024 / BLOCK_SIZE;
    /** Guest ports 3260-3267: two TPGs for each {@link Layout}. */
    static final int PORTALS = 2 * Layout.values().length;
    /** Ports for the forwarded portals; the bench and the tgt tests use 13260-13289. */
    private static final int FIRST_PORT = 13300;
    private static final int LAST_PORT = 13339;
    /** Boot to "ready": about 11 s on two shared cores under TCG; the first run also downloads about 70 MB. */
    private static final long READY_SECONDS = 240;
    private static final long COMMAND_SECONDS = 30;
    private static final String EOF = "\u0000eof";

    private final Process process;
    private final List<IscsiPortal> portals;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final OutputStream control;
    private final long bootMillis;
    private final String banner;
    /** Kills QEMU if the JVM exits without {@link #close} (the guest also powers off after 15 idle minutes). */
    private final Thread killer;

    private LioTarget(Process process, List<IscsiPortal> portals, long startNanos) throws Unavailable {
        this.process = process;
        this.portals = portals;
        this.control = process.getOutputStream();
        this.killer = new Thread(() -> {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }, "lio-kill");
        this.killer.setDaemon(false);
        Runtime.getRuntime().addShutdownHook(killer);
        Thread reader = new Thread(this::readLines, "lio-control");
        reader.setDaemon(true);
        reader.start();
        String last = "";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_SECONDS);
        while (true) {
            String line = poll(deadline);
            if (line == null) {
                dropKiller();
                throw new Unavailable("the guest was not ready after " + READY_SECONDS + " s");
            }
            if (line.equals(EOF)) {
                dropKiller();
                throw new Unavailable("lio.sh exited before the guest was ready");
            }
            if (line.equals("ready")) {
                break;
            }
            if (line.startsWith("failed:")) {
                dropKiller();
                throw new Unavailable("the guest could not set up LIO: " + line);
            }
            last = line;
        }
        this.banner = last;
        this.bootMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    /** Starts the guest or skips the test class (fails it under {@code CI=true}). */
    static LioTarget startOrSkip() {
        String why;
        try {
            return start();
        } catch (Unavailable e) {
            why = e.getMessage();
        }
        if ("true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true but the LIO suite cannot run: " + why
                    + " (./test installs qemu-system-x86, kmod and cpio; tools/lio/lio.sh needs apt for the kernel)");
        }
        System.err.println("SKIPPED: LIO suite (kernel iSCSI target in QEMU): " + why);
        Assumptions.abort("LIO suite skipped: " + why);
        throw new AssertionError("unreachable");
    }

    /** Why the guest cannot start. */
    static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        Unavailable(String reason) {
            super(reason);
        }
    }

    /** Starts the guest with every {@link Layout}. */
    static LioTarget start() throws Unavailable {
        Path script = Path.of(System.getProperty("lio.script", "../tools/lio/lio.sh"));
        if (!Files.isExecutable(script)) {
            throw new Unavailable(script + " is missing or not executable");
        }
        if (!System.getProperty("os.name", "").equals("Linux")) {
            throw new Unavailable("not Linux");
        }
        Path logDir;
        try {
            logDir = Files.createDirectories(Path.of("target"));
        } catch (IOException e) {
            throw new Unavailable("no target/ folder: " + e.getMessage());
        }
        Path log = logDir.resolve("lio.log");
        // a port taken between the probe and QEMU's bind makes QEMU exit at once: try other ports
        Unavailable last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            List<Integer> ports = freePorts(PORTALS);
            List<IscsiPortal> portals = ports.stream().map(p -> new IscsiPortal("127.0.0.1", p)).toList();
            Process process;
            long start = System.nanoTime();
            try {
                process = new ProcessBuilder(script.toString(), "--ports", ports.stream().map(String::valueOf)
                        .collect(java.util.stream.Collectors.joining(",")), "--console",
                        logDir.resolve("lio-console.txt").toAbsolutePath().toString())
                        .redirectError(log.toFile())
                        .start();
            } catch (IOException e) {
                throw new Unavailable("cannot run " + script + ": " + e.getMessage());
            }
            try {
                return new LioTarget(process, portals, start);
            } catch (Unavailable e) {
                kill(process);
                last = new Unavailable(e.getMessage() + "; " + tail(log));
            }
        }
        throw last;
    }

    private static String tail(Path log) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "lio.sh said: " + String.join(" | ", all.subList(Math.max(0, all.size() - 3), all.size()));
        } catch (IOException e) {
            return "no log";
        }
    }

    private static List<Integer> freePorts(int count) throws Unavailable {
        List<Integer> ports = new ArrayList<>();
        int first = FIRST_PORT + (int) (ProcessHandle.current().pid() % 4) * 10;
        for (int i = 0; i <= LAST_PORT - FIRST_PORT && ports.size() < count; i++) {
            int port = FIRST_PORT + (first - FIRST_PORT + i) % (LAST_PORT - FIRST_PORT + 1);
            try (ServerSocket probe = new ServerSocket()) {
                probe.bind(new InetSocketAddress("127.0.0.1", port));
                ports.add(port);
            } catch (IOException busy) {
                // taken: the next one
            }
        }
        if (ports.size() < count) {
            throw new Unavailable("fewer than " + count + " free ports in " + FIRST_PORT + "-" + LAST_PORT);
        }
        return ports;
    }

    private void readLines() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line.replace("\r", ""));
            }
        } catch (IOException e) {
            // the process is gone
        }
        lines.add(EOF);
    }

    private String poll(long deadlineNanos) {
        try {
            return lines.poll(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The forwarded portals of guest ports 3260-3267, in order. */
    List<IscsiPortal> portals() {
        return portals;
    }

    /** The forwarded portal of {@code layout}'s tpgt_{@code tpg} (1 or 2). */
    IscsiPortal portal(Layout layout, int tpg) {
        return portals.get(2 * layout.ordinal() + tpg - 1);
    }

    long bootMillis() {
        return bootMillis;
    }

    /** The guest's line before "ready": kernel release, layout and target name. */
    String banner() {
        return banner;
    }

    /**
     * Sends one command and returns its output lines.
     *
     * @throws IllegalStateException when the guest answers an error or does not answer within 30 s
     */
    synchronized List<String> command(String command) {
        lines.clear();
        try {
            control.write((command + "\n").getBytes(StandardCharsets.US_ASCII));
            control.flush();
        } catch (IOException e) {
            throw new IllegalStateException("lio: cannot send '" + command + "': " + e.getMessage(), e);
        }
        List<String> out = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(COMMAND_SECONDS);
        while (true) {
            String line = poll(deadline);
            if (line == null || line.equals(EOF)) {
                throw new IllegalStateException("lio: no answer to '" + command + "'" + (line == null ? " within "
                        + COMMAND_SECONDS + " s" : ": the guest is gone") + "; got " + out);
            }
            if (line.equals("ok")) {
                return out;
            }
            if (line.startsWith("error:")) {
                throw new IllegalStateException("lio: '" + command + "' failed: " + line + " " + out);
            }
            out.add(line);
        }
    }

    /** The ALUA access state of lu0's pg_a or pg_b as configfs reads it (0 A/O, 1 A/NO, 2 Standby, 3 Unavailable). */
    int state(String group) {
        return state(group, "lu0");
    }

    /** The ALUA access state of {@code lu}'s group (15 Transitioning). */
    int state(String group, String lu) {
        return Integer.parseInt(command("state " + group + " " + lu).get(0).trim());
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                command("poweroff");
            } catch (RuntimeException e) {
                // killed below
            }
        }
        kill(process);
        dropKiller();
    }

    private void dropKiller() {
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }

    private static void kill(Process process) {
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroy);
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
