package io.mpathj.handler.emc.internal;

import static io.mpathj.handler.emc.internal.ScriptedDevice.sense;
import static io.mpathj.handler.emc.internal.ScriptedDevice.spInfo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.ScsiStatus;
import io.mpathj.api.scsi.SenseData;
import io.mpathj.api.scsi.SenseKey;
import io.mpathj.api.scsi.TransportError;
import io.mpathj.testkit.Bytes;
import io.mpathj.testkit.FakeMapPath;
import io.mpathj.testkit.RecordingPgInitRequest;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EmcHandlerTest {
    private static final int INQUIRY = 0x12;
    private static final int MODE_SELECT_6 = 0x15;
    private static final int MODE_SELECT_10 = 0x55;
    private static final byte[] BOUND_ON_A = spInfo(1, 1, 0, 0, 4, false);
    private static final byte[] OWNED_ON_A = spInfo(2, 1, 0, 0, 4, false);

    private final EmcHandlerType type = new EmcHandlerType();

    private HardwareHandler handler(String... args) throws InvalidArgumentsException {
        return type.create(List.of(args));
    }

    /** Runs one pg_init and checks it was answered exactly once. */
    private static PgInitResult activate(HardwareHandler h, ScriptedDevice d) throws Exception {
        RecordingPgInitRequest request = RecordingPgInitRequest.resultsOnly(new FakeMapPath(d)).sendTo(h);
        PgInitResult r = request.await(Duration.ofSeconds(10));
        assertEquals(1, request.answerCount(), "answers");
        return r;
    }

    private static ScriptedDevice trespassable() {
        ScriptedDevice d = new ScriptedDevice(BOUND_ON_A);
        d.pageAfterTrespass = OWNED_ON_A;
        return d;
    }

    // ------------------------------------------------------------------------------------------ constructor

    @Test
    void noArgumentsMeanLongTrespassIgnoringReservations() throws Exception {
        EmcHandler h = (EmcHandler) handler();
        assertEquals(new EmcSettings(false, false), h.settings());
        assertEquals(new EmcSettings(true, false), ((EmcHandler) handler("1", "0")).settings());
        assertEquals(new EmcSettings(false, true), ((EmcHandler) handler("0", "1")).settings());
        assertEquals(new EmcSettings(true, true), ((EmcHandler) handler("1", "1")).settings());
    }

    @Test
    void argumentsAreReadLikeSscanfPercentU() throws Exception {
        // sscanf("%u") takes the leading digits and ignores the rest of the word, as the kernel does
        assertEquals(new EmcSettings(true, false), ((EmcHandler) handler("01", "0x")).settings());
        assertEquals(new EmcSettings(false, true), ((EmcHandler) handler("0", "1st")).settings());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1|incorrect number of arguments",
        "0 0 0|incorrect number of arguments",
        "2 0|invalid trespass mode selected",
        "x 0|invalid trespass mode selected",
        "-1 0|invalid trespass mode selected",
        "+1 0|invalid trespass mode selected",
        "99999999999999999999 0|invalid trespass mode selected",
        "2 2|invalid trespass mode selected",
        "0 2|invalid honor reservation flag selected",
        "1 y|invalid honor reservation flag selected",
        "1 10|invalid honor reservation flag selected"})
    void badArgumentsGiveTheKernelsText(String args, String text) {
        InvalidArgumentsException e = assertThrows(InvalidArgumentsException.class,
                () -> type.create(Arrays.asList(args.split(" "))));
        assertEquals(text, e.getMessage());
    }

    // ------------------------------------------------------------------------------------------ commands

    @Test
    void longTrespassIsModeSelect10WithPage22AndTheIgnoreReservationsBit() throws Exception {
        ScriptedDevice d = trespassable();
        assertEquals(PgInitResult.OK, activate(handler(), d));
        assertEquals(List.of(INQUIRY, MODE_SELECT_10, INQUIRY), d.opcodes());
        ScsiCommand inquiry = d.commands.get(0);
        assertArrayEquals(Bytes.of(0x12, 0x01, 0xC0, 0x00, 0xFC, 0x00), inquiry.cdb());
        assertEquals(0xFC, inquiry.dataLength());
        ScsiCommand modeSelect = d.commands.get(1);
        assertArrayEquals(Bytes.of(0x55, 0x10, 0, 0, 0, 0, 0, 0, 0x13, 0), modeSelect.cdb());
        assertArrayEquals(Bytes.of(0, 0, 0, 0, 0, 0, 0, 0, 0x22, 0x09, 0x81, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0),
                d.dataOut.get(0));
        assertEquals(60_000, modeSelect.timeoutMillis());
        assertEquals(60_000, inquiry.timeoutMillis());
    }

    @Test
    void longTrespassHonoringReservationsLeavesTheBitClear() throws Exception {
        ScriptedDevice d = trespassable();
        assertEquals(PgInitResult.OK, activate(handler("0", "1"), d));
        assertArrayEquals(Bytes.of(0, 0, 0, 0, 0, 0, 0, 0, 0x22, 0x09, 0x01, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0),
                d.dataOut.get(0));
    }

    @Test
    void shortTrespassIsModeSelect6WithTheFourBytePage() throws Exception {
        ScriptedDevice d = trespassable();
        assertEquals(PgInitResult.OK, activate(handler("1", "0"), d));
        assertEquals(List.of(INQUIRY, MODE_SELECT_6, INQUIRY), d.opcodes());
        assertArrayEquals(Bytes.of(0x15, 0x10, 0, 0, 0x08, 0), d.commands.get(1).cdb());
        assertArrayEquals(Bytes.of(0, 0, 0, 0, 0x22, 0x02, 0x81, 0xFF), d.dataOut.get(0));

        ScriptedDevice honoring = trespassable();
        assertEquals(PgInitResult.OK, activate(handler("1", "1"), honoring));
        assertArrayEquals(Bytes.of(0, 0, 0, 0, 0x22, 0x02, 0x01, 0xFF), honoring.dataOut.get(0));
    }

    @Test
    void theIgnoreReservationsBitDoesNotLeakBetweenHandlers() throws Exception {
        // the kernel's static page templates kept 0x80 once one device had set it; each trespass here has its own
        HardwareHandler ignoring = handler("0", "0");
        HardwareHandler honoring = handler("0", "1");
        ScriptedDevice first = trespassable();
        ScriptedDevice second = trespassable();
        ScriptedDevice third = trespassable();
        activate(ignoring, first);
        activate(honoring, second);
        activate(ignoring, third);
        assertEquals(0x81, first.dataOut.get(0)[10] & 0xFF);
        assertEquals(0x01, second.dataOut.get(0)[10] & 0xFF);
        assertEquals(0x81, third.dataOut.get(0)[10] & 0xFF);
    }

    @Test
    void trespassBuilderMatchesCdbsForBothForms() {
        ScsiCommand shortForm = ClariionCommands.trespass(new EmcSettings(true, true));
        assertArrayEquals(Cdbs.modeSelect6(true, ClariionCommands.SHORT_TRESPASS_LENGTH), shortForm.cdb());
        ScsiCommand longForm = ClariionCommands.trespass(new EmcSettings(false, true));
        assertArrayEquals(Cdbs.modeSelect10(true, ClariionCommands.LONG_TRESPASS_LENGTH), longForm.cdb());
        assertEquals(ByteBuffer.wrap(Bytes.of(0, 0, 0, 0, 0, 0, 0, 0, 0x22, 0x09, 0x01, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0)),
                longForm.data());
    }

    // ------------------------------------------------------------------------------------------ pg_init

    @Test
    void ownedLuNeedsNoTrespass() throws Exception {
        ScriptedDevice d = new ScriptedDevice(OWNED_ON_A);
        assertEquals(PgInitResult.OK, activate(handler(), d));
        assertEquals(List.of(INQUIRY), d.opcodes());
    }

    @Test
    void ndUInProgressIsTemporarilyBusyWithoutTrespass() throws Exception {
        ScriptedDevice d = new ScriptedDevice(spInfo(1, 0, 0, 0, 4, true));
        assertEquals(PgInitResult.DEV_TEMP_BUSY, activate(handler(), d));
        assertEquals(List.of(INQUIRY), d.opcodes());
        // NDU wins even where the LU is owned: the kernel checks byte 48 first
        assertEquals(PgInitResult.DEV_TEMP_BUSY, activate(handler(), new ScriptedDevice(spInfo(2, 0, 0, 0, 4, true))));
    }

    @ParameterizedTest
    @CsvSource({"3, 4", "255, 4", "1, 0", "1, 1", "1, 5", "1, 7"})
    void badPageOrFailoverModeIsNosys(int lunState, int mode) throws Exception {
        ScriptedDevice d = new ScriptedDevice(spInfo(lunState, 0, 0, 0, mode, false));
        assertEquals(PgInitResult.NOSYS, activate(handler(), d));
        assertEquals(List.of(INQUIRY), d.opcodes());
    }

    @Test
    void aluaFailoverModeSixIsDrivenToo() throws Exception {
        ScriptedDevice d = new ScriptedDevice(spInfo(1, 0, 0, 0, 0x16, false)); // high nibble ignored
        d.pageAfterTrespass = spInfo(2, 0, 0, 0, 6, false);
        assertEquals(PgInitResult.OK, activate(handler(), d));
        assertEquals(List.of(INQUIRY, MODE_SELECT_10, INQUIRY), d.opcodes());
    }

    @Test
    void inquiryFailuresAreIo() throws Exception {
        ScriptedDevice lost = new ScriptedDevice(BOUND_ON_A);
        lost.inquiryAnswers.add(ScsiResult.transportFailure(TransportError.CONNECTION_LOST, "gone"));
        assertEquals(PgInitResult.IO, activate(handler(), lost));
        ScriptedDevice refused = new ScriptedDevice(BOUND_ON_A);
        refused.inquiryAnswers.add(sense(new SenseData(SenseKey.NOT_READY, 0x04, 0x03)));
        assertEquals(PgInitResult.IO, activate(handler(), refused));
        assertEquals(List.of(INQUIRY), refused.opcodes());
    }

    @Test
    void powerOnUnitAttentionIsRetriedThreeTimes() throws Exception {
        SenseData powerOn = new SenseData(SenseKey.UNIT_ATTENTION, 0x29, 0x00);
        ScriptedDevice d = new ScriptedDevice(OWNED_ON_A);
        for (int i = 0; i < 3; i++) {
            d.inquiryAnswers.add(sense(powerOn));
        }
        assertEquals(PgInitResult.OK, activate(handler(), d));
        assertEquals(List.of(INQUIRY, INQUIRY, INQUIRY, INQUIRY), d.opcodes());

        ScriptedDevice stuck = new ScriptedDevice(OWNED_ON_A);
        for (int i = 0; i < 4; i++) {
            stuck.inquiryAnswers.add(sense(powerOn));
        }
        assertEquals(PgInitResult.IO, activate(handler(), stuck));
        assertEquals(4, stuck.commands.size());

        ScriptedDevice trespass = trespassable();
        trespass.trespassAnswers.add(sense(powerOn));
        assertEquals(PgInitResult.OK, activate(handler(), trespass));
        assertEquals(List.of(INQUIRY, MODE_SELECT_10, MODE_SELECT_10, INQUIRY), trespass.opcodes());
        assertArrayEquals(trespass.dataOut.get(0), trespass.dataOut.get(1));
    }

    @ParameterizedTest
    @CsvSource({
        "5, 04, 00, DEV_TEMP_BUSY", // array-based copy in progress
        "2, 04, 03, DEV_TEMP_BUSY", // NDU in progress
        "5, 26, 00, DEV_FAILED",
        "2, 04, 0B, DEV_FAILED",
        "4, 00, 00, DEV_FAILED",
        "6, 2A, 01, DEV_FAILED"})
    void trespassSenseDecidesBusyOrFailed(int key, String asc, String ascq, PgInitResult expected) throws Exception {
        ScriptedDevice d = trespassable();
        d.trespassAnswers.add(sense(new SenseData(SenseKey.of(key), Integer.parseInt(asc, 16),
                Integer.parseInt(ascq, 16))));
        assertEquals(expected, activate(handler(), d));
        assertEquals(List.of(INQUIRY, MODE_SELECT_10), d.opcodes());
    }

    @Test
    void trespassWithoutSenseIsIo() throws Exception {
        ScriptedDevice conflict = trespassable();
        conflict.trespassAnswers.add(ScsiResult.status(ScsiStatus.RESERVATION_CONFLICT, null, 0));
        assertEquals(PgInitResult.IO, activate(handler("0", "1"), conflict));
        ScriptedDevice timedOut = trespassable();
        timedOut.trespassAnswers.add(ScsiResult.transportFailure(TransportError.TIMEOUT, "60 s"));
        assertEquals(PgInitResult.IO, activate(handler(), timedOut));
    }

    @Test
    void failedReReadAfterTrespassIsIo() throws Exception {
        // the INQUIRY after the trespass fails
        ScriptedDevice failing = new ScriptedDevice(BOUND_ON_A) {
            private int inquiries;

            @Override
            public synchronized java.util.concurrent.CompletionStage<ScsiResult> execute(ScsiCommand command) {
                if (command.opcode() == INQUIRY && ++inquiries == 2) {
                    inquiryAnswers.add(ScsiResult.transportFailure(TransportError.CONNECTION_LOST, "gone"));
                }
                return super.execute(command);
            }
        };
        assertEquals(PgInitResult.IO, activate(handler(), failing));
        assertEquals(List.of(INQUIRY, MODE_SELECT_10, INQUIRY), failing.opcodes());
    }

    @Test
    void aDeviceThatThrowsMidwayStillGetsOneAnswer() throws Exception {
        ScriptedDevice d = new ScriptedDevice(BOUND_ON_A) {
            @Override
            public synchronized java.util.concurrent.CompletionStage<ScsiResult> execute(ScsiCommand command) {
                if (command.opcode() != INQUIRY) {
                    throw new IllegalStateException("broken transport");
                }
                return super.execute(command);
            }
        };
        assertEquals(PgInitResult.DEV_FAILED, activate(handler(), d));
        ScriptedDevice broken = new ScriptedDevice(BOUND_ON_A) {
            @Override
            public synchronized java.util.concurrent.CompletionStage<ScsiResult> execute(ScsiCommand command) {
                throw new IllegalStateException("broken transport");
            }
        };
        assertEquals(PgInitResult.DEV_FAILED, activate(handler(), broken));
    }

    // ------------------------------------------------------------------------------------------ attach

    @Test
    void attachRefusesAPathThatIsNotAClariionInFailoverMode4Or6() throws Exception {
        AttachException mode = assertThrows(AttachException.class,
                () -> handler().attach(new FakeMapPath(new ScriptedDevice(spInfo(1, 0, 0, 0, 1, false)))));
        assertEquals("scripted:cx/0: emc: Invalid failover mode 1; not attached", mode.getMessage());
        AttachException format = assertThrows(AttachException.class,
                () -> handler().attach(new FakeMapPath(new ScriptedDevice(spInfo(3, 0, 0, 0, 4, false)))));
        assertEquals("scripted:cx/0: emc: invalid VPD page 0xC0 format; not attached", format.getMessage());
    }

    @Test
    void attachAcceptsBusyOrUnreachablePaths() throws Exception {
        handler().attach(new FakeMapPath(new ScriptedDevice(spInfo(1, 0, 0, 0, 4, true))));
        ScriptedDevice lost = new ScriptedDevice(BOUND_ON_A);
        lost.inquiryAnswers.add(ScsiResult.transportFailure(TransportError.CONNECTION_LOST, "gone"));
        handler().attach(new FakeMapPath(lost));
        ScriptedDevice fine = new ScriptedDevice(BOUND_ON_A);
        handler().attach(new FakeMapPath(fine));
        assertEquals(List.of(INQUIRY), fine.opcodes());
    }

    // ------------------------------------------------------------------------------------------ error hook

    private static Set<ErrorFlag> classify(HardwareHandler h, ScsiResult r, int attempt) {
        ScriptedDevice d = new ScriptedDevice(OWNED_ON_A);
        ScsiCommand read = ScsiCommand.dataIn(Cdbs.read16(0, 1), ByteBuffer.allocate(512));
        return h.error(new PathError(new FakeMapPath(d), read, r, attempt));
    }

    private static ScsiResult senseOf(int key, int asc, int ascq) {
        return ScriptedDevice.sense(new SenseData(SenseKey.of(key), asc, ascq));
    }

    @Test
    void passiveSpBypassesTheGroupAndRetries() throws Exception {
        Set<ErrorFlag> flags = classify(handler(), senseOf(0x2, 0x04, 0x03), 1);
        assertEquals(EnumSet.of(ErrorFlag.BYPASS_PG), flags);
        assertEquals(EnumSet.of(ErrorFlag.BYPASS_PG), classify(handler(), senseOf(0x2, 0x04, 0x03), 40));
    }

    @Test
    void arrayBasedCopyFailsTheIoAndKeepsThePath() throws Exception {
        assertSame(ScsiErrorRules.ERROR_IO, classify(handler(), senseOf(0x5, 0x25, 0x01), 1));
    }

    @Test
    void powerOnUnitAttentionIsRetriedOnThePath() throws Exception {
        assertEquals(Set.of(), classify(handler(), senseOf(0x6, 0x29, 0x00), 1));
        // not limited by the generic retry count: the map's retry budget bounds it
        assertEquals(Set.of(), classify(handler(), senseOf(0x6, 0x29, 0x00), ScsiErrorRules.MAX_RETRIES + 1));
    }

    @ParameterizedTest
    @CsvSource({
        "2, 04, 0B, 1, FAIL_PATH", "2, 04, 01, 1, ''", "3, 11, 00, 1, ERROR_IO", "4, 00, 00, 1, ERROR_IO",
        "5, 24, 00, 1, ERROR_IO", "5, 25, 00, 1, FAIL_PATH", "6, 2A, 06, 1, ''", "6, 2A, 06, 6, FAIL_PATH",
        "6, 29, 01, 1, ''", "9, 80, 00, 1, FAIL_PATH", "B, 00, 00, 1, ''", "B, 00, 00, 6, FAIL_PATH",
        "C, 00, 00, 1, FAIL_PATH", "F, 00, 00, 1, FAIL_PATH"})
    void everythingElseGetsTheGenericVerdict(String key, String asc, String ascq, int attempt, String flag)
            throws Exception {
        ScsiResult r = senseOf(Integer.parseInt(key, 16), Integer.parseInt(asc, 16), Integer.parseInt(ascq, 16));
        Set<ErrorFlag> expected = flag.isEmpty() ? Set.of() : EnumSet.of(ErrorFlag.valueOf(flag));
        assertEquals(expected, classify(handler(), r, attempt));
        assertEquals(ScsiErrorRules.classify(r, attempt), classify(handler(), r, attempt));
    }

    @Test
    void statusesAndTransportFailuresGetTheGenericVerdict() throws Exception {
        assertEquals(ScsiErrorRules.FAIL_PATH,
                classify(handler(), ScsiResult.transportFailure(TransportError.CONNECTION_LOST, "x"), 1));
        assertEquals(ScsiErrorRules.ERROR_IO,
                classify(handler(), ScsiResult.status(ScsiStatus.RESERVATION_CONFLICT, null, 0), 1));
        assertEquals(Set.of(), classify(handler(), ScsiResult.status(ScsiStatus.BUSY, null, 0), 1));
    }

    // ------------------------------------------------------------------------------------------ status

    @Test
    void tableShowsTheFlagsOnlyWhenTheyAreNotTheDefaults() throws Exception {
        assertEquals(List.of(), handler().status(StatusType.TABLE));
        assertEquals(List.of(), handler("0", "0").status(StatusType.TABLE));
        assertEquals(List.of("1", "0"), handler("1", "0").status(StatusType.TABLE));
        assertEquals(List.of("0", "1"), handler("0", "1").status(StatusType.TABLE));
        assertEquals(List.of("1", "1"), handler("01", "1").status(StatusType.TABLE));
        assertEquals(List.of(), handler("1", "1").status(StatusType.INFO));
    }
}
