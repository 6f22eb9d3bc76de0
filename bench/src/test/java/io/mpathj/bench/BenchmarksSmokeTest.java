package io.mpathj.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Runs every benchmark once, briefly and in-process, so a benchmark that breaks fails the build. */
class BenchmarksSmokeTest {
    @Test
    void everyBenchmarkRunsAndScores() throws Exception {
        Options options = new OptionsBuilder()
                .include(MapIoBenchmark.class.getSimpleName())
                .include(ManyMapsBenchmark.class.getSimpleName())
                .include(FailoverStallBenchmark.class.getSimpleName())
                .include(SelectorCostBenchmark.class.getSimpleName())
                .include(SelectorThroughputBenchmark.class.getSimpleName())
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(100))
                .param("count", "200")
                .shouldFailOnError(true)
                .build();
        Collection<RunResult> results = new Runner(options).run();
        // MapIo: 4 targets x 2 ops x 2 spans; ManyMaps: create and statusAll; FailoverStall: none and alua;
        // SelectorCost and SelectorThroughput: 5 selectors each
        assertEquals(30, results.size());
        for (RunResult r : results) {
            assertTrue(r.getPrimaryResult().getScore() > 0, r.getParams().getBenchmark() + " scored nothing");
        }
    }
}
