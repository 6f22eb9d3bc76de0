package io.mpathj.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.framework.launch.Framework;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar mpathj.jar [SCRIPT]}, the composition root: one container per home, or a client of the one
 * that runs there. See {@link #USAGE}.
 */
public final class Main {
    static final String USAGE = String.join("\n",
            "usage: mpathj [SCRIPT]",
            "",
            "Starts the mpathj container on its home (./run, or $MPATHJ_HOME; java -Dmpathj.home=DIR), or, when a",
            "container is already running there, becomes a client of it (as multipathd -k is).",
            "",
            "  mpathj               on a terminal: the interactive Gogo shell (g!); Tab completes commands, map,",
            "                       array and port names; Ctrl-C interrupts the running command; exit [N] or quit",
            "                       stops the container (status N, default 0)",
            "  mpathj SCRIPT        runs the Gogo commands in SCRIPT, one per line (# comments); each is printed",
            "  cmd | mpathj         after g! with its output; a failed command prints error: MESSAGE on standard",
            "                       error; the status is 1 if any command failed, else 0; exit [N] ends it with N",
            "",
            "Client mode: while a container runs on the home (it holds mpathj.lock there), mpathj, mpathj SCRIPT and",
            "cmd | mpathj run their commands in that container over the socket control/mpathj.sock (mode 0600, in a",
            "0700 folder), printing and exiting exactly as above. The interactive client is a plain g! prompt;",
            "Ctrl-C interrupts the command running in the container; exit, quit or Ctrl-D leave the container",
            "running (exit/quit within a script end the script). Stop the container from its own shell.",
            "",
            "Before the prompt or a script's first line, the container waits (at most 10 s) until every map in",
            "etc/ has been created or has failed; a failure is reported once: mpathj: map X from etc/FILE: DETAIL.",
            "",
            "Home: etc/ configuration (the source of truth at every start), deploy/ hot deploy, repository/",
            "on-demand plug-ins, mpathj.log (appended; rotated at 10 MiB, 5 kept: -Dmpathj.log.maxSize=SIZE,",
            "-Dmpathj.log.files=N, -Dmpathj.log.level=error|warn|info|debug|trace, -Dmpathj.log.file=PATH).",
            "The ./mpathj script passes $MPATHJ_OPTS to the JVM. -Dmpathj.debug=true prints stack traces.");

    /** How long a client waits for a starting container to open its socket. */
    private static final long CONNECT_SECONDS = 30;

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        if (args.length == 1 && (args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help"))) {
            out.println(USAGE);
            System.exit(0);
        }
        if (args.length > 1 || (args.length == 1 && args[0].startsWith("-"))) {
            err.println("mpathj: " + (args.length > 1 ? "one script at most" : "unknown option " + args[0])
                    + "; mpathj --help for the usage");
            System.exit(2);
        }
        Path home = Paths.get(System.getProperty("mpathj.home", "run")).toAbsolutePath();
        Files.createDirectories(home);
        boolean interactive = args.length == 0 && System.console() != null;
        BufferedReader script = null;
        if (args.length == 1) {
            Path file = Paths.get(args[0]);
            if (!Files.isReadable(file) || Files.isDirectory(file)) {
                err.println("mpathj: cannot read script " + file);
                System.exit(2);
            }
            script = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        } else if (!interactive) {
            script = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        }
        boolean debug = Boolean.getBoolean("mpathj.debug");

        // the container of this home, or a client of the one running there: while another process holds the lock,
        // connect to its socket (it opens it once its maps have settled); if it ends meanwhile, take over
        Client client = new Client(home, out, err);
        HomeLock lock;
        long giveUp = System.nanoTime() + CONNECT_SECONDS * 1_000_000_000L;
        while ((lock = HomeLock.tryAcquire(home)) == null) {
            SocketChannel channel = client.tryConnect();
            if (channel != null) {
                System.exit(runClient(client, channel, script));
            }
            if (System.nanoTime() > giveUp) {
                err.println("mpathj: the container running on " + home + " (pid " + HomeLock.owner(home)
                        + ") does not answer on " + Frames.socketPath(home) + " after " + CONNECT_SECONDS
                        + " s");
                System.exit(1);
            }
            Thread.sleep(20);
        }
        String problem = configureLogging(home);
        if (problem != null) {
            err.println("mpathj: " + problem);
            System.exit(2);
        }
        FrameworkLog.routeJavaUtilLogging();
        Logger log = LoggerFactory.getLogger(Main.class);
        log.info("mpathj starting on {} (pid {}, {})", home, ProcessHandle.current().pid(),
                interactive ? "interactive shell" : "script");

        Container container = new Container(home, interactive);
        Framework framework = container.start();
        Gogo gogo = new Gogo(framework.getBundleContext());
        new ShellCommands(framework.getBundleContext(), gogo).register();
        AtomicInteger status = new AtomicInteger();
        Gogo.Session session = gogo.open(out, err);
        boolean mapsSettled = new MapSettler(gogo, session, home.resolve("etc"), err).settle();
        ControlServer server = null;
        try {
            server = ControlServer.start(home, gogo, debug);
        } catch (IOException | RuntimeException e) {
            err.println("mpathj: client mode is off: cannot serve " + Frames.socketPath(home) + ": "
                    + e.getMessage());
            log.warn("cannot serve clients on {}", Frames.socketPath(home), e);
        }
        if (script != null) {
            try (BufferedReader r = script) {
                int scriptStatus = new ScriptRunner(session, out, err, true, debug).run(r);
                // a map file of etc/ in error (reported above) fails a script that otherwise succeeded
                status.set(scriptStatus == 0 && !mapsSettled ? 1 : scriptStatus);
            }
            if (server != null) {
                server.drain(); // a script or shell connected meanwhile finishes first
            }
            framework.stop();
        } else {
            new ExitCommand(framework, status).register(framework.getBundleContext());
            container.startShell();
        }
        framework.waitForStop(0);
        if (server != null) {
            server.close();
        }
        log.info("mpathj stopped with status {}", status.get());
        lock.close();
        System.exit(status.get());
    }

    private static int runClient(Client client, SocketChannel channel, BufferedReader script) throws IOException {
        try (channel) {
            return runClientLines(client, channel, script);
        } catch (IOException e) {
            return client.lost(e);
        }
    }

    private static int runClientLines(Client client, SocketChannel channel, BufferedReader script)
            throws IOException {
        if (script != null) {
            try (BufferedReader r = script) {
                return client.runScript(channel, r);
            }
        }
        return client.runInteractive(channel, new BufferedReader(new InputStreamReader(System.in,
                StandardCharsets.UTF_8)));
    }

    /**
     * The log's settings as system properties for {@link LogProvider}, defaults filled in: appended to
     * {@code mpathj.log} in the home, rotated at 10 MiB, five rotated files kept. A problem as a sentence, or null.
     */
    private static String configureLogging(Path home) {
        System.setProperty("mpathj.log.file", System.getProperty("mpathj.log.file",
                home.resolve("mpathj.log").toString()));
        String size = System.getProperty("mpathj.log.maxSize", "10M");
        String files = System.getProperty("mpathj.log.files", "5");
        String level = System.getProperty("mpathj.log.level", "info");
        try {
            RollingLog.parseSize(size);
        } catch (NumberFormatException e) {
            return "mpathj.log.maxSize=" + size + " is not a size (a number of bytes, or with K, M or G)";
        }
        try {
            if (Integer.parseInt(files.trim()) < 0) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            return "mpathj.log.files=" + files + " is not a number of files (0 or more)";
        }
        if (!java.util.List.of("error", "warn", "info", "debug", "trace").contains(level.trim()
                .toLowerCase(Locale.ROOT))) {
            return "mpathj.log.level=" + level + " is not one of error, warn, info, debug, trace";
        }
        return null;
    }
}
