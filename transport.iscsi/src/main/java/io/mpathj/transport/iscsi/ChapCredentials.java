package io.mpathj.transport.iscsi;

import java.util.Objects;

/** One-way CHAP credentials (RFC 7143 §12.1.3): the initiator proves it knows the secret the target holds for it. */
public record ChapCredentials(String user, String secret) {
    public ChapCredentials {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(secret, "secret");
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "ChapCredentials[user=" + user + "]";
    }
}
