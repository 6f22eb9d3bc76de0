package io.mpathj.storage.sim.internal;

import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.SenseData;
import io.mpathj.api.scsi.TransportError;
import io.mpathj.storage.sim.CommandClass;
import io.mpathj.storage.sim.Faults;
import io.mpathj.storage.sim.SimTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The faults of one port or path. {@link #isQuiet()} is one volatile read so that a path without faults pays
 * nothing; everything else is synchronized, since only commands on a faulty path get here.
 */
final class FaultState implements Faults {
    private final String owner;
    private final SimTime time;
    private final Runnable onLinkChange;
    private final List<Injection> injections = new ArrayList<>();
    private final List<HeldCommand> held = new ArrayList<>();
    private volatile boolean quiet = true;
    private volatile boolean linkDown;
    private volatile long latencyNanos;
    private boolean hanging;

    /** {@code onLinkChange} runs after every link state change, outside this object's lock. */
    FaultState(String owner, SimTime time, Runnable onLinkChange) {
        this.owner = owner;
        this.time = time;
        this.onLinkChange = onLinkChange;
    }

    boolean isQuiet() {
        return quiet;
    }

    long latencyNanos() {
        return latencyNanos;
    }

    ScsiResult linkDownResult() {
        return ScsiResult.transportFailure(TransportError.CONNECTION_LOST, owner + " link down");
    }

    /**
     * Holds the command when hanging: returns the stage its caller gets, completed later by {@link #release()}
     * (through {@code resume}), by link down, or with TIMEOUT after the command's own timeout. Null when not hanging.
     * The link is checked again under the lock: a command that passed the caller's check while {@link #linkDown()}
     * was taking the held commands would otherwise be held after them, forever.
     */
    synchronized CompletableFuture<ScsiResult> holdIfHanging(ScsiCommand command,
            Function<ScsiCommand, CompletionStage<ScsiResult>> resume) {
        if (linkDown) {
            return CompletableFuture.completedFuture(linkDownResult());
        }
        if (!hanging) {
            return null;
        }
        HeldCommand h = new HeldCommand(command, resume, new CompletableFuture<>());
        held.add(h);
        h.timeout = time.schedule(Duration.ofMillis(command.timeoutMillis()), () -> timeOut(h));
        return h.future;
    }

    /** The injected result for this command, or null. */
    synchronized ScsiResult takeInjected(int opcode, LogicalUnitImpl lu) {
        for (Iterator<Injection> it = injections.iterator(); it.hasNext();) {
            Injection inj = it.next();
            ScsiResult r = inj.fire(opcode, lu);
            if (inj.exhausted()) {
                it.remove();
            }
            if (r != null) {
                updateQuiet();
                return r;
            }
        }
        return null;
    }

    @Override
    public void linkDown() {
        List<HeldCommand> failed;
        synchronized (this) {
            if (linkDown) {
                return;
            }
            linkDown = true;
            failed = takeHeld();
            updateQuiet();
        }
        for (HeldCommand h : failed) {
            h.future.complete(linkDownResult());
        }
        onLinkChange.run();
    }

    @Override
    public void linkUp() {
        synchronized (this) {
            if (!linkDown) {
                return;
            }
            linkDown = false;
            updateQuiet();
        }
        onLinkChange.run();
    }

    @Override
    public boolean isLinkDown() {
        return linkDown;
    }

    @Override
    public synchronized void setLatency(Duration latency) {
        if (latency.isNegative()) {
            throw new IllegalArgumentException("negative latency " + latency);
        }
        latencyNanos = latency.toNanos();
        updateQuiet();
    }

    @Override
    public synchronized void injectSense(SenseData sense, int commands, CommandClass which) {
        injections.add(Injection.counted(which, Objects.requireNonNull(sense), 0, commands));
        updateQuiet();
    }

    @Override
    public synchronized void injectSenseRandomly(SenseData sense, double probability, long seed,
            CommandClass which) {
        injections.add(Injection.random(which, Objects.requireNonNull(sense), probability, seed));
        updateQuiet();
    }

    @Override
    public synchronized void injectStatus(int status, int commands, CommandClass which) {
        if (status <= 0 || status > 0xFF) {
            throw new IllegalArgumentException("not an error status byte: " + status);
        }
        injections.add(Injection.counted(which, null, status, commands));
        updateQuiet();
    }

    @Override
    public synchronized void hang() {
        hanging = true;
        updateQuiet();
    }

    @Override
    public int release() {
        List<HeldCommand> released;
        synchronized (this) {
            hanging = false;
            released = takeHeld();
            updateQuiet();
        }
        for (HeldCommand h : released) {
            h.resume.apply(h.command).thenAccept(h.future::complete);
        }
        return released.size();
    }

    @Override
    public synchronized int hungCommands() {
        return held.size();
    }

    @Override
    public void clear() {
        synchronized (this) {
            injections.clear();
            latencyNanos = 0;
        }
        release();
    }

    private void timeOut(HeldCommand h) {
        synchronized (this) {
            if (!held.remove(h)) {
                return;
            }
        }
        h.future.complete(ScsiResult.transportFailure(TransportError.TIMEOUT,
                owner + " did not answer within " + h.command.timeoutMillis() + " ms"));
    }

    private List<HeldCommand> takeHeld() {
        List<HeldCommand> out = new ArrayList<>(held);
        held.clear();
        for (HeldCommand h : out) {
            h.timeout.cancel();
        }
        return out;
    }

    private void updateQuiet() {
        quiet = !linkDown && !hanging && latencyNanos == 0 && injections.isEmpty();
    }

    @Override
    public String toString() {
        return "faults of " + owner;
    }

    /** A command held by a hang, and how to finish it. */
    private static final class HeldCommand {
        final ScsiCommand command;
        final Function<ScsiCommand, CompletionStage<ScsiResult>> resume;
        final CompletableFuture<ScsiResult> future;
        SimTime.Cancellable timeout;

        HeldCommand(ScsiCommand command, Function<ScsiCommand, CompletionStage<ScsiResult>> resume,
                CompletableFuture<ScsiResult> future) {
            this.command = command;
            this.resume = resume;
            this.future = future;
        }
    }
}
