package io.mpathj.core.internal.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Version;

class PackageRequirementsTest {
    @Test
    void filtersReadAsManifestRanges() {
        assertEquals("io.mpathj.api.handler; version=[1.1.0,2.0.0)", PackageRequirements.describe(
                "(&(osgi.wiring.package=io.mpathj.api.handler)(version>=1.1.0)(!(version>=2.0.0)))"));
        assertEquals("io.mpathj.api; version=1.0.0", PackageRequirements.describe(
                "(&(osgi.wiring.package=io.mpathj.api)(version>=1.0.0))"));
        assertEquals("org.vendor; version=[0.0.0,2.0.0)", PackageRequirements.describe(
                "(&(osgi.wiring.package=org.vendor)(!(version>=2.0.0)))"));
        assertEquals("org.vendor", PackageRequirements.describe("(osgi.wiring.package=org.vendor)"));
    }

    @Test
    void onlyMandatoryUnsatisfiedRequirementsOfTheChosenPackagesAreMissing() {
        List<IndexedBundle.Requirement> reqs = List.of(
                new IndexedBundle.Requirement("osgi.wiring.package",
                        "(&(osgi.wiring.package=io.mpathj.api.handler)(version>=1.1.0)(!(version>=2.0.0)))", false),
                new IndexedBundle.Requirement("osgi.wiring.package",
                        "(&(osgi.wiring.package=io.mpathj.api.path)(version>=1.0.0)(!(version>=2.0.0)))", false),
                new IndexedBundle.Requirement("osgi.wiring.package", "(osgi.wiring.package=org.vendor)", false),
                new IndexedBundle.Requirement("osgi.wiring.package", "(osgi.wiring.package=org.extra)", true),
                new IndexedBundle.Requirement("osgi.ee", "(osgi.ee=JavaSE)", false));
        List<Map<String, Object>> exports = List.of(
                Map.of("osgi.wiring.package", "io.mpathj.api.handler", "version", new Version(1, 0, 0)),
                Map.of("osgi.wiring.package", "io.mpathj.api.path", "version", new Version(1, 2, 0)));
        assertEquals(List.of("io.mpathj.api.handler; version=[1.1.0,2.0.0) missing"),
                PackageRequirements.missingApi(reqs, exports));
        assertEquals(List.of("io.mpathj.api.handler; version=[1.1.0,2.0.0) missing", "org.vendor missing"),
                PackageRequirements.missing(reqs, exports, p -> true));
    }
}
