package io.mpathj.launcher;

/**
 * A launcher command's answer to a user's mistake. The interactive shell prints a failed command's exception with
 * {@code toString()}: the message alone is the one line to show, not the class name before it.
 */
final class CommandRefused extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    CommandRefused(String message) {
        super(message);
    }

    CommandRefused(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String toString() {
        return getMessage();
    }
}
