package io.mpathj.handler.hp_sw.internal;

import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.SenseKey;
import io.mpathj.testkit.ScriptedPathDevice;

/** What an MSA's controllers answer, for the test kit's {@link ScriptedPathDevice}. */
final class Msa {
    static final ScsiResult PASSIVE = sense(SenseKey.NOT_READY, 0x04, 0x02);
    static final ScsiResult SWITCHING_OVER = sense(SenseKey.NOT_READY, 0x04, 0x03);
    static final ScsiResult POWER_ON = sense(SenseKey.UNIT_ATTENTION, 0x29, 0x00);

    private Msa() {
    }

    static ScsiResult sense(SenseKey key, int asc, int ascq) {
        return ScriptedPathDevice.sense(key, asc, ascq);
    }

    /** A path to an MSA LU through an active controller: every command GOOD until a test scripts otherwise. */
    static ScriptedPathDevice device() {
        return device("scripted:msa/0");
    }

    static ScriptedPathDevice device(String name) {
        return new ScriptedPathDevice(name);
    }
}
