package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mpathj.api.handler.PgInitResult;
import io.mpathj.api.path.PathDevice;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiOpcode;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.SenseData;
import io.mpathj.api.scsi.SenseKey;
import io.mpathj.testkit.FakeMapPath;
import io.mpathj.testkit.RecordingPgInitRequest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** pg_init against a path device that answers from a script, one answer per command, in order. */
class ${classPrefix}HandlerTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    /** A path device that answers each command with the next scripted result and records the opcodes. */
    static final class ScriptedDevice implements PathDevice {
        final Deque<ScsiResult> answers = new ArrayDeque<>();
        final List<Integer> opcodes = new ArrayList<>();

        ScriptedDevice answer(ScsiResult... results) {
            answers.addAll(List.of(results));
            return this;
        }

        @Override
        public String name() {
            return "scripted:0";
        }

        @Override
        public boolean isOnline() {
            return true;
        }

        @Override
        public synchronized CompletionStage<ScsiResult> execute(ScsiCommand command) {
            opcodes.add(command.cdb()[0] & 0xFF);
            ScsiResult next = answers.poll();
            return next == null ? CompletableFuture.failedStage(new IllegalStateException("no scripted answer"))
                    : CompletableFuture.completedStage(next);
        }
    }

    private static ScsiResult sense(SenseKey key, int asc, int ascq) {
        return ScsiResult.checkCondition(new SenseData(key, asc, ascq).toFixed());
    }

    private static PgInitResult pgInit(ScriptedDevice device) throws Exception {
        return new RecordingPgInitRequest(new FakeMapPath(device)).sendTo(new ${classPrefix}Handler()).await(WAIT);
    }

    @Test
    void anActivePathNeedsOnlyTestUnitReady() throws Exception {
        ScriptedDevice device = new ScriptedDevice().answer(ScsiResult.good());
        assertEquals(PgInitResult.OK, pgInit(device));
        assertEquals(List.of(ScsiOpcode.TEST_UNIT_READY), device.opcodes);
    }

    @Test
    void aPassivePathIsStartedWithStartStopUnit() throws Exception {
        ScriptedDevice device = new ScriptedDevice().answer(sense(SenseKey.NOT_READY, 0x04, 0x02), ScsiResult.good());
        assertEquals(PgInitResult.OK, pgInit(device));
        assertEquals(List.of(ScsiOpcode.TEST_UNIT_READY, ScsiOpcode.START_STOP_UNIT), device.opcodes);
    }

    @Test
    void aRefusedStartFailsThePathAndAUnitAttentionIsRetried() throws Exception {
        assertEquals(PgInitResult.IO, pgInit(new ScriptedDevice().answer(sense(SenseKey.NOT_READY, 0x04, 0x02),
                sense(SenseKey.ILLEGAL_REQUEST, 0x24, 0x00))));
        assertEquals(PgInitResult.RETRY, pgInit(new ScriptedDevice().answer(sense(SenseKey.UNIT_ATTENTION, 0x29,
                0x00))));
    }

    @Test
    void everyRequestIsAnsweredExactlyOnceEvenWhenTheDeviceBreaksItsContract() throws Exception {
        RecordingPgInitRequest request = new RecordingPgInitRequest(new FakeMapPath(new ScriptedDevice()))
                .sendTo(new ${classPrefix}Handler());
        assertEquals(PgInitResult.DEV_FAILED, request.await(WAIT));
        assertEquals(1, request.answerCount());
    }
}
