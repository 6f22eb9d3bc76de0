package io.mpathj.storage.sim;

/** The arrays the tests build: the layout of the issue, two port groups of two ports each. */
final class TestArrays {
    static final int LU_BLOCKS = 2048;

    private TestArrays() {
    }

    /** ALUA "a": group 1 (A0, A1) active/optimized and preferred, group 2 (B0, B1) standby; LU 0 and LU 1. */
    static SimArrayBuilder alua(SimTime time) {
        return SimArrayBuilder.alua("a", time)
                .portGroup(1, AccessState.ACTIVE_OPTIMIZED, true, "A0", "A1")
                .portGroup(2, AccessState.STANDBY, false, "B0", "B1")
                .memoryLu(0, LU_BLOCKS, 512)
                .memoryLu(1, LU_BLOCKS, 4096)
                .powerOnUnitAttention(false);
    }

    /** CLARiiON "c": SP A (A0, A1), SP B (B0, B1); LU 0 owned by SP A, LU 1 by SP B. */
    static SimArrayBuilder clariion(SimTime time) {
        return SimArrayBuilder.clariion("c", time)
                .storageProcessor("A0", "A1")
                .storageProcessor("B0", "B1")
                .memoryLu(0, LU_BLOCKS, 512)
                .memoryLu(1, LU_BLOCKS, 512)
                .defaultOwner(1, 2)
                .powerOnUnitAttention(false);
    }

    static SimPath path(SimArray array, String port, int lun) {
        return array.path(port, lun).orElseThrow();
    }
}
