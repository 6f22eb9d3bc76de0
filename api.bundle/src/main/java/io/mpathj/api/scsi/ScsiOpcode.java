package io.mpathj.api.scsi;

/** Operation codes of the commands mpathj sends or a simulated device answers (SPC-4, SBC-3). */
public final class ScsiOpcode {
    public static final int TEST_UNIT_READY = 0x00;
    public static final int REQUEST_SENSE = 0x03;
    public static final int INQUIRY = 0x12;
    public static final int MODE_SELECT_6 = 0x15;
    public static final int MODE_SENSE_6 = 0x1A;
    public static final int START_STOP_UNIT = 0x1B;
    public static final int READ_10 = 0x28;
    public static final int WRITE_10 = 0x2A;
    public static final int MODE_SELECT_10 = 0x55;
    public static final int MODE_SENSE_10 = 0x5A;
    public static final int READ_16 = 0x88;
    public static final int WRITE_16 = 0x8A;
    /** SERVICE ACTION IN(16); service action 0x10 is READ CAPACITY(16). */
    public static final int SERVICE_ACTION_IN_16 = 0x9E;
    public static final int REPORT_LUNS = 0xA0;
    /** MAINTENANCE IN; service action 0x0A is REPORT TARGET PORT GROUPS. */
    public static final int MAINTENANCE_IN = 0xA3;
    /** MAINTENANCE OUT; service action 0x0A is SET TARGET PORT GROUPS. */
    public static final int MAINTENANCE_OUT = 0xA4;

    public static final int SA_READ_CAPACITY_16 = 0x10;
    public static final int SA_REPORT_TARGET_PORT_GROUPS = 0x0A;
    public static final int SA_SET_TARGET_PORT_GROUPS = 0x0A;

    private ScsiOpcode() {
    }
}
