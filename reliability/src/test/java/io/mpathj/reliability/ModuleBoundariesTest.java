package io.mpathj.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The split between the kernel half and everything else, checked on the sources of every module: nothing outside
 * core.bundle imports {@code io.mpathj.core.internal} (the daemon, exports, test kit and plug-ins use the public map
 * API, as multipathd uses only dm's interface), and the test kit and the plug-in bundles (main and test code)
 * import no other bundle's {@code .internal} package: they build against exported packages only. The modules that
 * test from inside (reliability's fuzzers, the benchmarks, the LIO suite, the Pax Exam suites, the distribution's
 * ITs) may construct a plug-in's internals, never core's.
 */
class ModuleBoundariesTest {
    private static final Path ROOT = Path.of("..");
    /** An import of, or a class put into, a bundle's internal package (the bundle's package before ".internal"). */
    private static final Pattern IMPORT = Pattern.compile(
            "^(?:import (?:static )?|package )(io\\.mpathj\\.[\\w.]+?)\\.internal\\b", Pattern.MULTILINE);
    private static final Pattern ARTIFACT = Pattern.compile("<artifactId>(io\\.mpathj\\.[\\w.]+)</artifactId>");
    /**
     * Modules that test plug-ins from inside (the distribution's ITs borrow export.nbd's real-client helper); they
     * still may not reach into core.
     */
    private static final List<String> WHITEBOX = List.of("reliability", "itest", "bench", "lio", "distribution");

    @Test
    void onlyCoreImportsCoreInternals() {
        List<String> offences = new ArrayList<>();
        for (Path module : modules()) {
            if (module.getFileName().toString().equals("core.bundle")) {
                continue;
            }
            imports(module, (file, pkg) -> {
                if (pkg.equals("io.mpathj.core")) {
                    offences.add(file + " uses io.mpathj.core.internal");
                }
            });
        }
        assertEquals(List.of(), offences);
    }

    @Test
    void theTestKitAndPlugInsUseOtherBundlesExportedPackagesOnly() {
        List<String> offences = new ArrayList<>();
        int checked = 0;
        for (Path module : modules()) {
            String name = module.getFileName().toString();
            if (WHITEBOX.contains(name)) {
                continue;
            }
            String own = ownBundle(module);
            checked++;
            imports(module, (file, pkg) -> {
                if (!pkg.equals(own)) {
                    offences.add(file + " uses " + pkg + ".internal");
                }
            });
        }
        assertTrue(checked >= 10, "the modules were found: " + checked);
        assertEquals(List.of(), offences);
    }

    private static List<Path> modules() {
        try (Stream<Path> s = Files.list(ROOT)) {
            List<Path> modules = s.filter(p -> Files.isRegularFile(p.resolve("pom.xml")))
                    .filter(p -> Files.isDirectory(p.resolve("src"))).sorted().toList();
            assertTrue(modules.stream().anyMatch(p -> p.getFileName().toString().equals("core.bundle")),
                    "run from a module directory of the repository: " + ROOT.toAbsolutePath());
            return modules;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String ownBundle(Path module) {
        try {
            Matcher m = ARTIFACT.matcher(Files.readString(module.resolve("pom.xml")));
            m.find(); // the parent's artifactId is mpathj-parent, so the first io.mpathj.* one is the module's
            return m.group(1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private interface ImportSink {
        void accept(Path file, String bundlePackage);
    }

    private static void imports(Path module, ImportSink sink) {
        try (Stream<Path> files = Files.walk(module.resolve("src"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = IMPORT.matcher(Files.readString(f));
                while (m.find()) {
                    sink.accept(ROOT.relativize(f), m.group(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
