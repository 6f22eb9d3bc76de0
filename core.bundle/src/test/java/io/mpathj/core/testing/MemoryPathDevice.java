package io.mpathj.core.testing;

import io.mpathj.api.path.PathDevice;
import io.mpathj.api.scsi.Cdbs;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiOpcode;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.SenseData;
import io.mpathj.api.scsi.SenseKey;
import io.mpathj.api.scsi.TransportError;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A path to a {@link MemoryDisk} with fault switches: link down, injected results for the next commands, held
 * commands. Completions run on the given executor, as a transport's would.
 */
public final class MemoryPathDevice implements PathDevice {
    private final String name;
    private final MemoryDisk disk;
    private final Executor completions;
    private volatile boolean linkUp = true;
    private final ArrayDeque<ScsiResult> injected = new ArrayDeque<>();
    private boolean holding;
    private final List<Runnable> held = new ArrayList<>();
    private final AtomicInteger commands = new AtomicInteger();
    private final AtomicInteger dataCommands = new AtomicInteger();

    public MemoryPathDevice(String name, MemoryDisk disk, Executor completions) {
        this.name = name;
        this.disk = disk;
        this.completions = completions;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean isOnline() {
        return linkUp;
    }

    /** Link down: every command fails with a transport error until {@link #linkUp()}. */
    public void linkDown() {
        linkUp = false;
    }

    public void linkUp() {
        linkUp = true;
    }

    /** The next {@code n} commands end with {@code result} instead of running. */
    public synchronized void inject(int n, ScsiResult result) {
        for (int i = 0; i < n; i++) {
            injected.add(result);
        }
    }

    public void injectSense(int n, SenseKey key, int asc, int ascq) {
        inject(n, ScsiResult.checkCondition(new SenseData(key, asc, ascq).toFixed()));
    }

    /** Commands are accepted but not answered until {@link #release()}. */
    public synchronized void hold() {
        holding = true;
    }

    public void release() {
        List<Runnable> toRun;
        synchronized (this) {
            holding = false;
            toRun = new ArrayList<>(held);
            held.clear();
        }
        toRun.forEach(completions::execute);
    }

    public int commands() {
        return commands.get();
    }

    /** READ and WRITE commands this path received. */
    public int dataCommands() {
        return dataCommands.get();
    }

    @Override
    public CompletionStage<ScsiResult> execute(ScsiCommand command) {
        commands.incrementAndGet();
        int op = command.opcode();
        if (op == ScsiOpcode.READ_16 || op == ScsiOpcode.WRITE_16) {
            dataCommands.incrementAndGet();
        }
        CompletableFuture<ScsiResult> f = new CompletableFuture<>();
        Runnable run = () -> f.complete(run(command));
        synchronized (this) {
            if (holding) {
                held.add(run);
                return f;
            }
        }
        completions.execute(run);
        return f;
    }

    private ScsiResult run(ScsiCommand command) {
        if (!linkUp) {
            return ScsiResult.transportFailure(TransportError.CONNECTION_LOST, name + " link down");
        }
        synchronized (this) {
            if (!injected.isEmpty()) {
                return injected.poll();
            }
        }
        byte[] cdb = command.cdb();
        switch (command.opcode()) {
            case ScsiOpcode.TEST_UNIT_READY:
                return ScsiResult.good();
            case ScsiOpcode.READ_16:
            case ScsiOpcode.WRITE_16:
                return readWrite(command, Cdbs.lba(cdb), Cdbs.transferLength(cdb));
            case ScsiOpcode.SERVICE_ACTION_IN_16:
                byte[] cap = new byte[32];
                Cdbs.putU64(cap, 0, disk.blocks() - 1);
                Cdbs.putU32(cap, 8, disk.blockSize);
                ByteBuffer dst = command.data();
                int n = Math.min(dst.remaining(), cap.length);
                dst.duplicate().put(cap, 0, n);
                return ScsiResult.good(dst.remaining() - n);
            default:
                return ScsiResult.checkCondition(new SenseData(SenseKey.ILLEGAL_REQUEST, 0x20, 0).toFixed());
        }
    }

    private ScsiResult readWrite(ScsiCommand command, long lba, int blocks) {
        if (lba + blocks > disk.blocks()) {
            return ScsiResult.checkCondition(new SenseData(SenseKey.ILLEGAL_REQUEST, 0x21, 0).toFixed());
        }
        int offset = (int) (lba * disk.blockSize);
        int length = blocks * disk.blockSize;
        ByteBuffer buf = command.data().duplicate();
        synchronized (disk.data) {
            if (command.opcode() == ScsiOpcode.WRITE_16) {
                buf.get(disk.data, offset, length);
            } else {
                buf.put(disk.data, offset, length);
            }
        }
        return ScsiResult.good();
    }
}
