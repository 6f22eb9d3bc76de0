package io.mpathj.storage.sim.internal;

import io.mpathj.storage.sim.AccessState;
import io.mpathj.storage.sim.Personality;
import io.mpathj.storage.sim.SimTime;
import io.mpathj.storage.sim.Tpgs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Everything the builder collected about an array, validated by {@link ArrayImpl}. */
public record ArraySpec(String name, Personality personality, Tpgs tpgs, String vendor, String product,
        String revision, List<GroupSpec> groups, List<LuSpec> lus, Duration transitionTime,
        int advertisedTransitionTimeoutSeconds, AccessState demotedState, boolean implicitFailover,
        boolean powerOnUnitAttention, int failoverMode, boolean rtpgExtendedHeader, boolean attachHandlerAtProbe,
        SimTime time) {

    /** A port group: id, ALUA state at start, PREF bit, port names. */
    public record GroupSpec(int id, AccessState initialState, boolean preferred, List<String> ports) {
    }

    /** A logical unit; {@code file} null for memory; {@code defaultOwnerGroup} -1 for the first group. */
    public record LuSpec(int lun, long blocks, int blockSize, Path file, int defaultOwnerGroup) {
    }
}
