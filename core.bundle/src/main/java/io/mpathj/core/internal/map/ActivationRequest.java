package io.mpathj.core.internal.map;

import io.mpathj.api.handler.ErrorFlag;
import io.mpathj.api.handler.PgInitRequest;
import io.mpathj.api.handler.PgInitResult;
import io.mpathj.api.path.MapPath;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One path activation handed to the handler. Only the first answer counts; a later one (or one after the map's
 * timeout) is refused, so a handler that completes twice cannot corrupt the map's pg_init accounting.
 */
final class ActivationRequest implements PgInitRequest {
    private final MultipathMap map;
    private final PgPath path;
    private final boolean pgBypassed;
    private final int generation;
    private final AtomicBoolean answered = new AtomicBoolean();
    volatile ScheduledFuture<?> timeout;

    ActivationRequest(MultipathMap map, PgPath path, boolean pgBypassed, int generation) {
        this.map = map;
        this.path = path;
        this.pgBypassed = pgBypassed;
        this.generation = generation;
    }

    @Override
    public MapPath path() {
        return path;
    }

    @Override
    public boolean pgBypassed() {
        return pgBypassed;
    }

    @Override
    public boolean complete(Set<ErrorFlag> flags) {
        if (!claim("flags " + flags)) {
            return false;
        }
        map.pgInitDone(path, flags.isEmpty() ? EnumSet.noneOf(ErrorFlag.class) : EnumSet.copyOf(flags), generation);
        return true;
    }

    @Override
    public boolean complete(PgInitResult result) {
        if (!claim(result.name())) {
            return false;
        }
        map.pgInitDone(path, result, generation);
        return true;
    }

    private boolean claim(String answer) {
        if (!answered.compareAndSet(false, true)) {
            map.ignoredDoubleCompletion(path, answer);
            return false;
        }
        ScheduledFuture<?> t = timeout;
        if (t != null) {
            t.cancel(false);
        }
        return true;
    }
}
