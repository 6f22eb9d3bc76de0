package io.mpathj.core.testing;

import io.mpathj.api.StatusType;
import io.mpathj.api.handler.ErrorFlag;
import io.mpathj.api.handler.HardwareHandler;
import io.mpathj.api.handler.PathError;
import io.mpathj.api.handler.PgInitRequest;
import io.mpathj.api.handler.PgInitResult;
import io.mpathj.api.handler.ScsiErrorRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A hardware handler driven by the test: pg_init requests wait in a queue until the test answers them, unless
 * auto-answer is on; the error hook is a function the test sets; every call is recorded.
 */
public final class ScriptedHandler implements HardwareHandler {
    public final List<String> args;
    public final LinkedBlockingQueue<PgInitRequest> pgInits = new LinkedBlockingQueue<>();
    public final List<PathError> errors = new ArrayList<>();
    public volatile PgInitResult autoAnswer;
    public volatile Function<PathError, Set<ErrorFlag>> errorHook = e -> ScsiErrorRules.classify(e.result(),
            e.attempt());
    public volatile List<String> infoWords = List.of();
    public volatile List<String> tableWords = List.of();
    public volatile boolean closed;
    public volatile int pgInitCalls;
    /** pg_init of this path throws, as a buggy handler would. */
    public volatile String throwInPgInitFor;

    public ScriptedHandler(List<String> args) {
        this.args = args;
    }

    @Override
    public void pgInit(PgInitRequest request) {
        pgInitCalls++;
        if (request.path().name().equals(throwInPgInitFor)) {
            throw new IllegalStateException("scripted handler bug");
        }
        PgInitResult answer = autoAnswer;
        if (answer != null) {
            request.complete(answer);
        } else {
            pgInits.add(request);
        }
    }

    /** The next pg_init request, waiting up to 5 s. */
    public PgInitRequest nextPgInit() throws InterruptedException {
        PgInitRequest r = pgInits.poll(5, TimeUnit.SECONDS);
        if (r == null) {
            throw new AssertionError("no pg_init request within 5 s");
        }
        return r;
    }

    @Override
    public synchronized Set<ErrorFlag> error(PathError error) {
        errors.add(error);
        return errorHook.apply(error);
    }

    @Override
    public List<String> status(StatusType type) {
        return type == StatusType.INFO ? infoWords : tableWords;
    }

    @Override
    public void close() {
        closed = true;
    }
}
