package io.mpathj.reliability;

import io.mpathj.api.path.PathDevice;
import io.mpathj.api.path.PathDeviceProvider;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.testkit.ForwardingPathDevice;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A transport wrapper that watches every command between the engine and the real provider: a command object sent
 * again while it is still on a path (the only way an I/O could complete twice), a stage that completes
 * exceptionally (the PathDevice contract forbids it), and commands still on a path at the end.
 */
final class TrackingPaths implements PathDeviceProvider {
    private final PathDeviceProvider delegate;
    private final Set<ScsiCommand> inFlight = Collections.synchronizedSet(
            Collections.newSetFromMap(new IdentityHashMap<>()));
    private final Map<String, PathDevice> devices = new ConcurrentHashMap<>();
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong commands = new AtomicLong();
    /** The last few events of each block's READ/WRITE(16) commands, per array, for failure messages. */
    private final Map<String, java.util.Deque<String>> history = new ConcurrentHashMap<>();

    private void record(String path, ScsiCommand command, String event) {
        byte[] cdb = command.cdb();
        if ((cdb[0] & 0xFF) != 0x88 && (cdb[0] & 0xFF) != 0x8A) {
            return;
        }
        long lba = java.nio.ByteBuffer.wrap(cdb, 2, 8).getLong();
        String array = path.substring(0, path.indexOf('/'));
        java.util.Deque<String> events = history.computeIfAbsent(array + "#" + lba,
                k -> new java.util.ArrayDeque<>());
        synchronized (events) {
            events.addLast(System.nanoTime() / 1_000_000 + "ms " + path + " " + ((cdb[0] & 0xFF) == 0x88 ? "READ"
                    : "WRITE") + "@" + Integer.toHexString(System.identityHashCode(command)) + " " + event);
            while (events.size() > 12) {
                events.removeFirst();
            }
        }
    }

    /** What happened to a block's commands lately, e.g. {@code history("sim:a", 7)}. */
    String history(String array, long lba) {
        java.util.Deque<String> events = history.get(array + "#" + lba);
        if (events == null) {
            return "no command for it reached a path";
        }
        synchronized (events) {
            return String.join("; ", events);
        }
    }

    TrackingPaths(PathDeviceProvider delegate) {
        this.delegate = delegate;
    }

    @Override
    public String scheme() {
        return delegate.scheme();
    }

    @Override
    public Optional<PathDevice> resolve(String name) {
        return delegate.resolve(name).map(d -> devices.computeIfAbsent(name, n -> new Tracked(d)));
    }

    /** Commands executed through every path so far (I/O and handler commands). */
    long commands() {
        return commands.get();
    }

    /** Commands sent and not answered yet. */
    int inFlight() {
        return inFlight.size();
    }

    List<String> violations() {
        synchronized (violations) {
            return List.copyOf(violations);
        }
    }

    private final class Tracked extends ForwardingPathDevice {
        Tracked(PathDevice device) {
            super(device);
        }

        @Override
        public CompletionStage<ScsiResult> execute(ScsiCommand command) {
            commands.incrementAndGet();
            if (!inFlight.add(command)) {
                violations.add("command " + command + " sent on " + name() + " while still on a path: "
                        + "an I/O dispatched twice");
            }
            record(name(), command, "sent");
            return device.execute(command).whenComplete((r, t) -> {
                inFlight.remove(command);
                record(name(), command, r == null ? "threw " + t : r.describe());
                if (t != null) {
                    violations.add(name() + " completed " + command + " exceptionally: " + t);
                } else if (r == null) {
                    violations.add(name() + " completed " + command + " with no result");
                }
            });
        }
    }
}
