package io.mpathj.storage.sim.internal;

import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.SenseData;
import io.mpathj.storage.sim.CommandClass;
import java.util.Random;

/** One scripted answer: a sense or a bare status, for the next N commands of a class or with a seeded probability. */
final class Injection {
    private final CommandClass which;
    private final SenseData sense;
    private final int status;
    private final Random random;
    private final double probability;
    private int remaining;

    private Injection(CommandClass which, SenseData sense, int status, int count, Random random,
            double probability) {
        this.which = which;
        this.sense = sense;
        this.status = status;
        this.remaining = count;
        this.random = random;
        this.probability = probability;
    }

    static Injection counted(CommandClass which, SenseData sense, int status, int count) {
        if (count <= 0) {
            throw new IllegalArgumentException("count must be positive: " + count);
        }
        return new Injection(which, sense, status, count, null, 0);
    }

    static Injection random(CommandClass which, SenseData sense, double probability, long seed) {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability outside 0..1: " + probability);
        }
        return new Injection(which, sense, 0, -1, new Random(seed), probability);
    }

    /** The injected result for a command, or null when this injection does not fire for it. Caller synchronizes. */
    ScsiResult fire(int opcode, LogicalUnitImpl lu) {
        if (!which.includes(opcode)) {
            return null;
        }
        if (random != null) {
            // one draw per matching command, hit or miss, so the sequence depends only on the seed and the commands
            if (random.nextDouble() >= probability) {
                return null;
            }
        } else {
            remaining--;
        }
        return sense != null ? lu.checkCondition(sense) : ScsiResult.status(status, null, 0);
    }

    /** True once a counted injection has fired its last time. */
    boolean exhausted() {
        return random == null && remaining <= 0;
    }
}
