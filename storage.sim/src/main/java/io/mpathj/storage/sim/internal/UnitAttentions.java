package io.mpathj.storage.sim.internal;

import io.mpathj.api.scsi.SenseData;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The unit attention conditions pending on one I_T_L nexus (SAM-5 5.14), as bits so that the per-command check is
 * one volatile read. Reported in a fixed precedence order, one per command, each cleared when reported.
 */
final class UnitAttentions {
    static final int POWER_ON = 1;
    static final int ASYMMETRIC_ACCESS_STATE_CHANGED = 1 << 1;
    static final int MODE_PARAMETERS_CHANGED = 1 << 2;
    private static final int[] PRECEDENCE = {POWER_ON, ASYMMETRIC_ACCESS_STATE_CHANGED, MODE_PARAMETERS_CHANGED};
    private static final SenseData[] SENSE = {Senses.POWER_ON_OCCURRED, Senses.ASYMMETRIC_ACCESS_STATE_CHANGED,
        Senses.MODE_PARAMETERS_CHANGED};

    private final AtomicInteger pending;

    UnitAttentions(boolean powerOn) {
        pending = new AtomicInteger(powerOn ? POWER_ON : 0);
    }

    boolean any() {
        return pending.get() != 0;
    }

    void raise(int condition) {
        pending.getAndUpdate(p -> p | condition);
    }

    void clear() {
        pending.set(0);
    }

    /** The highest-precedence pending condition, now cleared; null when none is pending. */
    SenseData take() {
        while (true) {
            int p = pending.get();
            if (p == 0) {
                return null;
            }
            for (int i = 0; i < PRECEDENCE.length; i++) {
                if ((p & PRECEDENCE[i]) != 0) {
                    if (pending.compareAndSet(p, p & ~PRECEDENCE[i])) {
                        return SENSE[i];
                    }
                    break;
                }
            }
        }
    }

    /** The pending conditions as {@code 06/29/00} strings, in precedence order. */
    List<String> describe() {
        int p = pending.get();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < PRECEDENCE.length; i++) {
            if ((p & PRECEDENCE[i]) != 0) {
                out.add(SENSE[i].triple());
            }
        }
        return out;
    }
}
