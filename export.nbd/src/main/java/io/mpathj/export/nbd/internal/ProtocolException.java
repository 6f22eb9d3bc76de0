package io.mpathj.export.nbd.internal;

import java.io.IOException;

/** The client broke a MUST of proto.md: the server ends the connection (a hard disconnect). */
final class ProtocolException extends IOException {
    private static final long serialVersionUID = 1L;

    ProtocolException(String message) {
        super(message, null);
    }
}
