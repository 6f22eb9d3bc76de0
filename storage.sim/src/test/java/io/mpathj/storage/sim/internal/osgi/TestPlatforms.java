package io.mpathj.storage.sim.internal.osgi;

import io.mpathj.storage.sim.internal.personality.AluaPersonality;
import io.mpathj.storage.sim.internal.personality.ClariionPersonality;
import io.mpathj.storage.sim.internal.personality.EseriesPersonality;
import io.mpathj.storage.sim.internal.personality.MsaPersonality;
import io.mpathj.storage.sim.personality.ArrayPersonality;
import java.util.List;
import java.util.Map;

/** A platform as DS wires it in the bundle: the four built-in personalities bound by their service property. */
final class TestPlatforms {
    private TestPlatforms() {
    }

    static SimPlatform withBuiltInPersonalities() {
        SimPlatform platform = new SimPlatform();
        for (ArrayPersonality p : List.of(new AluaPersonality(), new ClariionPersonality(), new EseriesPersonality(),
                new MsaPersonality())) {
            platform.addPersonality(p, Map.of(ArrayPersonality.NAME_PROPERTY, p.name()));
        }
        return platform;
    }
}
