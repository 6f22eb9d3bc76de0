package io.mpathj.storage.sim;

import static io.mpathj.storage.sim.Scsi.assertFixedSense;
import static io.mpathj.storage.sim.Scsi.dataIn;
import static io.mpathj.storage.sim.Scsi.hex;
import static io.mpathj.storage.sim.Scsi.noData;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathj.api.scsi.Cdbs;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Unit attentions per I_T_L nexus (SAM-5 5.14): power-on on each path's first command, reported once. */
class UnitAttentionTest {
    private final SimArray array = TestArrays.alua(new ManualSimTime()).powerOnUnitAttention(true).build();
    private final SimPath a0 = TestArrays.path(array, "A0", 0);
    private final SimPath a1 = TestArrays.path(array, "A1", 0);

    @Test
    void powerOnIsReportedOnTheFirstCommandOfEachPathThenCleared() {
        assertFixedSense(noData(a0, Cdbs.testUnitReady()), 0x06, 0x29, 0x00);
        assertTrue(noData(a0, Cdbs.testUnitReady()).isGood());
        assertFixedSense(noData(a1, Cdbs.testUnitReady()), 0x06, 0x29, 0x00);
    }

    /** INQUIRY and REPORT LUNS neither report nor clear a unit attention (SPC-4 6.6, 6.33). */
    @Test
    void inquiryAndReportLunsPassAUnitAttentionBy() {
        assertEquals(36, dataIn(a0, Cdbs.inquiry(36), 36).length);
        assertEquals(16, dataIn(a0, Cdbs.reportLuns(16), 16).length);
        assertEquals(List.of("06/29/00"), a0.pendingUnitAttentions());
        assertFixedSense(noData(a0, Cdbs.testUnitReady()), 0x06, 0x29, 0x00);
    }

    /** REQUEST SENSE returns the pending unit attention as its data and clears it (SPC-4 6.39). */
    @Test
    void requestSenseReturnsAndClearsTheUnitAttention() {
        assertArrayEquals(hex("70 00 06 00 00 00 00 0A 00 00 00 00 29 00 00 00 00 00"),
                dataIn(a0, Cdbs.requestSense(false, 252), 252));
        assertTrue(a0.pendingUnitAttentions().isEmpty());
        assertTrue(noData(a0, Cdbs.testUnitReady()).isGood());
    }

    @Test
    void arraySwitchesToConsumeOrRaiseThePowerOnCondition() {
        array.clearUnitAttentions();
        assertTrue(noData(a0, Cdbs.testUnitReady()).isGood());
        array.raisePowerOnUnitAttention();
        assertFixedSense(noData(a1, Cdbs.testUnitReady()), 0x06, 0x29, 0x00);

        SimArray quiet = TestArrays.alua(new ManualSimTime()).powerOnUnitAttention(false).build();
        for (SimPath p : quiet.paths()) {
            assertTrue(p.pendingUnitAttentions().isEmpty(), p.name());
        }
    }

    /** Power-on takes precedence over an access state change; each is reported once, in that order. */
    @Test
    void conditionsAreReportedInPrecedenceOrder() {
        array.alua().setState(2, AccessState.ACTIVE_NON_OPTIMIZED);
        assertEquals(List.of("06/29/00", "06/2a/06"), a0.pendingUnitAttentions());
        assertFixedSense(noData(a0, Cdbs.testUnitReady()), 0x06, 0x29, 0x00);
        assertFixedSense(noData(a0, Cdbs.testUnitReady()), 0x06, 0x2A, 0x06);
        assertTrue(noData(a0, Cdbs.testUnitReady()).isGood());
    }
}
