package io.mpathj.daemon.internal.conf;

import java.util.List;
import java.util.stream.Collectors;

/** The ERRORs of a configuration file, for callers that refuse a file with syntax errors. */
public final class ConfSyntaxException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<Diagnostic> errors;

    public ConfSyntaxException(List<Diagnostic> errors) {
        super(errors.stream().map(Diagnostic::message).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public List<Diagnostic> errors() {
        return errors;
    }
}
