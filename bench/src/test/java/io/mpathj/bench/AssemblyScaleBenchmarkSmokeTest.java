package io.mpathj.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Runs {@link AssemblyScaleBenchmark} once with 50 LUs, so that it does not rot. */
class AssemblyScaleBenchmarkSmokeTest {
    @Test
    void fiftyLusBecomeFiftyMaps() throws Exception {
        AssemblyScaleBenchmark.Result r = AssemblyScaleBenchmark.run(50, 60);
        assertEquals(50, r.maps());
        assertTrue(r.lastMapNanos() >= r.firstMapNanos() && r.firstMapNanos() > 0, r.toString());
    }
}
