package io.mpathj.handler.alua.internal;

import io.mpathj.api.path.PathDevice;
import io.mpathj.api.scsi.DataDirection;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.SenseData;
import io.mpathj.api.scsi.SenseKey;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/** A path device that answers from a script and records every CDB (and data-out bytes) it was sent, as hex. */
final class ScriptedDevice implements PathDevice {
    private final String name;
    private final Function<ScsiCommand, ScsiResult> script;
    private final List<String> sent = new ArrayList<>();
    volatile boolean online = true;

    ScriptedDevice(String name, Function<ScsiCommand, ScsiResult> script) {
        this.name = name;
        this.script = script;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean isOnline() {
        return online;
    }

    @Override
    public CompletionStage<ScsiResult> execute(ScsiCommand command) {
        String entry = hex(command.cdb());
        if (command.direction() == DataDirection.TO_DEVICE) {
            byte[] out = new byte[command.dataLength()];
            command.data().get(command.data().position(), out);
            entry += " | " + hex(out);
        }
        synchronized (sent) {
            sent.add(entry);
        }
        return CompletableFuture.completedStage(script.apply(command));
    }

    /** What was sent so far, each as "cdb hex" or "cdb hex | data-out hex". */
    List<String> sent() {
        synchronized (sent) {
            return List.copyOf(sent);
        }
    }

    /** The sent commands whose first CDB byte is {@code opcode}. */
    List<String> sent(int opcode) {
        String prefix = String.format("%02x", opcode);
        return sent().stream().filter(s -> s.startsWith(prefix)).toList();
    }

    static String hex(byte[] b) {
        return HexFormat.ofDelimiter(" ").formatHex(b);
    }

    static byte[] bytes(String hex) {
        return HexFormat.ofDelimiter(" ").parseHex(hex);
    }

    /** GOOD with {@code data} copied into the command's buffer, truncated to it, residual set. */
    static ScsiResult dataIn(ScsiCommand command, byte[] data) {
        ByteBuffer buf = command.data();
        int n = Math.min(data.length, command.dataLength());
        buf.put(buf.position(), data, 0, n);
        return ScsiResult.good(command.dataLength() - n);
    }

    static ScsiResult check(SenseKey key, int asc, int ascq) {
        return ScsiResult.checkCondition(new SenseData(key, asc, ascq).toFixed());
    }
}
