package io.mpathj.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The built executable jar run as a user runs it, in script mode, on one home folder. */
final class ScriptedContainer {
    static final Path JAR = Paths.get(System.getProperty("mpathj.jar", "target/mpathj.jar"));

    /** What one run printed, and its exit status. */
    record Run(int exit, String out, String err, long millis) {
    }

    private final Path dir;

    /** @param dir a scratch folder: the home is {@code dir/run} */
    ScriptedContainer(Path dir) {
        this.dir = dir;
    }

    Path home() {
        return dir.resolve("run");
    }

    Path etc() {
        return home().resolve("etc");
    }

    String log() throws IOException {
        return Files.readString(home().resolve("mpathj.log"), StandardCharsets.UTF_8);
    }

    /** Runs the lines as a script file: {@code java -jar mpathj.jar FILE}. */
    Run run(String... script) throws IOException, InterruptedException {
        Path file = dir.resolve("script.gogo");
        Files.writeString(file, String.join("\n", script) + "\n", StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Dmpathj.home=" + home(), "-jar", JAR.toString(), file.toString()));
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the container did not finish the script within 120 s");
        }
        return new Run(p.exitValue(), Files.readString(dir.resolve("out.txt")), Files.readString(dir.resolve(
                "err.txt")), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }
}
