package io.mpathj.api.checker;

import java.util.Objects;

/**
 * A checker's verdict and its message (multipath-tools' checker message, e.g. {@code tur checker reports path is
 * up}).
 */
public record CheckResult(CheckerState state, String message) {
    public CheckResult {
        Objects.requireNonNull(state, "state");
        message = message == null ? "" : message;
    }

    public static CheckResult of(CheckerState state, String message) {
        return new CheckResult(state, message);
    }
}
