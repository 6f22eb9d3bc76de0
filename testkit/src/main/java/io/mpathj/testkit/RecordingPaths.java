package io.mpathj.testkit;

import io.mpathj.api.path.PathDevice;
import io.mpathj.api.path.PathDeviceProvider;
import io.mpathj.api.scsi.DataDirection;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiOpcode;
import io.mpathj.api.scsi.ScsiResult;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * A path provider in front of another (e.g. the sim's array registry) that records every command its devices are
 * sent, except READ and WRITE, as {@code "PATH CDB"} or, with data out, {@code "PATH CDB | DATA"} (bytes as
 * lower-case hex pairs separated by blanks), so that a map test can count what a handler sent through the array.
 */
public final class RecordingPaths implements PathDeviceProvider {
    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");
    private final PathDeviceProvider inner;
    private final List<Sent> log = new ArrayList<>();

    public RecordingPaths(PathDeviceProvider inner) {
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

    /** The recorded commands with this operation code, in the order they were sent. */
    public List<String> sent(int opcode) {
        synchronized (log) {
            return log.stream().filter(s -> s.opcode() == opcode).map(Sent::entry).toList();
        }
    }

    /** The recorded commands with this operation code sent through this path. */
    public List<String> sent(int opcode, String path) {
        return sent(opcode).stream().filter(s -> s.startsWith(path + " ")).toList();
    }

    /** Forgets what was recorded. */
    public void clear() {
        synchronized (log) {
            log.clear();
        }
    }

    /** The data-out bytes of a recorded entry (after {@code " | "}), or an empty array. */
    public static byte[] dataOut(String entry) {
        int bar = entry.indexOf(" | ");
        return bar < 0 ? new byte[0] : HEX.parseHex(entry.substring(bar + 3));
    }

    private record Sent(int opcode, String entry) {
    }

    private final class Recorded extends ForwardingPathDevice {
        Recorded(PathDevice device) {
            super(device);
        }

        @Override
        public Optional<String> attachedHandler() {
            return device.attachedHandler();
        }

        @Override
        public CompletionStage<ScsiResult> execute(ScsiCommand command) {
            int opcode = command.opcode();
            if (opcode != ScsiOpcode.READ_10 && opcode != ScsiOpcode.WRITE_10 && opcode != ScsiOpcode.READ_16
                    && opcode != ScsiOpcode.WRITE_16) {
                String entry = device.name() + " " + HEX.formatHex(command.cdb());
                if (command.direction() == DataDirection.TO_DEVICE) {
                    byte[] out = new byte[command.dataLength()];
                    command.data().get(command.data().position(), out);
                    entry += " | " + HEX.formatHex(out);
                }
                synchronized (log) {
                    log.add(new Sent(opcode, entry));
                }
            }
            return device.execute(command);
        }
    }
}
