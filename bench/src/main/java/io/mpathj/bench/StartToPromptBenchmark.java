package io.mpathj.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Distribution start to shell prompt: {@code java -jar distribution/target/mpathj.jar} started as a user starts it,
 * on a terminal, until the Gogo prompt {@code g! } is printed. The figure includes the JVM's start, Felix, every boot
 * bundle, writing the embedded default on a fresh home, and the jline shell.
 *
 * <p>The interactive shell needs a terminal, so the container runs under {@code script -qfc COMMAND /dev/null}
 * (util-linux): script gives it a pseudo-terminal and copies everything it prints to its standard output, unbuffered
 * ({@code -f}), which the benchmark reads until it sees {@code g! }. script itself (a small C program) adds about a
 * millisecond. Its pseudo-terminal has 0 rows and columns when script's own input is not a terminal, and jline then
 * spins laying out the prompt and never prints it, so the command first sets an ordinary size ({@code stty cols 120
 * rows 40}), and {@code TERM} is {@code xterm-256color}. After each invocation the benchmark types {@code exit 0} into
 * the shell and waits for a clean stop, so the next warm start finds a consistent felix-cache.
 *
 * <p>{@code home=fresh}: an empty home every time (first start: the default configuration is written, the bundles
 * installed into a new felix-cache). {@code home=warm}: the home of an earlier start (etc/ and felix-cache/
 * present). {@code jvmArgs}: extra JVM options, space-separated, to measure start-up levers such as
 * {@code -XX:TieredStopAtLevel=1} or class data sharing. The JVM is the one running the benchmark
 * ({@code java.home}) unless {@code -Dmpathj.java=PATH}; the jar is found as {@link ContainerFixture#locateJar()}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class StartToPromptBenchmark {
    private static final byte[] PROMPT = "g! ".getBytes(StandardCharsets.US_ASCII);

    @Param({"fresh", "warm"})
    public String home;

    /** Extra JVM options for the container, space-separated; empty for none. */
    @Param({""})
    public String jvmArgs;

    private Path jar;
    private Path dir;
    private String command;
    private Process process;

    @Setup(Level.Trial)
    public void prepare() throws Exception {
        jar = ContainerFixture.locateJar();
        if (!Files.isExecutable(Paths.get("/usr/bin/script")) && !onPath("script")) {
            throw new IllegalStateException("script (util-linux) is not installed: the shell needs a terminal; "
                    + "apt-get install bsdutils (Debian) or util-linux");
        }
        dir = Files.createTempDirectory("mpathj-bench-start-");
        String java = System.getProperty("mpathj.java",
                Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        List<String> words = new ArrayList<>(List.of(java));
        for (String a : jvmArgs.trim().split(" +")) {
            if (!a.isEmpty()) {
                words.add(a);
            }
        }
        words.addAll(List.of("-Dmpathj.home=" + dir.resolve("run"), "-jar", jar.toString()));
        StringBuilder line = new StringBuilder();
        for (String w : words) {
            line.append(line.length() == 0 ? "" : " ").append('\'').append(w.replace("'", "'\\''")).append('\'');
        }
        // script's pseudo-terminal is 0x0 when its own input is not a terminal, and jline's line reader loops
        // forever laying out a prompt on 0 columns: give it the size of an ordinary terminal window
        command = "stty cols 120 rows 40 && exec " + line;
        if (home.equals("warm")) {
            startToPrompt(); // populates etc/, repository/ and felix-cache/
            stop();
        }
    }

    private static boolean onPath(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Paths.get(d, name))) {
                return true;
            }
        }
        return false;
    }

    @Setup(Level.Invocation)
    public void freshHome() {
        if (home.equals("fresh")) {
            ContainerFixture.deleteTree(dir.resolve("run"));
        }
    }

    @Benchmark
    public long startToPrompt() throws IOException {
        long start = System.nanoTime();
        ProcessBuilder builder = new ProcessBuilder("script", "-qfc", command, "/dev/null").redirectErrorStream(true);
        builder.environment().put("TERM", "xterm-256color");
        process = builder.start();
        InputStream out = process.getInputStream();
        StringBuilder seen = new StringBuilder();
        int matched = 0;
        for (int b; (b = out.read()) >= 0;) {
            if (seen.length() < 4000) {
                seen.append((char) b);
            }
            matched = b == PROMPT[matched] ? matched + 1 : (b == PROMPT[0] ? 1 : 0);
            if (matched == PROMPT.length) {
                return System.nanoTime() - start;
            }
        }
        throw new IllegalStateException("the container ended without a g! prompt: " + seen.toString().strip());
    }

    @TearDown(Level.Invocation)
    public void stop() throws Exception {
        OutputStream in = process.getOutputStream();
        in.write("exit 0\r".getBytes(StandardCharsets.US_ASCII));
        in.flush();
        // drain what it prints while it stops
        Thread drain = new Thread(() -> {
            try {
                process.getInputStream().transferTo(OutputStream.nullOutputStream());
            } catch (IOException e) {
                // the process is gone
            }
        });
        drain.setDaemon(true);
        drain.start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new IllegalStateException("the container did not stop within 30 s of exit 0");
        }
    }

    @TearDown(Level.Trial)
    public void cleanUp() {
        ContainerFixture.deleteTree(dir);
    }
}
