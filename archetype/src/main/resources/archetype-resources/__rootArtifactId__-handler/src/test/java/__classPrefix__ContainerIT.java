package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;

import ${package}.sim.${classPrefix}Personality;
import io.mpathj.api.StatusType;
import io.mpathj.api.handler.HardwareHandlerType;
import io.mpathj.api.path.PathDeviceProvider;
import io.mpathj.storage.sim.ManualSimTime;
import io.mpathj.storage.sim.SimArray;
import io.mpathj.storage.sim.SimArrayBuilder;
import io.mpathj.storage.sim.SimArrayRegistry;
import io.mpathj.testkit.OsgiContainer;
import io.mpathj.testkit.TestMap;
import io.mpathj.testkit.VerifiedWorkload;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

/**
 * The built bundle in an OSGi container (the test kit's {@link OsgiContainer}: Felix, SCR, mpathj's core): its DS
 * component registers the handler type, and a map naming it serves verified I/O over the simulated array and fails
 * over to the standby controller through the handler's pg_init.
 */
class ${classPrefix}ContainerIT {
    @Test
    void theBundleProvidesTheHandlerToAMapInTheContainer() throws Exception {
        SimArrayRegistry arrays = new SimArrayRegistry();
        try (SimArray array = SimArrayBuilder.of("v", new ${classPrefix}Personality(), new ManualSimTime())
                .portGroup(1, true, "A0", "A1").portGroup(2, false, "B0", "B1").memoryLu(0, 2048, 512).build();
                OsgiContainer osgi = OsgiContainer.builder().bundle(Path.of(System.getProperty("mpathj.bundle")))
                        .start()) {
            arrays.add(array);
            Bundle bundle = osgi.bundles().get(osgi.bundles().size() - 1);
            assertEquals(Bundle.ACTIVE, bundle.getState(), osgi.states());
            osgi.service(HardwareHandlerType.class, "(" + HardwareHandlerType.NAME_PROPERTY + "="
                    + ${classPrefix}HandlerType.NAME + ")", Duration.ofSeconds(10));
            osgi.register(PathDeviceProvider.class, arrays, Map.of(PathDeviceProvider.SCHEME_PROPERTY, "sim"));

            TestMap map = osgi.create("v", "0 1 " + ${classPrefix}HandlerType.NAME + " 2 1 round-robin 0 2 0 "
                    + "sim:v/A0/0 sim:v/A1/0 round-robin 0 2 0 sim:v/B0/0 sim:v/B1/0");
            Runnable pause = () -> LockSupport.parkNanos(1_000_000);
            VerifiedWorkload io = new VerifiedWorkload(map, 64, 4);
            io.write(pause, 10_000);
            array.port("A0").faults().linkDown();
            array.port("A1").faults().linkDown();
            io.verify(pause, 10_000);
            assertEquals("active", array.accessState(0, 2), "pg_init started controller B");
            assertEquals(2, map.validPaths(), map.status(StatusType.INFO));
        }
    }
}
