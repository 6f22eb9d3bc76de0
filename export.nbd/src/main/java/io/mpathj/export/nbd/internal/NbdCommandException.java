package io.mpathj.export.nbd.internal;

/** A shell command failed because of what the user asked: Gogo prints the message alone, as one line. */
final class NbdCommandException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NbdCommandException(String message) {
        super(message, null, false, false);
    }

    @Override
    public String toString() {
        return getMessage();
    }
}
