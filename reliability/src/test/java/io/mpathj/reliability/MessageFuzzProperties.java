package io.mpathj.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.mpathj.api.InvalidArgumentsException;
import io.mpathj.api.map.PathView;
import io.mpathj.api.StatusType;
import io.mpathj.api.block.BlockIoException;
import io.mpathj.testkit.TestMap;
import io.mpathj.handler.alua.internal.AluaHandlerType;
import io.mpathj.storage.sim.AccessState;
import io.mpathj.storage.sim.ManualSimTime;
import io.mpathj.storage.sim.SimArray;
import io.mpathj.storage.sim.SimArrayBuilder;
import io.mpathj.storage.sim.SimArrayRegistry;
import io.mpathj.testkit.EngineHarness;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * {@code TestMap.message} with arbitrary word lists, on a map without a handler and on an alua map: the only
 * refusal is {@link InvalidArgumentsException}, and afterwards the map still works: an I/O submitted right after the message
 * completes (at the latest once valid messages restore the paths), and a block written is read back.
 */
class MessageFuzzProperties {
    private static final String[] VERBS = {"queue_if_no_path", "fail_if_no_path", "disable_group", "enable_group",
        "switch_group", "fail_path", "reinstate_path", "QUEUE_IF_NO_PATH", "Switch_Group", "FAIL_PATH", "frob", "",
        "0", "bypass_pg", "switch_pg_num"};
    private static final String[] ARGS = {"0", "1", "2", "3", "-1", "+1", "01", "4294967295", "4294967297", "x",
        "1x", "", " ", "sim:m/A0/0", "sim:m/B1/0", "sim:m/A0/1", "sim:m/Z9/0", "sim:", "\u0661", "\u0000"};

    private static EngineHarness harness;
    private static SimArrayRegistry arrays;
    private static List<TestMap> maps;
    private static final AtomicLong generation = new AtomicLong();

    @BeforeContainer
    static void start() throws Exception {
        arrays = new SimArrayRegistry();
        arrays.add(SimArrayBuilder.alua("m", new ManualSimTime()).powerOnUnitAttention(false)
                .portGroup(1, AccessState.ACTIVE_OPTIMIZED, true, "A0", "A1")
                .portGroup(2, AccessState.STANDBY, false, "B0", "B1")
                .memoryLu(0, 64, 512).memoryLu(1, 64, 512).transitionTime(Duration.ZERO).build());
        harness = new EngineHarness();
        harness.handler(AluaHandlerType.NAME, new AluaHandlerType(harness.executor(), Duration.ofMillis(5)))
                .paths(arrays);
        maps = List.of(
                harness.create("plain", "0 0 2 1 round-robin 0 2 0 sim:m/A0/1 sim:m/A1/1 "
                        + "round-robin 0 2 0 sim:m/B0/1 sim:m/B1/1"),
                harness.create("alua", "1 queue_if_no_path 1 alua 2 1 round-robin 0 2 0 sim:m/A0/0 sim:m/A1/0 "
                        + "round-robin 0 2 0 sim:m/B0/0 sim:m/B1/0"));
    }

    @AfterContainer
    static void stop() throws Exception {
        harness.close();
        arrays.arrays().forEach(SimArray::close);
    }

    @Property(tries = 600)
    void anyWordsAreAppliedOrRefusedAndTheMapKeepsWorking(@ForAll("words") List<String> argv) throws Exception {
        for (TestMap map : maps) {
            try {
                map.message(argv);
            } catch (InvalidArgumentsException expected) {
                // the one documented refusal
            }
            map.status(StatusType.INFO);
            map.status(StatusType.TABLE);
            long g = generation.incrementAndGet();
            int lba = (int) (g % 64);
            byte[] data = new byte[512];
            Arrays.fill(data, (byte) g);
            CompletableFuture<Void> write = map.write(lba, ByteBuffer.wrap(data)).toCompletableFuture();
            restore(map);
            boolean written = true;
            try {
                write.get(10, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                // e.g. fail_if_no_path after every path was failed: the I/O ends, with a reason
                assertInstanceOf(BlockIoException.class, e.getCause(), "after " + argv);
                written = false;
            }
            ByteBuffer back = ByteBuffer.allocate(512);
            map.read(lba, back).toCompletableFuture().get(10, TimeUnit.SECONDS);
            if (written) {
                assertArrayEquals(data, back.array(), map.name() + " after " + argv);
            }
            assertEquals(0, map.queuedIos(), map.name() + " after " + argv);
        }
    }

    /** What an operator (or multipathd) does to bring a map back: every group enabled, every path reinstated. */
    private static void restore(TestMap map) throws InvalidArgumentsException {
        map.message(List.of("enable_group", "1"));
        map.message(List.of("enable_group", "2"));
        for (PathView p : map.paths()) {
            map.message(List.of("reinstate_path", p.name()));
        }
    }

    @Provide
    Arbitrary<List<String>> words() {
        Arbitrary<String> verb = Arbitraries.oneOf(Arbitraries.of(VERBS), Arbitraries.strings().ofMaxLength(6));
        Arbitrary<String> arg = Arbitraries.oneOf(Arbitraries.of(ARGS), Arbitraries.strings().ofMaxLength(8),
                Arbitraries.integers().map(String::valueOf));
        return Arbitraries.integers().between(0, 4).flatMap(n -> verb.flatMap(v -> arg.list().ofSize(Math.max(0,
                n - 1)).map(rest -> {
                    List<String> out = new ArrayList<>();
                    if (n > 0) {
                        out.add(v);
                    }
                    out.addAll(rest);
                    return out;
                })));
    }
}
