package io.mpathj.core.internal.osgi;

/**
 * A shell command failed because of what the user asked. Gogo prints it as one line (its message); the message says
 * what was wrong and, where there is one, what to do.
 */
public final class MpathException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MpathException(String message) {
        super(message, null, false, false);
    }

    /** Gogo prints a failed command's exception with toString(): the message alone is the one line to show. */
    @Override
    public String toString() {
        return getMessage();
    }
}
