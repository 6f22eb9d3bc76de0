package io.mpathj.core.internal.map;

import io.mpathj.api.map.GroupView;
import io.mpathj.api.map.MapEvent;
import io.mpathj.api.map.MapView;
import io.mpathj.api.map.PathView;
import io.mpathj.api.map.MapOptions;
import io.mpathj.api.StatusType;
import io.mpathj.api.block.BlockDevice;
import io.mpathj.api.block.BlockIoException;
import io.mpathj.api.block.BlockRequest;
import io.mpathj.api.block.BlockIoException.Reason;
import io.mpathj.api.handler.ErrorFlag;
import io.mpathj.api.handler.HardwareHandler;
import io.mpathj.api.handler.PathError;
import io.mpathj.api.handler.PgInitResult;
import io.mpathj.api.handler.ScsiErrorRules;
import io.mpathj.api.selector.PathSelector;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.ScsiStatus;
import io.mpathj.api.scsi.SenseData;
import io.mpathj.api.scsi.SenseKey;
import io.mpathj.api.scsi.TransportError;
import io.mpathj.core.internal.table.Features;
import java.nio.ByteBuffer;
import io.mpathj.api.path.PathDevice;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.LongAdder;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One multipath map: the state machine of dm-mpath.c (path and group states, path choice, pg_init, queueing) with
 * block I/O on top. One lock guards the state; the common case (a path is chosen, no pg_init pending) takes it once
 * per I/O and allocates only the I/O's own command and future.
 *
 * <p>Every submitted I/O completes exactly once: with success, or with a {@link BlockIoException} that says why.
 */
public final class MultipathMap implements BlockDevice {
    private static final Logger LOG = LoggerFactory.getLogger(MultipathMap.class);
    /** Retries that fail no path are immediate this many times, then spaced out (scsi_lib's delayed retry). */
    private static final int IMMEDIATE_RETRIES = ScsiErrorRules.MAX_RETRIES;
    private static final long DELAYED_RETRY_MILLIS = 1000;

    private final String name;
    private final Features features;
    private final String handlerName;
    private final List<String> handlerArgs;
    /** Null when the table has no handler, or while its provider is missing. */
    private volatile HardwareHandler handler;
    private final List<PriorityGroup> groups;
    private final int blockSize;
    private final long blockCount;
    private final MapOptions options;
    private final ScheduledExecutorService executor;
    private final MapEventSink events;

    private final Object lock = new Object();
    // --- state guarded by lock (the kernel's m->lock); the volatile fields are also read by lockFreeChoice ---
    private volatile PriorityGroup currentPg;
    private volatile PriorityGroup nextPg;
    private PgPath currentPgPath;
    private volatile boolean queueIo;
    private boolean queueIfNoPath;
    private volatile boolean pgInitRequired;
    private boolean pgInitDelayRetry;
    private boolean pgInitDisabled;
    private int nrValidPaths;
    private int pgInitInProgress;
    private int pgInitCount;
    private volatile boolean removed;
    private boolean requeueScheduled;
    /** Plug-ins whose provider left: "hardware handler NAME" / "path selector NAME". I/O queues while any is. */
    private final java.util.Set<String> missing = new java.util.TreeSet<>();
    /** {@code !missing.isEmpty()}, for the lock-free path. */
    private volatile boolean quiesced;
    /** Bumped when the handler is replaced, so activations of the old one are ignored. */
    private int activationGeneration;
    private ScheduledFuture<?> noPathTimer;
    private final ArrayDeque<MapIo> queued = new ArrayDeque<>();
    /** Suspended (dmsetup suspend --noflush): new I/O queues, I/O already on a path completes. Guarded by lock. */
    private boolean suspended;
    /** I/Os submitted here and not yet finished, queued ones included (the kernel's md->pending, per table). */
    private final LongAdder outstanding = new LongAdder();
    /** The table that replaced this one in a reload: I/O that still reaches this table is handed to it. */
    private volatile MultipathMap successor;

    MultipathMap(String name, Features features, String handlerName, List<String> handlerArgs,
            HardwareHandler handler, List<PriorityGroup> groups, int initialGroup, int blockSize, long blockCount, MapOptions options,
            ScheduledExecutorService executor, MapEventSink events) {
        this.name = name;
        this.features = features;
        this.handlerName = handlerName;
        this.handlerArgs = List.copyOf(handlerArgs);
        this.handler = handler;
        this.groups = List.copyOf(groups);
        this.blockSize = blockSize;
        this.blockCount = blockCount;
        this.options = options;
        this.executor = executor;
        this.events = events;
        this.queueIfNoPath = features.queueIfNoPath();
        // alloc_multipath_stage2 sets MPATHF_QUEUE_IO for every new table: INFO shows queue_io 1 until the first
        // path choice switches to a group (which clears it when there is no handler, or after pg_init)
        this.queueIo = true;
        for (PriorityGroup pg : groups) {
            nrValidPaths += pg.paths().size();
            if (pg.number() == initialGroup) {
                nextPg = pg;
            }
        }
        synchronized (lock) {
            armNoPathTimer();
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int blockSize() {
        return blockSize;
    }

    @Override
    public long blockCount() {
        return blockCount;
    }

    /** The hardware handler's table name, or null. */
    public String handlerName() {
        return handlerName;
    }

    public MapOptions options() {
        return options;
    }

    public Features features() {
        return features;
    }

    // ------------------------------------------------------------------------------------------------ block I/O

    @Override
    public void submit(BlockRequest request) {
        ByteBuffer buffer = request.buffer();
        if (buffer == null) {
            throw new IllegalArgumentException(name + ": a request needs read(...) or write(...) before submit");
        }
        MapIo io = ioFor(request);
        int bytes = buffer.remaining();
        if (bytes == 0 || bytes % blockSize != 0) {
            completeInvalid(request, name + ": I/O of " + bytes + " bytes is not a whole number of " + blockSize
                    + "-byte blocks");
            return;
        }
        int blocks = bytes / blockSize;
        long lba = request.lba();
        if (lba < 0 || lba > blockCount - blocks) {
            completeInvalid(request, name + ": blocks " + lba + ".." + (lba + blocks - 1)
                    + " are outside the device (" + blockCount + " blocks)");
            return;
        }
        outstanding.increment();
        io.start(request, blocks, bytes);
        dispatch(io);
    }

    /** This map's state kept in the request, made on its first submission here (the kernel's per-bio data). */
    private MapIo ioFor(BlockRequest request) {
        Object context = request.deviceContext();
        if (context instanceof MapIo) {
            MapIo io = (MapIo) context;
            if (io.inFlight) {
                throw new IllegalStateException(name + ": the request is still in flight (" + request
                        + "); submit it again only after its completion");
            }
            if (io.map == this) {
                return io;
            }
        }
        MapIo io = new MapIo(this);
        request.setDeviceContext(io);
        return io;
    }

    private void completeInvalid(BlockRequest request, String message) {
        deliver(request, new BlockIoException(Reason.INVALID_REQUEST, message));
    }

    /**
     * Map one I/O to a path (multipath_clone_and_map): send it, queue it, or fail it. The common case takes no
     * lock, as in the kernel: a current group that needs no pg_init and whose selector finds a path.
     */
    private void dispatch(MapIo io) {
        Thread me = Thread.currentThread();
        while (dispatchOnce(io, me)) {
            // the path answered inline and the I/O earned an immediate retry: send it again from this thread,
            // without an executor hand-off (a failover across paths that fail at once costs no thread wakeup)
        }
    }

    /** One try; true if the path completed it inline on {@code me} with an immediate retry as the verdict. */
    private boolean dispatchOnce(MapIo io, Thread me) {
        PgPath path = lockFreeChoice(io.nrBytes);
        if (path == null) {
            path = lockedChoice(io);
            if (path == null) {
                return false; // queued or failed
            }
        }
        io.dispatchingThread = me;
        send(io, path);
        io.dispatchingThread = null;
        if (io.retryInlineOn == me) {
            io.retryInlineOn = null;
            return true;
        }
        return false;
    }

    /**
     * The current group's path when nothing else is pending, else null for the locked path. Every field read is
     * volatile; a change racing with this (a path failing, a group switch) at worst sends the I/O where the state
     * just stopped pointing, and its error is retried — the same race the kernel accepts.
     */
    private PgPath lockFreeChoice(long nrBytes) {
        PriorityGroup pg = currentPg;
        if (pg == null || queueIo || pgInitRequired || nextPg != null || quiesced || removed) {
            return null;
        }
        PathSelector selector = pg.selector();
        return selector == null ? null : (PgPath) selector.select(nrBytes);
    }

    /** The path for an I/O under the lock, or null after queueing or failing it. */
    private PgPath lockedChoice(MapIo io) {
        MultipathMap next;
        synchronized (lock) {
            next = successor;
            if (next == null && !removed) {
                if (!missing.isEmpty() || suspended) {
                    queue(io); // quiesced until the missing plug-in's provider returns
                    return null;
                }
                PgPath path = currentPgPath;
                if (path == null || !queueIo) {
                    path = choosePgPath(io.nrBytes);
                }
                if (path == null) {
                    if (queueIfNoPath) {
                        queue(io);
                        return null;
                    }
                } else if (queueIo || pgInitRequired) {
                    pgInitAllPaths();
                    queue(io);
                    return null;
                } else {
                    return path;
                }
            }
        }
        if (next != null) {
            handOver(io, next); // a straggler that read the device's table just before a reload swapped it
            return null;
        }
        finish(io, isRemoved() ? mapRemoved() : noPath(null));
        return null;
    }

    /** Gives an I/O that was never sent by this table to its successor, as if it had been submitted there. */
    private void handOver(MapIo io, MultipathMap next) {
        BlockRequest request = io.request;
        io.inFlight = false;
        io.path = null;
        outstanding.decrement();
        next.submit(request);
    }

    private void send(MapIo io, PgPath path) {
        PathSelector selector = path.group().selector();
        if (selector != null) {
            selector.startIo(path, io.nrBytes);
            io.startNanos = selector.timesIo() ? System.nanoTime() : 0;
        }
        path.countIo();
        io.attempts = path == io.path ? io.attempts + 1 : 1;
        io.path = path;
        io.onPath = true;
        try {
            path.device().execute(io.command(), io);
        } catch (RuntimeException e) {
            // thrown out of here it would reach the submitter, or be lost on the executor
            pathBrokeContract(io, "threw from execute", e);
        }
    }

    /**
     * A PathDevice must neither throw nor complete exceptionally; if it does, that is a failed command (the path
     * fails, the I/O is retried elsewhere), unless the command had already completed.
     */
    void pathBrokeContract(MapIo io, String how, Throwable failure) {
        PgPath path = io.path;
        LOG.error("{}: path {} broke its contract and {}", name, path == null ? "?" : path.name(), how, failure);
        if (io.onPath) {
            io.completed(ScsiResult.transportFailure(TransportError.DEVICE_GONE, how + ": " + failure));
        }
    }

    /** Queue an I/O; if nothing in progress will wake the queue, poll it after the requeue delay. */
    private void queue(MapIo io) {
        queued.add(io);
        boolean wakeupPending = pgInitInProgress > 0 || (nrValidPaths == 0 && queueIfNoPath) || !missing.isEmpty()
                || suspended;
        if (!wakeupPending && !requeueScheduled) {
            requeueScheduled = true;
            executor.schedule(this::delayedRequeue, options.requeueDelayMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void delayedRequeue() {
        synchronized (lock) {
            requeueScheduled = false;
        }
        processQueuedIo();
    }

    /** Re-dispatch everything queued (process_queued_io_list), on the work executor. */
    private void kickQueue() {
        executor.execute(this::processQueuedIo);
    }

    private void processQueuedIo() {
        List<MapIo> batch;
        synchronized (lock) {
            if (queued.isEmpty()) {
                return;
            }
            batch = new ArrayList<>(queued);
            queued.clear();
        }
        for (MapIo io : batch) {
            dispatch(io);
        }
    }

    /** A path completed a command twice: the second answer is dropped, so the I/O still completes once. */
    void pathCompletedTwice(MapIo io, ScsiResult result) {
        LOG.error("{}: a path completed a command twice (second result {}); ignored", name, result.describe());
    }

    /** A path's command ended: complete the I/O, or apply the error verdict and retry it. */
    void onPathCompletion(MapIo io, ScsiResult result) {
        PgPath path = io.path;
        PathSelector selector = path.group().selector();
        if (selector != null) {
            selector.endIo(path, io.nrBytes, io.startNanos);
        }
        if (succeeded(result)) {
            finish(io, null);
            return;
        }
        long now = System.nanoTime();
        if (io.firstErrorNanos == 0) {
            io.firstErrorNanos = now | 1; // never 0, which means "no error yet"
        }
        Set<ErrorFlag> verdict = classify(io, path, result);
        boolean retry = !verdict.contains(ErrorFlag.ERROR_IO);
        long deadline = TimeUnit.MILLISECONDS.toNanos(options.ioRetryDeadlineMillis());
        if (retry && !verdict.contains(ErrorFlag.FAIL_PATH) && now - io.firstErrorNanos > deadline) {
            LOG.warn("{}: I/O retried past its {} ms budget on {} ({}); failing the path", name,
                    options.ioRetryDeadlineMillis(), path.name(), result.describe());
            // not EnumSet.copyOf(verdict): it throws for an empty non-EnumSet such as ScsiErrorRules.RETRY, and
            // an exception here (a completion callback) would lose the I/O
            EnumSet<ErrorFlag> failPath = EnumSet.of(ErrorFlag.FAIL_PATH);
            failPath.addAll(verdict);
            verdict = failPath;
        }
        BlockIoException error = null;
        synchronized (lock) {
            if (verdict.contains(ErrorFlag.FAIL_PATH)) {
                failPath(path);
            }
            if (verdict.contains(ErrorFlag.BYPASS_PG)) {
                bypassPg(path.group(), true);
            }
            if (removed) {
                error = mapRemoved();
            } else if (!retry) {
                error = deviceError(result);
            } else if (nrValidPaths == 0 && !queueIfNoPath) {
                error = noPath(result);
            }
        }
        if (error != null) {
            finish(io, error);
            return;
        }
        io.retriesWithoutProgress = verdict.isEmpty() ? io.retriesWithoutProgress + 1 : 0;
        if (io.retriesWithoutProgress <= IMMEDIATE_RETRIES) {
            Thread me = Thread.currentThread();
            if (io.dispatchingThread == me) {
                io.retryInlineOn = me; // completed inline: the dispatch() below us on this stack sends it again
            } else {
                executor.execute(() -> dispatch(io));
            }
        } else {
            executor.schedule(() -> dispatch(io), DELAYED_RETRY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** GOOD, or a CHECK CONDITION that reports no error (NO SENSE, RECOVERED ERROR): the data moved. */
    private static boolean succeeded(ScsiResult result) {
        if (result.isGood()) {
            return true;
        }
        if (result.status() != ScsiStatus.CHECK_CONDITION) {
            return false;
        }
        Optional<SenseData> sense = result.sense();
        return sense.isPresent()
                && (sense.get().key() == SenseKey.NO_SENSE || sense.get().key() == SenseKey.RECOVERED_ERROR);
    }

    /** The handler's verdict, or the generic rules when there is no handler or the handler fails. */
    private Set<ErrorFlag> classify(MapIo io, PgPath path, ScsiResult result) {
        HardwareHandler handler = this.handler;
        if (handler == null) {
            return ScsiErrorRules.classify(result, io.attempts);
        }
        try {
            Set<ErrorFlag> flags = handler.error(new PathError(path, io.command(), result, io.attempts));
            return flags == null ? ScsiErrorRules.FAIL_PATH : flags;
        } catch (RuntimeException e) {
            LOG.error("{}: hardware handler {} failed classifying {} on {}; failing the path", name, handlerName,
                    result.describe(), path.name(), e);
            return ScsiErrorRules.FAIL_PATH;
        }
    }

    /** The I/O's one completion: the request is free for its owner again before the owner hears of it. */
    private void finish(MapIo io, BlockIoException error) {
        BlockRequest request = io.request;
        io.inFlight = false;
        io.path = null;
        outstanding.decrement();
        deliver(request, error);
    }

    /** Calls the owner's completion; its exceptions are its own bug and must not reach a transport thread. */
    private void deliver(BlockRequest request, BlockIoException error) {
        try {
            request.completion().completed(request, error);
        } catch (RuntimeException e) {
            LOG.error("{}: the completion of {} threw; the I/O had {}", name, request,
                    error == null ? "succeeded" : "failed: " + error.getMessage(), e);
        }
    }

    private BlockIoException mapRemoved() {
        return new BlockIoException(Reason.MAP_REMOVED, name + ": map removed");
    }

    private BlockIoException noPath(ScsiResult last) {
        return new BlockIoException(Reason.NO_PATH, name + ": no usable path"
                + (last == null ? "" : " (last error: " + last.describe() + ")"));
    }

    private BlockIoException deviceError(ScsiResult result) {
        return new BlockIoException(Reason.DEVICE_ERROR, name + ": " + result.describe(),
                result.sense().orElse(null));
    }

    // ------------------------------------------------------------------------------------ path choice (locked)

    /** choose_pgpath: current group, then the requested next one, then non-bypassed groups, then bypassed ones. */
    private PgPath choosePgPath(long nrBytes) {
        if (nrValidPaths == 0) {
            queueIo = false;
            return failedChoice();
        }
        if (currentPg != null) {
            PgPath p = choosePathInPg(currentPg, nrBytes);
            if (p != null) {
                return p;
            }
        }
        if (nextPg != null) {
            PriorityGroup pg = nextPg;
            nextPg = null;
            PgPath p = choosePathInPg(pg, nrBytes);
            if (p != null) {
                return p;
            }
        }
        for (boolean bypassedPass : new boolean[] {false, true}) {
            for (PriorityGroup pg : groups) {
                if (pg.bypassed != bypassedPass) {
                    continue;
                }
                PgPath p = choosePathInPg(pg, nrBytes);
                if (p != null) {
                    if (bypassedPass) {
                        pgInitDelayRetry = true; // "so we do not hammer controllers"
                    }
                    return p;
                }
            }
        }
        return failedChoice();
    }

    private PgPath failedChoice() {
        currentPgPath = null;
        currentPg = null;
        return null;
    }

    private PgPath choosePathInPg(PriorityGroup pg, long nrBytes) {
        PathSelector selector = pg.selector();
        PgPath p = selector == null ? null : (PgPath) selector.select(nrBytes);
        if (p == null) {
            return null;
        }
        if (pg != currentPg) {
            currentPgPath = p; // only updated when the group changes, as the kernel does
            switchPg(pg);
        }
        return p;
    }

    /** __switch_pg: a handler must initialize the new group before I/O goes to it. */
    private void switchPg(PriorityGroup pg) {
        if (currentPg != pg) {
            LOG.info("{}: switching to priority group {}", name, pg.number());
            emit(MapEvent.Kind.GROUP_SWITCHED, null, pg.number(), "");
        }
        currentPg = pg;
        pgInitRequired = handlerName != null;
        queueIo = handlerName != null;
        pgInitCount = 0;
    }

    // ------------------------------------------------------------------------ path and group state (locked)

    private void failPath(PgPath path) {
        if (!path.isActive()) {
            return;
        }
        LOG.warn("{}: Failing path {}.", name, path.name());
        if (path.group().selector() != null) {
            path.group().selector().failPath(path);
        }
        path.markFailed();
        nrValidPaths--;
        if (path == currentPgPath) {
            currentPgPath = null;
        }
        armNoPathTimer();
        emit(MapEvent.Kind.PATH_FAILED, path.name(), path.group().number(), "");
    }

    private void reinstatePath(PgPath path) {
        if (path.isActive()) {
            return;
        }
        if (path.group().selector() != null) {
            path.group().selector().reinstatePath(path);
        }
        path.markActive();
        boolean runQueue = false;
        if (++nrValidPaths == 1) {
            currentPgPath = null;
            runQueue = true;
        } else if (handler != null && path.group() == currentPg && missing.isEmpty()) {
            scheduleActivation(path, 0);
        }
        LOG.info("{}: Reinstating path {}.", name, path.name());
        cancelNoPathTimer();
        emit(MapEvent.Kind.PATH_REINSTATED, path.name(), path.group().number(), "");
        if (runQueue) {
            kickQueue();
        }
    }

    /** Reports an event with the valid-path count it leaves (under the lock). */
    private void emit(MapEvent.Kind kind, String path, int group, String detail) {
        events.emit(name, kind, path, group, nrValidPaths, detail);
    }

    private void bypassPg(PriorityGroup pg, boolean bypassed) {
        if (pg.bypassed != bypassed) {
            LOG.info("{}: priority group {} {}", name, pg.number(), bypassed ? "bypassed" : "enabled");
        }
        pg.bypassed = bypassed;
        currentPgPath = null;
        currentPg = null;
    }

    // ---------------------------------------------------------------------------------------------- pg_init

    /** __pg_init_all_paths: activate every active path of the current group; true if any activation started. */
    private boolean pgInitAllPaths() {
        if (pgInitInProgress > 0 || pgInitDisabled || !missing.isEmpty()) {
            return false;
        }
        pgInitCount++;
        pgInitRequired = false;
        if (currentPg == null) {
            return false;
        }
        long delay = pgInitDelayRetry ? features.effectivePgInitDelayMsecs() : 0;
        for (PgPath path : currentPg.paths()) {
            if (path.isActive()) {
                scheduleActivation(path, delay);
            }
        }
        return pgInitInProgress > 0;
    }

    private void scheduleActivation(PgPath path, long delayMillis) {
        pgInitInProgress++;
        int generation = activationGeneration;
        executor.schedule(() -> activatePath(path, generation), delayMillis, TimeUnit.MILLISECONDS);
    }

    /** activate_path: hand the path to the handler, or count it offline. */
    private void activatePath(PgPath path, int generation) {
        boolean bypassed;
        HardwareHandler handler;
        synchronized (lock) {
            if (generation != activationGeneration) {
                return; // its handler was replaced: the round was reset
            }
            if (removed) {
                pgInitInProgress--; // flushed by the removal: nobody waits for it
                return;
            }
            bypassed = path.group().bypassed;
            handler = this.handler;
        }
        if (!path.isActive() || !path.device().isOnline()) {
            pgInitDone(path, PgInitResult.DEV_OFFLINED, generation);
            return;
        }
        ActivationRequest request = new ActivationRequest(this, path, bypassed, generation);
        request.timeout = executor.schedule(() -> {
            LOG.error("{}: hardware handler {} did not answer pg_init of {} within {} ms", name, handlerName,
                    path.name(), options.pgInitTimeoutMillis());
            request.complete(PgInitResult.TIMED_OUT);
        }, options.pgInitTimeoutMillis(), TimeUnit.MILLISECONDS);
        try {
            handler.pgInit(request);
        } catch (RuntimeException e) {
            LOG.error("{}: hardware handler {} failed in pg_init of {}", name, handlerName, path.name(), e);
            request.complete(PgInitResult.DEV_FAILED);
        }
    }

    /** pg_init_done with a modern SCSI_DH_* result (dm-mpath.c's switch, then the common tail). */
    void pgInitDone(PgPath path, PgInitResult result, int generation) {
        synchronized (lock) {
            if (generation != activationGeneration) {
                return;
            }
            boolean errors = result != PgInitResult.OK;
            boolean delayRetry = false;
            switch (result) {
                case OK:
                    break;
                case NOSYS:
                    if (handlerName == null) {
                        errors = false;
                        break;
                    }
                    LOG.error("Could not failover the device: Handler scsi_dh_{} Error {}.", handlerName,
                            result.code());
                    failPath(path); // so we do not ping-pong
                    break;
                case DEV_TEMP_BUSY:
                    bypassPg(path.group(), true); // probably a firmware upgrade: try the other group
                    break;
                case RETRY:
                    delayRetry = true;
                    errors = retryOrFail(path);
                    break;
                case IMM_RETRY:
                case RES_TEMP_UNAVAIL:
                    errors = retryOrFail(path);
                    break;
                default:
                    failPath(path); // what the old dm did
                    break;
            }
            pgInitFinished(path, errors, delayRetry, "Error " + result.code());
        }
    }

    /** dm_pg_init_complete with the 2005 flags: any flag on a bypassed group also fails the path. */
    void pgInitDone(PgPath path, Set<ErrorFlag> flags, int generation) {
        synchronized (lock) {
            if (generation != activationGeneration) {
                return;
            }
            if (!flags.isEmpty() && path.group().bypassed) {
                flags.add(ErrorFlag.FAIL_PATH);
            }
            if (flags.contains(ErrorFlag.FAIL_PATH)) {
                failPath(path);
            }
            if (flags.contains(ErrorFlag.BYPASS_PG)) {
                bypassPg(path.group(), true);
            }
            pgInitFinished(path, !flags.isEmpty(), false, "flags " + flags);
        }
    }

    /** pg_init_limit_reached: ask for another round while retries remain, else fail the path. Always "no error". */
    private boolean retryOrFail(PgPath path) {
        if (pgInitCount <= features.pgInitRetries() && !pgInitDisabled) {
            pgInitRequired = true;
        } else {
            failPath(path);
        }
        return false;
    }

    /** The common tail of pg_init_done, under the lock. */
    private void pgInitFinished(PgPath path, boolean errors, boolean delayRetry, String error) {
        emit(MapEvent.Kind.PG_INIT_DONE, path.name(), path.group().number(), errors ? error : "ok");
        if (errors) {
            if (path == currentPgPath) {
                LOG.error("{}: Could not failover device. {}.", name, error);
                currentPgPath = null;
                currentPg = null;
            }
        } else if (!pgInitRequired) {
            path.group().bypassed = false;
        }
        if (--pgInitInProgress > 0) {
            return;
        }
        if (pgInitRequired) {
            pgInitDelayRetry = delayRetry;
            if (pgInitAllPaths()) {
                return;
            }
        }
        queueIo = false;
        kickQueue();
    }

    void ignoredDoubleCompletion(PgPath path, String answer) {
        LOG.warn("{}: hardware handler {} answered pg_init of {} again ({}) after it was complete; ignored", name,
                handlerName, path.name(), answer);
    }

    // -------------------------------------------------------------------------------------- queue_if_no_path

    /** queue_if_no_path(m, queue): turning it off fails what is queued for lack of a path. */
    private void setQueueIfNoPath(boolean queue) {
        if (queueIfNoPath != queue) {
            LOG.info("{}: queue_if_no_path {}", name, queue ? "set" : "cleared");
            emit(MapEvent.Kind.QUEUEING_CHANGED, null, 0, queue ? "queue_if_no_path" : "fail_if_no_path");
        }
        queueIfNoPath = queue;
        if (queue) {
            armNoPathTimer();
        } else {
            cancelNoPathTimer();
            kickQueue();
        }
    }

    /** enable_nopath_timeout: with no valid path while queueing, queueing ends after the timeout. */
    private void armNoPathTimer() {
        long timeout = options.queueIfNoPathTimeoutMillis();
        if (timeout > 0 && nrValidPaths == 0 && queueIfNoPath && noPathTimer == null && !removed) {
            noPathTimer = executor.schedule(this::noPathTimeout, timeout, TimeUnit.MILLISECONDS);
        }
    }

    private void cancelNoPathTimer() {
        if (noPathTimer != null) {
            noPathTimer.cancel(false);
            noPathTimer = null;
        }
    }

    private void noPathTimeout() {
        synchronized (lock) {
            noPathTimer = null;
            if (nrValidPaths > 0 || !queueIfNoPath) {
                return;
            }
            LOG.warn("queue_if_no_path timeout on {}, failing queued IO", name);
            setQueueIfNoPath(false);
        }
    }

    // ---------------------------------------------------------------------------------------------- messages

    /**
     * A target message ({@code dmsetup message NAME 0 …}): {@code queue_if_no_path}, {@code fail_if_no_path},
     * {@code disable_group N}, {@code enable_group N}, {@code switch_group N}, {@code fail_path DEV},
     * {@code reinstate_path DEV}; verbs are case-insensitive.
     */
    public void message(List<String> argv) throws MessageException {
        if (argv.size() == 2 && argv.get(0).equalsIgnoreCase("reinstate_path") && !removed) {
            attachBeforeReinstate(pathsNamed(argv.get(1)));
        }
        synchronized (lock) {
            if (removed) {
                throw new MessageException(name + ": map removed");
            }
            if (argv.size() == 1) {
                if (argv.get(0).equalsIgnoreCase("queue_if_no_path")) {
                    setQueueIfNoPath(true);
                    return;
                }
                if (argv.get(0).equalsIgnoreCase("fail_if_no_path")) {
                    setQueueIfNoPath(false);
                    return;
                }
            }
            if (argv.size() != 2) {
                throw new MessageException(
                        "Invalid multipath message arguments. Expected 2 arguments, got " + argv.size() + ".");
            }
            String verb = argv.get(0);
            String arg = argv.get(1);
            if (verb.equalsIgnoreCase("disable_group")) {
                bypassPg(groupNumber(arg, "bypass_pg"), true);
            } else if (verb.equalsIgnoreCase("enable_group")) {
                bypassPg(groupNumber(arg, "bypass_pg"), false);
                kickIfIdle();
            } else if (verb.equalsIgnoreCase("switch_group")) {
                switchPgNum(groupNumber(arg, "switch_pg_num"));
            } else if (verb.equalsIgnoreCase("fail_path")) {
                for (PgPath p : pathsNamed(arg)) {
                    failPath(p);
                }
            } else if (verb.equalsIgnoreCase("reinstate_path")) {
                for (PgPath p : pathsNamed(arg)) {
                    reinstatePath(p);
                }
            } else {
                throw new MessageException("Unrecognised multipath message received: " + verb);
            }
        }
    }

    /** bypass_pg_num / switch_pg_num's check: exactly one unsigned number, 1..nr_priority_groups. */
    private PriorityGroup groupNumber(String arg, String function) throws MessageException {
        long n = io.mpathj.core.internal.table.KernelArgs.parseUnsigned(arg);
        if (n < 1 || groups.isEmpty() || n > groups.size()) {
            throw new MessageException("invalid PG number supplied to " + function);
        }
        return groups.get((int) n - 1);
    }

    private void switchPgNum(PriorityGroup target) {
        for (PriorityGroup pg : groups) {
            pg.bypassed = false;
        }
        currentPgPath = null;
        currentPg = null;
        nextPg = target;
        kickIfIdle();
    }

    private void kickIfIdle() {
        if (!queueIo) {
            kickQueue();
        }
    }

    /** Every occurrence of a device in the map (one device may sit in several groups). */
    private List<PgPath> pathsNamed(String device) throws MessageException {
        List<PgPath> found = new ArrayList<>();
        for (PriorityGroup pg : groups) {
            for (PgPath p : pg.paths()) {
                if (p.name().equals(device)) {
                    found.add(p);
                }
            }
        }
        if (found.isEmpty()) {
            throw new MessageException("message: error getting device " + device);
        }
        return found;
    }

    // ----------------------------------------------------------------------------------------------- status

    /** {@code dmsetup status} (INFO) or {@code dmsetup table} (TABLE) parameters, word for word as multipath_status. */
    public String status(StatusType type) {
        synchronized (lock) {
            return new MapStatusWriter(this).write(type);
        }
    }

    /** Called by the status writer under the lock. */
    StatusSnapshot snapshot() {
        int pgNum = currentPg != null ? currentPg.number()
                : nextPg != null ? nextPg.number() : groups.isEmpty() ? 0 : 1;
        return new StatusSnapshot(queueIo, pgInitCount, queueIfNoPath, pgNum, currentPg);
    }

    record StatusSnapshot(boolean queueIo, int pgInitCount, boolean queueIfNoPath, int pgNum,
            PriorityGroup currentPg) {
    }

    HardwareHandler handler() {
        return handler;
    }

    List<PriorityGroup> groups() {
        return groups;
    }

    /** The selector name of each group, in order (one use of each is held for the map). */
    public List<String> selectorNames() {
        return groups.stream().map(PriorityGroup::selectorName).toList();
    }

    /**
     * The handler's own INFO words (alua: each path's port group and state), which dm's INFO line no longer carries
     * (multipath_status prints "0" there); empty without a handler or while its provider is missing.
     */
    public List<String> handlerStatus() {
        HardwareHandler h = handler;
        return h == null ? List.of() : h.status(StatusType.INFO);
    }

    /** The distinct path names of the table, in table order. */
    public List<String> pathNames() {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        groups.forEach(pg -> pg.paths().forEach(p -> names.add(p.name())));
        return List.copyOf(names);
    }

    /** Valid paths (the kernel's nr_valid_paths). */
    public int validPaths() {
        synchronized (lock) {
            return nrValidPaths;
        }
    }

    /** I/Os waiting in the map's queue. */
    public int queuedIos() {
        synchronized (lock) {
            return queued.size();
        }
    }

    /**
     * The map as programs see it, taken under the lock so groups, paths and counters agree. The device's own
     * state (generation, opens, suspension) is the caller's.
     */
    public MapView view(int generation, int openCount, boolean deviceSuspended) {
        List<String> handlerWords = handlerStatus();
        synchronized (lock) {
            StatusSnapshot s = snapshot();
            List<GroupView> views = new ArrayList<>(groups.size());
            for (PriorityGroup pg : groups) {
                List<PathView> paths = new ArrayList<>(pg.paths().size());
                for (PgPath p : pg.paths()) {
                    paths.add(new PathView(p.name(), pg.number(), p.isActive(), p.failCount(),
                            p.device().isOnline(), p.ioCount()));
                }
                GroupView.State state = pg.bypassed ? GroupView.State.DISABLED
                        : pg == s.currentPg() ? GroupView.State.ACTIVE : GroupView.State.ENABLED;
                views.add(new GroupView(pg.number(), state, pg.selectorName(), paths));
            }
            String features = String.join(" ", MapStatusWriter.featureWords(this.features, queueIfNoPath));
            return new MapView(name, generation, openCount, deviceSuspended, blockSize, blockCount, features,
                    queueIfNoPath, queued.size(), pgInitCount, handlerName, handlerWords, s.pgNum(), nrValidPaths,
                    views, List.copyOf(missing));
        }
    }

    // ------------------------------------------------------------------------------- plug-in providers leaving

    /** The table's handler name and its parameters, to construct a replacement from. */
    public List<String> handlerArgs() {
        return handlerArgs;
    }

    /**
     * The handler's provider left (a forced bundle stop): I/O queues, running activations are forgotten, and status
     * reports the handler missing until {@link #attachHandler} brings a new instance.
     */
    public void detachHandler() {
        HardwareHandler old;
        synchronized (lock) {
            old = handler;
            if (old == null || removed) {
                return;
            }
            handler = null;
            setMissing("hardware handler " + handlerName, true);
            activationGeneration++;
            pgInitInProgress = 0;
            pgInitRequired = currentPg != null;
        }
        LOG.warn("{}: hardware handler {} is missing; I/O is queued until it returns", name, handlerName);
        closeQuietly(old);
    }

    /**
     * A provider of the handler's name is back: its new instance attaches every path, then the current group is
     * initialized again and the queue drains.
     */
    public void attachHandler(HardwareHandler replacement) {
        for (PriorityGroup pg : groups) {
            for (PgPath p : pg.paths()) {
                try {
                    replacement.attach(p);
                    synchronized (lock) {
                        unattached.remove(p.device());
                    }
                } catch (io.mpathj.api.handler.AttachException | RuntimeException e) {
                    // failed and remembered as unattached: the daemon's checker sends reinstate_path when the path
                    // answers again, and the reinstate first retries the attach (attachBeforeReinstate)
                    LOG.error("{}: the new {} handler refused path {}: {}; it is failed until a reinstate_path "
                            + "attaches it", name, handlerName, p.name(), e.getMessage());
                    synchronized (lock) {
                        unattached.add(p.device());
                        failPath(p);
                    }
                }
            }
        }
        synchronized (lock) {
            if (removed) {
                closeQuietly(replacement);
                return;
            }
            HardwareHandler old = handler;
            handler = replacement;
            setMissing("hardware handler " + handlerName, false);
            activationGeneration++;
            pgInitInProgress = 0;
            if (currentPg != null) {
                pgInitRequired = true;
                queueIo = true;
            }
            if (old != null) {
                closeQuietly(old);
            }
        }
        LOG.info("{}: hardware handler {} is back", name, handlerName);
        kickQueue();
    }

    /** A path selector's provider left: every group using it stops choosing paths; I/O queues. */
    public void detachSelector(String selectorName) {
        List<PathSelector> old = new ArrayList<>();
        synchronized (lock) {
            for (PriorityGroup pg : groups) {
                if (pg.selectorName().equals(selectorName) && pg.selector() != null) {
                    old.add(pg.selector());
                    pg.unbind();
                }
            }
            if (old.isEmpty() || removed) {
                return;
            }
            setMissing("path selector " + selectorName, true);
        }
        LOG.warn("{}: path selector {} is missing; I/O is queued until it returns", name, selectorName);
        old.forEach(MultipathMap::closeQuietly);
    }

    /**
     * A provider of a selector name is back: each group using it gets a new instance holding its paths (failed ones
     * failed again), then the queue drains.
     */
    public void attachSelector(String selectorName, io.mpathj.api.selector.PathSelectorType type) {
        synchronized (lock) {
            if (removed) {
                return;
            }
            for (PriorityGroup pg : groups) {
                if (!pg.selectorName().equals(selectorName)) {
                    continue;
                }
                PathSelector fresh;
                try {
                    fresh = type.create(pg.selectorArgs());
                    for (PgPath p : pg.paths()) {
                        fresh.addPath(p, p.selectorArgs());
                        if (!p.isActive()) {
                            fresh.failPath(p);
                        }
                    }
                } catch (io.mpathj.api.InvalidArgumentsException | RuntimeException e) {
                    LOG.error("{}: the new {} selector refused group {}: {}; I/O stays queued", name, selectorName,
                            pg.number(), e.getMessage());
                    return;
                }
                PathSelector old = pg.selector();
                pg.rebind(type, fresh);
                if (old != null) {
                    closeQuietly(old);
                }
            }
            setMissing("path selector " + selectorName, false);
            currentPgPath = null;
        }
        LOG.info("{}: path selector {} is back", name, selectorName);
        kickQueue();
    }

    /** Paths whose handler attach waits until they are reachable (guarded by lock). */
    private final java.util.Set<PathDevice> unattached = new java.util.HashSet<>();

    /** At creation: these offline paths were not attached by the handler; they start failed. */
    void startUnattached(java.util.Set<PathDevice> devices) {
        synchronized (lock) {
            unattached.addAll(devices);
            for (PriorityGroup pg : groups) {
                for (PgPath p : pg.paths()) {
                    if (devices.contains(p.device())) {
                        LOG.warn("{}: path {} is offline and not attached by hardware handler {}; it starts failed",
                                name, p.name(), handlerName);
                        failPath(p);
                    }
                }
            }
        }
    }

    /** Before reinstating paths: the handler attaches those it could not attach at creation, or the message fails. */
    private void attachBeforeReinstate(List<PgPath> paths) throws MessageException {
        HardwareHandler h = handler;
        for (PgPath p : paths) {
            synchronized (lock) {
                if (h == null || !unattached.contains(p.device())) {
                    continue;
                }
            }
            try {
                h.attach(p);
            } catch (io.mpathj.api.handler.AttachException | RuntimeException e) {
                throw new MessageException("reinstate_path " + p.name() + ": hardware handler " + handlerName
                        + " cannot attach it: " + e.getMessage());
            }
            synchronized (lock) {
                unattached.remove(p.device());
            }
        }
    }

    /** Records a plug-in as missing or back, keeping {@link #quiesced} in step for the lock-free path (locked). */
    private void setMissing(String plugin, boolean isMissing) {
        if (isMissing) {
            missing.add(plugin);
        } else {
            missing.remove(plugin);
        }
        updateQuiesced();
    }

    /** {@link #quiesced} for the lock-free path: a plug-in is missing or the table is suspended (locked). */
    private void updateQuiesced() {
        quiesced = !missing.isEmpty() || suspended;
    }

    // ------------------------------------------------------------------------------------ suspend and reload

    /**
     * {@code dmsetup suspend --noflush}: from now on new I/O (and retries) queue in the map; I/O already on a path
     * completes. {@link #awaitQuiet} waits for those.
     */
    public void suspend() {
        synchronized (lock) {
            suspended = true;
            updateQuiesced();
        }
    }

    /** {@code dmsetup resume} of this table: the queue is dispatched again. */
    public void resume() {
        synchronized (lock) {
            if (!suspended) {
                return;
            }
            suspended = false;
            updateQuiesced();
        }
        kickQueue();
    }

    /**
     * Waits until every I/O of this suspended table is either finished or queued: none is on a path or waiting for
     * a retry. False if that did not happen within {@code millis}.
     */
    public boolean awaitQuiet(long millis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (true) {
            synchronized (lock) {
                if (outstanding.sum() == queued.size()) {
                    return true;
                }
            }
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(1);
        }
    }

    /**
     * The reload's swap, on a quiet suspended table: its queued I/O moves, in order, to {@code next} (which may be
     * suspended itself and keep it queued), and any I/O that reaches this table later follows it there. This table
     * is then closed without failing anything.
     */
    public void handOverTo(MultipathMap next) {
        List<MapIo> moving;
        synchronized (lock) {
            successor = next;
            moving = new ArrayList<>(queued);
            queued.clear();
        }
        for (MapIo io : moving) {
            handOver(io, next);
        }
        close();
    }

    /** The plug-ins whose provider is missing, e.g. "hardware handler alua". */
    public List<String> missingPlugins() {
        synchronized (lock) {
            return List.copyOf(missing);
        }
    }

    private static void closeQuietly(AutoCloseable plugin) {
        try {
            plugin.close();
        } catch (Exception e) {
            LOG.warn("a departing plug-in failed to close: {}", e.toString());
        }
    }

    // ------------------------------------------------------------------------------------------------ close

    /**
     * Removes the map: queued I/O fails with MAP_REMOVED, no new pg_init starts, the handler and selectors are
     * destroyed. I/O already on a path completes with its result (or MAP_REMOVED if it would have been retried).
     */
    public void close() {
        List<MapIo> failed;
        synchronized (lock) {
            if (removed) {
                return;
            }
            removed = true;
            pgInitDisabled = true;
            cancelNoPathTimer();
            failed = new ArrayList<>(queued);
            queued.clear();
        }
        for (MapIo io : failed) {
            finish(io, mapRemoved());
        }
        HardwareHandler h = handler;
        if (h != null) {
            closeQuietly(h);
        }
        for (PriorityGroup pg : groups) {
            if (pg.selector() != null) {
                closeQuietly(pg.selector());
            }
        }
    }

    public boolean isRemoved() {
        return removed; // volatile: the lock-free path reads it too
    }
}
