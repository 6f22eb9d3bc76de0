package io.mpathj.api.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigReaderTest {
    private static Map<String, Object> file(String... kv) {
        Map<String, Object> m = new HashMap<>();
        m.put("felix.fileinstall.filename", "file:/home/op/run/etc/io.mpathj.sim.array-x.cfg");
        m.put("service.pid", "io.mpathj.sim.array.1234");
        m.put("service.factoryPid", "io.mpathj.sim.array");
        m.put("osgi.ds.satisfying.condition.target", "(osgi.condition.id=true)");
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void readsUnderscoreKeysAsWrittenInTheFile() {
        ConfigReader r = new ConfigReader(file("port_groups", "3", "lun_blocks", " 4096 ", "name", "x"));
        assertEquals(3, r.integer("port_groups", 2, 1, 8));
        assertEquals(4096, r.number("lun_blocks", 1, 1, Long.MAX_VALUE));
        assertEquals("x", r.required("name"));
        assertTrue(r.problems().isEmpty());
        assertTrue(r.unknownKeys().isEmpty(), "framework keys are not unknown: " + r.unknownKeys());
        assertEquals("etc/io.mpathj.sim.array-x.cfg", r.source());
    }

    @Test
    void absentKeysTakeTheirDefaultWithoutAProblem() {
        ConfigReader r = new ConfigReader(file());
        assertEquals(2, r.integer("port_groups", 2, 1, 8));
        assertEquals("alua", r.choice("personality", "alua", "alua", "clariion"));
        assertTrue(r.flag("x", true));
        assertTrue(r.problems().isEmpty());
    }

    @Test
    void everyBadValueIsReportedWithItsKey() {
        ConfigReader r = new ConfigReader(file("port_groups", "two", "ports_per_group", "99", "lun_blocks",
                "99999999999999999999", "personality", "netapp", "verbose", "maybe"));
        r.integer("port_groups", 2, 1, 8);
        r.integer("ports_per_group", 2, 1, 8);
        r.number("lun_blocks", 1, 1, Long.MAX_VALUE);
        r.choice("personality", "alua", "alua", "clariion");
        r.flag("verbose", false);
        assertEquals(List.of("port_groups: 'two' is not a whole number", "ports_per_group: 99 is outside 1..8",
                "lun_blocks: '99999999999999999999' is not a whole number that fits in 64 bits",
                "personality: 'netapp' is not one of alua, clariion", "verbose: 'maybe' is not true or false"),
                r.problems());
    }

    @Test
    void aMissingRequiredKeyIsAProblem() {
        ConfigReader r = new ConfigReader(file("name", "  "));
        assertNull(r.required("name"));
        assertEquals(List.of("name: missing (required)"), r.problems());
    }

    @Test
    void unknownKeysAreThoseNobodyAskedFor() {
        ConfigReader r = new ConfigReader(file("port.groups", "3", "name", "x", "tabel", "0 1 ..."));
        r.required("name");
        assertEquals(List.of("port.groups", "tabel"), r.unknownKeys());
        assertFalse(r.unknownKeys().contains("felix.fileinstall.filename"));
    }

    @Test
    void typedValuesFromAConfigAdminClientAreTaken() {
        Map<String, Object> m = new HashMap<>();
        m.put("port_groups", 4);
        m.put("lun_blocks", 8192L);
        m.put("enabled", Boolean.FALSE);
        ConfigReader r = new ConfigReader(m);
        assertEquals(4, r.integer("port_groups", 2, 1, 8));
        assertEquals(8192, r.number("lun_blocks", 1, 1, Long.MAX_VALUE));
        assertFalse(r.flag("enabled", true));
        assertEquals("(no file)", r.source());
    }

    @Test
    void aNonBlankKeyMayBeLeftOutButNotLeftBlank() {
        ConfigReader r = new ConfigReader(file("initiator_name", "  iqn.x:y ", "chap_user", " "));
        assertEquals("iqn.x:y", r.nonBlank("initiator_name", "iqn.default:z"));
        assertEquals("iqn.default:z", r.nonBlank("absent", "iqn.default:z"));
        assertNull(r.nonBlank("chap_user", null));
        assertEquals(List.of("chap_user: empty (give a value or leave the key out)"), r.problems());
        assertTrue(r.unknownKeys().isEmpty(), "asked, so known: " + r.unknownKeys());
    }

    @Test
    void aComponentsOwnProblemsJoinTheGettersInReadingOrder() {
        ConfigReader r = new ConfigReader(file("low_ms", "500", "high_ms", "x"));
        long low = r.number("low_ms", 1, 1, 1000);
        r.number("high_ms", 1, 1, 1000);
        r.problem("high_ms", "below low_ms (" + low + ")");
        assertEquals(List.of("high_ms: 'x' is not a whole number", "high_ms: below low_ms (500)"), r.problems());
        assertEquals("high_ms: 'x' is not a whole number; high_ms: below low_ms (500)", r.problemSummary());
    }

    @Test
    void knownKeysAreThoseAskedForInAskingOrderOnce() {
        ConfigReader r = new ConfigReader(file("b", "1"));
        r.string("b", null);
        r.flag("a", false);
        r.nonBlank("b", null);
        r.number("c", 0, 0, 1);
        assertEquals(List.of("b", "a", "c"), r.knownKeys());
    }
}
