package io.mpathj.export.nbd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The real NBD clients the tests run (Debian: libnbd-bin, qemu-utils, fio), and how a missing one is reported; in
 * export.nbd's test-jar for the distribution's NBD test.
 */
public final class Tools {
    private Tools() {
    }

    /**
     * Skips the test with a clear message when a program is missing (./test installs them when it runs as root);
     * under {@code CI=true} a missing program fails the test instead.
     */
    public static void require(String program, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return;
            }
        }
        String message = program + " is not installed (Debian package " + debianPackage
                + "; ./test installs it when run as root): test skipped";
        if ("true".equals(System.getenv("CI"))) {
            fail(message + " — not allowed under CI=true");
        }
        System.out.println("SKIPPED: " + message);
        Assumptions.abort(message);
    }

    /** Output and exit status of a finished program. */
    public record Result(int status, String output) {
        public Result ok(List<String> command) {
            assertEquals(0, status, String.join(" ", command) + " failed:\n" + output);
            return this;
        }
    }

    /** Runs a program to its end (at most {@code seconds}), standard error merged into its output. */
    public static Result run(long seconds, List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("nbd-tool", ".out");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(String.join(" ", command) + " did not end within " + seconds + " s:\n"
                        + Files.readString(out, StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** Polls {@code condition} every 5 ms until it holds; fails after 60 s naming {@code what}. */
    public static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    public static Result ok(long seconds, String... command) throws IOException, InterruptedException {
        return run(seconds, List.of(command)).ok(List.of(command));
    }
}
