package io.mpathj.core.internal.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathj.core.internal.registry.RegistryException.Errno;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TypeRegistryTest {
    private final List<String> loads = new ArrayList<>();
    private TypeRegistry<String> registry;

    TypeRegistryTest() {
        registry = new TypeRegistry<>("hardware handler", (kind, name) -> {
            loads.add(kind + ":" + name);
            if (name.equals("emc")) {
                try {
                    registry.register("emc", "EMC");
                } catch (RegistryException e) {
                    throw new AssertionError(e);
                }
            }
            return "file:/repo/index.xml";
        });
    }

    @Test
    void duplicateNameIsRefusedWithEexist() throws Exception {
        registry.register("alua", "first");
        RegistryException e = assertThrows(RegistryException.class, () -> registry.register("alua", "second"));
        assertEquals(Errno.EEXIST, e.errno());
        assertEquals("hardware handler alua is already registered", e.getMessage());
        assertEquals(Optional.of("first"), registry.lookup("alua"));
    }

    @Test
    void useCountsFollowAcquireAndRelease() throws Exception {
        registry.register("alua", "ALUA");
        assertSame("ALUA", registry.acquire("alua", "mpatha"));
        registry.acquire("alua", "mpathb");
        registry.acquire("alua", "mpatha");
        assertEquals(3, registry.useCount("alua"));
        assertEquals(List.of("mpatha", "mpathb"), registry.holders("alua"));
        registry.release("alua", "mpatha");
        assertEquals(2, registry.useCount("alua"));
        registry.release("alua", "nobody");
        assertEquals(2, registry.useCount("alua"));
    }

    @Test
    void unregisterRefusesWhileInUseAndNamesTheHolders() throws Exception {
        registry.register("alua", "ALUA");
        registry.acquire("alua", "mpatha");
        registry.acquire("alua", "mpathb");
        RegistryException e = assertThrows(RegistryException.class, () -> registry.unregister("alua"));
        assertEquals(Errno.ETXTBSY, e.errno());
        assertEquals("hardware handler alua is in use by maps mpatha, mpathb", e.getMessage());
        registry.release("alua", "mpathb");
        e = assertThrows(RegistryException.class, () -> registry.unregister("alua"));
        assertEquals("hardware handler alua is in use by map mpatha", e.getMessage());
        registry.release("alua", "mpatha");
        registry.unregister("alua");
        assertTrue(registry.names().isEmpty());
    }

    @Test
    void unregisteringAnUnknownNameIsRefused() {
        RegistryException e = assertThrows(RegistryException.class, () -> registry.unregister("nosuch"));
        assertEquals(Errno.ENOENT, e.errno());
        assertEquals("no hardware handler nosuch is registered", e.getMessage());
    }

    @Test
    void aMissAsksTheLoaderOnceThenLooksAgain() throws Exception {
        assertEquals("EMC", registry.acquire("emc", "mpatha"));
        assertEquals(List.of("hardware handler:emc"), loads);
        assertEquals(1, registry.useCount("emc"));
        registry.acquire("emc", "mpathb");
        assertEquals(1, loads.size(), "a registered name does not load again");
    }

    @Test
    void anUnknownNameSaysWhereTheLoaderSearched() {
        RegistryException e = assertThrows(RegistryException.class, () -> registry.acquire("nosuch", "mpatha"));
        assertEquals(Errno.ENOENT, e.errno());
        assertEquals("no hardware handler named nosuch (searched file:/repo/index.xml)", e.getMessage());
        assertEquals(Optional.of("file:/repo/index.xml"), registry.ensureRegistered("nosuch"));
    }

    @Test
    void aSecondProviderIsRefusedUntilTheFirstLeavesThenPromoted() throws Exception {
        List<String> events = new ArrayList<>();
        registry.addListener((name, type) -> events.add(name + "=" + type));
        assertEquals(TypeRegistry.State.ACTIVE, registry.offer("alua", "v1", "alua.bundle 1.0.0"));
        assertEquals(TypeRegistry.State.REFUSED, registry.offer("alua", "v2", "vendor.alua 2.0.0"));
        registry.acquire("alua", "mpatha");
        assertEquals(List.of(
                new TypeRegistry.Row("alua", "alua.bundle 1.0.0", TypeRegistry.State.ACTIVE, 1, List.of("mpatha")),
                new TypeRegistry.Row("alua", "vendor.alua 2.0.0", TypeRegistry.State.REFUSED, 0, List.of())),
                registry.describe());
        registry.withdraw("alua", "v2"); // a refused provider leaving changes nothing
        registry.offer("alua", "v2", "vendor.alua 2.0.0");
        registry.withdraw("alua", "v1");
        assertEquals(Optional.of("v2"), registry.lookup("alua"));
        assertEquals(1, registry.useCount("alua"), "uses stay with the name");
        assertEquals(List.of("alua=v1", "alua=v2"), events);
    }

    @Test
    void aProviderLeavingWhileInUseLeavesTheNameMissing() throws Exception {
        List<String> events = new ArrayList<>();
        registry.addListener((name, type) -> events.add(name + "=" + type));
        registry.offer("alua", "v1", "b1");
        registry.acquire("alua", "mpatha");
        registry.withdraw("alua", "v1");
        assertEquals(List.of(new TypeRegistry.Row("alua", "", TypeRegistry.State.MISSING, 1, List.of("mpatha"))),
                registry.describe());
        assertTrue(registry.names().isEmpty());
        registry.offer("alua", "v3", "b3");
        assertEquals(List.of("alua=v1", "alua=null", "alua=v3"), events);
        registry.release("alua", "mpatha");
        registry.withdraw("alua", "v3");
        assertTrue(registry.describe().isEmpty(), "an unused name is forgotten");
    }

    @Test
    void unloadIsRefusedWhileInUseAndNamesTheMaps() throws Exception {
        registry.offer("emc", "EMC", "b");
        registry.acquire("emc", "mpathb");
        RegistryException e = assertThrows(RegistryException.class, () -> registry.checkUnloadable("emc"));
        assertEquals("hardware handler emc is in use by map mpathb", e.getMessage());
        registry.release("emc", "mpathb");
        assertEquals("EMC", registry.checkUnloadable("emc"));
        e = assertThrows(RegistryException.class, () -> registry.checkUnloadable("nosuch"));
        assertEquals("no hardware handler nosuch is registered", e.getMessage());
    }

    @Test
    void aReplacingProviderServesAtOnceAndTheOldOneWaitsBehindIt() throws Exception {
        TypeRegistry<String> registry = new TypeRegistry<>("hardware handler", TypeLoader.NONE);
        List<String> heard = new java.util.ArrayList<>();
        registry.addListener((name, type) -> heard.add(name + "=" + type));
        registry.offer("emc", "v1", "io.mpathj.handler.emc 1.0.0");
        registry.acquire("emc", "mpathe");
        assertEquals(TypeRegistry.State.ACTIVE, registry.offerReplacing("emc", "v2", "io.mpathj.handler.emc 1.0.1"));
        assertEquals(List.of("emc=v1", "emc=v2"), heard);
        assertEquals(java.util.Optional.of("v2"), registry.lookup("emc"));
        assertEquals(List.of(new TypeRegistry.Row("emc", "io.mpathj.handler.emc 1.0.1", TypeRegistry.State.ACTIVE, 1,
                List.of("mpathe")), new TypeRegistry.Row("emc", "io.mpathj.handler.emc 1.0.0",
                TypeRegistry.State.REFUSED, 0, List.of())), registry.describe());
        registry.withdraw("emc", "v2"); // the newer one deleted: the older one serves again
        assertEquals(java.util.Optional.of("v1"), registry.lookup("emc"));
        assertEquals(List.of("emc=v1", "emc=v2", "emc=v1"), heard);
    }
}
