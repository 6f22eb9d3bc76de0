package io.mpathj.api;

/**
 * A constructor refused its arguments. The message is the user-facing error text, in the kernel's words where the
 * kernel has words for it (its {@code ti->error}), e.g. {@code "invalid number of feature args"}.
 */
public class InvalidArgumentsException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidArgumentsException(String message) {
        super(message);
    }
}
