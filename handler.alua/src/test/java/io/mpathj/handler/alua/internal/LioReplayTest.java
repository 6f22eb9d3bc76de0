package io.mpathj.handler.alua.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mpathj.api.StatusType;
import io.mpathj.api.handler.ErrorFlag;
import io.mpathj.api.handler.HardwareHandler;
import io.mpathj.api.handler.PathError;
import io.mpathj.api.handler.PgInitResult;
import io.mpathj.api.handler.ScsiErrorRules;
import io.mpathj.api.scsi.Cdbs;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.SenseKey;
import io.mpathj.testkit.FakeMapPath;
import io.mpathj.testkit.RecordingPgInitRequest;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The handler on devices that answer with LIO's exact bytes from {@code lio-answers.txt} (standard INQUIRY, VPD 0x83,
 * RTPG in either format, and the RTPG after an STPG), one layout of the lio module's guest per test. The handler polls
 * once an hour here: an answer that needed a poll would not come within the test's wait.
 */
class LioReplayTest {
    private static final Duration ANSWER = Duration.ofSeconds(5);
    private static final String STPG_CDB = "a4 0a 00 00 00 00 00 00 00 08 00 00";
    private static final String STPG_PG_B = STPG_CDB + " | 00 00 00 00 00 00 00 02";

    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(1);
    private final AtomicLong clock = new AtomicLong();
    private final HardwareHandler h = new AluaHandlerType(executor, Duration.ofHours(1), clock::get).create(List.of());

    LioReplayTest() throws Exception {
    }

    @AfterEach
    void tearDown() throws Exception {
        h.close();
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }

    /**
     * A device that answers as LIO did through port {@code answers} ({@code samegroup.a}, ...): INQUIRY and VPD 0x83
     * from the fixture, RTPG from {@code rtpgExtended} (a fixture name, changeable) and {@code answers}'s
     * length-only answer; STPG is GOOD and makes {@code rtpgExtended} {@code afterStpg} (null: unchanged).
     */
    private static ScriptedDevice device(String name, String answers, AtomicReference<String> rtpgExtended,
            String afterStpg) {
        return new ScriptedDevice(name, c -> {
            byte[] cdb = c.cdb();
            return switch (cdb[0] & 0xFF) {
                case 0x12 -> ScriptedDevice.dataIn(c, LioFixtures.answer(answers
                        + ((cdb[1] & 1) != 0 ? ".vpd83" : ".inquiry")));
                case 0xA3 -> ScriptedDevice.dataIn(c, LioFixtures.answer((cdb[1] & 0xE0) == 0x20 ? rtpgExtended.get()
                        : answers + ".rtpg-length-only"));
                case 0xA4 -> {
                    if (afterStpg != null) {
                        rtpgExtended.set(afterStpg);
                    }
                    yield ScsiResult.good();
                }
                default -> ScriptedDevice.check(SenseKey.ILLEGAL_REQUEST, 0x20, 0x00);
            };
        });
    }

    private static ScriptedDevice device(String name, String answers) {
        return device(name, answers, new AtomicReference<>(answers + ".rtpg-extended"), null);
    }

    private FakeMapPath attach(ScriptedDevice device, String status) throws Exception {
        FakeMapPath p = new FakeMapPath(device);
        h.attach(p);
        AluaHandlerTest.eventually(() -> h.status(StatusType.INFO).contains(status), status);
        return p;
    }

    private PgInitResult activate(FakeMapPath p) throws Exception {
        return RecordingPgInitRequest.resultsOnly(p).sendTo(h).await(ANSWER);
    }

    private Set<ErrorFlag> verdict(FakeMapPath p, ScsiResult r, int attempt) {
        ScsiCommand read = ScsiCommand.dataIn(Cdbs.read16(0, 1), ByteBuffer.allocate(512));
        return h.error(new PathError(p, read, r, attempt));
    }

    /**
     * Two ports of one group (samegroup: tpgt_1 and tpgt_2 both in pg_a): LIO's extended answer declares two target
     * ports and cuts the second; both paths are in group 1, Active/Optimized, and activate without STPG.
     */
    @Test
    void twoPortsOfOneActiveGroupActivateWithoutStpg() throws Exception {
        ScriptedDevice a = device("lio:A", "samegroup.a");
        ScriptedDevice b = device("lio:B", "samegroup.b");
        FakeMapPath pa = attach(a, "lio:A:1:A");
        FakeMapPath pb = attach(b, "lio:B:1:A");
        assertEquals(PgInitResult.OK, activate(pa));
        assertEquals(PgInitResult.OK, activate(pb));
        assertEquals(List.of("lio:A:1:A", "lio:B:1:A"), h.status(StatusType.INFO));
        assertEquals(List.of(), a.sent(0xA4));
        assertEquals(List.of(), b.sent(0xA4));
    }

    /**
     * Explicit only (TPGS 2): the standby group pg_b is activated by one STPG, and the RTPG LIO answered after it
     * (pg_b Active/Optimized, STATUS CODE 01h) ends the activation at once: no wait for an implicit transition.
     */
    @Test
    void explicitOnlyStandbyIsActivatedByOneStpgWithoutWaiting() throws Exception {
        ScriptedDevice a = device("lio:A", "explicit.a");
        ScriptedDevice b = device("lio:B", "explicit.b", new AtomicReference<>("explicit.b.rtpg-extended"),
                "explicit.b.rtpg-extended-after-stpg");
        FakeMapPath pa = attach(a, "lio:A:1:A");
        FakeMapPath pb = attach(b, "lio:B:2:S");
        assertEquals(PgInitResult.OK, activate(pa));
        assertEquals(List.of(), a.sent(0xA4));
        assertEquals(PgInitResult.OK, activate(pb));
        assertEquals(List.of(STPG_PG_B), b.sent(0xA4));
        assertEquals(List.of("lio:A:1:A", "lio:B:2:A"), h.status(StatusType.INFO));
        assertEquals(0, clock.get(), "no time passed");
    }

    /**
     * LIO holding pg_a in Transitioning with implicit_trans_secs 3: the group's transition timeout is LIO's 3 s, so
     * 02/04/0A is retried on the path until 3 s after the RTPG reported the transition, then fails it.
     */
    @Test
    void liosTransitionTimeFailsThePathAfterThreeSeconds() throws Exception {
        FakeMapPath a = attach(device("lio:A", "a", new AtomicReference<>("a.rtpg-extended-transitioning"), null),
                "lio:A:1:T");
        ScsiResult transitioning = ScriptedDevice.check(SenseKey.NOT_READY, 0x04, 0x0A);
        assertEquals(Set.of(), verdict(a, transitioning, 1));
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(2_999));
        assertEquals(Set.of(), verdict(a, transitioning, 30), "2.999 s < LIO's 3 s");
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));
        assertEquals(ScsiErrorRules.FAIL_PATH, verdict(a, transitioning, 31), "3 s");
    }
}
