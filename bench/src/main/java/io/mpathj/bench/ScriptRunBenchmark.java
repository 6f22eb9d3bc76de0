package io.mpathj.bench;

import java.io.IOException;
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
 * {@code mpathj SCRIPT} with one command ({@code mpath:table mpatha}), from the start of {@code java -jar mpathj.jar
 * SCRIPT} to its exit, as an operator runs it; each invocation checks the exit status and the map's table in what
 * it printed.
 *
 * <p>{@code mode=container}: no container runs on the home, so the invocation starts one on a warm home (etc/ and
 * felix-cache/ from an earlier start), waits until the configured map has settled, runs the line and stops it.
 * {@code mode=client}: a container already runs on the home (started once per trial, commands on its standard
 * input, which the benchmark keeps open), so the invocation is a client: it connects to the container's socket,
 * sends the line, prints the answer and exits. The JVM is the one running the benchmark ({@code java.home}) unless
 * {@code -Dmpathj.java=PATH}; the jar is found as {@link ContainerFixture#locateJar()}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class ScriptRunBenchmark {
    @Param({"container", "client"})
    public String mode;

    private Path dir;
    private Path home;
    private List<String> command;
    private Process container;

    @Setup(Level.Trial)
    public void prepare() throws Exception {
        Path jar = ContainerFixture.locateJar();
        dir = Files.createTempDirectory("mpathj-bench-script-");
        home = dir.resolve("run");
        Path script = dir.resolve("one.gogo");
        Files.writeString(script, "mpath:table mpatha\n", StandardCharsets.UTF_8);
        String java = System.getProperty("mpathj.java",
                Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        List<String> base = List.of(java, "-Dmpathj.home=" + home, "-jar", jar.toString());
        command = new ArrayList<>(base);
        command.add(script.toString());
        runScript(); // a warm home: etc/, felix-cache/ and repository/ written by a first start
        if (mode.equals("client")) {
            container = new ProcessBuilder(base).redirectOutput(dir.resolve("container.out").toFile())
                    .redirectErrorStream(true).start();
            Path socket = home.resolve("control/mpathj.sock");
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(socket)) {
                if (System.nanoTime() > end || !container.isAlive()) {
                    throw new IllegalStateException("the container did not open " + socket + ": "
                            + Files.readString(dir.resolve("container.out")));
                }
                Thread.sleep(10);
            }
        }
    }

    @Benchmark
    public long runScript() throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("mpathj SCRIPT did not exit within 60 s: " + out);
        }
        long elapsed = System.nanoTime() - start;
        if (p.exitValue() != 0 || !out.contains("\n0 2097152 multipath ")) {
            throw new IllegalStateException("mpathj SCRIPT exited " + p.exitValue() + " without the table: " + out);
        }
        return elapsed;
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        if (container != null) {
            OutputStream in = container.getOutputStream();
            in.close(); // the end of its script: it stops
            if (!container.waitFor(30, TimeUnit.SECONDS)) {
                container.destroyForcibly();
                throw new IllegalStateException("the container did not stop within 30 s of its input's end");
            }
        }
        ContainerFixture.deleteTree(dir);
    }
}
