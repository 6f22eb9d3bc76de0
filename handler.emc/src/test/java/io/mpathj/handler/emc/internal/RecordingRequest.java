package io.mpathj.handler.emc.internal;

import io.mpathj.api.handler.ErrorFlag;
import io.mpathj.api.handler.PgInitRequest;
import io.mpathj.api.handler.PgInitResult;
import io.mpathj.api.path.MapPath;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A pg_init request that records its answer and how many answers it got. */
final class RecordingRequest implements PgInitRequest {
    private final MapPath path;
    final CompletableFuture<PgInitResult> result = new CompletableFuture<>();
    final AtomicInteger answers = new AtomicInteger();

    RecordingRequest(MapPath path) {
        this.path = path;
    }

    PgInitResult await() throws Exception {
        return result.get(10, TimeUnit.SECONDS);
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
        throw new AssertionError("emc answers with SCSI_DH results, not flags: " + flags);
    }

    @Override
    public boolean complete(PgInitResult r) {
        answers.incrementAndGet();
        return result.complete(r);
    }
}
