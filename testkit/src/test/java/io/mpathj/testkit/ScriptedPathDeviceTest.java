package io.mpathj.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathj.api.scsi.Cdbs;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiOpcode;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.SenseKey;
import io.mpathj.api.scsi.TransportError;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ScriptedPathDeviceTest {
    private static final ScsiResult PASSIVE = ScriptedPathDevice.sense(SenseKey.NOT_READY, 0x04, 0x02);

    private static ScsiResult run(ScriptedPathDevice d, ScsiCommand c) throws Exception {
        return d.execute(c).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private static ScsiCommand tur() {
        return ScsiCommand.noData(Cdbs.testUnitReady());
    }

    private static ScsiCommand vpd(int page, ByteBuffer into) {
        return ScsiCommand.dataIn(Cdbs.inquiryVpd(page, into.remaining()), into);
    }

    @Test
    void queuedAnswersComeInOrderThenTheStandingOneThenGood() throws Exception {
        ScriptedPathDevice d = new ScriptedPathDevice("scripted:a/0")
                .then(CommandClass.TEST_UNIT_READY, PASSIVE, ScsiResult.good())
                .always(CommandClass.START_STOP_UNIT, PASSIVE);
        assertEquals(PASSIVE, run(d, tur()));
        assertTrue(run(d, tur()).isGood());
        assertTrue(run(d, tur()).isGood(), "nothing standing for TUR: GOOD");
        assertEquals(PASSIVE, run(d, ScsiCommand.noData(Cdbs.startStopUnit(true))));
        assertEquals(PASSIVE, run(d, ScsiCommand.noData(Cdbs.startStopUnit(true))), "standing: every time");
        assertEquals(List.of(ScsiOpcode.TEST_UNIT_READY, ScsiOpcode.TEST_UNIT_READY, ScsiOpcode.TEST_UNIT_READY,
                ScsiOpcode.START_STOP_UNIT, ScsiOpcode.START_STOP_UNIT), d.opcodes());
        assertEquals(2, d.count(CommandClass.START_STOP_UNIT));
    }

    @Test
    void inquiryIsAnsweredByVpdPageAndAnUnscriptedPageIsRefused() throws Exception {
        byte[] c0 = new byte[] {0, (byte) 0xC0, 0, 4, 1, 2, 3, 4};
        ScriptedPathDevice d = new ScriptedPathDevice("scripted:a/0").vpdPage(c0)
                .then(CommandClass.vpd(0xC0), ScriptedPathDevice.sense(SenseKey.UNIT_ATTENTION, 0x29, 0x00));
        ByteBuffer buf = ByteBuffer.allocate(16);
        assertEquals(SenseKey.UNIT_ATTENTION, run(d, vpd(0xC0, buf)).sense().orElseThrow().key(),
                "the queued answer comes before the standing page");
        ScsiResult page = run(d, vpd(0xC0, buf));
        assertTrue(page.isGood());
        assertEquals(8, page.residual(), "16-byte buffer, 8-byte page");
        byte[] got = new byte[8];
        buf.duplicate().get(got);
        assertArrayEquals(c0, got);
        ScsiResult other = run(d, vpd(0xC2, ByteBuffer.allocate(16)));
        assertTrue(other.sense().orElseThrow().is(SenseKey.ILLEGAL_REQUEST, 0x24, 0x00));
        assertTrue(run(d, ScsiCommand.dataIn(Cdbs.inquiry(36), ByteBuffer.allocate(36))).isGood(),
                "standard INQUIRY is not a VPD page");
        assertEquals(List.of(0xC0, 0xC0, 0xC2), d.vpdPagesAsked());
        d.noVpdPage(0xC0);
        assertFalse(run(d, vpd(0xC0, ByteBuffer.allocate(16))).isGood());
    }

    @Test
    void modeSelectRtpgStpgAndReadWriteAreClassesOfTheirOwnAndDataOutIsRecorded() throws Exception {
        ScriptedPathDevice d = new ScriptedPathDevice("scripted:a/0")
                .always(CommandClass.RTPG, answerData(new byte[] {0, 0, 0, 8}))
                .then(CommandClass.STPG, ScriptedPathDevice.sense(SenseKey.ILLEGAL_REQUEST, 0x26, 0x00))
                .always(CommandClass.WRITE, ScsiResult.transportFailure(TransportError.CONNECTION_LOST, "gone"));
        byte[] list = {1, 2, 3, 4, 5, 6, 7, 8};
        assertFalse(run(d, ScsiCommand.dataOut(Cdbs.setTargetPortGroups(8), ByteBuffer.wrap(list))).isGood());
        assertTrue(run(d, ScsiCommand.dataIn(Cdbs.reportTargetPortGroups(true, 64), ByteBuffer.allocate(64)))
                .isGood());
        assertTrue(run(d, ScsiCommand.dataOut(Cdbs.modeSelect10(true, 8), ByteBuffer.wrap(list))).isGood());
        assertTrue(run(d, ScsiCommand.dataOut(Cdbs.write16(0, 1), ByteBuffer.allocate(512))).isTransportFailure());
        assertTrue(run(d, ScsiCommand.dataIn(Cdbs.read10(0, 1), ByteBuffer.allocate(512))).isGood());
        assertArrayEquals(list, d.sent(CommandClass.STPG).get(0).dataOut());
        assertArrayEquals(list, d.sent(CommandClass.MODE_SELECT).get(0).dataOut());
        assertEquals(0, d.sent(CommandClass.READ).get(0).dataOut().length, "data-in is not recorded as sent");
        assertEquals(1, d.count(CommandClass.RTPG));
    }

    private static ScriptedPathDevice.Answer answerData(byte[] data) {
        return ScriptedPathDevice.Answer.data(data);
    }

    @Test
    void aHeldClassIsAnsweredAtReleaseAndAfterGoodChangesTheScript() throws Exception {
        byte[] before = {0, (byte) 0xC0, 0, 1, 0};
        byte[] after = {0, (byte) 0xC0, 0, 1, 1};
        ScriptedPathDevice d = new ScriptedPathDevice("scripted:a/0").vpdPage(before).hold(CommandClass.MODE_SELECT);
        d.afterGood(CommandClass.MODE_SELECT, () -> d.vpdPage(after));
        CompletableFuture<ScsiResult> trespass = d.execute(ScsiCommand.dataOut(Cdbs.modeSelect6(true, 0),
                ByteBuffer.allocate(0))).toCompletableFuture();
        assertFalse(trespass.isDone(), "held");
        assertEquals(1, d.heldCount());
        assertEquals(1, d.release());
        assertTrue(trespass.get(5, TimeUnit.SECONDS).isGood());
        ByteBuffer buf = ByteBuffer.allocate(5);
        run(d, vpd(0xC0, buf));
        assertEquals(1, buf.get(4), "the page after the trespass");
    }
}
