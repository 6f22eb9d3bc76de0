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
}
