package io.mpathj.handler.rdac.internal;

import io.mpathj.api.path.PathDevice;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiOpcode;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.SenseData;
import io.mpathj.api.scsi.SenseKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A path to a scripted E-Series LU. INQUIRY EVPD answers the page set for it ({@link #page}), or 05/24/00 when none
 * is; MODE SELECT answers GOOD. Before that default, each command takes the next scripted answer queued for its
 * opcode (INQUIRY: for its page) if any ({@link #answer}). With {@link #holdModeSelects} a MODE SELECT's answer waits
 * until the test releases it. Records every command with the bytes it sent.
 */
class ScriptedPath implements PathDevice {
    static final SenseData INVALID_FIELD = new SenseData(SenseKey.ILLEGAL_REQUEST, 0x24, 0x00);

    final List<ScsiCommand> commands = new ArrayList<>();
    final List<byte[]> dataOut = new ArrayList<>();
    final List<CompletableFuture<ScsiResult>> held = new ArrayList<>();
    private final String name;
    private final Map<Integer, byte[]> pages = new HashMap<>();
    private final Map<Integer, Deque<ScsiResult>> answers = new HashMap<>();
    boolean holdModeSelects;
    /** Run after a MODE SELECT answered GOOD (e.g. the LU changes owner). */
    Runnable afterModeSelect;

    ScriptedPath(String name) {
        this.name = name;
    }

    /** A path to LU {@code lun} of array {@code arrayId} through controller A (0) or B (1), in the given state. */
    static ScriptedPath eseries(String name, int lun, int controller, int avtCvp, int pathPriority, int maxLun) {
        return new ScriptedPath(name).page(c8(lun, "600a0b80001234", "array-1"))
                .page(c4(controller)).page(c9(avtCvp, pathPriority, 0, 0, 0)).page(c2(maxLun));
    }

    synchronized ScriptedPath page(byte[] p) {
        pages.put(p[1] & 0xFF, p);
        return this;
    }

    synchronized ScriptedPath noPage(int code) {
        pages.remove(code);
        return this;
    }

    /** Queues an answer for the next INQUIRY of {@code vpdPage}, or for the next command of {@code opcode}. */
    synchronized ScriptedPath answer(int opcodeOrPage, ScsiResult r) {
        answers.computeIfAbsent(opcodeOrPage, k -> new ArrayDeque<>()).add(r);
        return this;
    }

    synchronized ScriptedPath answer(int opcodeOrPage, SenseData s, int times) {
        for (int i = 0; i < times; i++) {
            answer(opcodeOrPage, sense(s));
        }
        return this;
    }

    static ScsiResult sense(SenseData s) {
        return ScsiResult.checkCondition(s.toFixed());
    }

    static ScsiResult sense(SenseKey key, int asc, int ascq) {
        return sense(new SenseData(key, asc, ascq));
    }

    @Override
    public synchronized CompletionStage<ScsiResult> execute(ScsiCommand command) {
        commands.add(command);
        byte[] cdb = command.cdb();
        if (command.opcode() == ScsiOpcode.INQUIRY) {
            int page = cdb[2] & 0xFF;
            ScsiResult scripted = poll(page);
            if (scripted != null) {
                return CompletableFuture.completedStage(scripted);
            }
            byte[] p = pages.get(page);
            if ((cdb[1] & 1) == 0 || p == null) {
                return CompletableFuture.completedStage(sense(INVALID_FIELD));
            }
            ByteBuffer data = command.data();
            int n = Math.min(p.length, data.remaining());
            data.duplicate().put(p, 0, n);
            return CompletableFuture.completedStage(ScsiResult.good(data.remaining() - n));
        }
        ByteBuffer data = command.data();
        byte[] sent = new byte[data == null ? 0 : data.remaining()];
        if (data != null) {
            data.duplicate().get(sent);
        }
        dataOut.add(sent);
        ScsiResult scripted = poll(command.opcode());
        ScsiResult r = scripted == null ? ScsiResult.good() : scripted;
        if (r.isGood() && afterModeSelect != null) {
            afterModeSelect.run();
        }
        if (holdModeSelects) {
            CompletableFuture<ScsiResult> later = new CompletableFuture<>();
            held.add(later);
            return later.thenApply(ignored -> r);
        }
        return CompletableFuture.completedStage(r);
    }

    private ScsiResult poll(int key) {
        Deque<ScsiResult> q = answers.get(key);
        return q == null ? null : q.poll();
    }

    /** Answers the held MODE SELECTs. */
    void release() {
        List<CompletableFuture<ScsiResult>> now;
        synchronized (this) {
            now = new ArrayList<>(held);
            held.clear();
        }
        now.forEach(f -> f.complete(ScsiResult.good()));
    }

    synchronized List<Integer> opcodes() {
        return commands.stream().map(ScsiCommand::opcode).toList();
    }

    /** The VPD pages INQUIRYs asked for, in order. */
    synchronized List<Integer> inquiries() {
        return commands.stream().filter(c -> c.opcode() == ScsiOpcode.INQUIRY).map(c -> c.cdb()[2] & 0xFF).toList();
    }

    synchronized long count(int opcode) {
        return commands.stream().filter(c -> c.opcode() == opcode).count();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean isOnline() {
        return true;
    }

    // ------------------------------------------------------------------------------------------ pages

    private static byte[] header(int code, int length, String id) {
        byte[] p = new byte[length];
        p[1] = (byte) code;
        p[3] = (byte) (length - 4);
        byte[] ascii = id.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(ascii, 0, p, 4, 4);
        return p;
    }

    /** C8h {@code edid}: the LUN's last byte, the array's unique id (hex) and user label (UTF-16BE). */
    static byte[] c8(int lun, String arrayIdHex, String label) {
        byte[] p = header(0xC8, 175, "edid");
        p[89] = (byte) (arrayIdHex.length() / 2);
        for (int i = 0; i < arrayIdHex.length() / 2; i++) {
            p[90 + i] = (byte) Integer.parseInt(arrayIdHex.substring(2 * i, 2 * i + 2), 16);
        }
        p[106] = (byte) (2 * label.length());
        for (int i = 0; i < label.length(); i++) {
            p[107 + 2 * i + 1] = (byte) label.charAt(i);
        }
        p[174] = (byte) lun;
        return p;
    }

    /** C4h {@code subs}: slot id "A1" for controller 0, "B2" for controller 1. */
    static byte[] c4(int controller) {
        byte[] p = header(0xC4, 32, "subs");
        p[28] = (byte) (controller == 0 ? 'A' : 'B');
        p[29] = (byte) (controller == 0 ? '1' : '2');
        return p;
    }

    /** C9h {@code vace}, 48 bytes, page length 2Ch as the arrays send it. */
    static byte[] c9(int avtCvp, int pathPriority, int groupState, int reason, int alternateState) {
        byte[] p = header(0xC9, 48, "vace");
        p[8] = (byte) avtCvp;
        p[9] = (byte) pathPriority;
        p[10] = (byte) groupState;
        p[11] = (byte) reason;
        p[12] = (byte) alternateState;
        return p;
    }

    /** C2h {@code swr4} with the highest supported LUN. */
    static byte[] c2(int maxLun) {
        byte[] p = header(0xC2, 255, "swr4");
        p[15] = (byte) maxLun;
        return p;
    }
}
