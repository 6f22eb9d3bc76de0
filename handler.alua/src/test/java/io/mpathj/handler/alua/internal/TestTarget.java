package io.mpathj.handler.alua.internal;

import io.mpathj.api.scsi.Cdbs;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiOpcode;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.SenseKey;
import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A hand-built ALUA logical unit for unit tests: port groups with states and PREF bits, standard INQUIRY with a
 * TPGS value, VPD 0x83, RTPG in both formats, STPG that makes the named group active/optimized (and the others
 * standby). Scripted answers queued with {@link #next} come first.
 */
final class TestTarget {
    int tpgs = 3;
    boolean extendedHeader = true;
    int implicitTransitionTime = 0;
    /**
     * IMPLICIT TRANSITION TIME by the group of the port the RTPG came through, as LIO reports it (each target port
     * group has its own); groups not named here report {@link #implicitTransitionTime}.
     */
    final Map<Integer, Integer> implicitTransitionTimeThrough = new TreeMap<>();
    /** Raw RTPG answers, by "extended" / "length-only", given instead of the built ones (fixtures). */
    final Map<String, byte[]> rawRtpg = new TreeMap<>();
    /** STATUS CODE per group (00h when not named). */
    final Map<Integer, Integer> statusCodes = new TreeMap<>();
    /** Answer as LIO does: RETURN DATA LENGTH of an extended answer leaves out the extended header's 4 bytes. */
    boolean lioReturnDataLength;
    int supportedStates = 0xDF;
    /** State code to give a group STPG activates (0 = active/optimized at once, 0xF = transitioning). */
    int stpgResultState = 0x0;
    final Map<Integer, Integer> states = new TreeMap<>();
    final Map<Integer, Boolean> preferred = new TreeMap<>();
    final AtomicInteger stpgs = new AtomicInteger();
    private final Deque<ScsiResult> scripted = new ArrayDeque<>();

    TestTarget group(int id, int state, boolean pref) {
        states.put(id, state);
        preferred.put(id, pref);
        return this;
    }

    /** The next command (whatever it is) gets {@code result}. */
    synchronized TestTarget next(ScsiResult result) {
        scripted.add(result);
        return this;
    }

    ScriptedDevice device(String name, int groupId, int relPort) {
        return new ScriptedDevice(name, c -> answer(c, groupId, relPort));
    }

    private synchronized ScsiResult answer(ScsiCommand c, int groupId, int relPort) {
        byte[] cdb = c.cdb();
        if (!scripted.isEmpty() && cdb[0] != ScsiOpcode.INQUIRY) {
            return scripted.poll();
        }
        switch (cdb[0] & 0xFF) {
            case ScsiOpcode.INQUIRY:
                return ScriptedDevice.dataIn(c, (cdb[1] & 1) == 0 ? standardInquiry(tpgs)
                        : vpd83(groupId, relPort));
            case ScsiOpcode.MAINTENANCE_IN:
                if ((cdb[1] & 0xE0) == 0x20 && !extendedHeader) {
                    return ScriptedDevice.check(SenseKey.ILLEGAL_REQUEST, 0x24, 0x00);
                }
                boolean ext = (cdb[1] & 0xE0) == 0x20;
                byte[] raw = rawRtpg.get(ext ? "extended" : "length-only");
                return ScriptedDevice.dataIn(c, raw != null ? raw : rtpg(ext, groupId));
            case ScsiOpcode.MAINTENANCE_OUT:
                stpgs.incrementAndGet();
                byte[] list = new byte[c.dataLength()];
                c.data().get(c.data().position(), list);
                int target = Cdbs.getU16(list, 6);
                for (Map.Entry<Integer, Integer> e : states.entrySet()) {
                    if (e.getKey() == target) {
                        e.setValue(stpgResultState);
                    } else if (e.getValue() == 0) {
                        e.setValue(2);
                    }
                }
                return ScsiResult.good();
            default:
                return ScsiResult.good();
        }
    }

    static byte[] standardInquiry(int tpgs) {
        byte[] d = new byte[36];
        d[2] = 0x06;
        d[3] = 0x12;
        d[4] = 31;
        d[5] = (byte) (tpgs << 4);
        return d;
    }

    /** VPD 0x83: NAA designator, relative target port (type 4h), target port group (type 5h; skipped if < 0). */
    static byte[] vpd83(int groupId, int relPort) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ScriptedDevice.bytes("01 03 00 08 60 01 40 50 00 00 00 01"));
        out.writeBytes(new byte[] {0x01, 0x14, 0x00, 0x04, 0x00, 0x00, (byte) (relPort >> 8), (byte) relPort});
        if (groupId >= 0) {
            out.writeBytes(new byte[] {0x01, 0x15, 0x00, 0x04, 0x00, 0x00, (byte) (groupId >> 8),
                (byte) groupId});
        }
        byte[] body = out.toByteArray();
        byte[] page = new byte[4 + body.length];
        page[1] = (byte) 0x83;
        Cdbs.putU16(page, 2, body.length);
        System.arraycopy(body, 0, page, 4, body.length);
        return page;
    }

    synchronized byte[] rtpg(boolean extended, int throughGroup) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[extended ? 8 : 4]);
        for (Map.Entry<Integer, Integer> e : states.entrySet()) {
            int id = e.getKey();
            out.writeBytes(new byte[] {(byte) ((preferred.get(id) ? 0x80 : 0) | e.getValue()),
                (byte) supportedStates, (byte) (id >> 8), (byte) id, 0, (byte) (int) statusCodes.getOrDefault(id, 0),
                0, 1, 0, 0, 0, (byte) id});
        }
        byte[] d = out.toByteArray();
        if (extended && lioReturnDataLength) {
            // LIO sends RETURN DATA LENGTH + 4 bytes, its length computed without the extended header's 4
            d = Arrays.copyOf(d, d.length - 4);
        }
        Cdbs.putU32(d, 0, d.length - 4L);
        if (extended) {
            d[4] = 0x10;
            d[5] = (byte) (int) implicitTransitionTimeThrough.getOrDefault(throughGroup, implicitTransitionTime);
        }
        return d;
    }
}
