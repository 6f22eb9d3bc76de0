package io.mpathj.handler.rdac.internal;

import io.mpathj.api.handler.PgInitRequest;
import io.mpathj.api.handler.PgInitResult;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiResult;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One controller of one array (the kernel's {@code struct rdac_controller}), shared by every map whose paths reach
 * it: the MODE SELECT format its firmware takes and the queue of activations waiting for it. Activations queued while
 * a MODE SELECT is waiting to be sent or in flight all go into the next one, one LUN-table entry each
 * (queue_mode_select / send_mode_select): a failover of many LUs costs one command per controller, not one per LU.
 * The command goes out through the path of the first activation in the batch; its verdict answers every activation
 * in it.
 */
final class Controller {
    private static final Logger LOG = LoggerFactory.getLogger(Controller.class);

    private final String arrayId;
    private final String arrayName;
    private final int index;
    private final Executor worker;
    private final BooleanSupplier stopped;
    private volatile boolean expanded;
    /** Guarded by this. */
    private final List<Waiting> waiting = new ArrayList<>();
    /** A dispatch is scheduled or its MODE SELECT is in flight. Guarded by this. */
    private boolean busy;
    /** How many attached paths use this controller. Guarded by the registry that made it. */
    int users;

    Controller(String arrayId, String arrayName, int index, Executor worker, BooleanSupplier stopped) {
        this.arrayId = arrayId;
        this.arrayName = arrayName;
        this.index = index;
        this.worker = worker;
        this.stopped = stopped;
    }

    String arrayId() {
        return arrayId;
    }

    int index() {
        return index;
    }

    /** {@code array NAME, ctlr N}, as the kernel's log lines name a controller. */
    String describe() {
        return "array " + arrayName + ", ctlr " + index;
    }

    /** Whether the firmware takes the expanded MODE SELECT (the last attached path's VPD C2h decided: use_ms10). */
    boolean expanded() {
        return expanded;
    }

    void expanded(boolean useModeSelect10) {
        expanded = useModeSelect10;
    }

    /** Queues one activation; the MODE SELECT that carries it is sent from the worker. */
    void queue(PathState path, PgInitRequest request) {
        boolean schedule;
        synchronized (this) {
            waiting.add(new Waiting(path, request));
            schedule = !busy;
            busy = true;
        }
        if (schedule) {
            schedule();
        }
    }

    private void schedule() {
        try {
            worker.execute(this::dispatch);
        } catch (RejectedExecutionException e) {
            answerAll(takeWaiting(), PgInitResult.DEV_FAILED, "the handler is stopping");
        }
    }

    private synchronized List<Waiting> takeWaiting() {
        List<Waiting> batch = new ArrayList<>(waiting);
        waiting.clear();
        if (batch.isEmpty()) {
            busy = false;
        }
        return batch;
    }

    /** Sends one MODE SELECT for everything queued so far (send_mode_select). */
    private void dispatch() {
        List<Waiting> batch = takeWaiting();
        if (batch.isEmpty()) {
            return;
        }
        try {
            boolean ms10 = expanded;
            SortedSet<Integer> luns = new TreeSet<>();
            List<Waiting> sent = new ArrayList<>();
            for (Waiting w : batch) {
                if (w.path().lun() < ModeSelectPage.lunCapacity(ms10)) {
                    luns.add(w.path().lun());
                    sent.add(w);
                } else {
                    LOG.warn("{}: rdac: {}, LUN {} does not fit the {} MODE SELECT page", w.path().name(),
                            describe(), w.path().lun(), ms10 ? "expanded" : "legacy");
                    w.request().complete(PgInitResult.NOSYS);
                }
            }
            if (sent.isEmpty()) {
                finished();
                return;
            }
            ScsiCommand command = ModeSelectPage.command(ms10, luns);
            PathState via = sent.get(0).path();
            LOG.info("{}: rdac: {}, queueing MODE_SELECT command for LUN(s) {}", via.name(), describe(), luns);
            RdacSense.send(via.device(), command, true, stopped).whenComplete((r, failure) -> {
                if (failure != null) {
                    answerAll(sent, PgInitResult.DEV_FAILED, "MODE_SELECT failed: " + failure);
                } else {
                    answerAll(sent, verdict(r), r.isGood() ? null : "MODE_SELECT returned with " + r.describe());
                }
                finished();
            });
        } catch (RuntimeException e) {
            answerAll(batch, PgInitResult.DEV_FAILED, "MODE_SELECT not sent: " + e);
            finished();
        }
    }

    /** OK when the controller took the LUs; any other answer (after the retries) is SCSI_DH_IO, as in the kernel. */
    static PgInitResult verdict(ScsiResult r) {
        return r.isGood() ? PgInitResult.OK : PgInitResult.IO;
    }

    private void answerAll(List<Waiting> batch, PgInitResult result, String problem) {
        if (batch.isEmpty()) {
            return;
        }
        if (problem == null) {
            LOG.info("{}: rdac: {}, MODE_SELECT completed", batch.get(0).path().name(), describe());
        } else {
            LOG.warn("{}: rdac: {}, {}", batch.get(0).path().name(), describe(), problem);
        }
        for (Waiting w : batch) {
            if (result == PgInitResult.OK) {
                w.path().active(true);
            }
            w.request().complete(result);
        }
    }

    /** The MODE SELECT is answered: send the next batch if activations came meanwhile. */
    private void finished() {
        boolean again;
        synchronized (this) {
            again = !waiting.isEmpty();
            busy = again;
        }
        if (again) {
            schedule();
        }
    }

    private record Waiting(PathState path, PgInitRequest request) {
    }
}
