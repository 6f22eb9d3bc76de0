package io.mpathj.core.internal.table;

/** The {@code queue_mode} feature: request-based (the default; {@code rq} and {@code mq}) or bio-based. */
public enum QueueMode {
    REQUEST_BASED,
    BIO_BASED
}
