package io.mpathj.transport.iscsi.internal.session;

import io.mpathj.transport.iscsi.internal.pdu.Pdu;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Requests other than SCSI commands that wait for one response PDU with the same ITT: NOP-Out pings, task
 * management, Text and Logout. Each has a deadline, so none waits forever. Used on the I/O thread only.
 */
final class Exchanges {
    private static final class Pending {
        final CompletableFuture<Pdu> response = new CompletableFuture<>();
        final long deadlineNanos;
        final String what;

        Pending(long deadlineNanos, String what) {
            this.deadlineNanos = deadlineNanos;
            this.what = what;
        }
    }

    private final Map<Integer, Pending> pending = new HashMap<>();

    /** Registers an exchange; the future completes with a copy of the response or fails at the deadline. */
    CompletableFuture<Pdu> expect(int itt, long timeoutMillis, String what) {
        Pending p = new Pending(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis), what);
        pending.put(itt, p);
        return p.response;
    }

    /** Completes the exchange a response belongs to; false when none waits for its ITT. */
    boolean complete(Pdu response) {
        Pending p = pending.remove(response.itt());
        if (p == null) {
            return false;
        }
        p.response.complete(response.copy());
        return true;
    }

    /** Fails one exchange (the target rejected its request). */
    boolean fail(int itt, Exception cause) {
        Pending p = pending.remove(itt);
        return p != null && p.response.completeExceptionally(cause);
    }

    void expireOverdue(long nowNanos) {
        Iterator<Pending> it = pending.values().iterator();
        while (it.hasNext()) {
            Pending p = it.next();
            if (nowNanos - p.deadlineNanos >= 0) {
                it.remove();
                p.response.completeExceptionally(new TimeoutException(p.what + ": no response in time"));
            }
        }
    }

    void failAll(Exception cause) {
        Map<Integer, Pending> copy = new HashMap<>(pending);
        pending.clear();
        copy.values().forEach(p -> p.response.completeExceptionally(cause));
    }
}
