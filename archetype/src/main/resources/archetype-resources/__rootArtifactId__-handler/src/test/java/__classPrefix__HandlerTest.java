package ${package};

import static io.mpathj.testkit.CommandClass.START_STOP_UNIT;
import static io.mpathj.testkit.CommandClass.TEST_UNIT_READY;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mpathj.api.handler.PgInitResult;
import io.mpathj.api.path.PathDevice;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiOpcode;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.SenseKey;
import io.mpathj.testkit.FakeMapPath;
import io.mpathj.testkit.ForwardingPathDevice;
import io.mpathj.testkit.RecordingPgInitRequest;
import io.mpathj.testkit.ScriptedPathDevice;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** pg_init against the test kit's scripted path device: answers queued per command class, commands recorded. */
class ${classPrefix}HandlerTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final ScsiResult PASSIVE = ScriptedPathDevice.sense(SenseKey.NOT_READY, 0x04, 0x0B);

    private static PgInitResult pgInit(PathDevice device) throws Exception {
        return new RecordingPgInitRequest(new FakeMapPath(device)).sendTo(new ${classPrefix}Handler()).await(WAIT);
    }

    @Test
    void anActivePathNeedsOnlyTestUnitReady() throws Exception {
        ScriptedPathDevice device = new ScriptedPathDevice("scripted:v/A0/0");
        assertEquals(PgInitResult.OK, pgInit(device));
        assertEquals(List.of(ScsiOpcode.TEST_UNIT_READY), device.opcodes());
    }

    @Test
    void aPassivePathIsStartedWithStartStopUnit() throws Exception {
        ScriptedPathDevice device = new ScriptedPathDevice("scripted:v/B0/0").then(TEST_UNIT_READY, PASSIVE);
        assertEquals(PgInitResult.OK, pgInit(device));
        assertEquals(List.of(ScsiOpcode.TEST_UNIT_READY, ScsiOpcode.START_STOP_UNIT), device.opcodes());
        assertEquals(1, device.sent(START_STOP_UNIT).get(0).cdb()[4] & 0x01, "START set");
    }

    @Test
    void initializingCommandRequiredIsPassiveToo() throws Exception {
        ScriptedPathDevice device = new ScriptedPathDevice("scripted:v/B0/0").then(TEST_UNIT_READY,
                ScriptedPathDevice.sense(SenseKey.NOT_READY, 0x04, 0x02));
        assertEquals(PgInitResult.OK, pgInit(device));
        assertEquals(1, device.count(START_STOP_UNIT));
    }

    @Test
    void aRefusedStartFailsThePathAndAUnitAttentionIsRetried() throws Exception {
        assertEquals(PgInitResult.IO, pgInit(new ScriptedPathDevice("scripted:v/B0/0").always(TEST_UNIT_READY,
                PASSIVE).always(START_STOP_UNIT, ScriptedPathDevice.sense(SenseKey.ILLEGAL_REQUEST, 0x24, 0x00))));
        assertEquals(PgInitResult.RETRY, pgInit(new ScriptedPathDevice("scripted:v/A0/0").then(TEST_UNIT_READY,
                ScriptedPathDevice.sense(SenseKey.UNIT_ATTENTION, 0x29, 0x00))));
    }

    @Test
    void everyRequestIsAnsweredExactlyOnceEvenWhenTheDeviceBreaksItsContract() throws Exception {
        PathDevice throwing = new ForwardingPathDevice(new ScriptedPathDevice("scripted:v/A0/0")) {
            @Override
            public CompletionStage<ScsiResult> execute(ScsiCommand command) {
                throw new IllegalStateException("a broken transport");
            }
        };
        RecordingPgInitRequest request = new RecordingPgInitRequest(new FakeMapPath(throwing))
                .sendTo(new ${classPrefix}Handler());
        assertEquals(PgInitResult.DEV_FAILED, request.await(WAIT));
        assertEquals(1, request.answerCount());
    }
}
