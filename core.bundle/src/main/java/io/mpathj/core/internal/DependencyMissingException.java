package io.mpathj.core.internal;

import io.mpathj.api.InvalidArgumentsException;

/**
 * A table refused only because something it names is not there yet: a path no transport offers, or a plug-in no
 * bundle provides. Unlike a table that can never work, it may succeed later (an array being created, a session
 * logging in, a bundle being deployed), so a configured map waits for it instead of failing for good.
 */
public final class DependencyMissingException extends InvalidArgumentsException {
    private static final long serialVersionUID = 1L;

    public DependencyMissingException(String message) {
        super(message);
    }
}
