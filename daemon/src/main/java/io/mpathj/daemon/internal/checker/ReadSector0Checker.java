package io.mpathj.daemon.internal.checker;

import io.mpathj.api.checker.PathChecker;
import io.mpathj.api.checker.PathCheckerType;
import org.osgi.annotation.bundle.Capability;
import org.osgi.service.component.annotations.Component;

/** The {@code readsector0} checker (checkers/readsector0.c): a READ of sector 0 through the path. */
@Component(service = PathCheckerType.class,
        property = PathCheckerType.NAME_PROPERTY + "=" + ReadSector0Checker.NAME)
@Capability(namespace = PathCheckerType.CAPABILITY_NAMESPACE, name = ReadSector0Checker.NAME)
public final class ReadSector0Checker implements PathCheckerType {
    public static final String NAME = "readsector0";

    @Override
    public PathChecker create() {
        return new ReadChecker(NAME, false);
    }
}
