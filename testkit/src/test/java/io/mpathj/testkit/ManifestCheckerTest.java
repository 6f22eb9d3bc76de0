package io.mpathj.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathj.api.handler.HardwareHandlerType;
import io.mpathj.testkit.bundle.TurHandlerType;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestCheckerTest {
    @TempDir
    Path dir;

    @Test
    void aHandlerBundlePassesEveryCheckAndAWrongExpectationFailsWithTheHeader() throws Exception {
        ManifestChecker m = ManifestChecker.of(TestBundles.handlerBundle(dir, "1.0.0"));
        m.symbolicName(TestBundles.SYMBOLIC_NAME).bundleVersion("1.0.0").exportsNothing()
                .providesHardwareHandler(TurHandlerType.NAME).importsPackage("io.mpathj.api.handler", "[1.0,2)")
                .doesNotImport("io.mpathj.core").hasComponent(TurHandlerType.class.getName(),
                        HardwareHandlerType.class.getName(), HardwareHandlerType.NAME_PROPERTY, TurHandlerType.NAME);

        AssertionError noSuch = assertThrows(AssertionError.class, () -> m.providesHardwareHandler("emc"));
        assertTrue(noSuch.getMessage().contains("no capability mpathj.hw_handler=emc; Provide-Capability: "),
                noSuch.getMessage());
        assertThrows(AssertionError.class, () -> m.providesPathSelector(TurHandlerType.NAME));
        AssertionError range = assertThrows(AssertionError.class, () -> m.importsPackage("io.mpathj.api.scsi",
                "[1.0,2)"));
        assertTrue(range.getMessage().contains("imports io.mpathj.api.scsi at [1.1,2), expected [1.0,2)"),
                range.getMessage());
        assertThrows(AssertionError.class, () -> m.doesNotImport("io.mpathj.api"));
        assertThrows(AssertionError.class, () -> m.symbolicName("other"));
    }

    @Test
    void mpathjsOwnBundlesFromTheClassPath() throws Exception {
        Path api = OsgiContainer.classPathBundles().get("io.mpathj.api");
        ManifestChecker.of(api).symbolicName("io.mpathj.api").exportsPackage("io.mpathj.api.handler", "1.0.0");
        AssertionError moved = assertThrows(AssertionError.class, () -> ManifestChecker.of(api)
                .exportsPackage("io.mpathj.api.handler", "2.0.0"));
        assertTrue(moved.getMessage().contains("exports io.mpathj.api.handler at 1.0.0, expected 2.0.0"));
        ManifestChecker.of(OsgiContainer.classPathBundles().get("io.mpathj.selector.round_robin"))
                .providesPathSelector("round-robin").doesNotImport("io.mpathj.core");
    }

    @Test
    void headersAreSplitOutsideQuotes() {
        var clauses = ManifestChecker.parse("a;version=\"1.0\";uses:=\"x,y\",b;c;x:Long=3");
        assertEquals(3, clauses.size());
        assertEquals("x,y", clauses.get(0).directives().get("uses"));
        assertEquals("1.0", clauses.get(0).attribute("version"));
        assertEquals("3", clauses.get(2).attribute("x"));
        assertEquals("b", clauses.get(1).path());
    }
}
