package io.mpathj.handler.alua.internal;

import io.mpathj.api.path.PathDevice;
import io.mpathj.api.path.PathDeviceProvider;
import io.mpathj.api.scsi.Cdbs;
import io.mpathj.api.scsi.DataDirection;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiOpcode;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.testkit.ForwardingPathDevice;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** A path provider in front of another that records every command its devices send, as "path cdb [| data-out]". */
final class RecordingPaths implements PathDeviceProvider {
    private final PathDeviceProvider inner;
    private final List<String> log = new ArrayList<>();
    /**
     * Rewrite every good RTPG answer with the extended header as LIO (Linux 6.1) sends it: RETURN DATA LENGTH
     * without the extended header's 4 bytes, and 4 bytes fewer sent (see lio-rtpg.txt).
     */
    volatile boolean rtpgAsLio;

    RecordingPaths(PathDeviceProvider inner) {
        this.inner = inner;
    }

    @Override
    public String scheme() {
        return inner.scheme();
    }

    @Override
    public Optional<PathDevice> resolve(String name) {
        return inner.resolve(name).map(Recorded::new);
    }

    /** Recorded commands with this operation code, in order. */
    List<String> sent(int opcode) {
        String code = String.format(" %02x", opcode);
        synchronized (log) {
            return log.stream().filter(s -> s.contains(code + " ") && s.indexOf(code + " ") == s.indexOf(' '))
                    .toList();
        }
    }

    private final class Recorded extends ForwardingPathDevice {
        Recorded(PathDevice device) {
            super(device);
        }

        @Override
        public CompletionStage<ScsiResult> execute(ScsiCommand command) {
            String entry = device.name() + " " + ScriptedDevice.hex(command.cdb());
            if (command.direction() == DataDirection.TO_DEVICE && command.opcode() != 0x8A
                    && command.opcode() != 0x2A) {
                byte[] out = new byte[command.dataLength()];
                command.data().get(command.data().position(), out);
                entry += " | " + ScriptedDevice.hex(out);
            }
            synchronized (log) {
                log.add(entry);
            }
            CompletionStage<ScsiResult> result = device.execute(command);
            boolean extendedRtpg = command.opcode() == ScsiOpcode.MAINTENANCE_IN && (command.cdb()[1] & 0xE0) == 0x20;
            return rtpgAsLio && extendedRtpg ? result.thenApply(r -> asLio(command, r)) : result;
        }

        private ScsiResult asLio(ScsiCommand command, ScsiResult r) {
            int received = command.dataLength() - r.residual();
            if (!r.isGood() || received < 8) {
                return r;
            }
            byte[] data = command.data().array();
            Cdbs.putU32(data, 0, Cdbs.getU32(data, 0) - 4);
            return ScsiResult.good(r.residual() + 4);
        }
    }
}
