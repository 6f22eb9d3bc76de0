package io.mpathj.testkit;

import io.mpathj.api.handler.ErrorFlag;
import io.mpathj.api.handler.HardwareHandler;
import io.mpathj.api.handler.PgInitRequest;
import io.mpathj.api.handler.PgInitResult;
import io.mpathj.api.path.MapPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fakes the map's side of one pg_init ({@link PgInitRequest}) for a handler under test: it records every answer the
 * handler gives, in order, and takes the first one as the answer. Like the map, it refuses (returns false for) every
 * answer after the first; unlike the map, it still records them, so that a test can see that the handler answered
 * twice. A request never times out by itself: a test waits for the answer with {@link #await(Duration)}, which is
 * bounded.
 *
 * <p>A request made by {@link #resultsOnly} is for handlers that answer the modern way ({@code SCSI_DH_*}): a flags
 * answer is not recorded but thrown back to the handler as an {@link AssertionError}.
 *
 * <p>Thread-safe: the handler may answer on any thread while the test reads or waits.
 */
public final class RecordingPgInitRequest implements PgInitRequest {
    private final MapPath path;
    private final boolean flagsAllowed;
    private final CompletableFuture<Object> first = new CompletableFuture<>();
    private final List<Object> answers = new ArrayList<>();

    /** A request for {@code path} (whose group is not bypassed) that accepts either form of answer. */
    public RecordingPgInitRequest(MapPath path) {
        this(path, true);
    }

    private RecordingPgInitRequest(MapPath path, boolean flagsAllowed) {
        this.path = path;
        this.flagsAllowed = flagsAllowed;
    }

    /** A request for {@code path} that only accepts a {@link PgInitResult}; a flags answer throws AssertionError. */
    public static RecordingPgInitRequest resultsOnly(MapPath path) {
        return new RecordingPgInitRequest(path, false);
    }

    /** Hands this request to {@code handler}'s pg_init and returns it. */
    public RecordingPgInitRequest sendTo(HardwareHandler handler) {
        handler.pgInit(this);
        return this;
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
        if (!flagsAllowed) {
            throw new AssertionError("the handler answers with SCSI_DH results, got flags " + flags);
        }
        return record(flags == null ? null : Set.copyOf(flags));
    }

    @Override
    public boolean complete(PgInitResult result) {
        return record(result);
    }

    private boolean record(Object answer) {
        synchronized (answers) {
            answers.add(answer);
        }
        return first.complete(answer);
    }

    /** Whether the handler has answered yet. */
    public boolean isAnswered() {
        return first.isDone();
    }

    /** How many answers the handler gave, the refused ones included. */
    public int answerCount() {
        synchronized (answers) {
            return answers.size();
        }
    }

    /** Every answer so far, in order: {@link PgInitResult}s and {@code Set<ErrorFlag>}s, the refused ones included. */
    public List<Object> answers() {
        synchronized (answers) {
            return Collections.unmodifiableList(new ArrayList<>(answers));
        }
    }

    /**
     * The answer, waiting at most {@code timeout} for it.
     *
     * @throws TimeoutException if the handler did not answer in time
     * @throws AssertionError if the handler answered with flags
     */
    public PgInitResult await(Duration timeout) throws InterruptedException, TimeoutException {
        Object answer = awaitAnswer(timeout);
        if (answer instanceof PgInitResult result) {
            return result;
        }
        throw new AssertionError("expected a PgInitResult, the handler answered with flags " + answer);
    }

    /**
     * The flags answered, waiting at most {@code timeout} for them.
     *
     * @throws TimeoutException if the handler did not answer in time
     * @throws AssertionError if the handler answered with a PgInitResult
     */
    @SuppressWarnings("unchecked")
    public Set<ErrorFlag> awaitFlags(Duration timeout) throws InterruptedException, TimeoutException {
        Object answer = awaitAnswer(timeout);
        if (answer instanceof Set<?> flags) {
            return (Set<ErrorFlag>) flags;
        }
        throw new AssertionError("expected flags, the handler answered with " + answer);
    }

    private Object awaitAnswer(Duration timeout) throws InterruptedException, TimeoutException {
        try {
            return first.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("never completed exceptionally", e);
        }
    }
}
