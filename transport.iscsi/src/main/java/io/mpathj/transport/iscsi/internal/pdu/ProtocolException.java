package io.mpathj.transport.iscsi.internal.pdu;

/** The peer broke RFC 7143 in a way that ends the connection (at ErrorRecoveryLevel 0 every such error does). */
public final class ProtocolException extends Exception {
    private static final long serialVersionUID = 1L;

    public ProtocolException(String message) {
        super(message);
    }
}
