package io.mpathj.handler.alua.internal;

import io.mpathj.api.handler.ErrorFlag;
import io.mpathj.api.handler.PgInitRequest;
import io.mpathj.api.handler.PgInitResult;
import io.mpathj.api.path.MapPath;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A pg_init request that remembers its answer and counts how often it was answered. */
final class RecordingRequest implements PgInitRequest {
    private final MapPath path;
    final CompletableFuture<PgInitResult> result = new CompletableFuture<>();
    final AtomicInteger answers = new AtomicInteger();

    RecordingRequest(MapPath path) {
        this.path = path;
    }

    @Override
    public MapPath path() {
        return path;
    }

    @Override
    public boolean pgBypassed() {
        return false;
    }

    @Override
    public boolean complete(Set<ErrorFlag> flags) {
        throw new AssertionError("the alua handler answers with SCSI_DH results, got flags " + flags);
    }

    @Override
    public boolean complete(PgInitResult r) {
        answers.incrementAndGet();
        return result.complete(r);
    }

    /** Hands a new request for {@code path} to the handler's pg_init and returns it. */
    static RecordingRequest activate(io.mpathj.api.handler.HardwareHandler handler, MapPath path) {
        RecordingRequest r = new RecordingRequest(path);
        handler.pgInit(r);
        return r;
    }

    /** The answer, waiting at most five seconds. */
    PgInitResult await() throws Exception {
        return result.get(5, TimeUnit.SECONDS);
    }
}
