package io.mpathj.handler.alua.internal;

import io.mpathj.api.path.PathDevice;
import io.mpathj.api.path.PathDeviceProvider;
import io.mpathj.api.scsi.DataDirection;
import io.mpathj.api.scsi.ScsiCommand;
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
            return device.execute(command);
        }
    }
}
