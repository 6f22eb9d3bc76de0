package ${package};

import io.mpathj.api.handler.HardwareHandlerType;
import io.mpathj.testkit.ManifestChecker;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The built jar as the container and the on-demand loader read it (after {@code package}: failsafe runs it, with the
 * jar's path in the system property {@code mpathj.bundle} set by the plug-in parent).
 */
class ${classPrefix}BundleIT {
    @Test
    void theJarDeclaresTheHandlerImportsTheApiByMajorVersionAndExportsNothing() throws Exception {
        ManifestChecker.of(Path.of(System.getProperty("mpathj.bundle")))
                .symbolicName("${artifactId}")
                .exportsNothing()
                .providesHardwareHandler(${classPrefix}HandlerType.NAME)
                .hasComponent(${classPrefix}HandlerType.class.getName(), HardwareHandlerType.class.getName(),
                        HardwareHandlerType.NAME_PROPERTY, ${classPrefix}HandlerType.NAME)
                .importsPackage("io.mpathj.api.handler", "[1.0,2)")
                .doesNotImport("io.mpathj.core")
                .doesNotImport("io.mpathj.storage.sim");
    }
}
