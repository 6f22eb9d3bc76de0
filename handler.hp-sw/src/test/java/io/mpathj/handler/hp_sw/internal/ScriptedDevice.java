package io.mpathj.handler.hp_sw.internal;

import io.mpathj.api.path.PathDevice;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.SenseData;
import io.mpathj.api.scsi.SenseKey;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A path whose answers are scripted per opcode: each opcode has a queue of results and, once the queue is empty, a
 * standing answer (GOOD unless a test says otherwise). Every command is recorded. Tests hand it to the handler in an
 * {@link io.mpathj.testkit.FakeMapPath}, or to the checker and prioritizer directly.
 */
class ScriptedDevice implements PathDevice {
    static final ScsiResult PASSIVE = sense(SenseKey.NOT_READY, 0x04, 0x02);
    static final ScsiResult SWITCHING_OVER = sense(SenseKey.NOT_READY, 0x04, 0x03);
    static final ScsiResult POWER_ON = sense(SenseKey.UNIT_ATTENTION, 0x29, 0x00);

    final List<ScsiCommand> commands = new ArrayList<>();
    private final Map<Integer, Deque<ScsiResult>> queued = new HashMap<>();
    private final Map<Integer, ScsiResult> standing = new HashMap<>();
    private final String name;

    ScriptedDevice() {
        this("scripted:msa/0");
    }

    ScriptedDevice(String name) {
        this.name = name;
    }

    static ScsiResult sense(SenseKey key, int asc, int ascq) {
        return ScsiResult.checkCondition(new SenseData(key, asc, ascq).toFixed());
    }

    /** Queues answers for one opcode, used in order before its standing answer. */
    synchronized ScriptedDevice then(int opcode, ScsiResult... results) {
        Deque<ScsiResult> q = queued.computeIfAbsent(opcode, k -> new ArrayDeque<>());
        for (ScsiResult r : results) {
            q.add(r);
        }
        return this;
    }

    /** The answer for one opcode once its queue is empty. */
    synchronized ScriptedDevice always(int opcode, ScsiResult result) {
        standing.put(opcode, result);
        return this;
    }

    @Override
    public synchronized CompletionStage<ScsiResult> execute(ScsiCommand command) {
        commands.add(command);
        Deque<ScsiResult> q = queued.get(command.opcode());
        ScsiResult r = q == null || q.isEmpty() ? standing.getOrDefault(command.opcode(), ScsiResult.good()) : q.poll();
        return CompletableFuture.completedStage(r);
    }

    synchronized List<Integer> opcodes() {
        return commands.stream().map(ScsiCommand::opcode).toList();
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
}
