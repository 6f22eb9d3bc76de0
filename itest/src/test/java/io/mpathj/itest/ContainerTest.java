package io.mpathj.itest;

import static org.junit.Assert.assertNotNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.inject.Inject;
import org.apache.felix.service.command.CommandProcessor;
import org.junit.After;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Base of the Pax Exam suites: the {@link MpathjOptions#base() base configuration} plus whatever
 * {@link #extraOptions()} adds, and helpers to find bundles, wait for services and run Gogo commands. Subclasses
 * carry {@code @RunWith(PaxExam.class)} and an {@code @ExamReactorStrategy}.
 */
public abstract class ContainerTest {
    /** How long {@link #awaitService} waits by default. */
    protected static final Duration SERVICE_TIMEOUT = Duration.ofSeconds(10);

    /** The test probe's context, injected by Pax Exam. */
    @Inject
    protected BundleContext context;

    private final List<ServiceTracker<?, ?>> trackers = new ArrayList<>();

    /** The container: the base configuration and the suite's {@link #extraOptions()}. */
    @Configuration
    public Option[] config() {
        List<Option> options = new ArrayList<>();
        options.add(MpathjOptions.base());
        options.addAll(Arrays.asList(extraOptions()));
        return options.toArray(Option[]::new);
    }

    /** Options a suite adds to the base configuration (system properties, test bundles). None by default. */
    protected Option[] extraOptions() {
        return new Option[0];
    }

    /** The installed bundle with this symbolic name, or null. */
    protected Bundle bundle(String symbolicName) {
        return Arrays.stream(context.getBundles())
                .filter(b -> symbolicName.equals(b.getSymbolicName()))
                .findFirst()
                .orElse(null);
    }

    /** Waits up to {@link #SERVICE_TIMEOUT} for a service of this type; fails the test if none appears. */
    protected <T> T awaitService(Class<T> type) {
        return awaitService(type, null, SERVICE_TIMEOUT);
    }

    /**
     * Waits for a service of this type that matches the LDAP filter (null: any); fails the test if none appears in
     * time. The service stays gotten until the test ends.
     */
    protected <T> T awaitService(Class<T> type, String filter, Duration timeout) {
        T service = findService(type, filter, timeout);
        assertNotNull("no service " + type.getName() + (filter == null ? "" : " " + filter) + " within " + timeout,
                service);
        return service;
    }

    /** Like {@link #awaitService(Class, String, Duration)} but returns null when none appears in time. */
    protected <T> T findService(Class<T> type, String filter, Duration timeout) {
        String objectClass = "(objectClass=" + type.getName() + ")";
        Filter f;
        try {
            f = context.createFilter(filter == null ? objectClass : "(&" + objectClass + filter + ")");
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("bad filter " + filter, e);
        }
        ServiceTracker<T, T> tracker = new ServiceTracker<>(context, f, null);
        tracker.open();
        trackers.add(tracker);
        try {
            return tracker.waitForService(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for " + f, e);
        }
    }

    /** A Gogo shell on the container's CommandProcessor. */
    protected Gogo gogo() {
        return new Gogo(awaitService(CommandProcessor.class));
    }

    @After
    public void closeTrackers() {
        trackers.forEach(ServiceTracker::close);
        trackers.clear();
    }

    /** The probe bundle (the test classes inside the container). */
    protected Bundle probe() {
        return FrameworkUtil.getBundle(getClass());
    }
}
