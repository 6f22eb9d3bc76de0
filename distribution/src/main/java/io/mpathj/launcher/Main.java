package io.mpathj.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import org.osgi.framework.launch.Framework;

/**
 * {@code java -jar mpathj.jar [SCRIPT]}: starts Felix with SCR, ConfigAdmin, FileInstall, Gogo and the mpathj
 * bundles, with the embedded default (a simulated ALUA array and the map {@code mpatha}) on first run.
 *
 * <ul>
 * <li>On a terminal and without a script: the interactive Gogo shell ({@code g!}); {@code exit} stops it.</li>
 * <li>With a script file, or with commands on standard input that is not a terminal: runs them one per line,
 * prints each result, and exits 1 if any command failed.</li>
 * </ul>
 * Everything the container keeps lives under {@code mpathj.home} (default {@code ./run}): {@code etc/} the
 * configuration files, {@code deploy/} the hot-deploy folder, {@code felix-cache/}, {@code mpathj.log}.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 1 || (args.length == 1 && (args[0].equals("-h") || args[0].equals("--help")))) {
            System.out.println("usage: mpathj [SCRIPT]    (no SCRIPT: interactive shell, or commands from standard "
                    + "input when it is not a terminal)");
            System.exit(args.length > 1 ? 2 : 0);
        }
        Path home = Paths.get(System.getProperty("mpathj.home", "run")).toAbsolutePath();
        Files.createDirectories(home);
        configureLogging(home);
        boolean interactive = args.length == 0 && System.console() != null;
        Reader script = null;
        if (args.length == 1) {
            Path file = Paths.get(args[0]);
            if (!Files.isReadable(file)) {
                System.err.println("mpathj: cannot read script " + file);
                System.exit(2);
            }
            script = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        } else if (!interactive) {
            script = new InputStreamReader(System.in, StandardCharsets.UTF_8);
        }

        // Gogo replaces System.out/err with per-thread streams that write to the originals; a session must be
        // given the originals, or its output loops back into itself
        java.io.PrintStream out = System.out;
        java.io.PrintStream err = System.err;
        Container container = new Container(home, interactive);
        Framework framework = container.start();
        int status = 0;
        if (script != null) {
            try (Reader r = script) {
                ScriptRunner runner = new ScriptRunner(framework.getBundleContext(), out, err);
                boolean configured = runner.awaitMaps(container.configuredMapFiles());
                status = runner.run(r) && configured ? 0 : 1;
            }
            framework.stop();
        }
        framework.waitForStop(0);
        System.exit(status);
    }

    /** slf4j-simple writes to {@code mpathj.log} under the home, so the shell is not interleaved with log lines. */
    private static void configureLogging(Path home) {
        Map<String, String> defaults = Map.of(
                "org.slf4j.simpleLogger.logFile", home.resolve("mpathj.log").toString(),
                "org.slf4j.simpleLogger.defaultLogLevel", "info",
                "org.slf4j.simpleLogger.showDateTime", "true",
                "org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd HH:mm:ss.SSS");
        defaults.forEach((k, v) -> {
            if (System.getProperty(k) == null) {
                System.setProperty(k, v);
            }
        });
    }

    /** Reads a whole stream; used for resources. */
    static byte[] readAll(InputStream in) throws IOException {
        try (InputStream s = in) {
            return s.readAllBytes();
        }
    }
}
