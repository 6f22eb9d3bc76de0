package io.mpathj.storage.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.mpathj.api.path.PathDevice;
import io.mpathj.api.path.PathDeviceListener;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Path names {@code sim:ARRAY/PORT/LUN} through the transport SPI. */
class SimArrayRegistryTest {
    private final SimArrayRegistry registry = new SimArrayRegistry();
    private final SimArray array = TestArrays.alua(new ManualSimTime()).build();

    @Test
    void resolvesEveryPathOfAnArray() {
        registry.add(array);
        assertEquals("sim", registry.scheme());
        assertEquals(8, array.paths().size());
        for (SimPath p : array.paths()) {
            PathDevice d = registry.resolve(p.name()).orElseThrow();
            assertSame(p, d);
        }
        assertEquals("sim:a/B1/1", registry.resolve("sim:a/B1/1").orElseThrow().name());
    }

    @Test
    void unknownAndMalformedNamesResolveToNothing() {
        registry.add(array);
        for (String name : List.of("sim:a/A0/7", "sim:a/Z9/0", "sim:b/A0/0", "iscsi:a/A0/0", "sim:a/A0", "sim:a/A0/x",
                "sim:a/A0/0/1", "sim:a/A0/-1", "")) {
            assertTrue(registry.resolve(name).isEmpty(), name);
        }
    }

    @Test
    void namesAreUniqueAndRemovable() {
        registry.add(array);
        assertThrows(IllegalStateException.class, () -> registry.add(TestArrays.alua(new ManualSimTime()).build()));
        assertSame(array, registry.remove("a").orElseThrow());
        assertTrue(registry.resolve("sim:a/A0/0").isEmpty());
        assertTrue(registry.arrays().isEmpty());
    }

    /** Records announcements as "+name" / "-name". */
    private static final class Recorder implements PathDeviceListener {
        final List<String> events = new ArrayList<>();

        @Override
        public void pathsAppeared(List<? extends PathDevice> paths) {
            paths.forEach(p -> events.add("+" + p.name()));
        }

        @Override
        public void pathsGone(List<? extends PathDevice> paths) {
            paths.forEach(p -> events.add("-" + p.name()));
        }
    }

    @Test
    void announcesPathsOnArrayLifecycleAndPortPresence() {
        Recorder early = new Recorder();
        registry.addListener(early);
        registry.add(array);
        assertEquals(8, early.events.size());
        assertTrue(early.events.stream().allMatch(e -> e.startsWith("+sim:a/")));

        assertTrue(registry.withdrawPort("a", "B1"));
        assertFalse(registry.withdrawPort("a", "B1"), "already withdrawn");
        assertEquals(List.of("-sim:a/B1/0", "-sim:a/B1/1"), early.events.subList(8, 10));
        assertTrue(registry.resolve("sim:a/B1/0").isEmpty());

        Recorder late = new Recorder();
        registry.addListener(late);
        assertEquals(6, late.events.size(), "a late listener hears of the presented paths only: " + late.events);

        assertTrue(registry.presentPort("a", "B1"));
        assertFalse(registry.presentPort("a", "B1"));
        assertEquals(List.of("+sim:a/B1/0", "+sim:a/B1/1"), late.events.subList(6, 8));
        assertEquals("sim:a/B1/0", registry.resolve("sim:a/B1/0").orElseThrow().name());

        registry.removeListener(late);
        registry.remove("a");
        assertEquals(20, early.events.size(), early.events.toString());
        assertTrue(early.events.subList(12, 20).stream().allMatch(e -> e.startsWith("-sim:a/")), "all 8 gone");
        assertEquals(8, late.events.size(), "removed listeners hear nothing");
        assertFalse(registry.withdrawPort("a", "A0"));
    }

    @Test
    void builderRefusesInconsistentArrays() {
        ManualSimTime t = new ManualSimTime();
        assertThrows(IllegalArgumentException.class, () -> SimArrayBuilder.alua("x/y", t)
                .portGroup(1, AccessState.ACTIVE_OPTIMIZED, true, "P").memoryLu(0, 1, 512).build());
        assertThrows(IllegalArgumentException.class, () -> SimArrayBuilder.alua("x", t)
                .portGroup(1, AccessState.ACTIVE_OPTIMIZED, true, "P", "P").memoryLu(0, 1, 512).build());
        assertThrows(IllegalArgumentException.class, () -> SimArrayBuilder.alua("x", t)
                .portGroup(1, AccessState.ACTIVE_OPTIMIZED, true, "P").memoryLu(0, 1, 1024).build());
        assertThrows(IllegalArgumentException.class, () -> SimArrayBuilder.alua("x", t)
                .portGroup(1, AccessState.ACTIVE_OPTIMIZED, true, "P").memoryLu(0, 1, 512).memoryLu(0, 1, 512)
                .build());
        assertThrows(IllegalStateException.class, () -> SimArrayBuilder.alua("x", t).memoryLu(0, 1, 512).build());
        assertThrows(IllegalStateException.class, () -> SimArrayBuilder.clariion("x", t).storageProcessor("A0")
                .memoryLu(0, 1, 512).build().alua());
    }
}
