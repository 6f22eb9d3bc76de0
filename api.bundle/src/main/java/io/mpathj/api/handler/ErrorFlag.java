package io.mpathj.api.handler;

/**
 * The 2005 hardware-handler verdict flags ({@code MP_FAIL_PATH 1}, {@code MP_BYPASS_PG 2}, {@code MP_ERROR_IO 4}).
 * An empty set means: no path action, retry the I/O.
 */
public enum ErrorFlag {
    /** Fail the path the command ran on. */
    FAIL_PATH,
    /** Bypass (the kernel's "D") the priority group of that path. */
    BYPASS_PG,
    /** Do not retry: complete the I/O with its error. */
    ERROR_IO
}
