package io.mpathj.api.checker;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A kind of path checker ({@code path_checker tur}), registered as a whiteboard service with the property
 * {@value #NAME_PROPERTY}. A bundle declares {@code Provide-Capability: mpathj.path_checker;mpathj.path_checker=NAME}
 * so that the daemon can load it on demand from the repository index, as multipath-tools loads
 * {@code libcheckNAME.so}.
 */
@ConsumerType
public interface PathCheckerType {
    /** Service property carrying the checker's name. */
    String NAME_PROPERTY = "mpathj.path.checker.name";
    /** Capability namespace a bundle declares so the on-demand loader can find it by name. */
    String CAPABILITY_NAMESPACE = "mpathj.path_checker";

    /** A checker for one path. */
    PathChecker create();
}
