package io.mpathj.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Collection;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link IscsiReadBenchmark} once, briefly and in-process, against tgtd on loopback. When tgtd cannot be started
 * here it says {@code SKIPPED: iSCSI benchmark: <why>} and is skipped, except under {@code CI=true} (where {@code ./test}
 * installs tgt), where it fails.
 */
class IscsiBenchmarkSmokeTest {
    @Test
    void iscsiReadBenchmarkRunsAndScores() throws Exception {
        String why = TgtFixture.unavailableReason();
        if (why != null) {
            if ("true".equals(System.getenv("CI"))) {
                fail("CI=true but the iSCSI benchmark cannot run: " + why
                        + " (./test installs tgt; install it with apt-get install tgt)");
            }
            System.err.println("SKIPPED: iSCSI benchmark: " + why);
            Assumptions.abort("iSCSI benchmark skipped: " + why);
        }
        Options options = new OptionsBuilder()
                .include(IscsiReadBenchmark.class.getSimpleName())
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(300))
                .shouldFailOnError(true)
                .build();
        Collection<RunResult> results = new Runner(options).run();
        assertEquals(2, results.size()); // direct and map
        for (RunResult r : results) {
            assertTrue(r.getPrimaryResult().getScore() > 0,
                    r.getParams().getBenchmark() + " " + r.getParams().getParam("target") + " scored nothing");
        }
    }
}
