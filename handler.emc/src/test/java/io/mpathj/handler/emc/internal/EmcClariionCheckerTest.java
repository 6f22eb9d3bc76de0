package io.mpathj.handler.emc.internal;

import static io.mpathj.handler.emc.internal.ScriptedDevice.sense;
import static io.mpathj.handler.emc.internal.ScriptedDevice.spInfo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mpathj.api.checker.CheckResult;
import io.mpathj.api.checker.CheckerState;
import io.mpathj.api.checker.PathChecker;
import io.mpathj.api.prio.Prioritizer;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.SenseData;
import io.mpathj.api.scsi.SenseKey;
import io.mpathj.api.scsi.TransportError;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The emc_clariion checker and the emc prioritizer on a scripted CLARiiON path. */
class EmcClariionCheckerTest {
    private static final int INQUIRY = 0x12;
    private static final int READ_10 = 0x28;
    private static final String LU = "600601601234567890abcdef00000001";

    private final EmcClariionChecker type = new EmcClariionChecker();

    /** A C0h page as a CLARiiON configured for Linux failover reports it: initiator type 3, arraycommpath, a WWN. */
    static byte[] unitReport(int lunState, int defaultSp, int currentSp, int mode, boolean ndu) {
        byte[] p = spInfo(lunState, defaultSp, currentSp, 0, mode, ndu);
        p[27] = 3;
        p[30] = 0x04;
        System.arraycopy(java.util.HexFormat.of().parseHex(LU), 0, p, 10, 16);
        return p;
    }

    private static CheckResult check(PathChecker c, ScriptedDevice d) throws Exception {
        return c.check(d, Duration.ofSeconds(9)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private CheckResult check(ScriptedDevice d) throws Exception {
        return check(type.create(), d);
    }

    private static CheckResult result(CheckerState state, String words) {
        return CheckResult.of(state, "emc_clariion checker: " + words);
    }

    private static int prio(ScriptedDevice d) throws Exception {
        Prioritizer p = new EmcPrioritizer().create("");
        return p.priority(d, Duration.ofSeconds(2)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void theOwningSpIsReadAndUp() throws Exception {
        ScriptedDevice d = new ScriptedDevice(unitReport(2, 0, 0, 4, false));
        assertEquals(result(CheckerState.UP, "Active path is healthy"), check(d));
        assertEquals(List.of(INQUIRY, READ_10), d.opcodes());
        assertArrayEquals(new byte[] {0x12, 0x01, (byte) 0xC0, 0x00, (byte) 0x80, 0x00}, d.commands.get(0).cdb());
        assertEquals(128, d.commands.get(0).dataLength());
        assertEquals(9000, d.commands.get(0).timeoutMillis());
        assertEquals(0, io.mpathj.api.scsi.Cdbs.lba(d.commands.get(1).cdb()));
    }

    @Test
    void thePeerSpIsUpNotGhostAndNotRead() throws Exception {
        ScriptedDevice d = new ScriptedDevice(unitReport(1, 0, 1, 4, false));
        assertEquals(result(CheckerState.UP, "Active path is healthy"), check(d));
        assertEquals(List.of(INQUIRY), d.opcodes());
    }

    @ParameterizedTest
    @CsvSource({"1,0xC1,Path unit report page in unknown format", "9,0x01,Path unit report page in unknown format",
        "27,0x02,Path not correctly configured for failover", "28,0x01,Path not correctly configured for failover",
        "28,0x03,Path not correctly configured for failover", "30,0x00,Path not correctly configured for failover",
        "30,0xFB,Path not correctly configured for failover", "4,0x00,Logical Unit is unbound or LUNZ"})
    void aPageThatSaysTheMapCannotUseThePathIsDown(int index, String value, String words) throws Exception {
        byte[] page = unitReport(2, 0, 0, 4, false);
        page[index] = (byte) Integer.decode(value).intValue();
        ScriptedDevice d = new ScriptedDevice(page);
        assertEquals(result(CheckerState.DOWN, words), check(d));
        assertEquals(List.of(INQUIRY), d.opcodes());
        assertEquals(index == 4 ? 2 : Prioritizer.UNDEFINED, prio(new ScriptedDevice(page)));
    }

    @Test
    void failoverModesFourAndSixAreAcceptedInTheLowThreeBits() throws Exception {
        for (int mode : new int[] {4, 6, 0x0C, 0xFE}) {
            assertEquals(CheckerState.UP, check(new ScriptedDevice(unitReport(1, 0, 1, mode, false))).state(),
                    "mode " + mode);
        }
    }

    @Test
    void anLuNotInNormalOperationsIsShaky() throws Exception {
        ScriptedDevice d = new ScriptedDevice(unitReport(2, 0, 0, 4, true));
        assertEquals(result(CheckerState.SHAKY, "Path not available for normal operations"), check(d));
        assertEquals(Prioritizer.UNDEFINED, prio(d));
    }

    @Test
    void aChangedWwnIsDownForThePathThatSawTheOldOne() throws Exception {
        PathChecker c = type.create();
        ScriptedDevice d = new ScriptedDevice(unitReport(1, 0, 1, 4, false));
        assertEquals(CheckerState.UP, check(c, d).state());
        d.page = unitReport(1, 0, 1, 4, false);
        d.page[25] ^= 1;
        assertEquals(result(CheckerState.DOWN, "Logical Unit WWN has changed"), check(c, d));
        assertEquals(CheckerState.UP, check(type.create(), d).state(), "a new path starts from what it sees");
    }

    @Test
    void anInactiveSnapshotFailsTheOwnerAndThePeerPathsUntilItReadsAgain() throws Exception {
        PathChecker owner = type.create();
        PathChecker peer = type.create();
        ScriptedDevice a = new ScriptedDevice(unitReport(2, 0, 0, 4, false));
        ScriptedDevice b = new ScriptedDevice(unitReport(1, 0, 1, 4, false));
        a.trespassAnswers.add(sense(new SenseData(SenseKey.ILLEGAL_REQUEST, 0x25, 0x01)));
        assertEquals(result(CheckerState.DOWN, "Active path to inactive snapshot WWN " + LU), check(owner, a));
        assertEquals(result(CheckerState.DOWN, "Passive path to inactive snapshot WWN " + LU), check(peer, b));
        assertEquals(result(CheckerState.UP, "Active path is healthy"), check(owner, a));
        assertEquals(result(CheckerState.UP, "Active path is healthy"), check(peer, b));
    }

    @Test
    void aReadErrorOnTheOwnerIsDownAndUnitAttentionsAreReadAgain() throws Exception {
        ScriptedDevice d = new ScriptedDevice(unitReport(2, 0, 0, 4, false));
        ScsiResult medium = sense(new SenseData(SenseKey.MEDIUM_ERROR, 0x11, 0));
        d.trespassAnswers.add(medium);
        assertEquals(result(CheckerState.DOWN, "Read error: " + medium.describe()), check(d));
        ScriptedDevice ua = new ScriptedDevice(unitReport(2, 0, 0, 4, false));
        ScsiResult powerOn = sense(new SenseData(SenseKey.UNIT_ATTENTION, 0x29, 0));
        ua.trespassAnswers.addAll(List.of(powerOn, powerOn));
        assertEquals(CheckerState.UP, check(ua).state());
        assertEquals(List.of(INQUIRY, READ_10, READ_10, READ_10), ua.opcodes());
    }

    @Test
    void aFailedInquiry() throws Exception {
        ScriptedDevice unsupported = new ScriptedDevice(unitReport(2, 0, 0, 4, false));
        unsupported.inquiryAnswers.add(sense(new SenseData(SenseKey.ILLEGAL_REQUEST, 0x24, 0)));
        assertEquals(CheckResult.of(CheckerState.DOWN, "emc_clariion checker doesn't support this device"),
                check(unsupported));
        ScriptedDevice error = new ScriptedDevice(unitReport(2, 0, 0, 4, false));
        ScsiResult notReady = sense(new SenseData(SenseKey.NOT_READY, 0x04, 0x03));
        error.inquiryAnswers.add(notReady);
        assertEquals(result(CheckerState.DOWN, "query command indicates error (" + notReady.describe() + ")"),
                check(error));
        ScriptedDevice timedOut = new ScriptedDevice(unitReport(2, 0, 0, 4, false));
        timedOut.inquiryAnswers.add(ScsiResult.transportFailure(TransportError.TIMEOUT, "9 s"));
        assertEquals(CheckResult.of(CheckerState.TIMEOUT, "emc_clariion checker timed out"), check(timedOut));
        assertEquals(1, timedOut.commands.size());
    }

    @Test
    void aTransportFailureIsSentAgainFiveCommandsInAll() throws Exception {
        ScsiResult lost = ScsiResult.transportFailure(TransportError.CONNECTION_LOST, "gone");
        ScriptedDevice recovers = new ScriptedDevice(unitReport(1, 0, 1, 4, false));
        recovers.inquiryAnswers.addAll(List.of(lost, lost, lost, lost));
        assertEquals(CheckerState.UP, check(recovers).state());
        assertEquals(5, recovers.commands.size());
        ScriptedDevice gone = new ScriptedDevice(unitReport(1, 0, 1, 4, false));
        gone.inquiryAnswers.addAll(List.of(lost, lost, lost, lost, lost));
        assertEquals(result(CheckerState.DOWN, "query command indicates error (" + lost.describe() + ")"),
                check(gone));
        assertEquals(5, gone.commands.size());
    }

    @Test
    void prioIsTheLunStatePlusTwoOnTheDefaultSp() throws Exception {
        assertEquals(4, prio(new ScriptedDevice(unitReport(2, 0, 0, 4, false)))); // owner, default
        assertEquals(3, prio(new ScriptedDevice(unitReport(1, 1, 1, 4, false)))); // default SP, peer owns
        assertEquals(2, prio(new ScriptedDevice(unitReport(2, 1, 0, 6, false)))); // owner away from its default
        assertEquals(1, prio(new ScriptedDevice(unitReport(1, 0, 1, 4, false)))); // the other SP
        ScriptedDevice d = new ScriptedDevice(unitReport(2, 0, 0, 4, false));
        assertEquals(4, prio(d));
        assertEquals(List.of(INQUIRY), d.opcodes());
        assertEquals(2000, d.commands.get(0).timeoutMillis());
        ScriptedDevice failed = new ScriptedDevice(unitReport(2, 0, 0, 4, false));
        failed.inquiryAnswers.add(ScsiResult.transportFailure(TransportError.CONNECTION_LOST, "gone"));
        assertEquals(Prioritizer.UNDEFINED, prio(failed));
    }
}
