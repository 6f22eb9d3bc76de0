package io.mpathj.api.prio;

import io.mpathj.api.InvalidArgumentsException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A kind of prioritizer ({@code prio alua}), registered as a whiteboard service with the property
 * {@value #NAME_PROPERTY}; a bundle declares {@code Provide-Capability: mpathj.prioritizer;mpathj.prioritizer=NAME}
 * to be loadable on demand. Hardware handler bundles may provide their own.
 */
@ConsumerType
public interface PrioritizerType {
    /** Service property carrying the prioritizer's name. */
    String NAME_PROPERTY = "mpathj.prioritizer.name";
    /** Capability namespace a bundle declares so the on-demand loader can find it by name. */
    String CAPABILITY_NAMESPACE = "mpathj.prioritizer";

    /**
     * A prioritizer for {@code prio_args} (empty when none are given), e.g. weightedpath's
     * {@code devname REGEX PRIO …}. A refusal's message is the user-facing error text.
     */
    Prioritizer create(String args) throws InvalidArgumentsException;
}
