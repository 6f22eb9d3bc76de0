package io.mpathj.itest;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemPackages;

import java.io.File;
import java.util.List;
import org.ops4j.pax.exam.Option;

/**
 * The Pax Exam options every suite starts from: Felix with SCR, ConfigAdmin, the EventAdmin API, the Gogo runtime,
 * slf4j, and the real, built mpathj bundles. Bundles are installed from {@code file:} URLs of the jars the build
 * copied to {@code target/bundles} (system property {@value #BUNDLES_PROPERTY}), so no Maven resolution happens inside
 * the test JVM and a reactor build tests its own jars.
 */
public final class MpathjOptions {
    /** System property naming the folder the build copies the bundles to (file names without versions). */
    public static final String BUNDLES_PROPERTY = "mpathj.itest.bundles";

    /** The platform under the mpathj bundles, in install order. Symbolic names equal the artifact ids. */
    public static final List<String> RUNTIME_BUNDLES = List.of(
            "org.osgi.util.function",
            "org.osgi.util.promise",
            "org.osgi.service.component",
            "org.apache.felix.scr",
            "org.apache.felix.eventadmin",
            "org.apache.felix.configadmin",
            "org.apache.felix.gogo.runtime");

    /** The mpathj bundles, in install order. Symbolic names equal the artifact ids. */
    public static final List<String> MPATHJ_BUNDLES = List.of(
            "io.mpathj.api",
            "io.mpathj.core",
            "io.mpathj.selector.round_robin",
            "io.mpathj.storage.sim",
            "io.mpathj.transport.iscsi",
            "io.mpathj.handler.alua",
            "io.mpathj.handler.emc",
            "io.mpathj.handler.generic_scsi",
            "io.mpathj.daemon");

    /**
     * slf4j stays on the test JVM's class path (slf4j-api + slf4j-simple) and the system bundle exports it, as the
     * distribution's launcher does. A provisioned slf4j-api 2.x bundle would not resolve: it requires the
     * osgi.serviceloader.processor extender (a Service Loader Mediator such as Aries SPI Fly). Like the slf4j-api
     * 2.0.17 jar, the packages are also exported at 1.7.36: Pax Exam's own bundles (inject, extender, swissbox,
     * invoker) import {@code org.slf4j;version="[1.4,2)"} and do not resolve without it.
     */
    static final List<String> SLF4J_PACKAGES = List.of(
            "org.slf4j;version=2.0.17",
            "org.slf4j.spi;version=2.0.17",
            "org.slf4j.helpers;version=2.0.17",
            "org.slf4j.event;version=2.0.17",
            "org.slf4j;version=1.7.36",
            "org.slf4j.helpers;version=1.7.36");

    private MpathjOptions() {
    }

    /** Everything: {@link #runtime()} plus all of {@link #MPATHJ_BUNDLES}. */
    public static Option base() {
        return composite(runtime(), bundles(MPATHJ_BUNDLES));
    }

    /**
     * The container without any mpathj bundle: JUnit, slf4j, SCR and its API bundles, the EventAdmin API, ConfigAdmin,
     * Gogo.
     */
    public static Option runtime() {
        return composite(
                cleanCaches(),
                junitBundles(),
                systemPackages(SLF4J_PACKAGES.toArray(String[]::new)),
                // Felix's own log goes to stdout: warnings and errors (a failed bundle start, a DS error) show
                frameworkProperty("felix.log.level").value("2"),
                // SCR logs at warning to the framework's log
                frameworkProperty("ds.loglevel").value("warn"),
                bundles(RUNTIME_BUNDLES));
    }

    /** The named bundles (artifact ids) from the build's bundle folder, in order. */
    public static Option bundles(List<String> artifactIds) {
        return composite(artifactIds.stream().map(MpathjOptions::bundleFile).toArray(Option[]::new));
    }

    /** One bundle from the build's bundle folder; fails at configuration time if the build did not copy it. */
    public static Option bundleFile(String artifactId) {
        File jar = new File(bundlesDir(), artifactId + ".jar");
        if (!jar.isFile()) {
            throw new IllegalStateException("no bundle " + jar + ": add " + artifactId
                    + " to itest/pom.xml (a test dependency and copy-bundles' includeArtifactIds)");
        }
        return bundle(jar.toURI().toString());
    }

    /** The folder the build copies bundles to ({@code target/bundles} when run outside Maven). */
    public static File bundlesDir() {
        return new File(System.getProperty(BUNDLES_PROPERTY, "target/bundles")).getAbsoluteFile();
    }
}
