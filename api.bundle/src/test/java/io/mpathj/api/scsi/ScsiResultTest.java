package io.mpathj.api.scsi;

import static io.mpathj.api.scsi.Hex.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScsiResultTest {
    private static final byte[] STANDBY = bytes("70 00 02 00 00 00 00 0a 00 00 00 00 04 0b 00 00 00 00");

    @Test
    void goodIsOneSharedInstance() {
        ScsiResult good = ScsiResult.good();
        assertSame(good, ScsiResult.good());
        assertSame(good, ScsiResult.good(0));
        assertTrue(good.isGood());
        assertEquals(ScsiStatus.GOOD, good.status());
        assertEquals(0, good.residual());
        assertFalse(good.isTransportFailure());
        assertEquals(Optional.empty(), good.transportError());
        assertEquals(Optional.empty(), good.sense());
        assertArrayEquals(new byte[0], good.senseBytes());
        assertEquals("GOOD", good.describe());
        assertEquals("GOOD", good.toString());
    }

    @Test
    void goodWithResidual() {
        ScsiResult r = ScsiResult.good(512);
        assertNotSame(ScsiResult.good(), r);
        assertTrue(r.isGood());
        assertEquals(512, r.residual());
        assertEquals("GOOD", r.describe());
        assertNotEquals(ScsiResult.good(), r);
        assertEquals("negative residual -1",
                assertThrows(IllegalArgumentException.class, () -> ScsiResult.good(-1)).getMessage());
    }

    @Test
    void checkConditionDescribesItsSense() {
        ScsiResult r = ScsiResult.checkCondition(STANDBY);
        assertEquals(ScsiStatus.CHECK_CONDITION, r.status());
        assertFalse(r.isGood());
        assertFalse(r.isTransportFailure());
        assertEquals(Optional.of(new SenseData(SenseKey.NOT_READY, 0x04, 0x0b)), r.sense());
        assertEquals("CHECK CONDITION sense 02/04/0b", r.describe());
        assertEquals("CHECK CONDITION sense 06/29/00",
                ScsiResult.checkCondition(bytes("72 06 29 00 00 00 00 00")).describe());
    }

    @Test
    void checkConditionWithUndecodableSense() {
        ScsiResult r = ScsiResult.checkCondition(bytes("00 00 02 00"));
        assertEquals(Optional.empty(), r.sense());
        assertArrayEquals(bytes("00 00 02 00"), r.senseBytes());
        assertEquals("CHECK CONDITION", r.describe());
        assertEquals("CHECK CONDITION", ScsiResult.checkCondition(new byte[0]).describe());
    }

    @Test
    void senseBytesAreCopiedInAndOut() {
        byte[] sense = STANDBY.clone();
        ScsiResult r = ScsiResult.checkCondition(sense);
        sense[2] = (byte) SenseKey.UNIT_ATTENTION.code();
        r.senseBytes()[12] = 0x3a;
        assertArrayEquals(STANDBY, r.senseBytes());
        assertEquals("CHECK CONDITION sense 02/04/0b", r.describe());

        byte[] other = STANDBY.clone();
        ScsiResult busy = ScsiResult.status(ScsiStatus.BUSY, other, 0);
        other[2] = 0;
        assertArrayEquals(STANDBY, busy.senseBytes());
    }

    @Test
    void checkConditionNeedsSense() {
        assertThrows(NullPointerException.class, () -> ScsiResult.checkCondition(null));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "0, GOOD, true",
        "2, CHECK CONDITION, false",
        "4, CONDITION MET, true",
        "8, BUSY, false",
        "24, RESERVATION CONFLICT, false",
        "40, TASK SET FULL, false",
        "48, ACA ACTIVE, false",
        "64, TASK ABORTED, false",
        "34, status 0x22, false",
        "255, status 0xff, false"})
    void statusNamesAndGoodness(int status, String described, boolean good) {
        ScsiResult r = ScsiResult.status(status, null, 0);
        assertEquals(status, r.status());
        assertEquals(described, r.describe());
        assertEquals(good, r.isGood());
        assertEquals(Optional.empty(), r.sense());
    }

    @Test
    void statusWithSenseAndResidual() {
        ScsiResult r = ScsiResult.status(ScsiStatus.CHECK_CONDITION, STANDBY, 100);
        assertEquals(100, r.residual());
        assertEquals("CHECK CONDITION sense 02/04/0b", r.describe());
    }

    @Test
    void statusRangeErrors() {
        assertEquals("status byte out of range: 256",
                assertThrows(IllegalArgumentException.class, () -> ScsiResult.status(256, null, 0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> ScsiResult.status(-1, null, 0));
        assertThrows(IllegalArgumentException.class, () -> ScsiResult.status(ScsiStatus.GOOD, null, -1));
    }

    @Test
    void transportFailure() {
        ScsiResult r = ScsiResult.transportFailure(TransportError.TIMEOUT, "no answer in 30 s");
        assertTrue(r.isTransportFailure());
        assertFalse(r.isGood());
        assertEquals(-1, r.status());
        assertEquals(Optional.of(TransportError.TIMEOUT), r.transportError());
        assertEquals(Optional.empty(), r.sense());
        assertEquals("transport error TIMEOUT: no answer in 30 s", r.describe());
        assertEquals("transport error CONNECTION_LOST",
                ScsiResult.transportFailure(TransportError.CONNECTION_LOST, null).describe());
        assertEquals("transport error DEVICE_GONE",
                ScsiResult.transportFailure(TransportError.DEVICE_GONE, "").describe());
        assertThrows(NullPointerException.class, () -> ScsiResult.transportFailure(null, "x"));
    }

    @Test
    void equalsComparesStatusSenseResidualAndTransportError() {
        assertEquals(ScsiResult.checkCondition(STANDBY), ScsiResult.checkCondition(STANDBY.clone()));
        assertEquals(ScsiResult.checkCondition(STANDBY).hashCode(),
                ScsiResult.checkCondition(STANDBY.clone()).hashCode());
        assertEquals(ScsiResult.good(), ScsiResult.status(ScsiStatus.GOOD, null, 0));
        assertNotEquals(ScsiResult.checkCondition(STANDBY), ScsiResult.checkCondition(bytes("72 06 29 00")));
        assertNotEquals(ScsiResult.checkCondition(STANDBY), ScsiResult.status(ScsiStatus.CHECK_CONDITION, STANDBY, 1));
        assertNotEquals(ScsiResult.transportFailure(TransportError.TIMEOUT, ""),
                ScsiResult.transportFailure(TransportError.ABORTED, ""));
        assertNotEquals(ScsiResult.good(), ScsiResult.transportFailure(TransportError.TIMEOUT, ""));
        assertNotEquals(ScsiResult.good(), "GOOD");
    }
}
