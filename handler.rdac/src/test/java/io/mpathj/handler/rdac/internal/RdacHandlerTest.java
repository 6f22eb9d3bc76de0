package io.mpathj.handler.rdac.internal;

import static io.mpathj.handler.rdac.internal.ScriptedPath.c9;
import static io.mpathj.handler.rdac.internal.ScriptedPath.eseries;
import static io.mpathj.handler.rdac.internal.ScriptedPath.sense;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathj.api.InvalidArgumentsException;
import io.mpathj.api.StatusType;
import io.mpathj.api.handler.AttachException;
import io.mpathj.api.handler.ErrorFlag;
import io.mpathj.api.handler.HardwareHandler;
import io.mpathj.api.handler.PathError;
import io.mpathj.api.handler.PgInitResult;
import io.mpathj.api.handler.ScsiErrorRules;
import io.mpathj.api.scsi.Cdbs;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiOpcode;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.ScsiStatus;
import io.mpathj.api.scsi.SenseData;
import io.mpathj.api.scsi.SenseKey;
import io.mpathj.api.scsi.TransportError;
import io.mpathj.testkit.Bytes;
import io.mpathj.testkit.FakeMapPath;
import io.mpathj.testkit.RecordingPgInitRequest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RdacHandlerTest {
    static final int OWNED = 0x01;
    static final int AVT = 0x80;
    static final int IOSHIP = 0x20;
    static final int PREFERRED = 0x01;
    static final int SECONDARY = 0x02;
    /** Firmware that supports 256 LUNs: the expanded MODE SELECT. */
    static final int NEW_FIRMWARE = 255;
    /** Firmware that supports 31 LUNs: the legacy MODE SELECT. */
    static final int OLD_FIRMWARE = 31;
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ManualExecutor worker = new ManualExecutor();
    private RdacHandlerType type = new RdacHandlerType(Runnable::run);

    /** Holds the batch dispatches until {@link #runAll()}: activations queued meanwhile share one MODE SELECT. */
    static final class ManualExecutor implements Executor {
        private final Deque<Runnable> tasks = new ArrayDeque<>();

        @Override
        public synchronized void execute(Runnable command) {
            tasks.add(command);
        }

        void runAll() {
            Runnable r;
            while ((r = next()) != null) {
                r.run();
            }
        }

        private synchronized Runnable next() {
            return tasks.poll();
        }

        synchronized int pending() {
            return tasks.size();
        }
    }

    private HardwareHandler attached(ScriptedPath... paths) throws Exception {
        HardwareHandler h = type.create(List.of());
        for (ScriptedPath p : paths) {
            h.attach(new FakeMapPath(p));
        }
        return h;
    }

    private static RecordingPgInitRequest pgInit(HardwareHandler h, ScriptedPath p) {
        return RecordingPgInitRequest.resultsOnly(new FakeMapPath(p)).sendTo(h);
    }

    /** One pg_init per path, queued before the worker runs, so that each controller sends one batch; the answers. */
    private List<PgInitResult> batch(HardwareHandler h, ScriptedPath... paths) throws Exception {
        List<RecordingPgInitRequest> requests = java.util.Arrays.stream(paths).map(p -> pgInit(h, p)).toList();
        worker.runAll();
        List<PgInitResult> results = new java.util.ArrayList<>();
        for (RecordingPgInitRequest r : requests) {
            results.add(r.await(WAIT));
            assertEquals(1, r.answerCount(), "answers");
        }
        return results;
    }

    private static PgInitResult activate(HardwareHandler h, ScriptedPath p) throws Exception {
        RecordingPgInitRequest request = pgInit(h, p);
        PgInitResult r = request.await(WAIT);
        assertEquals(1, request.answerCount(), "answers");
        return r;
    }

    /** The legacy MODE SELECT(6) parameter list the kernel builds, with 81h for each LUN. */
    static byte[] legacyList(int... luns) {
        byte[] b = new byte[110];
        b[4] = 0x2C;
        b[5] = 0x68;
        b[6 + 33] = 0x02; // rdac_mode[1]: transfer the specified LUNs
        b[6 + 36] = 20; // quiescence timeout
        b[6 + 37] = 0x02; // forced quiescence
        for (int lun : luns) {
            b[44 + lun] = (byte) 0x81;
        }
        return b;
    }

    /** The expanded MODE SELECT(10) parameter list, with 81h for each LUN. */
    static byte[] expandedList(int... luns) {
        byte[] b = new byte[308];
        b[8] = 0x6C;
        b[9] = 0x01;
        b[10] = 0x01;
        b[11] = 0x28;
        b[12 + 33] = 0x02;
        b[12 + 36] = 20;
        b[12 + 37] = 0x02;
        for (int lun : luns) {
            b[50 + lun] = (byte) 0x81;
        }
        return b;
    }

    private static ScsiCommand last(ScriptedPath p, int opcode) {
        List<ScsiCommand> of = p.commands.stream().filter(c -> c.opcode() == opcode).toList();
        return of.get(of.size() - 1);
    }

    // ------------------------------------------------------------------------------------------ constructor

    @Test
    void takesNoParametersAndPrintsNoWords() throws Exception {
        HardwareHandler h = type.create(List.of());
        assertEquals(List.of(), h.status(StatusType.TABLE)); // the map prints "1 rdac"
        assertEquals(List.of(), h.status(StatusType.INFO)); // and "0"
        InvalidArgumentsException e = assertThrows(InvalidArgumentsException.class, () -> type.create(List.of("1")));
        assertEquals("unable to set hardware handler parameters: rdac takes no parameters, got 1", e.getMessage());
        e = assertThrows(InvalidArgumentsException.class, () -> type.create(List.of("0", "1")));
        assertEquals("unable to set hardware handler parameters: rdac takes no parameters, got 2", e.getMessage());
    }

    // ------------------------------------------------------------------------------------------ attach

    @Test
    void attachReadsC8C4C9C2WithTheKernelsAllocationLengths() throws Exception {
        ScriptedPath p = eseries("e:A0/5", 5, 0, OWNED, PREFERRED, NEW_FIRMWARE);
        try (HardwareHandler h = attached(p)) {
            assertEquals(List.of(0xC8, 0xC4, 0xC9, 0xC2), p.inquiries());
            assertArrayEquals(Bytes.of(0x12, 0x01, 0xC8, 0x00, 0xAF, 0x00), p.commands.get(0).cdb());
            assertArrayEquals(Bytes.of(0x12, 0x01, 0xC4, 0x00, 0x20, 0x00), p.commands.get(1).cdb());
            assertArrayEquals(Bytes.of(0x12, 0x01, 0xC9, 0x00, 0x30, 0x00), p.commands.get(2).cdb());
            assertArrayEquals(Bytes.of(0x12, 0x01, 0xC2, 0x00, 0xFF, 0x00), p.commands.get(3).cdb());
            PathState s = ((RdacHandler) h).path("e:A0/5");
            assertEquals(5, s.lun());
            assertEquals(0, s.controller().index());
            assertEquals("600a0b80001234", s.controller().arrayId());
            assertEquals("array array-1, ctlr 0", s.controller().describe());
            assertTrue(s.controller().expanded());
            assertTrue(s.active());
        }
    }

    @ParameterizedTest
    @CsvSource({
        // avtCvp, priority, maxLun, mode, owned, preferred, expanded, active, needs MODE SELECT
        "0x01, 0x01, 255, RDAC, true, true, true, true, false",
        "0x00, 0x00, 255, RDAC, false, false, true, false, true",
        "0x00, 0x01, 31, RDAC, false, true, false, false, true",
        "0x81, 0x01, 32, AVT, true, true, true, true, false",
        "0x80, 0x00, 255, AVT, false, false, true, true, false",
        "0x21, 0x01, 255, IOSHIP, true, true, true, true, false",
        "0x20, 0x00, 255, IOSHIP, false, false, true, true, false",
        "0x20, 0x01, 255, IOSHIP, false, true, true, true, true",
        "0xA0, 0x01, 255, IOSHIP, false, true, true, true, true"})
    void attachDetectsModeOwnershipPreferenceAndFormat(String avtCvp, String priority, int maxLun,
            RdacPages.Mode mode, boolean owned, boolean preferred, boolean expanded, boolean active,
            boolean needsModeSelect) throws Exception {
        ScriptedPath p = eseries("e:B0/3", 3, 1, Integer.decode(avtCvp), Integer.decode(priority), maxLun);
        try (HardwareHandler h = attached(p)) {
            PathState s = ((RdacHandler) h).path("e:B0/3");
            assertEquals(mode, s.access().mode());
            assertEquals(owned, s.access().owned());
            assertEquals(preferred, s.access().preferred());
            assertEquals(expanded, s.controller().expanded());
            assertEquals(active, s.active());
            assertEquals(needsModeSelect, s.access().needsModeSelect());
            assertEquals(1, s.controller().index());
        }
    }

    @Test
    void arrayNameIsTheLabelsLowBytes() {
        RdacPages.LunIdentity id = RdacPages.LunIdentity.parse(ScriptedPath.c8(7, "0102", "Lab-E2800"));
        assertEquals(new RdacPages.LunIdentity(7, "0102", "Lab-E2800"), id);
        // an id longer than 16 bytes is cut, as UNIQUE_ID_LEN
        byte[] page = ScriptedPath.c8(7, "00112233445566778899aabbccddeeff", "x");
        page[89] = 40;
        assertEquals("00112233445566778899aabbccddeeff", RdacPages.LunIdentity.parse(page).arrayId());
    }

    @Test
    void aDeviceWithoutThePagesIsRefusedAsTheKernelDoes() {
        // a plain disk: INQUIRY of VPD C8h is ILLEGAL REQUEST (scsi_get_vpd_page fails: SCSI_DH_IO)
        ScriptedPath plain = new ScriptedPath("plain/0");
        AttachException e = assertThrows(AttachException.class, () -> attached(plain));
        assertEquals("plain/0: rdac: INQUIRY of VPD page 0xC8 failed: CHECK CONDITION sense 05/24/00;"
                + " Attach failed (8)", e.getMessage());
        assertEquals(0, type.controllerCount());
    }

    @Test
    void aC8WithoutEdidIsNosys() {
        ScriptedPath p = eseries("e/0", 0, 0, OWNED, PREFERRED, NEW_FIRMWARE);
        byte[] c8 = ScriptedPath.c8(0, "01", "a");
        c8[4] = 'x';
        p.page(c8);
        AttachException e = assertThrows(AttachException.class, () -> attached(p));
        assertEquals("e/0: rdac: VPD page 0xC8 is not the 'edid' page; Attach failed (16)", e.getMessage());
    }

    @Test
    void anotherPageThanTheOneAskedForIsRefused() {
        ScriptedPath p = eseries("e/0", 0, 0, OWNED, PREFERRED, NEW_FIRMWARE);
        byte[] wrong = ScriptedPath.c4(0);
        p.answer(0xC4, ScsiResult.good()); // GOOD with an empty buffer: page code 00
        AttachException e = assertThrows(AttachException.class, () -> attached(p));
        assertEquals("e/0: rdac: INQUIRY of VPD page 0xC4 returned page 0x00; Attach failed (8)", e.getMessage());
        assertEquals(0xC4, wrong[1] & 0xFF);
    }

    @Test
    void aLunTheLegacyPageCannotNameIsRefused() {
        ScriptedPath p = eseries("e/40", 40, 0, 0, PREFERRED, OLD_FIRMWARE);
        AttachException e = assertThrows(AttachException.class, () -> attached(p));
        assertEquals("e/40: rdac: LUN 40 does not fit the legacy MODE SELECT page of this firmware (32 LUNs);"
                + " Attach failed (16)", e.getMessage());
        assertEquals(0, type.controllerCount());
    }

    @Test
    void aPathThatDoesNotAnswerIsAttachedAndIdentifiedByItsFirstPgInit() throws Exception {
        ScriptedPath p = eseries("e/2", 2, 1, 0, PREFERRED, NEW_FIRMWARE);
        p.answer(0xC8, ScsiResult.transportFailure(TransportError.CONNECTION_LOST, "link down"));
        try (HardwareHandler h = attached(p)) {
            assertFalse(((RdacHandler) h).path("e/2").identified());
            assertEquals(PgInitResult.OK, activate(h, p));
            // identification (C8 C4 C9 C2), check_ownership (C9), then the MODE SELECT
            assertEquals(List.of(0xC8, 0xC8, 0xC4, 0xC9, 0xC2, 0xC9), p.inquiries());
            assertEquals(1, p.count(ScsiOpcode.MODE_SELECT_10));
            assertArrayEquals(expandedList(2), p.dataOut.get(0));
        }
    }

    @Test
    void aPgInitOnAPathThatStillDoesNotAnswerIsIo() throws Exception {
        ScriptedPath p = eseries("e/2", 2, 1, 0, PREFERRED, NEW_FIRMWARE);
        p.answer(0xC8, ScsiResult.transportFailure(TransportError.CONNECTION_LOST, "link down"));
        p.answer(0xC8, ScsiResult.transportFailure(TransportError.CONNECTION_LOST, "link down"));
        try (HardwareHandler h = attached(p)) {
            assertEquals(PgInitResult.IO, activate(h, p));
        }
    }

    @Test
    void attachRetriesTheRequeuedConditions() throws Exception {
        ScriptedPath p = eseries("e/1", 1, 0, OWNED, PREFERRED, NEW_FIRMWARE);
        p.answer(0xC8, new SenseData(SenseKey.UNIT_ATTENTION, 0x29, 0x00), 1);
        p.answer(0xC4, new SenseData(SenseKey.NOT_READY, 0x04, 0x01), 2);
        try (HardwareHandler h = attached(p)) {
            assertTrue(((RdacHandler) h).path("e/1").identified());
            assertEquals(List.of(0xC8, 0xC8, 0xC4, 0xC4, 0xC4, 0xC9, 0xC2), p.inquiries());
        }
    }

    // ------------------------------------------------------------------------------------------ pg_init

    @Test
    void anOwnedLuIsActiveWithoutAModeSelect() throws Exception {
        ScriptedPath p = eseries("e/5", 5, 0, OWNED, PREFERRED, NEW_FIRMWARE);
        try (HardwareHandler h = attached(p)) {
            p.commands.clear();
            assertEquals(PgInitResult.OK, activate(h, p));
            assertEquals(List.of(ScsiOpcode.INQUIRY), p.opcodes());
            assertArrayEquals(Bytes.of(0x12, 0x01, 0xC9, 0x00, 0x30, 0x00), p.commands.get(0).cdb());
        }
    }

    @Test
    void legacyModeSelectForOneLu() throws Exception {
        ScriptedPath p = eseries("e/5", 5, 1, 0, PREFERRED, OLD_FIRMWARE);
        p.afterModeSelect = () -> p.page(c9(OWNED, PREFERRED, 0, 0, 0));
        try (HardwareHandler h = attached(p)) {
            assertFalse(((RdacHandler) h).path("e/5").active());
            assertEquals(PgInitResult.OK, activate(h, p));
            ScsiCommand ms = last(p, ScsiOpcode.MODE_SELECT_6);
            assertArrayEquals(Bytes.of(0x15, 0x00, 0x00, 0x00, 110, 0x00), ms.cdb());
            assertEquals(ModeSelectPage.TIMEOUT_MILLIS, ms.timeoutMillis());
            assertArrayEquals(legacyList(5), p.dataOut.get(0));
            assertTrue(((RdacHandler) h).path("e/5").active());
            // the LU is owned now: the next pg_init sends nothing but its C9h
            assertEquals(PgInitResult.OK, activate(h, p));
            assertEquals(1, p.count(ScsiOpcode.MODE_SELECT_6));
        }
    }

    @Test
    void expandedModeSelectForOneLu() throws Exception {
        ScriptedPath p = eseries("e/200", 200, 0, 0, 0, NEW_FIRMWARE);
        try (HardwareHandler h = attached(p)) {
            assertEquals(PgInitResult.OK, activate(h, p));
            ScsiCommand ms = last(p, ScsiOpcode.MODE_SELECT_10);
            assertArrayEquals(Bytes.of(0x55, 0x00, 0, 0, 0, 0, 0, 0x01, 0x34, 0x00), ms.cdb());
            assertArrayEquals(expandedList(200), p.dataOut.get(0));
            assertEquals(0, p.count(ScsiOpcode.MODE_SELECT_6));
        }
    }

    @ParameterizedTest
    @CsvSource({"0x80, 0x01, 0", "0x80, 0x00, 0", "0x20, 0x00, 0", "0x20, 0x02, 0", "0x20, 0x01, 1",
        "0x00, 0x00, 1", "0x00, 0x01, 1", "0x01, 0x00, 0", "0x21, 0x01, 0"})
    void theModeDecidesWhetherAModeSelectIsSent(String avtCvp, String priority, int modeSelects) throws Exception {
        ScriptedPath p = eseries("e/9", 9, 0, Integer.decode(avtCvp), Integer.decode(priority), NEW_FIRMWARE);
        try (HardwareHandler h = attached(p)) {
            assertEquals(PgInitResult.OK, activate(h, p));
            assertEquals(modeSelects, p.count(ScsiOpcode.MODE_SELECT_10));
        }
    }

    @Test
    void ownershipIsReadAgainAtEveryPgInit() throws Exception {
        ScriptedPath p = eseries("e/4", 4, 0, OWNED, PREFERRED, NEW_FIRMWARE);
        try (HardwareHandler h = attached(p)) {
            p.page(c9(0, PREFERRED, 0, 0, 0)); // another host moved the LU to controller B
            assertEquals(PgInitResult.OK, activate(h, p));
            assertEquals(1, p.count(ScsiOpcode.MODE_SELECT_10));
        }
    }

    @Test
    void aC9ThatDoesNotComeBackIsIo() throws Exception {
        ScriptedPath p = eseries("e/4", 4, 0, 0, PREFERRED, NEW_FIRMWARE);
        try (HardwareHandler h = attached(p)) {
            p.answer(0xC9, ScsiResult.transportFailure(TransportError.TIMEOUT, "no answer"));
            assertEquals(PgInitResult.IO, activate(h, p));
            p.answer(0xC9, sense(SenseKey.HARDWARE_ERROR, 0x44, 0x00));
            assertEquals(PgInitResult.IO, activate(h, p));
            assertEquals(0, p.count(ScsiOpcode.MODE_SELECT_10));
        }
    }

    // ------------------------------------------------------------------------------------------ batching

    @Test
    void luActivationsQueuedOnOneControllerShareOneModeSelect() throws Exception {
        type = new RdacHandlerType(worker);
        // three LUs, three maps (one handler each), all owned by controller A, activated through controller B
        ScriptedPath lu1 = eseries("e:B0/1", 1, 1, 0, 0, NEW_FIRMWARE);
        ScriptedPath lu7 = eseries("e:B0/7", 7, 1, 0, 0, NEW_FIRMWARE);
        ScriptedPath lu7b = eseries("e:B1/7", 7, 1, 0, 0, NEW_FIRMWARE); // the same LU's other path to B
        ScriptedPath lu30 = eseries("e:B0/30", 30, 1, 0, 0, NEW_FIRMWARE);
        ScriptedPath onA = eseries("e:A0/2", 2, 0, 0, 0, NEW_FIRMWARE); // another controller: its own command
        HardwareHandler m1 = attached(lu1);
        HardwareHandler m7 = attached(lu7, lu7b);
        HardwareHandler m30 = attached(lu30);
        HardwareHandler m2 = attached(onA);
        assertEquals(2, type.controllerCount());
        List<RecordingPgInitRequest> requests = List.of(pgInit(m1, lu1), pgInit(m7, lu7), pgInit(m7, lu7b),
                pgInit(m30, lu30), pgInit(m2, onA));
        requests.forEach(r -> assertFalse(r.isAnswered()));
        assertEquals(2, worker.pending()); // one dispatch per controller
        worker.runAll();
        for (RecordingPgInitRequest r : requests) {
            assertEquals(PgInitResult.OK, r.await(WAIT));
            assertEquals(1, r.answerCount());
        }
        // controller B's one command went out through the first path queued, with the three LUs
        assertEquals(1, lu1.count(ScsiOpcode.MODE_SELECT_10));
        assertArrayEquals(expandedList(1, 7, 30), lu1.dataOut.get(0));
        assertEquals(0, lu7.count(ScsiOpcode.MODE_SELECT_10) + lu7b.count(ScsiOpcode.MODE_SELECT_10)
                + lu30.count(ScsiOpcode.MODE_SELECT_10));
        assertArrayEquals(expandedList(2), onA.dataOut.get(0));
        for (HardwareHandler h : List.of(m1, m7, m30, m2)) {
            h.close();
        }
        assertEquals(0, type.controllerCount());
    }

    @Test
    void aLegacyBatchCarriesEveryLu() throws Exception {
        type = new RdacHandlerType(worker);
        ScriptedPath a = eseries("e/0", 0, 1, 0, 0, OLD_FIRMWARE);
        ScriptedPath b = eseries("e/31", 31, 1, 0, 0, OLD_FIRMWARE);
        try (HardwareHandler h = attached(a, b)) {
            assertEquals(List.of(PgInitResult.OK, PgInitResult.OK), batch(h, a, b));
            assertArrayEquals(Bytes.of(0x15, 0, 0, 0, 110, 0), last(a, ScsiOpcode.MODE_SELECT_6).cdb());
            assertArrayEquals(legacyList(0, 31), a.dataOut.get(0));
            assertEquals(0, b.count(ScsiOpcode.MODE_SELECT_6));
        }
    }

    @Test
    void activationsArrivingWhileAModeSelectIsInFlightGoInTheNextOne() throws Exception {
        ScriptedPath first = eseries("e/1", 1, 1, 0, 0, NEW_FIRMWARE);
        ScriptedPath second = eseries("e/2", 2, 1, 0, 0, NEW_FIRMWARE);
        ScriptedPath third = eseries("e/3", 3, 1, 0, 0, NEW_FIRMWARE);
        first.holdModeSelects = true;
        try (HardwareHandler h = attached(first, second, third)) {
            RecordingPgInitRequest r1 = pgInit(h, first);
            assertEquals(1, first.count(ScsiOpcode.MODE_SELECT_10));
            RecordingPgInitRequest r2 = pgInit(h, second);
            RecordingPgInitRequest r3 = pgInit(h, third);
            assertFalse(r1.isAnswered());
            assertEquals(0, second.count(ScsiOpcode.MODE_SELECT_10), "queued behind the one in flight");
            first.release();
            assertEquals(PgInitResult.OK, r1.await(WAIT));
            assertEquals(PgInitResult.OK, r2.await(WAIT));
            assertEquals(PgInitResult.OK, r3.await(WAIT));
            assertArrayEquals(expandedList(1), first.dataOut.get(0));
            assertEquals(1, second.count(ScsiOpcode.MODE_SELECT_10));
            assertArrayEquals(expandedList(2, 3), second.dataOut.get(0));
        }
    }

    @Test
    void aFailedBatchAnswersEveryLuInIt() throws Exception {
        type = new RdacHandlerType(worker);
        ScriptedPath a = eseries("e/1", 1, 1, 0, 0, NEW_FIRMWARE);
        ScriptedPath b = eseries("e/2", 2, 1, 0, 0, NEW_FIRMWARE);
        a.answer(ScsiOpcode.MODE_SELECT_10, sense(SenseKey.ILLEGAL_REQUEST, 0x26, 0x00));
        try (HardwareHandler h = attached(a, b)) {
            assertEquals(List.of(PgInitResult.IO, PgInitResult.IO), batch(h, a, b));
            assertFalse(((RdacHandler) h).path("e/1").active());
        }
    }

    // ------------------------------------------------------------------------------------------ MODE SELECT retries

    /** What one pg_init of LU 6 through a controller that does not own it answered, and how many MODE SELECTs. */
    private record Run(PgInitResult result, long modeSelects) {
    }

    /** Attaches LU 6 through a non-owner, scripts its MODE SELECT answers, runs one pg_init. */
    private Run activateUnowned(java.util.function.Consumer<ScriptedPath> script) throws Exception {
        ScriptedPath p = eseries("e/6", 6, 0, 0, 0, NEW_FIRMWARE);
        try (HardwareHandler h = attached(p)) {
            script.accept(p);
            Run run = new Run(activate(h, p), p.count(ScsiOpcode.MODE_SELECT_10));
            p.dataOut.forEach(sent -> assertArrayEquals(expandedList(6), sent)); // the same bytes every time
            return run;
        }
    }

    /** Sense data from a test's hexadecimal key, ASC and ASCQ. */
    static SenseData senseOf(String key, String asc, String ascq) {
        return new SenseData(SenseKey.of(Integer.parseInt(key, 16)), Integer.parseInt(asc, 16),
                Integer.parseInt(ascq, 16));
    }

    @ParameterizedTest
    @CsvSource({"00, 00, 00", "0B, 00, 00", "0B, 47, 00", "06, 29, 00", "06, 8B, 02", "06, 3F, 0E", "06, 2A, 01",
        "02, 04, 01", "02, 04, A1", "02, A1, 02"})
    void aTransientConditionIsRetriedUpToTheKernelsCount(String key, String asc, String ascq) throws Exception {
        SenseData s = senseOf(key, asc, ascq);
        int retries = RdacSense.RETRIES;
        assertEquals(new Run(PgInitResult.OK, retries + 1),
                activateUnowned(p -> p.answer(ScsiOpcode.MODE_SELECT_10, s, retries)));
        // one more than the kernel's RDAC_RETRY_COUNT: SCSI_DH_IO
        assertEquals(new Run(PgInitResult.IO, retries + 1),
                activateUnowned(p -> p.answer(ScsiOpcode.MODE_SELECT_10, s, retries + 1)));
    }

    @Test
    void theRetryCountIsSharedByTheConditions() throws Exception {
        assertEquals(new Run(PgInitResult.IO, 6), activateUnowned(p -> p
                .answer(ScsiOpcode.MODE_SELECT_10, senseOf("06", "8B", "02"), 3)
                .answer(ScsiOpcode.MODE_SELECT_10, senseOf("02", "04", "01"), 3)));
    }

    @Test
    void commandLockContentionIsRetriedWithoutALimit() throws Exception {
        assertEquals(new Run(PgInitResult.OK, 26), activateUnowned(p -> p
                .answer(ScsiOpcode.MODE_SELECT_10, senseOf("05", "91", "36"), 20)
                .answer(ScsiOpcode.MODE_SELECT_10, senseOf("06", "29", "00"), 5)));
    }

    @Test
    void theLockContentionRetriesStopWhenTheTypeIsDeactivated() throws Exception {
        assertEquals(new Run(PgInitResult.IO, 1), activateUnowned(p -> {
            p.answer(ScsiOpcode.MODE_SELECT_10, senseOf("05", "91", "36"), 3);
            type.deactivate();
        }));
    }

    @ParameterizedTest
    @CsvSource({"05, 24, 00", "05, 94, 01", "02, 04, 03", "04, 44, 00", "03, 11, 00", "07, 27, 00"})
    void anyOtherSenseIsIoAtOnce(String key, String asc, String ascq) throws Exception {
        assertEquals(new Run(PgInitResult.IO, 1),
                activateUnowned(p -> p.answer(ScsiOpcode.MODE_SELECT_10, senseOf(key, asc, ascq), 1)));
    }

    @Test
    void aModeSelectWithoutStatusOrWithAnotherStatusIsIo() throws Exception {
        assertEquals(new Run(PgInitResult.IO, 1), activateUnowned(p -> p.answer(ScsiOpcode.MODE_SELECT_10,
                ScsiResult.transportFailure(TransportError.CONNECTION_LOST, "gone"))));
        assertEquals(new Run(PgInitResult.IO, 1), activateUnowned(p -> p.answer(ScsiOpcode.MODE_SELECT_10,
                ScsiResult.status(ScsiStatus.RESERVATION_CONFLICT, null, 0))));
    }

    @Test
    void aHandlerCrashAnswersDevFailedOnce() throws Exception {
        ScriptedPath p = eseries("e/6", 6, 0, 0, 0, NEW_FIRMWARE);
        try (HardwareHandler h = attached(p)) {
            ScriptedPath broken = new ScriptedPath("e/6") {
                @Override
                public synchronized java.util.concurrent.CompletionStage<ScsiResult> execute(ScsiCommand c) {
                    throw new IllegalStateException("boom");
                }
            };
            RecordingPgInitRequest r = RecordingPgInitRequest.resultsOnly(new FakeMapPath("e/7", broken)).sendTo(h);
            assertEquals(PgInitResult.DEV_FAILED, r.await(WAIT));
            assertEquals(1, r.answerCount());
        }
    }

    // ------------------------------------------------------------------------------------------ check_sense

    @ParameterizedTest
    @CsvSource({
        "02, 04, 01, RETRY", "02, 04, A1, RETRY", "02, A1, 02, RETRY", "06, 29, 00, RETRY", "06, 8B, 02, RETRY",
        "02, 04, 81, FAIL_PATH", "05, 94, 01, FAIL_PATH",
        // not rdac's: the generic verdict
        "06, 3F, 0E, RETRY", "05, 24, 00, ERROR_IO", "02, 04, 03, FAIL_PATH", "04, 44, 00, ERROR_IO",
        "03, 11, 00, ERROR_IO", "05, 25, 00, FAIL_PATH"})
    void checkSenseTable(String key, String asc, String ascq, String verdict) throws Exception {
        ScriptedPath p = eseries("e/6", 6, 0, OWNED, PREFERRED, NEW_FIRMWARE);
        try (HardwareHandler h = attached(p)) {
            ScsiResult r = sense(senseOf(key, asc, ascq));
            Set<ErrorFlag> flags = h.error(new PathError(new FakeMapPath(p), read(), r, 1));
            assertEquals(switch (verdict) {
                case "RETRY" -> ScsiErrorRules.RETRY;
                case "FAIL_PATH" -> ScsiErrorRules.FAIL_PATH;
                default -> ScsiErrorRules.ERROR_IO;
            }, flags);
        }
    }

    @Test
    void notOwnerMarksThePathPassive() throws Exception {
        ScriptedPath p = eseries("e/6", 6, 0, OWNED, PREFERRED, NEW_FIRMWARE);
        try (HardwareHandler h = attached(p)) {
            assertTrue(((RdacHandler) h).path("e/6").active());
            h.error(new PathError(new FakeMapPath(p), read(), sense(SenseKey.ILLEGAL_REQUEST, 0x94, 0x01), 1));
            assertFalse(((RdacHandler) h).path("e/6").active());
        }
    }

    @Test
    void theRequeuedConditionsAreRetriedWhateverTheAttemptAndTransportFailuresFailThePath() throws Exception {
        ScriptedPath p = eseries("e/6", 6, 0, OWNED, PREFERRED, NEW_FIRMWARE);
        try (HardwareHandler h = attached(p)) {
            FakeMapPath path = new FakeMapPath(p);
            assertEquals(ScsiErrorRules.RETRY, h.error(new PathError(path, read(),
                    sense(SenseKey.UNIT_ATTENTION, 0x8B, 0x02), 50)));
            assertEquals(ScsiErrorRules.FAIL_PATH, h.error(new PathError(path, read(),
                    sense(SenseKey.UNIT_ATTENTION, 0x3F, 0x0E), 50)));
            assertEquals(ScsiErrorRules.FAIL_PATH, h.error(new PathError(path, read(),
                    ScsiResult.transportFailure(TransportError.CONNECTION_LOST, "x"), 1)));
        }
    }

    private static ScsiCommand read() {
        return ScsiCommand.dataIn(Cdbs.read10(0, 1), java.nio.ByteBuffer.allocate(512));
    }
}
