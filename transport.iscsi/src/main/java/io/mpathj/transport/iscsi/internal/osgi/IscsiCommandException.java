package io.mpathj.transport.iscsi.internal.osgi;

/** An {@code iscsi:} command refused its arguments or failed; Gogo prints it as the message alone, one line. */
final class IscsiCommandException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    IscsiCommandException(String message) {
        super(message);
    }

    @Override
    public String toString() {
        return getMessage();
    }
}
