package io.mpathj.handler.hp_sw.internal;

import static io.mpathj.handler.hp_sw.internal.ScriptedDevice.PASSIVE;
import static io.mpathj.handler.hp_sw.internal.ScriptedDevice.POWER_ON;
import static io.mpathj.handler.hp_sw.internal.ScriptedDevice.SWITCHING_OVER;
import static io.mpathj.handler.hp_sw.internal.ScriptedDevice.sense;
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
import io.mpathj.api.scsi.Cdbs;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.ScsiStatus;
import io.mpathj.api.scsi.SenseKey;
import io.mpathj.api.scsi.TransportError;
import io.mpathj.testkit.FakeMapPath;
import io.mpathj.testkit.RecordingPgInitRequest;
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
    private static PgInitResult activate(HpSwHandler h, ScriptedDevice d) throws Exception {
        RecordingPgInitRequest request = RecordingPgInitRequest.resultsOnly(new FakeMapPath(d)).sendTo(h);
        PgInitResult r = request.await(Duration.ofSeconds(10));
        assertEquals(1, request.answerCount(), "answers");
        return r;
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
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
        ScriptedDevice d = new ScriptedDevice();
        h.attach(new FakeMapPath(d));
        assertEquals(PathState.ACTIVE, h.state(d.name()));
        assertEquals(List.of(TUR), d.opcodes());
        assertArrayEquals(bytes(0, 0, 0, 0, 0, 0), d.commands.get(0).cdb());
        assertEquals(60_000, d.commands.get(0).timeoutMillis());
    }

    @Test
    void attachFindsAPassivePathBy020402() throws Exception {
        HpSwHandler h = handler();
        ScriptedDevice d = new ScriptedDevice().always(TUR, PASSIVE);
        h.attach(new FakeMapPath(d));
        assertEquals(PathState.PASSIVE, h.state(d.name()));
        assertEquals(List.of(TUR), d.opcodes(), "attach never activates");
    }

    @Test
    void attachAsksAgainAfterAUnitAttention() throws Exception {
        HpSwHandler h = handler();
        ScriptedDevice d = new ScriptedDevice().then(TUR, POWER_ON, sense(SenseKey.UNIT_ATTENTION, 0x2A, 0x06))
                .always(TUR, PASSIVE);
        h.attach(new FakeMapPath(d));
        assertEquals(PathState.PASSIVE, h.state(d.name()));
        assertEquals(3, d.count(TUR));
    }

    @Test
    void attachRefusesAPathThatAnswersWithAnyOtherSense() throws Exception {
        HpSwHandler h = handler();
        ScriptedDevice d = new ScriptedDevice().always(TUR, sense(SenseKey.ILLEGAL_REQUEST, 0x25, 0x00));
        AttachException e = assertThrows(AttachException.class, () -> h.attach(new FakeMapPath(d)));
        assertEquals("scripted:msa/0: hp_sw: sending tur failed, sense 5/25/0; not attached", e.getMessage());
        ScriptedDevice manual = new ScriptedDevice().always(TUR, SWITCHING_OVER);
        e = assertThrows(AttachException.class, () -> h.attach(new FakeMapPath(manual)));
        assertEquals("scripted:msa/0: hp_sw: sending tur failed, sense 2/4/3; not attached", e.getMessage());
    }

    @Test
    void attachToleratesAPathWithoutAVerdict() throws Exception {
        HpSwHandler h = handler();
        for (ScsiResult r : List.of(LOST, ScsiResult.status(ScsiStatus.BUSY, null, 0),
                ScsiResult.status(ScsiStatus.RESERVATION_CONFLICT, null, 0), POWER_ON)) {
            ScriptedDevice d = new ScriptedDevice().always(TUR, r);
            h.attach(new FakeMapPath(d));
            assertEquals(PathState.UNKNOWN, h.state(d.name()), r.describe());
        }
    }

    // ------------------------------------------------------------------------------------------ pg_init

    @Test
    void pgInitOnAnActivePathSendsOnlyTestUnitReady() throws Exception {
        HpSwHandler h = handler();
        ScriptedDevice d = new ScriptedDevice();
        assertEquals(PgInitResult.OK, activate(h, d));
        assertEquals(List.of(TUR), d.opcodes());
        assertEquals(PathState.ACTIVE, h.state(d.name()));
    }

    @Test
    void pgInitOnAPassivePathSendsStartStopUnitWithStart() throws Exception {
        HpSwHandler h = handler();
        ScriptedDevice d = new ScriptedDevice().then(TUR, PASSIVE, PASSIVE);
        h.attach(new FakeMapPath(d));
        assertEquals(PathState.PASSIVE, h.state(d.name()));
        assertEquals(PgInitResult.OK, activate(h, d));
        assertEquals(List.of(TUR, TUR, START_STOP), d.opcodes());
        ScsiCommand ssu = d.commands.get(2);
        assertArrayEquals(bytes(0x1B, 0, 0, 0, 1, 0), ssu.cdb());
        assertEquals(60_000, ssu.timeoutMillis());
        assertEquals(PathState.ACTIVE, h.state(d.name()), "the controller is active once START STOP UNIT succeeded");
    }

    @Test
    void startStopUnitIsSentAgainWhileTheSwitchOverIsInProgress() throws Exception {
        HpSwHandler h = handler();
        ScriptedDevice d = new ScriptedDevice().always(TUR, PASSIVE).then(START_STOP, SWITCHING_OVER, SWITCHING_OVER);
        assertEquals(PgInitResult.OK, activate(h, d));
        assertEquals(3, d.count(START_STOP));
    }

    @Test
    void aSwitchOverThatOutlastsThreeCommandsAsksTheMapToRetry() throws Exception {
        HpSwHandler h = handler();
        ScriptedDevice d = new ScriptedDevice().always(TUR, PASSIVE).always(START_STOP, SWITCHING_OVER);
        assertEquals(PgInitResult.RETRY, activate(h, d));
        assertEquals(HpSwCommands.RETRIES, d.count(START_STOP));
        assertEquals(3, d.count(START_STOP), "HP_SW_RETRIES");
        assertEquals(PathState.PASSIVE, h.state(d.name()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"5/24/0", "6/29/0", "2/4/2", "2/4/1", "4/44/0", "b/47/0"})
    void anyOtherSenseFailsStartStopUnitAtOnce(String triple) throws Exception {
        String[] t = triple.split("/");
        ScsiResult r = sense(SenseKey.of(Integer.parseInt(t[0], 16)), Integer.parseInt(t[1], 16),
                Integer.parseInt(t[2], 16));
        HpSwHandler h = handler();
        ScriptedDevice d = new ScriptedDevice().always(TUR, PASSIVE).always(START_STOP, r);
        assertEquals(PgInitResult.IO, activate(h, d));
        assertEquals(1, d.count(START_STOP));
    }

    @Test
    void startStopUnitWithoutSenseFails() throws Exception {
        for (ScsiResult r : List.of(LOST, ScsiResult.status(ScsiStatus.RESERVATION_CONFLICT, null, 0),
                ScsiResult.transportFailure(TransportError.TIMEOUT, "60 s"))) {
            HpSwHandler h = handler();
            ScriptedDevice d = new ScriptedDevice().always(TUR, PASSIVE).always(START_STOP, r);
            assertEquals(PgInitResult.IO, activate(h, d), r.describe());
            assertEquals(1, d.count(START_STOP));
        }
    }

    @Test
    void aFailedTestUnitReadyFailsTheActivationWithoutStartStopUnit() throws Exception {
        for (ScsiResult r : List.of(LOST, sense(SenseKey.HARDWARE_ERROR, 0x44, 0), SWITCHING_OVER,
                ScsiResult.status(ScsiStatus.BUSY, null, 0))) {
            HpSwHandler h = handler();
            ScriptedDevice d = new ScriptedDevice().always(TUR, r);
            assertEquals(PgInitResult.IO, activate(h, d), r.describe());
            assertEquals(List.of(TUR), d.opcodes());
        }
    }

    @Test
    void unitAttentionsThatDoNotStopAskTheMapToRetryAtOnce() throws Exception {
        HpSwHandler h = handler();
        ScriptedDevice d = new ScriptedDevice().always(TUR, POWER_ON);
        assertEquals(PgInitResult.IMM_RETRY, activate(h, d));
        assertEquals(Activation.TUR_ATTEMPTS, d.count(TUR));
        ScriptedDevice once = new ScriptedDevice().then(TUR, POWER_ON).always(TUR, PASSIVE);
        assertEquals(PgInitResult.OK, activate(h, once));
        assertEquals(List.of(TUR, TUR, START_STOP), once.opcodes());
    }

    @Test
    void aDeviceThatThrowsIsAnsweredDevFailed() throws Exception {
        HpSwHandler h = handler();
        ScriptedDevice d = new ScriptedDevice() {
            @Override
            public synchronized CompletionStage<ScsiResult> execute(ScsiCommand command) {
                throw new IllegalStateException("boom");
            }
        };
        assertEquals(PgInitResult.DEV_FAILED, activate(h, d));
    }

    @Test
    void twoPathsOfOneMapKeepTheirOwnState() throws Exception {
        HpSwHandler h = handler();
        ScriptedDevice a = new ScriptedDevice("scripted:msa/A0");
        ScriptedDevice b = new ScriptedDevice("scripted:msa/B0").always(TUR, PASSIVE);
        h.attach(new FakeMapPath(a));
        h.attach(new FakeMapPath(b));
        assertEquals(PathState.ACTIVE, h.state(a.name()));
        assertEquals(PathState.PASSIVE, h.state(b.name()));
        h.close();
        assertEquals(PathState.UNKNOWN, h.state(a.name()));
    }

    // ------------------------------------------------------------------------------------------ error hook

    private static PathError ioError(ScriptedDevice d, ScsiResult r, int attempt) {
        return new PathError(new FakeMapPath(d), ScsiCommand.dataIn(Cdbs.read10(0, 1), ByteBuffer.allocate(512)), r,
                attempt);
    }

    @Test
    void ioOnAPassiveControllerFailsThePath() throws Exception {
        HpSwHandler h = handler();
        ScriptedDevice d = new ScriptedDevice();
        assertEquals(ScsiErrorRules.FAIL_PATH, h.error(ioError(d, PASSIVE, 1)));
        assertEquals(ScsiErrorRules.FAIL_PATH, h.error(ioError(d, SWITCHING_OVER, 1)));
    }

    @Test
    void otherErrorsGetTheGenericVerdict() throws Exception {
        HpSwHandler h = handler();
        ScriptedDevice d = new ScriptedDevice();
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
        ScriptedDevice d = new ScriptedDevice().always(TUR, PASSIVE);
        h.attach(new FakeMapPath(d));
        assertEquals(ScsiErrorRules.FAIL_PATH, h.error(ioError(d, POWER_ON, 1)));
        assertEquals(ScsiErrorRules.FAIL_PATH, h.error(ioError(d, ScsiResult.status(ScsiStatus.BUSY, null, 0), 1)));
        // a device-level error stays the I/O's own
        assertEquals(ScsiErrorRules.ERROR_IO, h.error(ioError(d, sense(SenseKey.MEDIUM_ERROR, 0x11, 0), 1)));
    }
}
