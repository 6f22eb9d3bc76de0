package io.mpathj.core.conformance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One case of the kernel oracle's transcript ({@code conformance/linux-VER/cases/ID.txt}, written by
 * {@code tools/kernel-oracle/run.sh}): the steps as given, and what the kernel and dmsetup answered to each.
 */
record Golden(String id, List<Step> steps) {

    /** One step: its corpus line, dmsetup's exit code (or "pending" for I/O), and the sections recorded after it. */
    record Step(String line, String rc, List<String> stdout, List<String> stderr, List<String> dmesg, String table,
            String status, boolean noMap) {

        String verb() {
            int sp = line.indexOf(' ');
            return sp < 0 ? line : line.substring(0, sp);
        }

        /** Everything after the verb, spacing kept (the table is passed to dmsetup as one argument). */
        String rest() {
            int sp = line.indexOf(' ');
            return sp < 0 ? "" : line.substring(sp + 1);
        }

        boolean succeeded() {
            return rc.equals("0");
        }
    }

    static Golden read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        String id = null;
        List<Step> steps = new ArrayList<>();
        StepBuilder current = null;
        List<String> section = null;
        for (String l : lines) {
            if (l.startsWith("@case ")) {
                id = l.substring(6);
            } else if (l.startsWith("@step ")) {
                if (current != null) {
                    steps.add(current.build());
                }
                current = new StepBuilder(l.substring(6));
                section = null;
            } else if (l.startsWith("@rc ")) {
                current.rc = l.substring(4);
            } else if (l.equals("@stdout")) {
                section = current.stdout;
            } else if (l.equals("@stderr")) {
                section = current.stderr;
            } else if (l.equals("@dmesg")) {
                section = current.dmesg;
            } else if (l.equals("@table")) {
                section = current.table;
            } else if (l.equals("@status")) {
                section = current.status;
            } else if (l.equals("@nomap")) {
                current.noMap = true;
                section = null;
            } else if (l.equals("@end") || l.startsWith("@")) {
                section = null;
            } else if (section != null) {
                section.add(l);
            }
        }
        if (current != null) {
            steps.add(current.build());
        }
        if (id == null) {
            throw new IOException(file + ": no @case line");
        }
        return new Golden(id, List.copyOf(steps));
    }

    private static final class StepBuilder {
        final String line;
        String rc = "";
        final List<String> stdout = new ArrayList<>();
        final List<String> stderr = new ArrayList<>();
        final List<String> dmesg = new ArrayList<>();
        final List<String> table = new ArrayList<>();
        final List<String> status = new ArrayList<>();
        boolean noMap;

        StepBuilder(String line) {
            this.line = line;
        }

        Step build() {
            return new Step(line, rc, List.copyOf(stdout), List.copyOf(stderr), List.copyOf(dmesg),
                    table.isEmpty() ? null : String.join("\n", table),
                    status.isEmpty() ? null : String.join("\n", status), noMap);
        }
    }
}
