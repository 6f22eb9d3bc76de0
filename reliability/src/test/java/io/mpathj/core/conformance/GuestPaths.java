package io.mpathj.core.conformance;

import io.mpathj.api.path.PathDevice;
import io.mpathj.api.path.PathDeviceProvider;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiOpcode;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.SenseData;
import io.mpathj.api.scsi.SenseKey;
import io.mpathj.core.testing.MemoryDisk;
import io.mpathj.core.testing.MemoryPathDevice;
import io.mpathj.core.testing.MemoryPaths;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The oracle guest's six scsi_debug paths as memory paths {@code m:0} … {@code m:5} on one disk of 16384 sectors
 * (conformance/README.md has the table). {@code m:2} is the ALUA standby path: its reads and writes end with
 * NOT READY, "logical unit not accessible, target port in standby state" (04h/0Bh), which is what a standby port
 * answers (the kernel's scsi_dh_alua fails them before they are sent).
 */
final class GuestPaths implements PathDeviceProvider {
    static final int DEVICES = 6;
    static final int SECTORS = 16384;
    /** The devices with TPGS, where the kernel's scan attached scsi_dh_alua. */
    static final Set<String> TPGS = Set.of("m:0", "m:1", "m:2", "m:3");
    static final String STANDBY = "m:2";

    private final MemoryPaths memory;

    GuestPaths(Executor completions) {
        memory = new MemoryPaths(new MemoryDisk(512, SECTORS), completions);
        for (int k = 0; k < DEVICES; k++) {
            memory.add(String.valueOf(k));
        }
    }

    /** The memory device behind a name, for link up/down; null for names the guest does not have. */
    MemoryPathDevice device(String name) {
        return memory.get(name);
    }

    @Override
    public String scheme() {
        return memory.scheme();
    }

    @Override
    public Optional<PathDevice> resolve(String name) {
        return memory.resolve(name).map(d -> new GuestDevice(d, name.equals(STANDBY),
                TPGS.contains(name) ? Optional.of("alua") : Optional.empty()));
    }

    /**
     * A guest device: scsi_dh_alua attached at probe where it has TPGS (so a table cannot name another handler);
     * on the standby path, reads and writes are refused while other commands are answered as usual.
     */
    private record GuestDevice(PathDevice path, boolean standby, Optional<String> attachedHandler)
            implements PathDevice {
        @Override
        public String name() {
            return path.name();
        }

        @Override
        public boolean isOnline() {
            return path.isOnline();
        }

        @Override
        public CompletionStage<ScsiResult> execute(ScsiCommand command) {
            int op = command.opcode();
            if (standby && path.isOnline() && (op == ScsiOpcode.READ_16 || op == ScsiOpcode.WRITE_16)) {
                return CompletableFuture.completedFuture(
                        ScsiResult.checkCondition(new SenseData(SenseKey.NOT_READY, 0x04, 0x0B).toFixed()));
            }
            return path.execute(command);
        }
    }
}
