package io.mpathj.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mpathj.api.InvalidArgumentsException;
import io.mpathj.api.StatusType;
import io.mpathj.testkit.TestMap;
import io.mpathj.api.map.GroupView;
import io.mpathj.api.map.MapView;
import io.mpathj.api.map.PathView;
import io.mpathj.handler.alua.internal.AluaHandlerType;
import io.mpathj.handler.emc.internal.EmcHandlerType;
import io.mpathj.handler.generic_scsi.internal.GenericScsiHandlerType;
import io.mpathj.storage.sim.AccessState;
import io.mpathj.storage.sim.ManualSimTime;
import io.mpathj.storage.sim.SimArray;
import io.mpathj.storage.sim.SimArrayBuilder;
import io.mpathj.storage.sim.SimArrayRegistry;
import io.mpathj.testkit.EngineHarness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The table parser and map construction against arbitrary text, word soups of the grammar's own words, and valid
 * tables with a few words deleted, inserted, replaced or swapped: only {@link InvalidArgumentsException} may come
 * out, and a failed create holds nothing. And the round trip: a valid table, built into a map, printed by
 * {@code status(TABLE)} and parsed again, gives the same table up to the documented normalisations.
 */
class TableFuzzProperties {
    private static final List<String> ALUA_PATHS = List.of("sim:ra/A0/0", "sim:ra/A1/0", "sim:ra/B0/0",
            "sim:ra/B1/0", "sim:ra/C0/0", "sim:ra/C1/0");
    private static final List<String> EMC_PATHS = List.of("sim:rc/A0/0", "sim:rc/A1/0", "sim:rc/B0/0",
            "sim:rc/B1/0");
    private static final List<String> TOKENS = List.of("0", "1", "2", "3", "-1", "+1", "01", "1x", "4294967295",
            "4294967296", "99999999999999999999", "1024", "1025", "50", "51", "60000", "60001", "x", "queue_if_no_path",
            "QUEUE_IF_NO_PATH", "pg_init_retries", "pg_init_delay_msecs", "queue_mode", "bio", "rq", "mq",
            "retain_attached_hw_handler", "alua", "emc", "generic-scsi", "nosuch", "round-robin", "service-time",
            "multipath", "mpatha:", "sim:ra/A0/0", "sim:rc/B1/0", "sim:ra/Z9/0", "sim:nosuch/A0/0", "sim:", ":",
            "iscsi:h:1/iqn/0", "\u00a0", "\u0663", "\u0000");

    private static EngineHarness harness;
    private static SimArrayRegistry arrays;
    private static final AtomicInteger names = new AtomicInteger();

    @BeforeContainer
    static void start() throws Exception {
        ManualSimTime time = new ManualSimTime();
        arrays = new SimArrayRegistry();
        // the round trip is about the table grammar: no handler attached at probe, so the table's handler is the map's
        // (the substitution of an attached handler is tested in core's MultipathEngineTest and the itest)
        arrays.add(SimArrayBuilder.alua("ra", time).powerOnUnitAttention(false).attachHandlerAtProbe(false)
                .portGroup(1, AccessState.ACTIVE_OPTIMIZED, true, "A0", "A1")
                .portGroup(2, AccessState.STANDBY, false, "B0", "B1")
                .portGroup(3, AccessState.ACTIVE_NON_OPTIMIZED, false, "C0", "C1")
                .memoryLu(0, 2048, 512).build());
        arrays.add(SimArrayBuilder.clariion("rc", time).powerOnUnitAttention(false).attachHandlerAtProbe(false)
                .storageProcessor("A0", "A1").storageProcessor("B0", "B1").memoryLu(0, 2048, 512).build());
        harness = new EngineHarness();
        harness.handler(AluaHandlerType.NAME, new AluaHandlerType(harness.executor(), Duration.ofMillis(5)))
                .handler(EmcHandlerType.NAME, new EmcHandlerType())
                .handler(GenericScsiHandlerType.NAME, new GenericScsiHandlerType())
                .paths(arrays);
    }

    @AfterContainer
    static void stop() throws Exception {
        harness.close();
        arrays.arrays().forEach(SimArray::close);
    }

    // --------------------------------------------------------------------------------------- only the one error

    @Property(tries = 3000)
    void arbitraryTextIsBuiltOrRefusedWithInvalidArguments(@ForAll String text) {
        createOrRefuse(text);
    }

    @Property(tries = 3000)
    void wordSoupIsBuiltOrRefusedWithInvalidArguments(@ForAll("soup") String text) {
        createOrRefuse(text);
    }

    @Property(tries = 1000)
    void mutatedTablesAreBuiltOrRefusedAndARefusalHoldsNothing(@ForAll("mutated") String text) {
        createOrRefuse(text);
    }

    /** Builds a map from the text (reading both status kinds) or sees it refused; either way nothing stays held. */
    private void createOrRefuse(String text) {
        String name = "fuzz" + names.incrementAndGet();
        try {
            TestMap map = harness.create(name, text);
            map.status(StatusType.INFO);
            map.status(StatusType.TABLE);
            harness.remove(name);
        } catch (InvalidArgumentsException expected) {
            // the one documented refusal
        }
        assertEquals(List.of(), harness.maps(), "no map left behind by '" + text + "'");
        for (String h : List.of(AluaHandlerType.NAME, EmcHandlerType.NAME, GenericScsiHandlerType.NAME)) {
            assertEquals(0, harness.multipath().handlerUseCount(h), h + " still held after '" + text + "'");
        }
        assertEquals(0, harness.multipath().selectorUseCount("round-robin"), "after '" + text + "'");
    }

    // ----------------------------------------------------------------------------------------------- round trip

    @Property(tries = 400)
    void aBuiltTablePrintsBackAsTheSameTable(@ForAll("valid") Table table) throws Exception {
        String name = "rt" + names.incrementAndGet();
        TestMap map = harness.create(name, table.text());
        String printed;
        MapView built;
        try {
            printed = map.status(StatusType.TABLE);
            built = map.view();
        } finally {
            harness.remove(name);
        }
        String why = "'" + table.text() + "' printed as '" + printed + "'";
        assertEquals(table.printedHandlerArgs(), handlerArgs(printed), why);
        // what was printed builds the same map, and is a fixed point: built again, it prints the same words
        TestMap again = harness.create(name, printed);
        try {
            MapView rebuilt = again.view();
            assertEquals(built.features(), rebuilt.features(), why);
            assertEquals(built.handler(), rebuilt.handler(), why);
            assertEquals(built.groups().size(), rebuilt.groups().size(), why);
            for (int g = 0; g < built.groups().size(); g++) {
                GroupView a = built.groups().get(g);
                GroupView b = rebuilt.groups().get(g);
                assertEquals(a.selector(), b.selector(), why);
                assertEquals(a.paths().stream().map(PathView::name).toList(),
                        b.paths().stream().map(PathView::name).toList(), why);
            }
            assertEquals(printed, again.status(StatusType.TABLE), why);
        } finally {
            harness.remove(name);
        }
    }

    /** The handler's arguments in a TABLE status: after the features, {@code <#words> NAME ARGS…}. */
    private static List<String> handlerArgs(String table) {
        String[] w = table.trim().split(" ");
        int i = Integer.parseInt(w[0]) + 1;
        int n = Integer.parseInt(w[i]);
        return n <= 1 ? List.of() : List.of(java.util.Arrays.copyOfRange(w, i + 2, i + 1 + n));
    }

    /** A valid table as text, and the handler words TABLE output must give back. */
    record Table(String text, List<String> printedHandlerArgs) {
        @Override
        public String toString() {
            return text;
        }
    }

    @Provide
    Arbitrary<Table> valid() {
        Arbitrary<List<String>> features = Combinators.combine(Arbitraries.of(true, false),
                Arbitraries.of(true, false), Arbitraries.integers().between(0, 50),
                Arbitraries.integers().between(-1, 60000), Arbitraries.of(true, false))
                .as((queue, retain, retries, delay, upper) -> {
                    List<List<String>> f = new ArrayList<>();
                    if (queue) {
                        f.add(List.of("queue_if_no_path"));
                    }
                    if (retain) {
                        f.add(List.of("retain_attached_hw_handler"));
                    }
                    if (retries > 0) {
                        f.add(List.of("pg_init_retries", String.valueOf(retries)));
                    }
                    if (delay >= 0) {
                        f.add(List.of("pg_init_delay_msecs", String.valueOf(delay)));
                    }
                    Collections.shuffle(f, new java.util.Random(retries * 31L + delay));
                    List<String> words = new ArrayList<>();
                    for (List<String> w : f) {
                        words.add(upper ? w.get(0).toUpperCase(Locale.ROOT) : w.get(0));
                        words.addAll(w.subList(1, w.size()));
                    }
                    return words;
                });
        Arbitrary<String> handler = Arbitraries.of("", "alua", "emc", "generic-scsi");
        Arbitrary<List<String>> handlerArgs = Arbitraries.of(List.of(), List.of("0"), List.of("1"),
                List.of("0", "0"), List.of("0", "1"), List.of("1", "0"), List.of("1", "1"));
        return Combinators.combine(features, handler, handlerArgs, Arbitraries.integers().between(1, 3),
                Arbitraries.integers().between(0, 1000), Arbitraries.integers().between(1, 4))
                .as((f, h, args, groupCount, pick, initial) -> {
                    List<String> pool = h.equals("emc") ? EMC_PATHS : h.equals("alua") ? ALUA_PATHS
                            : pick % 2 == 0 ? ALUA_PATHS : EMC_PATHS;
                    List<String> hw = new ArrayList<>();
                    List<String> printedArgs = List.of();
                    if (!h.isEmpty()) {
                        hw.add(h);
                        if (h.equals("alua") && args.size() == 1) {
                            hw.addAll(args);
                        } else if (h.equals("emc") && args.size() == 2) {
                            hw.addAll(args);
                            printedArgs = args.equals(List.of("0", "0")) ? List.of() : args;
                        }
                    }
                    StringBuilder t = new StringBuilder();
                    t.append(f.size());
                    f.forEach(w -> t.append(' ').append(w));
                    t.append(' ').append(hw.size());
                    hw.forEach(w -> t.append(' ').append(w));
                    t.append(' ').append(groupCount).append(' ').append(Math.min(initial, groupCount));
                    java.util.Random r = new java.util.Random(pick);
                    for (int g = 0; g < groupCount; g++) {
                        int paths = 1 + r.nextInt(Math.min(3, pool.size()));
                        boolean perPath = r.nextBoolean();
                        t.append(" round-robin 0 ").append(paths).append(' ').append(perPath ? 1 : 0);
                        List<String> shuffled = new ArrayList<>(pool);
                        Collections.shuffle(shuffled, r);
                        for (int p = 0; p < paths; p++) {
                            t.append(' ').append(shuffled.get(p));
                            if (perPath) {
                                t.append(' ').append(1 + r.nextInt(100));
                            }
                        }
                    }
                    return new Table(t.toString(), printedArgs);
                });
    }

    @Provide
    Arbitrary<String> soup() {
        return Arbitraries.of(TOKENS).list().ofMaxSize(30).map(w -> String.join(" ", w));
    }

    @Provide
    Arbitrary<String> mutated() {
        Arbitrary<int[]> edit = Arbitraries.integers().between(0, 3).flatMap(kind -> Arbitraries.integers()
                .between(0, 1000).tuple3().map(t -> new int[] {kind, t.get1(), t.get2(), t.get3()}));
        return Combinators.combine(valid(), edit.list().ofMinSize(1).ofMaxSize(3)).as((table, edits) -> {
            List<String> words = new ArrayList<>(List.of(table.text().split(" ")));
            for (int[] e : edits) {
                int i = e[1] % (words.size() + 1);
                String token = TOKENS.get(e[2] % TOKENS.size());
                switch (e[0]) {
                    case 0 -> {
                        if (i < words.size()) {
                            words.remove(i);
                        }
                    }
                    case 1 -> words.add(i, token);
                    case 2 -> {
                        if (i < words.size()) {
                            words.set(i, token);
                        }
                    }
                    default -> {
                        if (!words.isEmpty()) {
                            Collections.swap(words, i % words.size(), e[3] % words.size());
                        }
                    }
                }
            }
            return String.join(" ", words);
        });
    }
}
