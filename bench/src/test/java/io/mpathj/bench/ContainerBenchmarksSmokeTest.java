package io.mpathj.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs each container benchmark once (one invocation, no warm-up) against the built {@code mpathj.jar}, so a
 * benchmark that breaks fails the build. Each invocation checks its own outcome (the map was created, the prompt was
 * printed) and throws otherwise; this test checks that every one of them produced a result.
 */
class ContainerBenchmarksSmokeTest {
    private static Collection<RunResult> runOnce(Class<?> benchmark, String... params) throws Exception {
        OptionsBuilder options = new OptionsBuilder();
        options.include(benchmark.getSimpleName())
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .shouldFailOnError(true);
        for (int i = 0; i < params.length; i += 2) {
            options.param(params[i], params[i + 1]);
        }
        Options built = options.build();
        return new Runner(built).run();
    }

    private static void assertScored(Collection<RunResult> results, int expected) {
        assertEquals(expected, results.size());
        for (RunResult r : results) {
            assertEquals(1, r.getPrimaryResult().getStatistics().getN(), r.getParams().getBenchmark());
            assertTrue(r.getPrimaryResult().getScore() > 0, r.getParams().getBenchmark() + " scored nothing");
        }
    }

    @Test
    void onDemandLoadCreatesAMapNamingARepositoryHandler() throws Exception {
        assertScored(runOnce(OnDemandLoadBenchmark.class), 2); // on-demand and loaded
    }

    @Test
    void hotDeployCreatesAMapWithTheDeployedHandler() throws Exception {
        assertScored(runOnce(HotDeployBenchmark.class, "poll", "100"), 1); // a short poll keeps the test short
    }

    @Test
    void aOneLineScriptRunsInANewContainerAndAsAClient() throws Exception {
        assertScored(runOnce(ScriptRunBenchmark.class), 2); // container and client
    }

    @Test
    void startToPromptSeesTheShellPrompt() throws Exception {
        assertScored(runOnce(StartToPromptBenchmark.class, "home", "fresh"), 1);
    }
}
