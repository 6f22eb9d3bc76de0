package io.mpathj.core.internal.map;

/**
 * A target message was refused (the kernel returns -EINVAL or -EBUSY). The message is the kernel's DMWARN text
 * where it has one.
 */
public class MessageException extends io.mpathj.api.InvalidArgumentsException {
    private static final long serialVersionUID = 1L;

    public MessageException(String message) {
        super(message);
    }
}
