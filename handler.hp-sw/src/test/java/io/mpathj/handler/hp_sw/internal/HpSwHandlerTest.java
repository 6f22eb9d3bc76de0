package io.mpathj.handler.hp_sw.internal;

import static io.mpathj.handler.hp_sw.internal.Msa.PASSIVE;
import static io.mpathj.handler.hp_sw.internal.Msa.POWER_ON;
import static io.mpathj.handler.hp_sw.internal.Msa.SWITCHING_OVER;
import static io.mpathj.handler.hp_sw.internal.Msa.sense;
import static io.mpathj.testkit.CommandClass.START_STOP_UNIT;
import static io.mpathj.testkit.CommandClass.TEST_UNIT_READY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mpathj.api.InvalidArgumentsException;
import io.mpathj.api.StatusType;
import io.mpathj.api.handler.AttachException;
import io.mpathj.api.handler.ErrorFlag;
import io.mpathj.api.handler.PathError;
import io.mpathj.api.handler.PgInitResult;
import io.mpathj.api.handler.ScsiErrorRules;
import io.mpathj.api.path.PathDevice;
import io.mpathj.api.scsi.Cdbs;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.ScsiStatus;
import io.mpathj.api.scsi.SenseKey;
import io.mpathj.api.scsi.TransportError;
import io.mpathj.testkit.Bytes;
import io.mpathj.testkit.FakeMapPath;
import io.mpathj.testkit.ForwardingPathDevice;
import io.mpathj.testkit.RecordingPgInitRequest;
import io.mpathj.testkit.ScriptedPathDevice;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HpSwHandlerTest {
    private static final int TUR = 0x00;
    private static final int START_STOP = 0x1B;
    private static final ScsiResult LOST = ScsiResult.transportFailure(TransportError.CONNECTION_LOST, "gone");

    private final HpSwHandlerType type = new HpSwHandlerType();

    private HpSwHandler handler() throws InvalidArgumentsException {
        return (HpSwHandler) type.create(List.of());
    }

    /** Runs one pg_init and checks it was answered exactly once. */
    private static PgInitResult activate(HpSwHandler h, PathDevice d) throws Exception {
        RecordingPgInitRequest request = RecordingPgInitRequest.resultsOnly(new FakeMapPath(d)).sendTo(h);
        PgInitResult r = request.await(Duration.ofSeconds(10));
        assertEquals(1, request.answerCount(), "answers");
        return r;
    }

    // ------------------------------------------------------------------------------------------ parameters, status

    @Test
    void takesNoParametersAndPrintsOnlyItsName() throws Exception {
        HpSwHandler h = handler();
        assertEquals(List.of(), h.status(StatusType.TABLE)); // 1 hp_sw
        assertEquals(List.of(), h.status(StatusType.INFO)); // 0
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1", "x y", "1 0"})
    void anyParameterIsRefusedAsScsiDhSetParamsRefusesIt(String args) {
        InvalidArgumentsException e = assertThrows(InvalidArgumentsException.class,
                () -> type.create(Arrays.asList(args.split(" "))));
        assertEquals("unable to set hardware handler parameters", e.getMessage());
    }

    // ------------------------------------------------------------------------------------------ attach

    @Test
    void attachSendsOneTestUnitReadyAndFindsAnActivePath() throws Exception {
        HpSwHandler h = handler();
        ScriptedPathDevice d = Msa.device();
        h.attach(new FakeMapPath(d));
        assertEquals(PathState.ACTIVE, h.state(d.name()));
        assertEquals(List.of(TUR), d.opcodes());
        assertArrayEquals(Bytes.of(0, 0, 0, 0, 0, 0), d.sent().get(0).command().cdb());
        assertEquals(60_000, d.sent().get(0).command().timeoutMillis());
    }

    @Test
    void attachFindsAPassivePathBy020402() throws Exception {
        HpSwHandler h = handler();
        ScriptedPathDevice d = Msa.device().always(TEST_UNIT_READY, PASSIVE);
        h.attach(new FakeMapPath(d));
        assertEquals(PathState.PASSIVE, h.state(d.name()));
        assertEquals(List.of(TUR), d.opcodes(), "attach never activates");
    }

    @Test
    void attachAsksAgainAfterAUnitAttention() throws Exception {
        HpSwHandler h = handler();
        ScriptedPathDevice d = Msa.device().then(TEST_UNIT_READY, POWER_ON, sense(SenseKey.UNIT_ATTENTION, 0x2A, 0x06))
                .always(TEST_UNIT_READY, PASSIVE);
        h.attach(new FakeMapPath(d));
        assertEquals(PathState.PASSIVE, h.state(d.name()));
        assertEquals(3, d.count(TEST_UNIT_READY));
    }

    @Test
    void attachRefusesAPathThatAnswersWithAnyOtherSense() throws Exception {
        HpSwHandler h = handler();
        ScriptedPathDevice d = Msa.device().always(TEST_UNIT_READY, sense(SenseKey.ILLEGAL_REQUEST, 0x25, 0x00));
        AttachException e = assertThrows(AttachException.class, () -> h.attach(new FakeMapPath(d)));
        assertEquals("scripted:msa/0: hp_sw: sending tur failed, sense 5/25/0; not attached", e.getMessage());
        ScriptedPathDevice manual = Msa.device().always(TEST_UNIT_READY, SWITCHING_OVER);
        e = assertThrows(AttachException.class, () -> h.attach(new FakeMapPath(manual)));
        assertEquals("scripted:msa/0: hp_sw: sending tur failed, sense 2/4/3; not attached", e.getMessage());
    }

    @Test
    void attachToleratesAPathWithoutAVerdict() throws Exception {
        HpSwHandler h = handler();
        for (ScsiResult r : List.of(LOST, ScsiResult.status(ScsiStatus.BUSY, null, 0),
                ScsiResult.status(ScsiStatus.RESERVATION_CONFLICT, null, 0), POWER_ON)) {
            ScriptedPathDevice d = Msa.device().always(TEST_UNIT_READY, r);
            h.attach(new FakeMapPath(d));
            assertEquals(PathState.UNKNOWN, h.state(d.name()), r.describe());
        }
    }

    // ------------------------------------------------------------------------------------------ pg_init

    @Test
    void pgInitOnAnActivePathSendsOnlyTestUnitReady() throws Exception {
        HpSwHandler h = handler();
        ScriptedPathDevice d = Msa.device();
        assertEquals(PgInitResult.OK, activate(h, d));
        assertEquals(List.of(TUR), d.opcodes());
        assertEquals(PathState.ACTIVE, h.state(d.name()));
    }

    @Test
    void pgInitOnAPassivePathSendsStartStopUnitWithStart() throws Exception {
        HpSwHandler h = handler();
        ScriptedPathDevice d = Msa.device().then(TEST_UNIT_READY, PASSIVE, PASSIVE);
        h.attach(new FakeMapPath(d));
        assertEquals(PathState.PASSIVE, h.state(d.name()));
        assertEquals(PgInitResult.OK, activate(h, d));
        assertEquals(List.of(TUR, TUR, START_STOP), d.opcodes());
        ScsiCommand ssu = d.sent().get(2).command();
        assertArrayEquals(Bytes.of(0x1B, 0, 0, 0, 1, 0), ssu.cdb());
        assertEquals(60_000, ssu.timeoutMillis());
        assertEquals(PathState.ACTIVE, h.state(d.name()), "the controller is active once START STOP UNIT succeeded");
    }

    @Test
    void startStopUnitIsSentAgainWhileTheSwitchOverIsInProgress() throws Exception {
        HpSwHandler h = handler();
        ScriptedPathDevice d = Msa.device().always(TEST_UNIT_READY, PASSIVE).then(START_STOP_UNIT, SWITCHING_OVER, SWITCHING_OVER);
        assertEquals(PgInitResult.OK, activate(h, d));
        assertEquals(3, d.count(START_STOP_UNIT));
    }

    @Test
    void aSwitchOverThatOutlastsThreeCommandsAsksTheMapToRetry() throws Exception {
        HpSwHandler h = handler();
        ScriptedPathDevice d = Msa.device().always(TEST_UNIT_READY, PASSIVE).always(START_STOP_UNIT, SWITCHING_OVER);
        assertEquals(PgInitResult.RETRY, activate(h, d));
        assertEquals(HpSwCommands.RETRIES, d.count(START_STOP_UNIT));
        assertEquals(3, d.count(START_STOP_UNIT), "HP_SW_RETRIES");
        assertEquals(PathState.PASSIVE, h.state(d.name()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"5/24/0", "6/29/0", "2/4/2", "2/4/1", "4/44/0", "b/47/0"})
    void anyOtherSenseFailsStartStopUnitAtOnce(String triple) throws Exception {
        String[] t = triple.split("/");
        ScsiResult r = sense(SenseKey.of(Integer.parseInt(t[0], 16)), Integer.parseInt(t[1], 16),
                Integer.parseInt(t[2], 16));
        HpSwHandler h = handler();
        ScriptedPathDevice d = Msa.device().always(TEST_UNIT_READY, PASSIVE).always(START_STOP_UNIT, r);
        assertEquals(PgInitResult.IO, activate(h, d));
        assertEquals(1, d.count(START_STOP_UNIT));
    }

    @Test
    void startStopUnitWithoutSenseFails() throws Exception {
        for (ScsiResult r : List.of(LOST, ScsiResult.status(ScsiStatus.RESERVATION_CONFLICT, null, 0),
                ScsiResult.transportFailure(TransportError.TIMEOUT, "60 s"))) {
            HpSwHandler h = handler();
            ScriptedPathDevice d = Msa.device().always(TEST_UNIT_READY, PASSIVE).always(START_STOP_UNIT, r);
            assertEquals(PgInitResult.IO, activate(h, d), r.describe());
            assertEquals(1, d.count(START_STOP_UNIT));
        }
    }

    @Test
    void aFailedTestUnitReadyFailsTheActivationWithoutStartStopUnit() throws Exception {
        for (ScsiResult r : List.of(LOST, sense(SenseKey.HARDWARE_ERROR, 0x44, 0), SWITCHING_OVER,
                ScsiResult.status(ScsiStatus.BUSY, null, 0))) {
            HpSwHandler h = handler();
            ScriptedPathDevice d = Msa.device().always(TEST_UNIT_READY, r);
            assertEquals(PgInitResult.IO, activate(h, d), r.describe());
            assertEquals(List.of(TUR), d.opcodes());
        }
    }

    @Test
    void unitAttentionsThatDoNotStopAskTheMapToRetryAtOnce() throws Exception {
        HpSwHandler h = handler();
        ScriptedPathDevice d = Msa.device().always(TEST_UNIT_READY, POWER_ON);
        assertEquals(PgInitResult.IMM_RETRY, activate(h, d));
        assertEquals(Activation.TUR_ATTEMPTS, d.count(TEST_UNIT_READY));
        ScriptedPathDevice once = Msa.device().then(TEST_UNIT_READY, POWER_ON).always(TEST_UNIT_READY, PASSIVE);
        assertEquals(PgInitResult.OK, activate(h, once));
        assertEquals(List.of(TUR, TUR, START_STOP), once.opcodes());
    }

    @Test
    void aDeviceThatThrowsIsAnsweredDevFailed() throws Exception {
        HpSwHandler h = handler();
        PathDevice d = new ForwardingPathDevice(Msa.device()) {
            @Override
            public CompletionStage<ScsiResult> execute(ScsiCommand command) {
                throw new IllegalStateException("boom");
            }
        };
        assertEquals(PgInitResult.DEV_FAILED, activate(h, d));
    }

    @Test
    void twoPathsOfOneMapKeepTheirOwnState() throws Exception {
        HpSwHandler h = handler();
        ScriptedPathDevice a = Msa.device("scripted:msa/A0");
        ScriptedPathDevice b = Msa.device("scripted:msa/B0").always(TEST_UNIT_READY, PASSIVE);
        h.attach(new FakeMapPath(a));
        h.attach(new FakeMapPath(b));
        assertEquals(PathState.ACTIVE, h.state(a.name()));
        assertEquals(PathState.PASSIVE, h.state(b.name()));
        h.close();
        assertEquals(PathState.UNKNOWN, h.state(a.name()));
    }

    // ------------------------------------------------------------------------------------------ error hook

    private static PathError ioError(ScriptedPathDevice d, ScsiResult r, int attempt) {
        return new PathError(new FakeMapPath(d), ScsiCommand.dataIn(Cdbs.read10(0, 1), ByteBuffer.allocate(512)), r,
                attempt);
    }

    @Test
    void ioOnAPassiveControllerFailsThePath() throws Exception {
        HpSwHandler h = handler();
        ScriptedPathDevice d = Msa.device();
        assertEquals(ScsiErrorRules.FAIL_PATH, h.error(ioError(d, PASSIVE, 1)));
        assertEquals(ScsiErrorRules.FAIL_PATH, h.error(ioError(d, SWITCHING_OVER, 1)));
    }

    @Test
    void otherErrorsGetTheGenericVerdict() throws Exception {
        HpSwHandler h = handler();
        ScriptedPathDevice d = Msa.device();
        h.attach(new FakeMapPath(d));
        assertEquals(ScsiErrorRules.RETRY, h.error(ioError(d, POWER_ON, 1)));
        assertEquals(ScsiErrorRules.ERROR_IO, h.error(ioError(d, sense(SenseKey.MEDIUM_ERROR, 0x11, 0), 1)));
        assertEquals(ScsiErrorRules.ERROR_IO, h.error(ioError(d, sense(SenseKey.ILLEGAL_REQUEST, 0x24, 0), 1)));
        assertEquals(Set.of(ErrorFlag.FAIL_PATH), h.error(ioError(d, LOST, 1)));
        assertEquals(ScsiErrorRules.FAIL_PATH, h.error(ioError(d, POWER_ON, ScsiErrorRules.MAX_RETRIES + 1)));
    }

    @Test
    void aRetryOnAPathKnownPassiveFailsItAsPrepFnWouldKillTheIo() throws Exception {
        HpSwHandler h = handler();
        ScriptedPathDevice d = Msa.device().always(TEST_UNIT_READY, PASSIVE);
        h.attach(new FakeMapPath(d));
        assertEquals(ScsiErrorRules.FAIL_PATH, h.error(ioError(d, POWER_ON, 1)));
        assertEquals(ScsiErrorRules.FAIL_PATH, h.error(ioError(d, ScsiResult.status(ScsiStatus.BUSY, null, 0), 1)));
        // a device-level error stays the I/O's own
        assertEquals(ScsiErrorRules.ERROR_IO, h.error(ioError(d, sense(SenseKey.MEDIUM_ERROR, 0x11, 0), 1)));
    }
}
