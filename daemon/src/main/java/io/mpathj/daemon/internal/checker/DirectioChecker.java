package io.mpathj.daemon.internal.checker;

import io.mpathj.api.checker.PathChecker;
import io.mpathj.api.checker.PathCheckerType;
import org.osgi.annotation.bundle.Capability;
import org.osgi.service.component.annotations.Component;

/** The {@code directio} checker (checkers/directio.c): an asynchronous direct read of block 0 of the path. */
@Component(service = PathCheckerType.class, property = PathCheckerType.NAME_PROPERTY + "=" + DirectioChecker.NAME)
@Capability(namespace = PathCheckerType.CAPABILITY_NAMESPACE, name = DirectioChecker.NAME)
public final class DirectioChecker implements PathCheckerType {
    public static final String NAME = "directio";

    @Override
    public PathChecker create() {
        return new ReadChecker(NAME, true);
    }
}
