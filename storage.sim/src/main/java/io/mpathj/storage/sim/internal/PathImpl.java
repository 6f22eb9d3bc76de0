package io.mpathj.storage.sim.internal;

import io.mpathj.api.path.PathCompletion;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.TransportError;
import io.mpathj.storage.sim.Faults;
import io.mpathj.storage.sim.SimArray;
import io.mpathj.storage.sim.SimLogicalUnit;
import io.mpathj.storage.sim.SimPath;
import io.mpathj.storage.sim.SimPort;
import io.mpathj.storage.sim.SimTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * An I_T_L nexus: routes each command through its port's and its own faults to the device server. Without faults
 * a command completes inline: a GOOD one returns a shared completed stage, or calls a {@link PathCompletion} on the
 * submitting thread, so the fast path allocates nothing.
 */
final class PathImpl implements SimPath {
    /** Shared by every GOOD completion; a minimal stage, so no caller can complete it again. */
    private static final CompletionStage<ScsiResult> GOOD = CompletableFuture.completedStage(ScsiResult.good());

    private final String name;
    private final ArrayImpl array;
    private final PortImpl port;
    private final LogicalUnitImpl lu;
    private final FaultState faults;
    private final UnitAttentions unitAttentions;
    private final DeviceServer server;
    private final SimTime time;

    PathImpl(ArrayImpl array, PortImpl port, LogicalUnitImpl lu, DeviceServer server, SimTime time,
            boolean powerOnUnitAttention) {
        this.name = "sim:" + array.name() + "/" + port.name() + "/" + lu.lun();
        this.array = array;
        this.port = port;
        this.lu = lu;
        this.server = server;
        this.time = time;
        this.faults = new FaultState("path " + name, time, () -> { });
        this.unitAttentions = new UnitAttentions(powerOnUnitAttention);
    }

    PortImpl portImpl() {
        return port;
    }

    LogicalUnitImpl lu() {
        return lu;
    }

    UnitAttentions unitAttentions() {
        return unitAttentions;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public java.util.Optional<String> attachedHandler() {
        return java.util.Optional.ofNullable(array.attachedHandler());
    }

    @Override
    public boolean isOnline() {
        return !array.isClosed() && !port.faultState().isLinkDown() && !faults.isLinkDown();
    }

    @Override
    public CompletionStage<ScsiResult> execute(ScsiCommand command) {
        if (array.isClosed()) {
            return CompletableFuture.completedStage(
                    ScsiResult.transportFailure(TransportError.DEVICE_GONE, "array " + array.name() + " closed"));
        }
        if (isQuiet()) {
            return stageOf(server.execute(this, command));
        }
        return executeWithFaults(command);
    }

    /** No fault on the port or the path: the command goes straight to the device server. */
    private boolean isQuiet() {
        return port.faultState().isQuiet() && faults.isQuiet();
    }

    @Override
    public void execute(ScsiCommand command, PathCompletion completion) {
        if (!array.isClosed() && isQuiet()) {
            completion.completed(server.execute(this, command));
        } else {
            SimPath.super.execute(command, completion);
        }
    }

    private CompletionStage<ScsiResult> executeWithFaults(ScsiCommand command) {
        FaultState portFaults = port.faultState();
        if (portFaults.isLinkDown()) {
            return stageOf(portFaults.linkDownResult());
        }
        if (faults.isLinkDown()) {
            return stageOf(faults.linkDownResult());
        }
        CompletableFuture<ScsiResult> held = portFaults.holdIfHanging(command, this::execute);
        if (held == null) {
            held = faults.holdIfHanging(command, this::execute);
        }
        if (held != null) {
            return held;
        }
        ScsiResult result = portFaults.takeInjected(command.opcode(), lu);
        if (result == null) {
            result = faults.takeInjected(command.opcode(), lu);
        }
        if (result == null) {
            result = server.execute(this, command);
        }
        long latency = portFaults.latencyNanos() + faults.latencyNanos();
        if (latency == 0) {
            return stageOf(result);
        }
        CompletableFuture<ScsiResult> delayed = new CompletableFuture<>();
        ScsiResult outcome = result;
        time.schedule(Duration.ofNanos(latency), () -> delayed.complete(outcome));
        return delayed;
    }

    private static CompletionStage<ScsiResult> stageOf(ScsiResult result) {
        return result == ScsiResult.good() ? GOOD : CompletableFuture.completedStage(result);
    }

    @Override
    public SimArray array() {
        return array;
    }

    @Override
    public SimPort port() {
        return port;
    }

    @Override
    public SimLogicalUnit logicalUnit() {
        return lu;
    }

    @Override
    public Faults faults() {
        return faults;
    }

    @Override
    public List<String> pendingUnitAttentions() {
        return unitAttentions.describe();
    }

    @Override
    public String toString() {
        return name;
    }
}
