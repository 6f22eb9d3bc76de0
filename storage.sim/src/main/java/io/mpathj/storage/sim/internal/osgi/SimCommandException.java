package io.mpathj.storage.sim.internal.osgi;

/** A {@code sim:} command refused its arguments; Gogo prints it as the message alone, one line. */
final class SimCommandException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    SimCommandException(String message) {
        super(message);
    }

    @Override
    public String toString() {
        return getMessage();
    }
}
