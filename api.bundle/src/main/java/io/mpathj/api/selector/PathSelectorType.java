package io.mpathj.api.selector;

import io.mpathj.api.InvalidArgumentsException;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A kind of path selector (the kernel's {@code struct path_selector_type}), registered as a whiteboard service with
 * the property {@value #NAME_PROPERTY}.
 */
@ConsumerType
public interface PathSelectorType {
    /** Service property carrying the selector's table name, e.g. {@code round-robin}. */
    String NAME_PROPERTY = "mpathj.path.selector.name";
    /** Capability namespace a bundle declares so the on-demand loader can find it by name. */
    String CAPABILITY_NAMESPACE = "mpathj.path_selector";

    /** Number of per-path words {@link PathSelector#pathStatus} returns for TABLE output ({@code table_args}). */
    int tableArgs();

    /** Number of per-path words {@link PathSelector#pathStatus} returns for INFO output ({@code info_args}). */
    int infoArgs();

    /** One selector per priority group, from the group's selector args. */
    PathSelector create(List<String> args) throws InvalidArgumentsException;
}
