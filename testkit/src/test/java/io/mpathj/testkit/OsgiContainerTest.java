package io.mpathj.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathj.api.handler.HardwareHandlerType;
import io.mpathj.api.path.PathDeviceProvider;
import io.mpathj.storage.sim.AccessState;
import io.mpathj.storage.sim.ManualSimTime;
import io.mpathj.storage.sim.SimArray;
import io.mpathj.storage.sim.SimArrayBuilder;
import io.mpathj.storage.sim.SimArrayRegistry;
import io.mpathj.storage.sim.Tpgs;
import io.mpathj.testkit.bundle.TurHandlerType;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

class OsgiContainerTest {
    @TempDir
    Path dir;

    @Test
    void aHandlerBundleInTheContainerServesAMapOverTheTestsSimulatedArray() throws Exception {
        Path jar = TestBundles.handlerBundle(dir, "1.0.0");
        SimArrayRegistry arrays = new SimArrayRegistry();
        try (SimArray array = SimArrayBuilder.alua("t", new ManualSimTime()).tpgs(Tpgs.NONE)
                .portGroup(1, AccessState.ACTIVE_OPTIMIZED, true, "P0", "P1").memoryLu(0, 64, 512).build();
                OsgiContainer osgi = OsgiContainer.builder().bundle(jar).start()) {
            arrays.add(array);
            Bundle handler = osgi.bundle(TestBundles.SYMBOLIC_NAME);
            assertEquals(Bundle.ACTIVE, handler.getState(), osgi.states());
            assertEquals(Bundle.ACTIVE, osgi.bundle("io.mpathj.core").getState());
            // the DS component of the bundle under test, found by the property the core looks it up by
            HardwareHandlerType type = osgi.service(HardwareHandlerType.class, "(" + HardwareHandlerType.NAME_PROPERTY
                    + "=" + TurHandlerType.NAME + ")", Duration.ofSeconds(10));
            assertEquals(TurHandlerType.class.getName(), type.getClass().getName());
            assertTrue(type.getClass().getClassLoader() != TurHandlerType.class.getClassLoader(),
                    "the bundle's own copy of the class");

            osgi.register(PathDeviceProvider.class, arrays, Map.of(PathDeviceProvider.SCHEME_PROPERTY, "sim"));
            TestMap map = osgi.create("m", "0 1 " + TurHandlerType.NAME + " 1 1 round-robin 0 2 0 sim:t/P0/0 "
                    + "sim:t/P1/0");
            byte[] data = new byte[512];
            Arrays.fill(data, (byte) 7);
            map.write(3, ByteBuffer.wrap(data)).toCompletableFuture().get(10, TimeUnit.SECONDS);
            ByteBuffer back = ByteBuffer.allocate(512);
            map.read(3, back).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertEquals(ByteBuffer.wrap(data), back.rewind());
            assertTrue(map.status(io.mpathj.api.StatusType.TABLE).contains(" 1 " + TurHandlerType.NAME + " "),
                    map.status(io.mpathj.api.StatusType.TABLE));
        }
    }
}
