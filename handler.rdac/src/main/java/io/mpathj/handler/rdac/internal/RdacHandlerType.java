package io.mpathj.handler.rdac.internal;

import io.mpathj.api.InvalidArgumentsException;
import io.mpathj.api.handler.HardwareHandler;
import io.mpathj.api.handler.HardwareHandlerName;
import io.mpathj.api.handler.HardwareHandlerType;
import io.mpathj.handler.rdac.internal.RdacPages.LunIdentity;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.osgi.annotation.bundle.Capability;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The {@code rdac} hardware handler type for LSI/Engenio/NetApp E-Series (and the IBM DS3K/4K/5K, SGI, Sun, Dell MD
 * arrays built on them): controller ownership by vendor VPD pages, failover by MODE SELECT of page 2Ch (scsi_dh_rdac).
 * It takes no parameters. The type holds what the kernel keeps module-wide: the controllers, shared by every map
 * whose paths reach them, and the worker that sends their MODE SELECTs (kmpath_rdacd).
 */
@Component(service = HardwareHandlerType.class)
@HardwareHandlerName(RdacHandlerType.NAME)
@Capability(namespace = HardwareHandlerType.CAPABILITY_NAMESPACE, name = RdacHandlerType.NAME)
public final class RdacHandlerType implements HardwareHandlerType {
    /** The handler's table name. */
    public static final String NAME = "rdac";
    /** dm-mpath's words when scsi_dh_set_params fails; scsi_dh_rdac has no set_params, so any parameter does. */
    static final String BAD_PARAMS = "unable to set hardware handler parameters";

    private final Executor worker;
    private final ExecutorService ownWorker;
    /** Controllers by array unique id and index. Guarded by itself. */
    private final Map<String, Controller> controllers = new HashMap<>();
    private volatile boolean stopped;

    /** For DS: MODE SELECTs are sent from a thread of the type's own (the kernel's kmpath_rdacd). */
    public RdacHandlerType() {
        this.ownWorker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "mpathj-rdac");
            t.setDaemon(true);
            return t;
        });
        this.worker = ownWorker;
    }

    /** For tests and embedding: batches are dispatched on {@code worker} (not shut down here). */
    public RdacHandlerType(Executor worker) {
        this.worker = Objects.requireNonNull(worker, "worker");
        this.ownWorker = null;
    }

    @Override
    public HardwareHandler create(List<String> args) throws InvalidArgumentsException {
        if (!args.isEmpty()) {
            throw new InvalidArgumentsException(BAD_PARAMS + ": rdac takes no parameters, got " + args.size());
        }
        return new RdacHandler(this);
    }

    /** The controller {@code index} of the array C8h names (get_controller), counted as used once more. */
    Controller acquire(LunIdentity lun, int index) {
        String key = lun.arrayId() + "/" + index;
        synchronized (controllers) {
            Controller c = controllers.computeIfAbsent(key,
                    k -> new Controller(lun.arrayId(), lun.arrayName(), index, worker, this::stopped));
            c.users++;
            return c;
        }
    }

    /** One user fewer; the last one forgets the controller (release_controller). */
    void release(Controller c) {
        synchronized (controllers) {
            if (--c.users <= 0) {
                controllers.remove(c.arrayId() + "/" + c.index(), c);
            }
        }
    }

    /** How many controllers are known (for tests). */
    int controllerCount() {
        synchronized (controllers) {
            return controllers.size();
        }
    }

    /** Once the component is deactivated, no command is sent again. */
    boolean stopped() {
        return stopped;
    }

    @Deactivate
    void deactivate() {
        stopped = true;
        if (ownWorker != null) {
            ownWorker.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return NAME;
    }
}
