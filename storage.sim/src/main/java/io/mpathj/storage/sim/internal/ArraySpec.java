package io.mpathj.storage.sim.internal;

import io.mpathj.storage.sim.AccessState;
import io.mpathj.storage.sim.SimTime;
import io.mpathj.storage.sim.personality.ArrayPersonality;
import io.mpathj.storage.sim.personality.Identity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Everything the builder collected about an array, validated by {@link ArrayImpl}. */
public record ArraySpec(String name, ArrayPersonality personality, Identity identity, List<GroupSpec> groups,
        List<LuSpec> lus, Duration transitionTime, int advertisedTransitionTimeoutSeconds, AccessState demotedState,
        boolean implicitFailover, boolean powerOnUnitAttention, int failoverMode, boolean rtpgExtendedHeader,
        boolean attachHandlerAtProbe, Map<String, String> options, SimTime time) {

    /** A port group: id, ALUA state at start (null: the personality chooses), PREF bit, port names. */
    public record GroupSpec(int id, AccessState initialState, boolean preferred, List<String> ports) {
    }

    /** A logical unit; {@code file} null for memory; {@code defaultOwnerGroup} -1 for the first group. */
    public record LuSpec(int lun, long blocks, int blockSize, Path file, int defaultOwnerGroup) {
    }
}
