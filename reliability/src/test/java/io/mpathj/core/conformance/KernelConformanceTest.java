package io.mpathj.core.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays every case the kernel oracle recorded ({@code conformance/linux-VER/cases/}, see
 * {@code tools/kernel-oracle/README.md}) through mpathj's engine and {@code mpath:} commands and compares the
 * answers byte for byte. A case that differs must be listed in {@code known-differences.txt} beside the goldens
 * ({@code <case-id> <reason>}); a listed case that no longer differs fails too.
 *
 * <p>System properties: {@code -Dconformance.print=true} prints every differing case with expected vs actual;
 * {@code -Dconformance.write=true} rewrites known-differences.txt from this run (reasons of cases listed before
 * are kept); {@code -Dconformance.only=ID-PREFIX} runs only matching cases.
 */
class KernelConformanceTest {
    private static final Path ROOT = Path.of(System.getProperty("conformance.dir", "../conformance"));
    private static final boolean PRINT = Boolean.getBoolean("conformance.print");
    private static final boolean WRITE = Boolean.getBoolean("conformance.write");
    private static final String ONLY = System.getProperty("conformance.only", "");

    @TestFactory
    Stream<DynamicNode> everyRecordedKernel() throws IOException {
        List<Path> kernels;
        try (Stream<Path> s = Files.list(ROOT)) {
            kernels = s.filter(p -> p.getFileName().toString().startsWith("linux-") && Files.isDirectory(p))
                    .sorted().toList();
        }
        assertTrue(!kernels.isEmpty(), "no goldens under " + ROOT.toAbsolutePath());
        List<DynamicNode> nodes = new ArrayList<>();
        for (Path k : kernels) {
            nodes.add(kernel(k));
        }
        return nodes.stream();
    }

    private DynamicContainer kernel(Path dir) throws IOException {
        List<Golden> cases = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir.resolve("cases"))) {
            for (Path p : s.filter(p -> p.toString().endsWith(".txt")).sorted().toList()) {
                Golden g = Golden.read(p);
                if (g.id().startsWith(ONLY)) {
                    cases.add(g);
                }
            }
        }
        Path knownFile = dir.resolve("known-differences.txt");
        Map<String, String> known = readKnown(knownFile);
        Map<String, List<Diff>> found = new TreeMap<>();
        List<DynamicNode> tests = new ArrayList<>();
        tests.add(DynamicTest.dynamicTest("at least 250 cases recorded", () -> {
            if (ONLY.isEmpty()) {
                assertTrue(cases.size() >= 250, "only " + cases.size() + " cases under " + dir);
            }
        }));
        for (Golden g : cases) {
            tests.add(DynamicTest.dynamicTest(g.id(), () -> {
                List<Diff> diffs = new Replay(g).run();
                if (!diffs.isEmpty()) {
                    synchronized (found) {
                        found.put(g.id(), diffs);
                    }
                    if (PRINT) {
                        System.out.println("=== " + g.id() + (known.containsKey(g.id()) ? " (known: "
                                + known.get(g.id()) + ")" : " (NEW)") + "\n" + render(diffs));
                    }
                }
                if (WRITE) {
                    return;
                }
                if (!diffs.isEmpty() && !known.containsKey(g.id())) {
                    fail(g.id() + " differs from the kernel and is not in known-differences.txt:\n" + render(diffs));
                }
                if (diffs.isEmpty() && known.containsKey(g.id())) {
                    fail(g.id() + " is listed in known-differences.txt (" + known.get(g.id())
                            + ") but now answers as the kernel: remove the line");
                }
            }));
        }
        tests.add(DynamicTest.dynamicTest("known-differences.txt names only recorded cases", () -> {
            if (WRITE) {
                writeKnown(knownFile, known, found, cases);
                return;
            }
            if (!ONLY.isEmpty()) {
                return;
            }
            List<String> ids = cases.stream().map(Golden::id).toList();
            List<String> stale = known.keySet().stream().filter(id -> !ids.contains(id)).toList();
            assertEquals(List.of(), stale, "cases listed in " + knownFile + " that were not recorded");
        }));
        return DynamicContainer.dynamicContainer(dir.getFileName().toString(), tests);
    }

    static Map<String, String> readKnown(Path file) throws IOException {
        Map<String, String> known = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return known;
        }
        for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String t = l.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            int sp = t.indexOf(' ');
            if (sp < 0) {
                throw new IOException(file + ": a line without a reason: " + l);
            }
            known.put(t.substring(0, sp), t.substring(sp + 1).strip());
        }
        return known;
    }

    private static String render(List<Diff> diffs) {
        return String.join("\n", diffs.stream().map(Diff::toString).toList());
    }

    private static void writeKnown(Path file, Map<String, String> known, Map<String, List<Diff>> found,
            List<Golden> cases) throws IOException {
        List<String> out = new ArrayList<>();
        out.add("# Cases whose mpathj answers still differ from the kernel's: <case-id> <reason>.");
        out.add("# Read by reliability's KernelConformanceTest: a case that differs and is not listed fails, and so");
        out.add("# does a listed case that answers as the kernel. -Dconformance.print=true shows expected vs actual.");
        for (Golden g : cases) {
            List<Diff> diffs = found.get(g.id());
            if (diffs == null) {
                continue;
            }
            String reason = known.containsKey(g.id()) ? known.get(g.id()) : Reasons.guess(g, diffs);
            out.add(g.id() + " " + reason);
        }
        Files.write(file, out, StandardCharsets.UTF_8);
    }
}
