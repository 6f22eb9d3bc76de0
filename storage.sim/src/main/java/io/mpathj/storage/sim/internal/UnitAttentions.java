package io.mpathj.storage.sim.internal;

import io.mpathj.api.scsi.SenseData;
import io.mpathj.storage.sim.personality.UnitAttention;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The unit attention conditions pending on one I_T_L nexus (SAM-5 5.14), as bits so that the per-command check is
 * one volatile read. Reported in the order of {@link UnitAttention}, one per command, each cleared when reported.
 */
final class UnitAttentions {
    static final int POWER_ON = bit(UnitAttention.POWER_ON);
    static final int ASYMMETRIC_ACCESS_STATE_CHANGED = bit(UnitAttention.ASYMMETRIC_ACCESS_STATE_CHANGED);
    static final int MODE_PARAMETERS_CHANGED = bit(UnitAttention.MODE_PARAMETERS_CHANGED);
    private static final UnitAttention[] PRECEDENCE = UnitAttention.values();

    private final AtomicInteger pending;

    UnitAttentions(boolean powerOn) {
        pending = new AtomicInteger(powerOn ? POWER_ON : 0);
    }

    /** The bit of a condition. */
    static int bit(UnitAttention condition) {
        return 1 << condition.ordinal();
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
            for (UnitAttention ua : PRECEDENCE) {
                int b = bit(ua);
                if ((p & b) != 0) {
                    if (pending.compareAndSet(p, p & ~b)) {
                        return ua.sense();
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
        for (UnitAttention ua : PRECEDENCE) {
            if ((p & bit(ua)) != 0) {
                out.add(ua.sense().triple());
            }
        }
        return out;
    }
}
