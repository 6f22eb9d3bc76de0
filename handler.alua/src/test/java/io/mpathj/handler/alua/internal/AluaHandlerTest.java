package io.mpathj.handler.alua.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import io.mpathj.api.scsi.SenseKey;
import io.mpathj.api.scsi.TransportError;
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
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The handler against hand-built devices: exact commands, every activation outcome, the sense rules, status. */
class AluaHandlerTest {
    static final String STD_INQUIRY = "12 00 00 00 24 00";
    static final String VPD_83 = "12 01 83 00 ff 00";
    static final String RTPG_EXT = "a3 2a 00 00 00 00 00 00 00 80 00 00";
    static final String RTPG_SHORT = "a3 0a 00 00 00 00 00 00 00 80 00 00";
    static final String STPG_CDB = "a4 0a 00 00 00 00 00 00 00 08 00 00";
    /** How long a test waits for a pg_init answer. */
    static final Duration ANSWER = Duration.ofSeconds(5);

    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(1);
    private final AtomicLong clock = new AtomicLong();
    private final TestTarget target = new TestTarget();
    /** The handler under test. */
    private HardwareHandler h;

    @AfterEach
    void tearDown() throws Exception {
        executor.shutdownNow();
        assertTrue(executor.awaitTermination(5, TimeUnit.SECONDS));
    }

    private HardwareHandler handler(String... args) throws Exception {
        return new AluaHandlerType(executor, Duration.ofMillis(5), clock::get).create(List.of(args));
    }

    /** A new handler with one path, t:A, in group 1 through relative port 1. */
    private FakeMapPath pathA() throws Exception {
        h = handler();
        return attach("t:A", 1, 1);
    }

    /** Attaches a path and waits for the attach-time RTPG to report the group's state. */
    private FakeMapPath attach(String name, int group, int relPort) throws Exception {
        FakeMapPath p = new FakeMapPath(target.device(name, group, relPort));
        h.attach(p);
        eventually(((AluaHandler) h)::idle, "the attach-time RTPG");
        return p;
    }

    private static ScriptedDevice dev(FakeMapPath p) {
        return (ScriptedDevice) p.device();
    }

    static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(1);
        }
    }

    // ------------------------------------------------------------------------------------------------ attach

    @Test
    void attachReadsInquiryAndVpd83ThenLearnsTheState() throws Exception {
        target.group(1, 0x0, true).group(2, 0x2, false);
        FakeMapPath a = pathA();
        FakeMapPath b = attach("t:B", 2, 2);
        assertEquals(List.of(STD_INQUIRY, VPD_83, RTPG_EXT), dev(a).sent());
        assertEquals(List.of(STD_INQUIRY, VPD_83, RTPG_EXT), dev(b).sent());
        assertEquals(List.of("t:A:1:A", "t:B:2:S"), h.status(StatusType.INFO));
        assertEquals(List.of(), h.status(StatusType.TABLE));
    }

    @Test
    void attachRefusesADeviceWithoutTpgs() throws Exception {
        target.tpgs = 0;
        AttachException e = assertThrows(AttachException.class,
                () -> handler().attach(new FakeMapPath(target.device("t:A", 1, 1))));
        assertEquals("alua: t:A: not supported: standard INQUIRY reports TPGS 0 (no asymmetric logical unit access)",
                e.getMessage());
    }

    @Test
    void attachRefusesADeviceWithoutATargetPortGroupDesignator() throws Exception {
        AttachException e = assertThrows(AttachException.class,
                () -> handler().attach(new FakeMapPath(target.device("t:A", -1, 1))));
        assertEquals("alua: t:A: No target port group found (no target port group designator in VPD page 0x83;"
                + " SCSI_DH_DEV_UNSUPP)", e.getMessage());
    }

    @Test
    void attachRefusesNonDisksAndFailedInquiries() throws Exception {
        ScriptedDevice tape = new ScriptedDevice("t:T", c -> {
            byte[] d = TestTarget.standardInquiry(3);
            d[0] = 0x01;
            return ScriptedDevice.dataIn(c, d);
        });
        AttachException e = assertThrows(AttachException.class, () -> handler().attach(new FakeMapPath(tape)));
        assertEquals("alua: t:T: peripheral device type 0x01 is not a disk; ALUA is handled for disks only",
                e.getMessage());
        ScriptedDevice gone = new ScriptedDevice("t:G",
                c -> ScsiResult.transportFailure(TransportError.CONNECTION_LOST, "link down"));
        e = assertThrows(AttachException.class, () -> handler().attach(new FakeMapPath(gone)));
        assertEquals("alua: t:G: INQUIRY failed: transport error CONNECTION_LOST: link down", e.getMessage());
    }

    // ------------------------------------------------------------------------------------------------ pg_init

    @Test
    void standbyGroupOfAnExplicitArrayIsSwitchedByOneStpg() throws Exception {
        target.group(1, 0x0, true).group(2, 0x2, false);
        h = handler();
        attach("t:A", 1, 1);
        FakeMapPath b = attach("t:B", 2, 2);
        RecordingPgInitRequest r = RecordingPgInitRequest.resultsOnly(b).sendTo(h);
        assertEquals(PgInitResult.OK, r.await(ANSWER));
        assertEquals(List.of(STD_INQUIRY, VPD_83, RTPG_EXT, RTPG_EXT, STPG_CDB + " | 00 00 00 00 00 00 00 02",
                RTPG_EXT), dev(b).sent());
        assertEquals(List.of("t:A:1:S", "t:B:2:A"), h.status(StatusType.INFO));
    }

    @Test
    void activeOptimizedNeedsNoStpg() throws Exception {
        target.group(1, 0x0, true);
        FakeMapPath a = pathA();
        RecordingPgInitRequest r = RecordingPgInitRequest.resultsOnly(a).sendTo(h);
        assertEquals(PgInitResult.OK, r.await(ANSWER));
        assertEquals(0, target.stpgs.get());
        assertEquals(List.of(STD_INQUIRY, VPD_83, RTPG_EXT, RTPG_EXT), dev(a).sent());
    }

    @Test
    void optimizeStpgSkipsOnlyNonPreferredActiveNonOptimizedGroupsWithImplicitSupport() throws Exception {
        assertEquals(0, activateNonOptimized(3, false, "1"));
        assertEquals(1, activateNonOptimized(3, true, "1"), "a preferred group is still optimized");
        assertEquals(1, activateNonOptimized(2, false, "1"), "explicit-only arrays cannot move by themselves");
        assertEquals(1, activateNonOptimized(3, false, "0"));
        assertEquals(1, activateNonOptimized(3, false));
    }

    private int activateNonOptimized(int tpgs, boolean pref, String... args) throws Exception {
        TestTarget t = new TestTarget();
        t.tpgs = tpgs;
        t.group(1, 0x1, pref).group(2, 0x0, !pref);
        HardwareHandler other = handler(args);
        FakeMapPath p = new FakeMapPath(t.device("t:N", 1, 1));
        other.attach(p);
        RecordingPgInitRequest r = RecordingPgInitRequest.resultsOnly(p).sendTo(other);
        assertEquals(PgInitResult.OK, r.await(ANSWER));
        other.close();
        return t.stpgs.get();
    }

    @Test
    void theExtendedHeaderFallsBackToTheLengthOnlyHeaderOnIllegalRequest() throws Exception {
        target.extendedHeader = false;
        target.group(1, 0x2, false).group(2, 0x0, true);
        FakeMapPath a = pathA();
        RecordingPgInitRequest r = RecordingPgInitRequest.resultsOnly(a).sendTo(h);
        assertEquals(PgInitResult.OK, r.await(ANSWER));
        assertEquals(List.of(STD_INQUIRY, VPD_83, RTPG_EXT, RTPG_SHORT, RTPG_SHORT,
                STPG_CDB + " | 00 00 00 00 00 00 00 01", RTPG_SHORT), dev(a).sent());
    }

    /** The test target set up as issue 15's LIO: pg_a (1) A/O, pg_b (2) standby altered implicitly, T O U S N A. */
    private void lio() {
        target.supportedStates = 0xCF;
        target.lioReturnDataLength = true;
        target.group(1, 0x0, false).group(2, 0x2, false);
        target.statusCodes.put(2, 0x02);
    }

    @Test
    void theTestTargetAnswersAsLioDid() {
        lio();
        assertEquals(ScriptedDevice.hex(LioFixtures.extended()), ScriptedDevice.hex(target.rtpg(true, 1)));
        target.lioReturnDataLength = false;
        assertEquals(ScriptedDevice.hex(LioFixtures.lengthOnly()), ScriptedDevice.hex(target.rtpg(false, 1)));
    }

    @Test
    void liosExtendedAnswerIsUsedAsLinuxUsesItAndFailoverByStpgWorks() throws Exception {
        lio();
        h = handler();
        FakeMapPath a = attach("lio:A", 1, 1);
        FakeMapPath b = attach("lio:B", 2, 2);
        assertEquals(List.of("lio:A:1:A", "lio:B:2:S"), h.status(StatusType.INFO));
        RecordingPgInitRequest r = RecordingPgInitRequest.resultsOnly(a).sendTo(h);
        assertEquals(PgInitResult.OK, r.await(ANSWER));
        // the standby group is activated by STPG; every RTPG kept the extended header
        RecordingPgInitRequest rb = RecordingPgInitRequest.resultsOnly(b).sendTo(h);
        assertEquals(PgInitResult.OK, rb.await(ANSWER));
        assertEquals(List.of(STD_INQUIRY, VPD_83, RTPG_EXT, RTPG_EXT, STPG_CDB + " | 00 00 00 00 00 00 00 02",
                RTPG_EXT), dev(b).sent());
        assertEquals(List.of(STD_INQUIRY, VPD_83, RTPG_EXT, RTPG_EXT), dev(a).sent());
        assertEquals(List.of("lio:A:1:S", "lio:B:2:A"), h.status(StatusType.INFO));
        // and back (failback): the last descriptor, now group 2's, is the one cut
        RecordingPgInitRequest back = RecordingPgInitRequest.resultsOnly(a).sendTo(h);
        assertEquals(PgInitResult.OK, back.await(ANSWER));
        assertEquals(List.of("lio:A:1:A", "lio:B:2:S"), h.status(StatusType.INFO));
        assertEquals(2, target.stpgs.get());
        assertTrue(dev(a).sent(0xA3).stream().allMatch(RTPG_EXT::equals), dev(a).sent().toString());
    }

    @Test
    void anExtendedAnswerThatCannotBeReadFallsBackToTheLengthOnlyHeader() throws Exception {
        // group 1 claims 5 ports: group 2's header lies past RETURN DATA LENGTH, so a group 2 path cannot read it
        lio();
        byte[] broken = LioFixtures.extended();
        broken[15] = 5;
        target.rawRtpg.put("extended", broken);
        h = handler();
        FakeMapPath b = attach("lio:B", 2, 2);
        assertEquals(List.of("lio:B:2:S"), h.status(StatusType.INFO));
        RecordingPgInitRequest r = RecordingPgInitRequest.resultsOnly(b).sendTo(h);
        assertEquals(PgInitResult.OK, r.await(ANSWER));
        assertEquals(List.of(STD_INQUIRY, VPD_83, RTPG_EXT, RTPG_SHORT, RTPG_SHORT,
                STPG_CDB + " | 00 00 00 00 00 00 00 02", RTPG_SHORT), dev(b).sent());
        assertEquals(List.of("lio:B:2:A"), h.status(StatusType.INFO));
        // and so does an extended answer with RETURN DATA LENGTH shorter than the extended header
        TestTarget t = new TestTarget();
        t.group(1, 0x0, true);
        t.rawRtpg.put("extended", ScriptedDevice.bytes("00 00 00 02 10 0a"));
        HardwareHandler other = handler();
        FakeMapPath a = new FakeMapPath(t.device("t:A", 1, 1));
        other.attach(a);
        eventually(((AluaHandler) other)::idle, "the attach-time RTPG");
        RecordingPgInitRequest ra = RecordingPgInitRequest.resultsOnly(a).sendTo(other);
        assertEquals(PgInitResult.OK, ra.await(ANSWER));
        assertEquals(List.of(STD_INQUIRY, VPD_83, RTPG_EXT, RTPG_SHORT, RTPG_SHORT), dev(a).sent());
        other.close();
    }

    @Test
    void aLengthOnlyAnswerThatCannotBeReadFailsThePath() throws Exception {
        target.rawRtpg.put("extended", ScriptedDevice.bytes("00 00 00 02 10 0a"));
        target.rawRtpg.put("length-only", ScriptedDevice.bytes("00 00 00"));
        h = handler();
        FakeMapPath a = attach("t:A", 1, 1);
        RecordingPgInitRequest r = RecordingPgInitRequest.resultsOnly(a).sendTo(h);
        assertEquals(PgInitResult.IO, r.await(ANSWER));
        assertEquals(List.of("t:A:1:?"), h.status(StatusType.INFO));
    }

    @Test
    void eachGroupKeepsTheImplicitTransitionTimeReportedThroughItsOwnPorts() throws Exception {
        // LIO: 10 s through pg_a's port, 0 (not given: 60 s) through pg_b's
        target.implicitTransitionTimeThrough.put(1, 10);
        target.implicitTransitionTimeThrough.put(2, 0);
        target.group(1, 0x0, true).group(2, 0x1, false);
        h = handler();
        FakeMapPath a = attach("t:A", 1, 1);
        FakeMapPath b = attach("t:B", 2, 2);
        // an RTPG through A again: group 2 takes its state from it, not A's 10 s
        assertEquals(Set.of(), verdict(a, ScriptedDevice.check(SenseKey.UNIT_ATTENTION, 0x2A, 0x06), 1));
        eventually(((AluaHandler) h)::idle, "the re-check");
        synchronized (target) {
            target.states.put(1, 0xF);
            target.states.put(2, 0xF);
        }
        ScsiResult transitioning = ScriptedDevice.check(SenseKey.NOT_READY, 0x04, 0x0A);
        assertEquals(Set.of(), verdict(a, transitioning, 1));
        assertEquals(Set.of(), verdict(b, transitioning, 1));
        clock.addAndGet(TimeUnit.SECONDS.toNanos(10));
        assertEquals(ScsiErrorRules.FAIL_PATH, verdict(a, transitioning, 2), "group 1: 10 s");
        assertEquals(Set.of(), verdict(b, transitioning, 2), "group 2: 60 s, not group 1's 10 s");
        clock.addAndGet(TimeUnit.SECONDS.toNanos(50));
        assertEquals(ScsiErrorRules.FAIL_PATH, verdict(b, transitioning, 3));
    }

    @Test
    void ioThatKeepsMeetingATransitionFailsItsPathAtTheTransitionTimeout() throws Exception {
        target.group(1, 0x0, true);
        h = handler();
        FakeMapPath a0 = attach("t:A0", 1, 1);
        FakeMapPath a1 = attach("t:A1", 1, 2);
        synchronized (target) {
            target.states.put(1, 0xF); // transitioning forever
        }
        ScsiResult transitioning = ScriptedDevice.check(SenseKey.NOT_READY, 0x04, 0x0A);
        assertEquals(Set.of(), verdict(a0, transitioning, 1));
        eventually(() -> h.status(StatusType.INFO).equals(List.of("t:A0:1:T", "t:A1:1:T")), "the re-check");
        clock.addAndGet(TimeUnit.SECONDS.toNanos(59));
        assertEquals(Set.of(), verdict(a0, transitioning, 40), "59 s < the default 60 s");
        clock.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertEquals(ScsiErrorRules.FAIL_PATH, verdict(a0, transitioning, 41));
        eventually(() -> h.status(StatusType.INFO).equals(List.of("t:A0:1:S", "t:A1:1:S")),
                "the worker to give up and force standby");
        // the other path of the group fails at its first 02/04/0A, however long after
        assertEquals(ScsiErrorRules.FAIL_PATH, verdict(a1, transitioning, 1));
        eventually(((AluaHandler) h)::idle, "the re-check");
        assertEquals(ScsiErrorRules.FAIL_PATH, verdict(a1, transitioning, 1), "still, while RTPG reports T");
        // once an RTPG reports another state, a new transition gets a whole timeout again
        synchronized (target) {
            target.states.put(1, 0x1);
        }
        assertEquals(Set.of(), verdict(a0, ScriptedDevice.check(SenseKey.UNIT_ATTENTION, 0x2A, 0x06), 1));
        eventually(() -> h.status(StatusType.INFO).equals(List.of("t:A0:1:N", "t:A1:1:N")), "the re-check");
        assertEquals(Set.of(), verdict(a1, transitioning, 1));
    }

    @Test
    void rtpgRefusedInBothFormatsFailsThePath() throws Exception {
        target.group(1, 0x0, true);
        FakeMapPath a = pathA();
        ScsiResult refused = ScriptedDevice.check(SenseKey.ILLEGAL_REQUEST, 0x20, 0x00);
        target.next(refused).next(refused);
        RecordingPgInitRequest r = RecordingPgInitRequest.resultsOnly(a).sendTo(h);
        assertEquals(PgInitResult.IO, r.await(ANSWER));
        assertEquals(List.of(RTPG_EXT, RTPG_SHORT), dev(a).sent().subList(3, 5));
    }

    @Test
    void rtpgErrorsAreIgnoredForGroupsThatSupportOnlyActiveOptimized() throws Exception {
        target.supportedStates = 0x01;
        target.group(1, 0x0, true);
        FakeMapPath a = pathA();
        target.next(ScriptedDevice.check(SenseKey.HARDWARE_ERROR, 0x44, 0x00));
        RecordingPgInitRequest r = RecordingPgInitRequest.resultsOnly(a).sendTo(h);
        assertEquals(PgInitResult.OK, r.await(ANSWER));
    }

    @Test
    void unitAttentionsAreResentAndTheBufferGrowsToTheReturnDataLength() throws Exception {
        for (int g = 1; g <= 12; g++) {
            target.group(g, g == 1 ? 0x0 : 0x2, g == 1);
        }
        target.next(ScriptedDevice.check(SenseKey.UNIT_ATTENTION, 0x29, 0x00));
        FakeMapPath a = pathA();
        // 8 + 12 * 12 = 152 bytes: the first RTPG (after the unit attention) is re-sent with that length
        assertEquals(List.of(STD_INQUIRY, VPD_83, RTPG_EXT, RTPG_EXT, "a3 2a 00 00 00 00 00 00 00 98 00 00"),
                dev(a).sent());
        assertEquals(List.of("t:A:1:A"), h.status(StatusType.INFO));
    }

    @Test
    void offlineGroupsAnswerDevOfflined() throws Exception {
        target.group(1, 0xE, false);
        FakeMapPath a = pathA();
        RecordingPgInitRequest r = RecordingPgInitRequest.resultsOnly(a).sendTo(h);
        assertEquals(PgInitResult.DEV_OFFLINED, r.await(ANSWER));
        assertEquals(List.of("t:A:1:O"), h.status(StatusType.INFO));
    }

    @Test
    void implicitOnlyStandbyIsActivatedAtOnceWithoutStpgAsTheKernelDoes() throws Exception {
        // scsi_dh_alua: alua_stpg answers SCSI_DH_RETRY for an implicit-only array, the RTPG that follows reports
        // standby, which alua_rtpg takes as done; the first I/O then fails the path (prep_fn refuses standby)
        target.tpgs = 1;
        target.implicitTransitionTime = 10;
        target.group(1, 0x2, true);
        FakeMapPath a = pathA();
        RecordingPgInitRequest r = RecordingPgInitRequest.resultsOnly(a).sendTo(h);
        assertEquals(PgInitResult.OK, r.await(ANSWER));
        assertEquals(0, target.stpgs.get());
        assertTrue(dev(a).sent(0xA4).isEmpty(), "no STPG to an implicit-only array");
        assertEquals(List.of("t:A:1:S"), h.status(StatusType.INFO));
    }

    @Test
    void transitioningIsPolledUntilItEndsAndAllActivationsOfTheGroupShareOneStpg() throws Exception {
        target.stpgResultState = 0xF;
        target.group(1, 0x0, true).group(2, 0x2, false);
        h = handler();
        attach("t:A", 1, 1);
        FakeMapPath b0 = attach("t:B0", 2, 2);
        FakeMapPath b1 = attach("t:B1", 2, 3);
        RecordingPgInitRequest r0 = RecordingPgInitRequest.resultsOnly(b0).sendTo(h);
        eventually(() -> dev(b0).sent(0xA3).size() >= 5, "polls while transitioning");
        RecordingPgInitRequest r1 = RecordingPgInitRequest.resultsOnly(b1).sendTo(h);
        assertEquals(List.of("t:A:1:S", "t:B0:2:T", "t:B1:2:T"), h.status(StatusType.INFO));
        assertFalse(r0.isAnswered());
        synchronized (target) {
            target.states.put(2, 0x0);
        }
        assertEquals(PgInitResult.OK, r0.await(ANSWER));
        assertEquals(PgInitResult.OK, r1.await(ANSWER));
        assertEquals(1, target.stpgs.get());
        assertEquals(List.of(STD_INQUIRY, VPD_83), dev(b1).sent(), "b1 joined b0's round");
        assertEquals(1, r0.answerCount());
        assertEquals(1, r1.answerCount());
    }

    @Test
    void aTransitionThatNeverEndsFailsThePathAfterTheDefaultTimeout() throws Exception {
        target.stpgResultState = 0xF;
        target.group(1, 0x0, true).group(2, 0x2, false);
        h = handler();
        FakeMapPath b = attach("t:B", 2, 2);
        RecordingPgInitRequest r = RecordingPgInitRequest.resultsOnly(b).sendTo(h);
        eventually(() -> dev(b).sent(0xA3).size() >= 4, "polls while transitioning");
        clock.addAndGet(TimeUnit.SECONDS.toNanos(59));
        int before = dev(b).sent().size();
        eventually(() -> dev(b).sent().size() >= before + 2, "more polls");
        assertFalse(r.isAnswered());
        clock.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertEquals(PgInitResult.IO, r.await(ANSWER));
        assertEquals(List.of("t:B:2:S"), h.status(StatusType.INFO), "forced to standby, as scsi_dh_alua does");
    }

    @Test
    void rtpgGoesThroughAnotherPathWhenOneIsUnreachable() throws Exception {
        target.group(1, 0x0, true);
        h = handler();
        FakeMapPath a0 = attach("t:A0", 1, 1);
        ScriptedDevice reachable = target.device("t:A1", 1, 2);
        FakeMapPath a1 = new FakeMapPath(new ScriptedDevice("t:A1", c -> c.opcode() == 0xA3
                ? ScsiResult.transportFailure(TransportError.CONNECTION_LOST, "down")
                : reachable.execute(c).toCompletableFuture().join()));
        h.attach(a1);
        eventually(((AluaHandler) h)::idle, "the attach-time RTPG");
        int throughA0 = dev(a0).sent(0xA3).size();
        RecordingPgInitRequest r = RecordingPgInitRequest.resultsOnly(a1).sendTo(h);
        assertEquals(PgInitResult.OK, r.await(ANSWER));
        assertEquals(1, dev(a1).sent(0xA3).size(), "tried once, then marked unreachable for the round");
        assertEquals(throughA0 + 1, dev(a0).sent(0xA3).size());
    }

    @Test
    void closeAnswersWaitingActivationsAndStopsPolling() throws Exception {
        target.stpgResultState = 0xF;
        target.group(1, 0x2, true);
        FakeMapPath a = pathA();
        RecordingPgInitRequest r = RecordingPgInitRequest.resultsOnly(a).sendTo(h);
        eventually(() -> dev(a).sent(0xA4).size() == 1, "the STPG");
        h.close();
        assertEquals(PgInitResult.DEV_OFFLINED, r.await(ANSWER));
        int sent = dev(a).sent().size();
        Thread.sleep(30);
        assertTrue(dev(a).sent().size() <= sent + 1, "at most the RTPG already in flight");
        RecordingPgInitRequest late = RecordingPgInitRequest.resultsOnly(a).sendTo(h);
        assertEquals(PgInitResult.DEV_OFFLINED, late.await(ANSWER));
    }

    // ------------------------------------------------------------------------------------------------ error

    @Test
    void senseRulesOfCheckSenseThenTheGenericRules() throws Exception {
        target.group(1, 0x0, true);
        FakeMapPath a = pathA();
        assertEquals(Set.of(), verdict(a, ScriptedDevice.check(SenseKey.NOT_READY, 0x04, 0x0A), 50));
        assertEquals(Set.of(ErrorFlag.FAIL_PATH), verdict(a, ScriptedDevice.check(SenseKey.NOT_READY, 4, 0x0B), 1));
        assertEquals(Set.of(ErrorFlag.FAIL_PATH), verdict(a, ScriptedDevice.check(SenseKey.NOT_READY, 4, 0x0C), 1));
        for (int[] ua : new int[][] {{0x29, 0x00}, {0x29, 0x04}, {0x2A, 0x01}, {0x2A, 0x06}, {0x2A, 0x07},
            {0x3F, 0x03}, {0x3F, 0x0E}}) {
            assertEquals(Set.of(), verdict(a, ScriptedDevice.check(SenseKey.UNIT_ATTENTION, ua[0], ua[1]), 9),
                    String.format("06/%02x/%02x", ua[0], ua[1]));
        }
        // not claimed: the generic rules, attempt counts included
        ScsiResult otherUa = ScriptedDevice.check(SenseKey.UNIT_ATTENTION, 0x28, 0x00);
        assertEquals(ScsiErrorRules.RETRY, verdict(a, otherUa, 5));
        assertEquals(ScsiErrorRules.FAIL_PATH, verdict(a, otherUa, 6));
        assertEquals(ScsiErrorRules.ERROR_IO, verdict(a, ScriptedDevice.check(SenseKey.ILLEGAL_REQUEST, 0x24, 0), 1));
        assertEquals(ScsiErrorRules.ERROR_IO, verdict(a, ScriptedDevice.check(SenseKey.MEDIUM_ERROR, 0x11, 0), 1));
        assertEquals(ScsiErrorRules.FAIL_PATH, verdict(a, ScriptedDevice.check(SenseKey.NOT_READY, 0x04, 0x03), 1));
        assertEquals(ScsiErrorRules.FAIL_PATH,
                verdict(a, ScsiResult.transportFailure(TransportError.TIMEOUT, ""), 1));
    }

    @Test
    void aTransitionReportedByIoShowsInTheStatusAndTriggersAnRtpg() throws Exception {
        target.group(1, 0x0, true);
        FakeMapPath a = pathA();
        synchronized (target) {
            target.states.put(1, 0xF);
        }
        assertEquals(Set.of(), verdict(a, ScriptedDevice.check(SenseKey.NOT_READY, 0x04, 0x0A), 1));
        eventually(() -> dev(a).sent(0xA3).size() >= 3, "the re-check polling");
        assertEquals(List.of("t:A:1:T"), h.status(StatusType.INFO));
        synchronized (target) {
            target.states.put(1, 0x1);
        }
        eventually(() -> h.status(StatusType.INFO).equals(List.of("t:A:1:N")), "the end of the transition");
        // a state-change unit attention re-checks too
        int before = dev(a).sent(0xA3).size();
        assertEquals(Set.of(), verdict(a, ScriptedDevice.check(SenseKey.UNIT_ATTENTION, 0x2A, 0x06), 1));
        eventually(() -> dev(a).sent(0xA3).size() == before + 1, "the RTPG after 2A/06");
    }

    private Set<ErrorFlag> verdict(FakeMapPath p, ScsiResult r, int attempt) {
        ScsiCommand read = ScsiCommand.dataIn(Cdbs.read16(0, 1), ByteBuffer.allocate(512));
        return h.error(new PathError(p, read, r, attempt));
    }
}
