package io.mpathj.core.internal.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathj.api.InvalidArgumentsException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TableParserTest {
    private final TableParser parser = new TableParser();

    @Test
    void parsesTheQueueLengthDocumentationExample() throws Exception {
        // Documentation/admin-guide/device-mapper/dm-queue-length.rst: dmsetup table of "test"
        MultipathTable t = parser.parse("0 10 multipath 0 0 1 1 queue-length 0 2 1 8:0 128 8:16 128");
        assertEquals(10, t.lengthSectors());
        assertEquals(Features.NONE, t.features());
        assertNull(t.handlerName());
        assertEquals(1, t.initialGroup());
        assertEquals(1, t.groups().size());
        PriorityGroupSpec pg = t.groups().get(0);
        assertEquals("queue-length", pg.selector());
        assertEquals(List.of(), pg.selectorArgs());
        assertEquals(List.of(new PathSpec("8:0", List.of("128")), new PathSpec("8:16", List.of("128"))), pg.paths());
    }

    @Test
    void parsesTheServiceTimeDocumentationExample() throws Exception {
        // dm-service-time.rst: "0 0 1 1 service-time 0 2 2 8:0 128 1 8:16 128 4" (bare target parameters)
        MultipathTable t = parser.parse("0 0 1 1 service-time 0 2 2 8:0 128 1 8:16 128 4");
        assertEquals(-1, t.lengthSectors());
        assertEquals(List.of(new PathSpec("8:0", List.of("128", "1")), new PathSpec("8:16", List.of("128", "4"))),
                t.groups().get(0).paths());
    }

    @Test
    void parsesTheMultipathdLoadStringWithFeaturesAndHandler() throws Exception {
        // the load string multipathd logged (dm-devel mail, M. Wilck), reference §1.4
        MultipathTable t = parser.parse("0 134217728 multipath 3 pg_init_retries 50 queue_if_no_path 1 alua 2 1 "
                + "service-time 0 1 1 8:80 1 service-time 0 2 1 8:16 1 8:144 1");
        assertEquals(134217728, t.lengthSectors());
        assertTrue(t.features().queueIfNoPath());
        assertEquals(50, t.features().pgInitRetries());
        assertEquals("alua", t.handlerName());
        assertEquals(List.of(), t.handlerArgs());
        assertEquals(2, t.groups().size());
        assertEquals(List.of("8:80", "8:16", "8:144"), t.deviceNames());
    }

    @Test
    void acceptsTheDmsetupTableLineWithTheMapName() throws Exception {
        MultipathTable t = parser.parse("test: 0 10 multipath 0 0 1 1 queue-length 0 2 1 8:0 128 8:16 128");
        assertEquals(10, t.lengthSectors());
        assertEquals(2, t.groups().get(0).paths().size());
    }

    @Test
    void readsHandlerParamsAndEveryFeatureCaseInsensitively() throws Exception {
        MultipathTable t = parser.parse("8 QUEUE_IF_NO_PATH Retain_Attached_HW_Handler pg_init_retries 3 "
                + "pg_init_delay_msecs 0 queue_mode MQ 3 emc 0 1 1 1 round-robin 0 1 1 sim:a/A/0 1");
        Features f = t.features();
        assertTrue(f.queueIfNoPath());
        assertTrue(f.retainAttachedHwHandler());
        assertEquals(3, f.pgInitRetries());
        assertEquals(0, f.pgInitDelayMsecs());
        assertEquals(0, f.effectivePgInitDelayMsecs());
        assertEquals(QueueMode.REQUEST_BASED, f.queueMode());
        assertEquals("emc", t.handlerName());
        assertEquals(List.of("0", "1"), t.handlerArgs());
    }

    @Test
    void defaultPgInitDelayIsTwoSeconds() throws Exception {
        Features f = parser.parse("0 0 0 0").features();
        assertEquals(Features.PG_INIT_DELAY_DEFAULT, f.pgInitDelayMsecs());
        assertEquals(2000, f.effectivePgInitDelayMsecs());
    }

    @Test
    void bioModeForcesRetainAndDropsHandlerArgs() throws Exception {
        // alloc_multipath_stage2 forces retain_attached_hw_handler; parse_hw_handler consumes all handler words
        MultipathTable t = parser.parse("2 queue_mode bio 2 alua 1 1 1 round-robin 0 1 0 sim:a/A/0");
        assertEquals(QueueMode.BIO_BASED, t.features().queueMode());
        assertTrue(t.features().retainAttachedHwHandler());
        assertNull(t.handlerName());
        assertEquals(List.of("sim:a/A/0"), t.deviceNames());
    }

    @Test
    void initialGroupBeyondTheGroupCountIsTolerated() throws Exception {
        // the kernel raises no error: next_pg simply stays NULL
        assertEquals(5, parser.parse("0 0 1 5 round-robin 0 1 0 a:1").initialGroup());
    }

    @Test
    void emptyMapIsValid() throws Exception {
        MultipathTable t = parser.parse("0 0 0 0");
        assertTrue(t.groups().isEmpty());
        assertFalse(t.features().queueIfNoPath());
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "''|invalid number of feature args",
        "9 a b c d e f g h i 0 0 0|invalid number of feature args",
        "x 0 0 0|invalid number of feature args",
        "2 queue_if_no_path|invalid number of feature args",
        "-1 0 0 0|invalid number of feature args",
        "1 no_partitions 0 0 0|Unrecognised multipath feature request",
        "1 pg_init_retries 0 0 0|Unrecognised multipath feature request",
        "1 bogus 0 0 0|Unrecognised multipath feature request",
        "2 pg_init_retries 0 0 0 0|pg_init_retries must be between 1 and 50",
        "2 pg_init_retries 51 0 0 0|pg_init_retries must be between 1 and 50",
        "2 pg_init_retries 5x 0 0 0|pg_init_retries must be between 1 and 50",
        "2 pg_init_delay_msecs 60001 0 0 0|pg_init_delay_msecs must be between 0 and 60000",
        "2 queue_mode nvme 0 0 0|Unknown 'queue_mode' requested",
        "0|invalid number of hardware handler args",
        "0 1025|invalid number of hardware handler args",
        "0 2 emc|invalid number of hardware handler args",
        "0 0|invalid number of priority groups",
        "0 0 1025 1|invalid number of priority groups",
        "0 0 1|invalid initial priority group number",
        "0 0 1 1025|invalid initial priority group number",
        "0 0 0 1|invalid initial priority group",
        "0 0 1 0 round-robin 0 1 0 a:1|invalid initial priority group",
        "0 0 1 1 round-robin|not enough priority group arguments",
        "0 0 1 1 round-robin 2 x|invalid number of path selector args",
        "0 0 1 1 round-robin 0 0 0|invalid number of paths",
        "0 0 1 1 round-robin 0 1025 0|invalid number of paths",
        "0 0 1 1 round-robin 0 1|invalid number of selector args",
        "0 0 1 1 round-robin 0 1 1025|invalid number of selector args",
        "0 0 1 1 round-robin 0 2 1 a:1 1|not enough path parameters",
        "0 0 1 1 round-robin 0 2 1 a:1 1 a:2|not enough path parameters",
        "0 0 2 1 round-robin 0 1 0 a:1|priority group count mismatch",
        "0 0 1 1 round-robin 0 1 0 a:1 round-robin 0 1 0 a:2|priority group count mismatch",
        "0 0 0 0 junk|not enough priority group arguments",
        "0 0 0 0 junk words|invalid number of path selector args",
    })
    void reportsTheKernelsErrorText(String table, String error) {
        InvalidArgumentsException e = assertThrows(InvalidArgumentsException.class, () -> parser.parse(table));
        assertEquals(error, e.getMessage());
    }

    @Test
    void unknownSelectorIsReportedBeforeTheGroupsCounts() {
        // parse_path_selector looks the name up before it reads "#selector args"
        TableParser strict = new TableParser(name -> {
            if (!name.equals("round-robin")) {
                throw new InvalidArgumentsException("unknown path selector type");
            }
        });
        InvalidArgumentsException e = assertThrows(InvalidArgumentsException.class,
                () -> strict.parse("0 0 1 1 nosuch x 1 0 a:1"));
        assertEquals("unknown path selector type", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"1,1", "01,1", "4294967295,4294967295", "4294967296,0", "4294967297,1", "18446744073709551617,1"})
    void unsignedNumbersReadLikeSscanf(String word, long value) {
        assertEquals(value, KernelArgs.parseUnsigned(word));
    }

    @ParameterizedTest
    @CsvSource({"''", "+", "-", "+1", "-1", "-0", "1x", "0x1", "1.0", "' 1'"})
    void nonNumbersAreRefused(String word) {
        assertEquals(-1, KernelArgs.parseUnsigned(word));
    }

    @Test
    void dmsetupLineMustStartAtSectorZero() {
        InvalidArgumentsException e = assertThrows(InvalidArgumentsException.class,
                () -> parser.parse("8 10 multipath 0 0 0 0"));
        assertEquals("a multipath map is one target starting at sector 0, not 8", e.getMessage());
    }
}
