package io.mpathj.launcher;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Offline Maven builds of projects outside the tree (VendorKitIT, BaselineIT) on a private local repository: every
 * top-level entry of the build's own local repository ({@code mpathj.local.repository}) is linked into it except the
 * group folders the test fills itself, so third-party plug-ins and libraries resolved by the build are found with
 * {@code -o} and nothing the test installs reaches the user's repository.
 */
final class PrivateMaven {
    private static final long TIMEOUT_SECONDS = 180;

    /** What a build printed and how it ended. */
    record Result(String command, int exit, String out) {
    }

    private PrivateMaven() {
    }

    /**
     * A repository at {@code repo} linking the shared one, except {@code io/OWN} (e.g. {@code mpathj}), which is a
     * real, empty folder.
     */
    static Path layeredRepository(Path repo, String own) throws IOException {
        Path shared = Path.of(System.getProperty("mpathj.local.repository",
                System.getProperty("user.home") + "/.m2/repository"));
        Files.createDirectories(repo.resolve("io").resolve(own));
        link(shared, repo, "io");
        link(shared.resolve("io"), repo.resolve("io"), own);
        return repo;
    }

    private static void link(Path from, Path to, String except) throws IOException {
        if (!Files.isDirectory(from)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(from)) {
            for (Path p : entries) {
                if (!p.getFileName().toString().equals(except)) {
                    Files.createSymbolicLink(to.resolve(p.getFileName().toString()), p);
                }
            }
        }
    }

    /** {@code mvn -B -o -Dmaven.repo.local=REPO ARGS} in {@code dir}, at most 180 s. */
    static Result run(Path repo, Path dir, String... args) throws IOException, InterruptedException {
        String home = System.getProperty("maven.home");
        List<String> command = new ArrayList<>(List.of(home == null ? "mvn" : Path.of(home, "bin", "mvn").toString(),
                "-B", "-o", "-Dstyle.color=never", "-Dmaven.repo.local=" + repo));
        command.addAll(List.of(args));
        Path log = Files.createTempFile(dir, "mvn", ".log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().remove("MAVEN_ARGS");
        Process p = pb.start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in " + TIMEOUT_SECONDS + " s");
        }
        return new Result(String.join(" ", command), p.exitValue(), Files.readString(log));
    }
}
