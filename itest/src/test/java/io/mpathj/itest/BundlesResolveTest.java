package io.mpathj.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import io.mpathj.api.handler.HardwareHandlerType;
import io.mpathj.api.path.PathDeviceProvider;
import io.mpathj.api.selector.PathSelectorType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.felix.service.command.CommandProcessor;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.namespace.extender.ExtenderNamespace;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.slf4j.LoggerFactory;

/** The base configuration starts: every bundle resolves and is active, and the platform services are there. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BundlesResolveTest extends ContainerTest {

    @Test
    public void everyProvisionedBundleIsInstalledAndActive() {
        List<String> problems = new ArrayList<>();
        Stream.concat(MpathjOptions.RUNTIME_BUNDLES.stream(), MpathjOptions.MPATHJ_BUNDLES.stream())
                .filter(bsn -> bundle(bsn) == null)
                .forEach(bsn -> problems.add(bsn + " is not installed"));
        for (Bundle b : context.getBundles()) {
            boolean fragment = (b.adapt(BundleRevision.class).getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
            if (b.getState() != Bundle.ACTIVE && !(fragment && b.getState() == Bundle.RESOLVED)) {
                problems.add(b.getSymbolicName() + " " + b.getVersion() + " is " + state(b) + why(b));
            }
        }
        assertTrue("bundles not active:\n" + String.join("\n", problems), problems.isEmpty());
    }

    @Test
    public void roundRobinAdvertisesItsPathSelectorCapability() {
        Bundle rr = bundle("io.mpathj.selector.round_robin");
        assertNotNull(rr);
        String header = rr.getHeaders().get("Provide-Capability");
        assertNotNull("no Provide-Capability header", header);
        assertTrue(header, header.contains(PathSelectorType.CAPABILITY_NAMESPACE));

        List<BundleCapability> caps = rr.adapt(BundleRevision.class)
                .getDeclaredCapabilities(PathSelectorType.CAPABILITY_NAMESPACE);
        assertEquals(caps.toString(), 1, caps.size());
        assertEquals("round-robin", caps.get(0).getAttributes().get(PathSelectorType.CAPABILITY_NAMESPACE));
    }

    @Test
    public void scrIsTheComponentExtenderOfTheMpathjBundles() {
        ServiceComponentRuntime scr = awaitService(ServiceComponentRuntime.class);
        Bundle scrBundle = bundle("org.apache.felix.scr");
        for (String bsn : MpathjOptions.MPATHJ_BUNDLES) {
            Bundle b = bundle(bsn);
            if (b.getHeaders().get("Service-Component") == null) {
                continue; // the API bundle has no components
            }
            List<BundleWire> extenders = b.adapt(BundleWiring.class).getRequiredWires(ExtenderNamespace.EXTENDER_NAMESPACE);
            assertEquals(bsn + " extender wires " + extenders, 1, extenders.size());
            assertEquals(bsn, scrBundle, extenders.get(0).getProvider().getBundle());
            assertFalse(bsn + ": SCR knows no component of it", scr.getComponentDescriptionDTOs(b).isEmpty());
        }
    }

    @Test
    public void noMpathjComponentFailedToActivate() {
        ServiceComponentRuntime scr = awaitService(ServiceComponentRuntime.class);
        Bundle[] mpathj = MpathjOptions.MPATHJ_BUNDLES.stream().map(this::bundle).toArray(Bundle[]::new);
        List<String> failed = new ArrayList<>();
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(mpathj)) {
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                if (c.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                    failed.add(d.name + ": " + c.failure);
                }
            }
        }
        assertTrue("components failed to activate:\n" + String.join("\n", failed), failed.isEmpty());
    }

    @Test
    public void theCommandProcessorIsRegistered() {
        CommandProcessor processor = awaitService(CommandProcessor.class);
        assertEquals(bundle("org.apache.felix.gogo.runtime"),
                context.getServiceReference(CommandProcessor.class).getBundle());
        assertNotNull(processor);
    }

    /** The handler modules are DS components: each registers its HardwareHandlerType under its table name. */
    @Test
    public void theHandlerTypesAreRegisteredByName() throws Exception {
        Map<String, String> handlers = Map.of(
                "alua", "io.mpathj.handler.alua",
                "emc", "io.mpathj.handler.emc",
                "generic-scsi", "io.mpathj.handler.generic_scsi");
        for (Map.Entry<String, String> h : handlers.entrySet()) {
            String filter = "(" + HardwareHandlerType.NAME_PROPERTY + "=" + h.getKey() + ")";
            awaitService(HardwareHandlerType.class, filter, SERVICE_TIMEOUT);
            Collection<ServiceReference<HardwareHandlerType>> refs =
                    context.getServiceReferences(HardwareHandlerType.class, filter);
            assertEquals(filter, 1, refs.size());
            assertEquals(filter, bundle(h.getValue()), refs.iterator().next().getBundle());
        }
    }

    /** Each transport registers its PathDeviceProvider under the scheme its path names start with. */
    @Test
    public void theTransportsAreThePathProvidersOfTheirSchemes() throws Exception {
        Map<String, String> transports = Map.of(
                "sim", "io.mpathj.storage.sim",
                "iscsi", "io.mpathj.transport.iscsi");
        for (Map.Entry<String, String> t : transports.entrySet()) {
            String filter = "(" + PathDeviceProvider.SCHEME_PROPERTY + "=" + t.getKey() + ")";
            PathDeviceProvider provider = awaitService(PathDeviceProvider.class, filter, SERVICE_TIMEOUT);
            assertEquals(filter, t.getKey(), provider.scheme());
            Collection<ServiceReference<PathDeviceProvider>> refs =
                    context.getServiceReferences(PathDeviceProvider.class, filter);
            assertEquals(filter, 1, refs.size());
            assertEquals(filter, bundle(t.getValue()), refs.iterator().next().getBundle());
        }
    }

    @Test
    public void slf4jHasARealBindingAndTheBundlesGetItFromTheSystemBundle() {
        assertEquals("org.slf4j.simple.SimpleLoggerFactory", LoggerFactory.getILoggerFactory().getClass().getName());
        BundleWiring core = bundle("io.mpathj.core").adapt(BundleWiring.class);
        assertNotNull("io.mpathj.core is not resolved", core);
        List<BundleWire> slf4j = core.getRequiredWires(BundleRevision.PACKAGE_NAMESPACE).stream()
                .filter(w -> "org.slf4j".equals(w.getCapability().getAttributes().get(BundleRevision.PACKAGE_NAMESPACE)))
                .collect(Collectors.toList());
        assertEquals(slf4j.toString(), 1, slf4j.size());
        assertEquals(0L, slf4j.get(0).getProvider().getBundle().getBundleId());
    }

    private static String state(Bundle b) {
        return switch (b.getState()) {
            case Bundle.UNINSTALLED -> "UNINSTALLED";
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            default -> "state " + b.getState();
        };
    }

    /** Why a bundle is not active: starting it again reports the resolver's (or activator's) error. */
    private static String why(Bundle b) {
        if (b.getState() != Bundle.INSTALLED && b.getState() != Bundle.RESOLVED) {
            return "";
        }
        try {
            b.start();
            return " (it started when asked again)";
        } catch (BundleException e) {
            return ": " + e.getMessage() + (e.getCause() == null ? "" : " caused by " + e.getCause());
        } catch (RuntimeException e) {
            return ": " + e;
        }
    }
}
