package io.mpathj.core.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The replay's fixed device mapping and the transcript reader, which the conformance verdicts rest on. */
class ReplayMappingTest {

    @Test
    void kernelDevicesMapToMemoryPathsAndBack() {
        assertEquals("0 0 1 1 round-robin 0 3 1 m:0 1 m:1 1 m:5 1",
                Replay.toMemory("0 0 1 1 round-robin 0 3 1 8:0 1 8:16 1 8:80 1"));
        assertEquals("m:0 m:3", Replay.toMemory("/dev/sda /dev/sdd"));
        // minors that are not a whole disk stay unresolvable, other majors and words are left alone
        assertEquals("m:none-8-1 9:0 0:0 nosuchdev 18:0", Replay.toMemory("8:1 9:0 0:0 nosuchdev 18:0"));
        assertEquals("0 16384 multipath 2 1 0 0 1 1 E 0 2 0 8:0 A 0 8:80 A 0 ",
                Replay.toKernel("0 16384 multipath 2 1 0 0 1 1 E 0 2 0 m:0 A 0 m:5 A 0 "));
    }

    @Test
    void transcriptKeepsTrailingSpacesAndFindsTheKernelsErrorTexts(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("x.txt");
        Files.writeString(f, String.join("\n",
                "@case x-1",
                "@step create 0 0 1 1 round-robin 0 1 1 8:0 1",
                "@rc 0",
                "@table",
                "0 16384 multipath 0 0 1 1 round-robin 0 1 1 8:0 1 ",
                "@status",
                "0 16384 multipath 2 1 0 0 1 1 E 0 1 0 8:0 A 0 ",
                "@step create +1 queue_if_no_path 0 1 1 round-robin 0 1 1 8:0 1",
                "@rc 1",
                "@dmesg",
                "device-mapper: table: 254:0: multipath: invalid number of feature args (-EINVAL)",
                "device-mapper: ioctl: error adding target to table",
                "@nomap",
                "@step message switch_group 9",
                "@rc 1",
                "@dmesg",
                "device-mapper: multipath: 254:0: Failing path 8:0.",
                "device-mapper: multipath: invalid PG number supplied to switch_pg_num",
                "@end", ""), StandardCharsets.UTF_8);
        Golden g = Golden.read(f);
        assertEquals("x-1", g.id());
        assertEquals(3, g.steps().size());
        Golden.Step create = g.steps().get(0);
        assertEquals("create", create.verb());
        assertTrue(create.succeeded());
        assertEquals("0 16384 multipath 2 1 0 0 1 1 E 0 1 0 8:0 A 0 ", create.status());
        assertNull(Replay.tableError(create));
        Golden.Step refused = g.steps().get(1);
        assertEquals("+1 queue_if_no_path 0 1 1 round-robin 0 1 1 8:0 1", refused.rest());
        assertEquals("invalid number of feature args", Replay.tableError(refused));
        assertTrue(refused.noMap());
        assertEquals("invalid PG number supplied to switch_pg_num", Replay.messageError(g.steps().get(2)));
    }
}
