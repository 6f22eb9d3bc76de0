package io.mpathj.handler.emc.internal;

import io.mpathj.api.path.PathDevice;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiOpcode;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.SenseData;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A path to a scripted CLARiiON LU: answers INQUIRY C0h from its current page and MODE SELECT from a queue of
 * results (GOOD when empty), records every command with the bytes it sent. Tests hand it to the handler in an
 * {@link io.mpathj.testkit.FakeMapPath}.
 */
class ScriptedDevice implements PathDevice {
    final List<ScsiCommand> commands = new ArrayList<>();
    final List<byte[]> dataOut = new ArrayList<>();
    final Deque<ScsiResult> inquiryAnswers = new ArrayDeque<>();
    final Deque<ScsiResult> trespassAnswers = new ArrayDeque<>();
    /** The page served once the trespass succeeded; null keeps {@link #page}. */
    byte[] pageAfterTrespass;
    byte[] page;

    ScriptedDevice(byte[] page) {
        this.page = page;
    }

    /** A C0h page: LUN state, default SP, this path's SP, port, failover mode, NDU. */
    static byte[] spInfo(int lunState, int defaultSp, int currentSp, int port, int mode, boolean ndu) {
        byte[] p = new byte[64];
        p[1] = (byte) 0xC0;
        p[3] = 60;
        p[4] = (byte) lunState;
        p[5] = (byte) defaultSp;
        p[7] = (byte) port;
        p[8] = (byte) currentSp;
        p[28] = (byte) mode;
        p[48] = (byte) (ndu ? 1 : 0);
        return p;
    }

    static ScsiResult sense(SenseData s) {
        return ScsiResult.checkCondition(s.toFixed());
    }

    @Override
    public synchronized CompletionStage<ScsiResult> execute(ScsiCommand command) {
        commands.add(command);
        ByteBuffer data = command.data();
        if (command.opcode() == ScsiOpcode.INQUIRY) {
            ScsiResult scripted = inquiryAnswers.poll();
            if (scripted != null) {
                return CompletableFuture.completedStage(scripted);
            }
            int n = Math.min(page.length, data.remaining());
            data.duplicate().put(page, 0, n);
            return CompletableFuture.completedStage(ScsiResult.good(data.remaining() - n));
        }
        byte[] sent = new byte[data == null ? 0 : data.remaining()];
        if (data != null) {
            data.duplicate().get(sent);
        }
        dataOut.add(sent);
        ScsiResult r = trespassAnswers.isEmpty() ? ScsiResult.good() : trespassAnswers.poll();
        if (r.isGood() && pageAfterTrespass != null) {
            page = pageAfterTrespass;
        }
        return CompletableFuture.completedStage(r);
    }

    synchronized List<Integer> opcodes() {
        return commands.stream().map(ScsiCommand::opcode).toList();
    }

    @Override
    public String name() {
        return "scripted:cx/0";
    }

    @Override
    public boolean isOnline() {
        return true;
    }
}
