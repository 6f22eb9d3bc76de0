package io.mpathj.storage.sim;

import io.mpathj.api.scsi.ScsiOpcode;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Which commands an injected fault applies to. */
public enum CommandClass {
    /** Every command. */
    ALL("all"),
    /** READ and WRITE (10/16) only: the I/O of a map, not the probes of handlers and checkers. */
    MEDIA_ACCESS("io", ScsiOpcode.READ_10, ScsiOpcode.WRITE_10, ScsiOpcode.READ_16, ScsiOpcode.WRITE_16),
    /** TEST UNIT READY: path checkers (tur), hp_sw's probe. */
    TEST_UNIT_READY("tur", ScsiOpcode.TEST_UNIT_READY),
    /** INQUIRY, standard and VPD: handlers' attach and ownership probes, the rdac and emc checkers. */
    INQUIRY("inquiry", ScsiOpcode.INQUIRY),
    /** START STOP UNIT: hp_sw's activation. */
    START_STOP_UNIT("start-stop", ScsiOpcode.START_STOP_UNIT),
    /** MODE SENSE (6/10). */
    MODE_SENSE("mode-sense", ScsiOpcode.MODE_SENSE_6, ScsiOpcode.MODE_SENSE_10),
    /** MODE SELECT (6/10): emc's trespass, rdac's ownership transfer. */
    MODE_SELECT("mode-select", ScsiOpcode.MODE_SELECT_6, ScsiOpcode.MODE_SELECT_10),
    /** REPORT TARGET PORT GROUPS (MAINTENANCE IN): alua's state probe. */
    REPORT_TARGET_PORT_GROUPS("rtpg", ScsiOpcode.MAINTENANCE_IN),
    /** SET TARGET PORT GROUPS (MAINTENANCE OUT): alua's activation. */
    SET_TARGET_PORT_GROUPS("stpg", ScsiOpcode.MAINTENANCE_OUT),
    /** REQUEST SENSE. */
    REQUEST_SENSE("request-sense", ScsiOpcode.REQUEST_SENSE),
    /** Everything but READ and WRITE: handlers' and checkers' commands, not a map's I/O. */
    NON_MEDIA("non-io");

    private final String word;
    private final int[] opcodes;

    CommandClass(String word, int... opcodes) {
        this.word = word;
        this.opcodes = opcodes;
    }

    /** Whether a command with this operation code belongs to the class. */
    public boolean includes(int opcode) {
        if (this == ALL) {
            return true;
        }
        if (this == NON_MEDIA) {
            return !MEDIA_ACCESS.includes(opcode);
        }
        for (int o : opcodes) {
            if (o == opcode) {
                return true;
            }
        }
        return false;
    }

    /** The word {@code sim:sense --command} takes for the class, e.g. {@code tur}. */
    public String word() {
        return word;
    }

    /** The class of a word of {@link #word()}, case-insensitive; IllegalArgumentException naming them all. */
    public static CommandClass ofWord(String word) {
        String w = String.valueOf(word).toLowerCase(Locale.ROOT);
        for (CommandClass c : values()) {
            if (c.word.equals(w)) {
                return c;
            }
        }
        throw new IllegalArgumentException("no command class " + word + "; classes: " + words());
    }

    /** Every class's word, comma separated, in declaration order. */
    public static String words() {
        return Arrays.stream(values()).map(CommandClass::word).collect(Collectors.joining(", "));
    }
}
