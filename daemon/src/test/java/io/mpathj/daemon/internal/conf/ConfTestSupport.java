package io.mpathj.daemon.internal.conf;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathj.daemon.internal.conf.Diagnostic.Level;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

final class ConfTestSupport {
    /**
     * The device rules the arrays' handler bundles register (handler.emc, handler.rdac, handler.hp-sw), as the
     * daemon merges them: bundle rules, in this order.
     */
    static final List<DeviceRule> ARRAY_RULES = arrayRules();

    private ConfTestSupport() {
    }

    private static List<DeviceRule> arrayRules() {
        List<DeviceRule> rules = new java.util.ArrayList<>();
        List<Diagnostic> problems = new java.util.ArrayList<>();
        for (var b : List.of(java.util.Map.entry("io.mpathj.handler.emc",
                new io.mpathj.handler.emc.internal.EmcDeviceRules()),
                java.util.Map.entry("io.mpathj.handler.rdac", new io.mpathj.handler.rdac.internal.RdacDeviceRules()),
                java.util.Map.entry("io.mpathj.handler.hp_sw", new io.mpathj.handler.hp_sw.internal.HpSwDeviceRules()))) {
            for (var device : b.getValue().devices()) {
                rules.add(DeviceRule.fromBundle(b.getKey(), device, problems));
            }
        }
        assertTrue(problems.isEmpty(), problems.toString());
        return List.copyOf(rules);
    }

    /** The rules of the arrays' bundles, then {@code more}. */
    static List<DeviceRule> withArrays(List<DeviceRule> more) {
        List<DeviceRule> all = new java.util.ArrayList<>(ARRAY_RULES);
        all.addAll(more);
        return all;
    }

    static MultipathConf parse(String text) {
        return MultipathConf.parse("multipath.conf", text);
    }

    static MultipathConf resource(String name) {
        try (InputStream in = ConfTestSupport.class.getResourceAsStream("/conf/" + name)) {
            return MultipathConf.parse(name, new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Diagnostic> at(MultipathConf c, Level level) {
        return c.diagnostics.stream().filter(d -> d.level() == level).toList();
    }

    static String messages(MultipathConf c) {
        return c.diagnostics.stream().map(Diagnostic::toString).collect(Collectors.joining("\n"));
    }

    static void assertClean(MultipathConf c) {
        assertTrue(c.diagnostics.stream().allMatch(d -> d.level() == Level.INFO), messages(c));
    }

    static void assertHas(MultipathConf c, Level level, int line, String message) {
        assertTrue(c.diagnostics.stream().anyMatch(d -> d.level() == level && d.line() == line
                && d.message().equals(message)), "no " + level + " at line " + line + ": " + message + " in\n"
                + messages(c));
    }

    static PathIdentity path(String name, String vendor, String product, String wwid, int tpgs) {
        return new PathIdentity(name, vendor, product, "0001", wwid, "SER" + name, tpgs, "scsi:iscsi");
    }
}
