package io.mpathj.testkit;

import io.mpathj.api.InvalidArgumentsException;
import io.mpathj.api.StatusType;
import io.mpathj.api.block.BlockDevice;
import io.mpathj.api.block.BlockRequest;
import io.mpathj.api.map.MapView;
import io.mpathj.api.map.Multipath;
import io.mpathj.api.map.OpenMap;
import io.mpathj.api.map.PathView;
import java.util.List;

/**
 * A map under test, through the public map API only: block I/O on an open of it, and its status, view and messages
 * by name. {@link EngineHarness#remove} gives the open back before removing the map.
 */
public final class TestMap implements BlockDevice {
    private final Multipath multipath;
    private final String name;
    private final OpenMap open;

    TestMap(Multipath multipath, String name) throws InvalidArgumentsException {
        this.multipath = multipath;
        this.name = name;
        this.open = multipath.open(name, "test");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int blockSize() {
        return open.blockSize();
    }

    @Override
    public long blockCount() {
        return open.blockCount();
    }

    @Override
    public void submit(BlockRequest request) {
        open.submit(request);
    }

    /** {@code dmsetup status} (INFO) or {@code dmsetup table} (TABLE) parameters. */
    public String status(StatusType type) {
        try {
            return multipath.status(name, type);
        } catch (InvalidArgumentsException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** A target message, e.g. {@code List.of("fail_path", "sim:a/P0/0")}; refused with dm-mpath's text. */
    public void message(List<String> words) throws InvalidArgumentsException {
        multipath.message(name, words.toArray(String[]::new));
    }

    /** A target message word by word. */
    public void message(String... words) throws InvalidArgumentsException {
        multipath.message(name, words);
    }

    /** A snapshot of the map. */
    public MapView view() {
        return multipath.view(name).orElseThrow(() -> new IllegalStateException("no map named " + name));
    }

    /** Every path entry, in table order. */
    public List<PathView> paths() {
        return view().paths();
    }

    /** Usable paths (nr_valid_paths). */
    public int validPaths() {
        return view().validPaths();
    }

    /** I/Os waiting in the map's queue. */
    public int queuedIos() {
        return view().queuedIos();
    }

    /** The handler's INFO words. */
    public List<String> handlerStatus() {
        return view().handlerStatus();
    }

    /** Gives the test's open back (idempotent). */
    void release() {
        open.close();
    }
}
