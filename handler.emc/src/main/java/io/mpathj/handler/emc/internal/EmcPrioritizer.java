package io.mpathj.handler.emc.internal;

import io.mpathj.api.path.PathDevice;
import io.mpathj.api.prio.Prioritizer;
import io.mpathj.api.prio.PrioritizerType;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.bundle.Capability;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code emc} prioritizer (multipath-tools' prioritizers/emc.c): VPD page C0h. The LUN state (0 unbound, 1
 * bound, 2 owned by this path's SP), plus 2 when this path's SP is the LU's default SP: the owner on its default SP
 * 4, the default SP while the peer owns the LU 3, the owner away from its default SP 2, the other SP 1. No priority
 * ({@link Prioritizer#UNDEFINED}) when the INQUIRY fails, the page is in an unknown format, the path is not
 * configured for failover, or the LU is not in normal operations. {@code prio_args} are ignored.
 */
@Component(service = PrioritizerType.class, property = PrioritizerType.NAME_PROPERTY + "=" + EmcPrioritizer.NAME)
@Capability(namespace = PrioritizerType.CAPABILITY_NAMESPACE, name = EmcPrioritizer.NAME)
public final class EmcPrioritizer implements PrioritizerType, Prioritizer {
    public static final String NAME = "emc";
    private static final Logger LOG = LoggerFactory.getLogger(EmcPrioritizer.class);

    @Override
    public Prioritizer create(String args) {
        return this;
    }

    @Override
    public CompletionStage<Integer> priority(PathDevice path, Duration timeout) {
        CompletableFuture<Integer> result = new CompletableFuture<>();
        UnitReport.read(path, timeout, a -> result.complete(priority(path.name(), a)));
        return result;
    }

    static int priority(String path, UnitReport.Answer a) {
        UnitReport page = a.report();
        String problem = page == null ? "query command indicates error (" + a.result().describe() + ")"
                : !page.knownFormat() ? "path unit report page in unknown format"
                : !page.configuredForFailover() ? "path not correctly configured for failover"
                : page.notNormal() ? "path not available for normal operations" : null;
        if (problem != null) {
            LOG.debug("{}: emc prio: {}", path, problem);
            return Prioritizer.UNDEFINED;
        }
        return page.lunState() + (page.defaultSpIsThisPath() ? 2 : 0);
    }
}
