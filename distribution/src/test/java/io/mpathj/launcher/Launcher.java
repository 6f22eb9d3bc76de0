package io.mpathj.launcher;

import java.io.ByteArrayOutputStream;
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

/**
 * The built {@code mpathj.jar} run as a user runs it, on one home: a script file, commands on standard input, or the
 * interactive shell on a pseudo-terminal ({@code script -qfc}, util-linux), whose output is read as the user sees it.
 */
final class Launcher {
    static final Path JAR = Paths.get(System.getProperty("mpathj.jar", "target/mpathj.jar"));
    private static final long TIMEOUT_SECONDS = 120;

    final Path dir;
    final Path home;

    /** What a finished run printed and its exit status. */
    record Run(int exit, String out, String err) {
    }

    Launcher(Path dir) {
        this(dir, dir.resolve("run"));
    }

    private Launcher(Path dir, Path home) {
        this.dir = dir;
        this.home = home;
    }

    /** The same home, with its script and output files in another folder (for runs at the same time). */
    Launcher inDir(Path other) throws IOException {
        Files.createDirectories(other);
        return new Launcher(other, home);
    }

    private List<String> java(String... jvmArgs) {
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Dmpathj.home=" + home));
        command.addAll(List.of(jvmArgs));
        command.addAll(List.of("-jar", JAR.toAbsolutePath().toString()));
        return command;
    }

    /** {@code mpathj SCRIPT} with these lines in the script file. */
    Run script(List<String> jvmArgs, String... lines) throws IOException, InterruptedException {
        Path file = dir.resolve("script.gogo");
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        List<String> command = java(jvmArgs.toArray(String[]::new));
        command.add(file.toString());
        return finish(new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE));
    }

    Run script(String... lines) throws IOException, InterruptedException {
        return script(List.of(), lines);
    }

    /** {@code mpathj ARGS} with nothing on standard input. */
    Run stdinArgs(List<String> args) throws IOException, InterruptedException {
        List<String> command = java();
        command.addAll(args);
        return finish(new ProcessBuilder(command));
    }

    /** {@code printf LINES | mpathj}: the commands on standard input. */
    Run stdin(String... lines) throws IOException, InterruptedException {
        Path file = dir.resolve("stdin.gogo");
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return finish(new ProcessBuilder(java()).redirectInput(file.toFile()));
    }

    private Run finish(ProcessBuilder builder) throws IOException, InterruptedException {
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        p.getOutputStream().close();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("mpathj did not finish within " + TIMEOUT_SECONDS + " s");
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** {@code mpathj} on a terminal: the interactive shell (or client), driven through a pseudo-terminal. */
    Terminal terminal() throws IOException {
        StringBuilder line = new StringBuilder();
        for (String w : java()) {
            line.append(line.length() == 0 ? "" : " ").append('\'').append(w.replace("'", "'\\''")).append('\'');
        }
        // script's terminal is 0x0 when its own input is not a terminal: jline needs a real size
        ProcessBuilder builder = new ProcessBuilder("script", "-qfc", "stty cols 200 rows 50 && exec " + line,
                "/dev/null").redirectErrorStream(true);
        builder.environment().put("TERM", "xterm-256color");
        return new Terminal(builder.start());
    }

    /** A process on a pseudo-terminal: what it printed so far, and keys to type. */
    static final class Terminal implements AutoCloseable {
        final Process process;
        private final ByteArrayOutputStream seen = new ByteArrayOutputStream();

        Terminal(Process process) {
            this.process = process;
            Thread reader = new Thread(() -> {
                byte[] b = new byte[8192];
                try (InputStream in = process.getInputStream()) {
                    for (int n; (n = in.read(b)) >= 0;) {
                        synchronized (seen) {
                            seen.write(b, 0, n);
                        }
                    }
                } catch (IOException e) {
                    // the process ended
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        /** Everything printed so far, escape sequences removed. */
        String screen() {
            String s;
            synchronized (seen) {
                s = seen.toString(StandardCharsets.UTF_8);
            }
            return s.replaceAll("\u001B\\][^\u0007]*\u0007", "").replaceAll("\u001B\\[[0-9;?>]*[A-Za-z]", "")
                    .replaceAll("\u001B[()][0-9A-Za-z]", "").replaceAll("\u001B[=>78DEHMc]", "").replace("\r", "");
        }

        void type(String keys) throws IOException {
            OutputStream in = process.getOutputStream();
            in.write(keys.getBytes(StandardCharsets.UTF_8));
            in.flush();
        }

        /** Waits until the screen contains this text, counted from the end of {@code after}. */
        String await(String text, int occurrences, long seconds) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < end) {
                String s = screen();
                if (count(s, text) >= occurrences) {
                    return s;
                }
                if (!process.isAlive() && count(screen(), text) < occurrences) {
                    break;
                }
                Thread.sleep(20);
            }
            throw new AssertionError("waited " + seconds + " s for " + occurrences + " × \"" + text + "\"; the "
                    + "terminal shows:\n" + screen());
        }

        /**
         * Starts {@code mpath:io -s 60 mpatha}, types Ctrl-C once it reports, then {@code mpath:status mpatha}: the
         * status must be printed within 30 s, so Ctrl-C ended the workload long before its 60 s.
         */
        void interruptLongIoWithCtrlC() throws IOException, InterruptedException {
            long start = System.nanoTime();
            type("mpath:io -s 60 mpatha\r");
            awaitMatch("1s +IOPS \\d+", 30);
            type("\u0003");
            awaitMatch("mpatha: \\d+ I/Os in [0-9.]+ s \\(\\d+ IOPS\\), interrupted: .* 0 errors, 0 mismatches", 30);
            awaitQuiet();
            type("mpath:status mpatha\r");
            await("\n0 2097152 multipath 2 ", 1, 30);
            if (System.nanoTime() - start > TimeUnit.SECONDS.toNanos(30)) {
                throw new AssertionError("Ctrl-C did not end mpath:io within 30 s:\n" + screen());
            }
        }

        /**
         * Waits until nothing is printed for 300 ms: the command has ended and the prompt is back. Gogo's shell hands
         * what is typed while a command runs to that command's input, so a test types only at a quiet prompt.
         */
        void awaitQuiet() throws InterruptedException {
            String last = screen();
            long quietSince = System.nanoTime();
            long end = quietSince + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() - quietSince < TimeUnit.MILLISECONDS.toNanos(300)) {
                if (System.nanoTime() > end) {
                    throw new AssertionError("the terminal kept printing for 30 s:\n" + screen());
                }
                Thread.sleep(20);
                String now = screen();
                if (!now.equals(last)) {
                    last = now;
                    quietSince = System.nanoTime();
                }
            }
        }

        /** Waits until the screen matches this regular expression somewhere. */
        void awaitMatch(String regex, long seconds) throws InterruptedException {
            java.util.regex.Pattern p = java.util.regex.Pattern.compile(regex);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (!p.matcher(screen()).find()) {
                if (System.nanoTime() > end || !process.isAlive()) {
                    throw new AssertionError("waited " + seconds + " s for /" + regex + "/; the terminal shows:\n"
                            + screen());
                }
                Thread.sleep(20);
            }
        }

        static int count(String s, String text) {
            int n = 0;
            for (int i = s.indexOf(text); i >= 0; i = s.indexOf(text, i + text.length())) {
                n++;
            }
            return n;
        }

        int waitFor(long seconds) throws InterruptedException {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                throw new AssertionError("still running after " + seconds + " s; the terminal shows:\n" + screen());
            }
            return process.exitValue();
        }

        /** Kills the process and its children (the JVM under script) at once, as kill -9 does. */
        void kill() throws InterruptedException {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                kill();
            }
        }
    }
}
