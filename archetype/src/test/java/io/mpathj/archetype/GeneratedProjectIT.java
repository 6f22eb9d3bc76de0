package io.mpathj.archetype;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What a vendor does first: generate a handler project from the installed archetype, out of this tree, and build it
 * offline ({@code mvn -o verify}) against the installed mpathj artifacts, with no edit. Its unit, map and bundle
 * tests must run and pass, and its bundle must be built.
 */
class GeneratedProjectIT {
    private static final long TIMEOUT_SECONDS = 180;
    private static final Pattern TESTS = Pattern.compile("Tests run: (\\d+), Failures: (\\d+), Errors: (\\d+)");

    private static Path maven() {
        String home = System.getProperty("maven.home");
        Path mvn = home == null ? Path.of("mvn") : Path.of(home, "bin", "mvn");
        return mvn;
    }

    private static String run(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(maven().toString(), "-B", "-Dstyle.color=never",
                "-Dmaven.repo.local=" + System.getProperty("mpathj.local.repository")));
        command.addAll(List.of(args));
        Path log = Files.createTempFile(dir, "mvn", ".log");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within " + TIMEOUT_SECONDS
                    + " s; its output: " + log);
        }
        String out = Files.readString(log);
        assertEquals(0, p.exitValue(), () -> String.join(" ", command) + " failed:\n" + tail(out));
        return out;
    }

    private static String tail(String out) {
        return out.length() > 6000 ? out.substring(out.length() - 6000) : out;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
    }

    @Test
    void theGeneratedHandlerProjectBuildsOfflineAndItsTestsPass() throws Exception {
        Path work = Path.of("target", "it-generated").toAbsolutePath();
        deleteTree(work);
        Files.createDirectories(work);
        run(work, "-o", "org.apache.maven.plugins:maven-archetype-plugin:3.3.1:generate", "-DinteractiveMode=false",
                "-DarchetypeCatalog=local", "-DarchetypeGroupId=io.mpathj",
                "-DarchetypeArtifactId=mpathj-handler-archetype",
                "-DarchetypeVersion=" + System.getProperty("mpathj.version"), "-DgroupId=com.example.storage",
                "-DartifactId=hpas-handler", "-Dversion=1.0.0", "-Dpackage=com.example.storage.hpas",
                "-DhandlerName=hpas", "-DclassPrefix=Hpas");
        Path project = work.resolve("hpas-handler");
        assertTrue(Files.isRegularFile(project.resolve("README.md")));
        assertTrue(Files.isRegularFile(project.resolve("src/main/java/com/example/storage/hpas/HpasHandlerType.java")));

        String build = run(project, "-o", "verify");
        Matcher m = TESTS.matcher(build);
        int run = 0;
        while (m.find()) {
            if (Integer.parseInt(m.group(2)) + Integer.parseInt(m.group(3)) > 0) {
                throw new AssertionError("the generated tests failed:\n" + tail(build));
            }
            run = Integer.parseInt(m.group(1)); // the last one is the total
        }
        assertEquals(7, run, tail(build));
        assertTrue(Files.isRegularFile(project.resolve("target/hpas-handler-1.0.0.jar")));
    }
}
