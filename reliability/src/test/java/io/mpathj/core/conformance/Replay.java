package io.mpathj.core.conformance;

import io.mpathj.api.handler.AttachException;
import io.mpathj.api.handler.HardwareHandler;
import io.mpathj.api.handler.PgInitRequest;
import io.mpathj.api.handler.PgInitResult;
import io.mpathj.api.path.MapPath;
import io.mpathj.api.InvalidArgumentsException;
import io.mpathj.api.StatusType;
import io.mpathj.api.map.MapView;
import io.mpathj.api.map.OpenMap;
import io.mpathj.core.embedded.EmbeddedMultipath;
import io.mpathj.core.testing.MemoryPathDevice;
import io.mpathj.handler.alua.internal.AluaHandlerType;
import io.mpathj.handler.emc.internal.EmcHandlerType;
import io.mpathj.handler.rdac.internal.RdacHandlerType;
import io.mpathj.handler.hp_sw.internal.HpSwHandlerType;
import io.mpathj.selector.queue_length.internal.QueueLengthPathSelectorType;
import io.mpathj.selector.round_robin.RoundRobin;
import io.mpathj.selector.service_time.internal.ServiceTimePathSelectorType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replays one recorded case through a fresh platform and its {@code mpath:} commands, and lists every answer that
 * is not the kernel's.
 *
 * <p>The fixed device mapping (the oracle's guest, see conformance/README.md): the scsi_debug disk with minor
 * {@code 16*K} ({@code 8:0}, {@code 8:16} … {@code 8:80}, also {@code /dev/sda} … {@code /dev/sdf}) is the memory
 * path {@code m:K}; all six reach one 8 MiB disk (16384 sectors), as the guest's hosts share one store. Any other
 * major:minor becomes a memory path name that does not exist. The selectors are the real plug-ins (round-robin,
 * queue-length, service-time). The handlers model the kernel's scsi_dh modules on scsi_debug: {@code alua} (attached
 * to 8:0 … 8:48 in the guest) checks its parameters as handler.alua does, refuses to attach to paths without TPGS and
 * answers pg_init OK at once, as scsi_dh_alua does on scsi_debug's implicit ALUA; {@code emc} checks its parameters as
 * handler.emc does and refuses every path, as scsi_dh_emc refuses a device that is no CLARiiON (on TPGS devices the
 * attached alua is kept before it is asked); {@code rdac} likewise checks its parameters as handler.rdac does (it
 * takes none) and refuses every path, as scsi_dh_rdac refuses a device without its VPD pages.
 * {@code hp_sw} is handler.hp-sw itself, whose TEST UNIT READY finds every scsi_dh-less guest disk active, as
 * scsi_dh_hp_sw does on scsi_debug. {@code m:2} is a standby path ({@link GuestPaths}).
 */
final class Replay {
    static final String MAP = "c";
    static final int SECTORS = GuestPaths.SECTORS;
    private static final Pattern KERNEL_DEV = Pattern.compile("(?<=^|\\s)(?:8:(\\d+)|/dev/sd([a-z]))(?=\\s|$)");
    private static final Pattern MEMORY_DEV = Pattern.compile("(?<=^|\\s)m:(\\d+)(?=\\s|$)");
    private static final Pattern TABLE_ERROR =
            Pattern.compile("^device-mapper: table: \\S+: multipath: (.*?)(?: \\(-E[A-Z0-9]+\\))?$");
    private static final Pattern MESSAGE_LINE = Pattern.compile("^device-mapper: multipath: (?:\\d+:\\d+: )?(.*)$");
    private static final long IO_WAIT_MS = 3000;
    private static final long SETTLE_MS = 500;

    private final Golden golden;
    private final List<Diff> diffs = new ArrayList<>();
    private final List<CompletableFuture<Void>> pending = new ArrayList<>();
    private ExecutorService transport;
    /** handler.alua's type needs a scheduler; only its parameter check runs here. */
    private java.util.concurrent.ScheduledExecutorService aluaWorkers;
    private EmbeddedMultipath multipath;
    private GuestPaths devices;

    Replay(Golden golden) {
        this.golden = golden;
    }

    List<Diff> run() throws Exception {
        transport = Executors.newFixedThreadPool(2);
        aluaWorkers = Executors.newSingleThreadScheduledExecutor();
        multipath = new EmbeddedMultipath();
        devices = new GuestPaths(transport);
        multipath.paths(devices);
        multipath.selector(RoundRobin.NAME, RoundRobin.type());
        multipath.selector(QueueLengthPathSelectorType.NAME, new QueueLengthPathSelectorType());
        multipath.selector(ServiceTimePathSelectorType.NAME, new ServiceTimePathSelectorType());
        // not historical-service-time nor io-affinity: the recorded Debian 6.1 kernel has neither module
        AluaHandlerType alua = new AluaHandlerType(aluaWorkers, java.time.Duration.ofSeconds(2));
        multipath.handler("alua", args -> {
            alua.create(args).close(); // the parameters as handler.alua reads them
            return new HardwareHandler() {
                @Override
                public void attach(MapPath path) throws AttachException {
                    if (!GuestPaths.TPGS.contains(path.name())) {
                        throw new AttachException(path.name() + ": no TPGS"); // scsi_dh_alua: "alua: not supported"
                    }
                }

                @Override
                public void pgInit(PgInitRequest request) {
                    request.complete(PgInitResult.OK);
                }
            };
        });
        EmcHandlerType emc = new EmcHandlerType();
        multipath.handler("emc", args -> {
            emc.create(args).close(); // the parameters as handler.emc reads them
            return new HardwareHandler() {
                @Override
                public void attach(MapPath path) throws AttachException {
                    throw new AttachException(path.name() + ": not a CLARiiON"); // clariion_bus_attach refuses
                }

                @Override
                public void pgInit(PgInitRequest request) {
                    request.complete(PgInitResult.OK);
                }
            };
        });
        RdacHandlerType rdac = new RdacHandlerType(Runnable::run);
        multipath.handler("rdac", args -> {
            rdac.create(args).close(); // the parameters as handler.rdac reads them
            return new HardwareHandler() {
                @Override
                public void attach(MapPath path) throws AttachException {
                    throw new AttachException(path.name() + ": no VPD page 0xC8"); // rdac: Attach failed (8)
                }

                @Override
                public void pgInit(PgInitRequest request) {
                    request.complete(PgInitResult.OK);
                }
            };
        });
        multipath.handler(HpSwHandlerType.NAME, new HpSwHandlerType());
        try {
            int n = 0;
            for (Golden.Step step : golden.steps()) {
                n++;
                step(n, step);
            }
        } finally {
            multipath.close();
            transport.shutdownNow();
            aluaWorkers.shutdownNow();
            transport.awaitTermination(5, TimeUnit.SECONDS);
        }
        return diffs;
    }

    private void step(int n, Golden.Step s) throws Exception {
        String where = "step " + n + " '" + s.line() + "'";
        switch (s.verb()) {
            case "create" -> {
                Outcome o = attempt(() -> multipath.create(MAP, line(s.rest())));
                compareRefusal(where, s, o, tableError(s));
            }
            case "reload" -> {
                // dmsetup reload + resume: a reload builds the new table beside the live one and swaps it in
                Outcome o = attempt(() -> multipath.reload(MAP, line(s.rest()), null));
                compareRefusal(where, s, o, tableError(s));
            }
            case "message" -> {
                List<String> words = new ArrayList<>();
                for (String w : s.rest().trim().split(" +")) {
                    if (!w.isEmpty()) {
                        words.add(toMemory(w));
                    }
                }
                Outcome o = attempt(() -> multipath.message(MAP, words.toArray(String[]::new)));
                compareRefusal(where, s, o, messageError(s));
            }
            case "io" -> {
                String actual = io();
                if (!actual.equals(s.rc())) {
                    diffs.add(new Diff(Diff.Kind.IO, where, s.rc(), actual));
                }
            }
            case "offline", "online" -> {
                MemoryPathDevice d = devices.device(toMemory(s.rest().trim()));
                if (d != null) {
                    if (s.verb().equals("offline")) {
                        d.linkDown();
                    } else {
                        d.linkUp();
                    }
                }
            }
            case "sleep" -> Thread.sleep((long) (Double.parseDouble(s.rest().trim()) * 1000));
            case "statusall", "tableall" -> {
                String actual = all(s.verb().equals("statusall") ? StatusType.INFO : StatusType.TABLE);
                compareText(where, Diff.Kind.STDOUT, String.join("\n", s.stdout()), toKernel(actual));
            }
            case "remove" -> {
                Outcome o = attempt(() -> multipath.remove(MAP, true));
                compareRefusal(where, s, o, null);
            }
            default -> throw new IllegalStateException(golden.id() + ": unknown step " + s.line());
        }
        settleQueuedIo();
        if (s.noMap() && map().isPresent()) {
            diffs.add(new Diff(Diff.Kind.EXTRA_MAP, where, null, toKernel(dmsetup(MAP, StatusType.TABLE))));
            multipath.remove(MAP, true);
        }
        if (s.table() != null) {
            if (map().isEmpty()) {
                diffs.add(new Diff(Diff.Kind.NO_MAP, where, s.table(), null));
            } else {
                compareText(where, Diff.Kind.TABLE, s.table(), toKernel(dmsetup(MAP, StatusType.TABLE)));
                compareText(where, Diff.Kind.STATUS, s.status(), toKernel(dmsetup(MAP, StatusType.INFO)));
            }
        }
    }

    /**
     * I/O left queued by an earlier step may be dispatched by this one (a reinstated path, queueing turned off):
     * the kernel's worker has done that by the time dmsetup asks for the status, so wait a little for it here too.
     */
    private void settleQueuedIo() throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_MS);
        while (pending.stream().anyMatch(f -> !f.isDone()) && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        pending.removeIf(CompletableFuture::isDone);
    }

    private Optional<String> map() {
        return multipath.names().contains(MAP) ? Optional.of(MAP) : Optional.empty();
    }

    /** {@code dmsetup table NAME} / {@code dmsetup status NAME}: the target line with its start and length. */
    private String dmsetup(String name, StatusType type) throws InvalidArgumentsException {
        MapView v = multipath.view(name).orElseThrow();
        return "0 " + v.sizeBytes() / 512 + " multipath " + multipath.status(name, type);
    }

    /** {@code dmsetup status} / {@code dmsetup table} without a name: {@code NAME: } before each map's line. */
    private String all(StatusType type) throws InvalidArgumentsException {
        StringBuilder sb = new StringBuilder();
        for (String name : multipath.names()) {
            sb.append(sb.length() == 0 ? "" : "\n").append(name).append(": ").append(dmsetup(name, type));
        }
        return sb.length() == 0 ? "No devices found" : sb.toString();
    }

    private String io() throws InterruptedException {
        if (map().isEmpty()) {
            return "1";
        }
        // the guest's dd: bs=4096 count=8 iflag=direct, eight 4 KiB reads, each sent when the one before ended
        OpenMap map;
        try {
            map = multipath.open(MAP, "dd");
        } catch (InvalidArgumentsException e) {
            return "1";
        }
        CompletableFuture<Void> f = CompletableFuture.completedFuture(null);
        for (int i = 0; i < 8; i++) {
            long lba = i * 8L;
            f = f.thenCompose(v -> map.read(lba, ByteBuffer.allocate(4096)).toCompletableFuture());
        }
        try {
            f.get(IO_WAIT_MS, TimeUnit.MILLISECONDS);
            return "0";
        } catch (ExecutionException e) {
            return "1";
        } catch (TimeoutException e) {
            pending.add(f);
            return "pending";
        }
    }

    private void compareRefusal(String where, Golden.Step s, Outcome o, String kernelText) {
        if (s.succeeded() && !o.ok()) {
            diffs.add(new Diff(Diff.Kind.REFUSED, where, null, o.error()));
        } else if (!s.succeeded() && o.ok()) {
            diffs.add(new Diff(Diff.Kind.ACCEPTED, where,
                    kernelText != null ? kernelText : String.join(" | ", s.stderr()), null));
            if (s.verb().equals("create")) {
                attempt(() -> multipath.remove(MAP, true)); // dmsetup create removes the device it could not load
            }
        } else if (!s.succeeded() && kernelText != null && !o.error().startsWith(kernelText)) {
            diffs.add(new Diff(Diff.Kind.TEXT, where, kernelText, o.error()));
        }
    }

    private void compareText(String where, Diff.Kind kind, String kernel, String mpathj) {
        if (!kernel.equals(mpathj)) {
            diffs.add(new Diff(kind, where, kernel, mpathj));
        }
    }

    /** The multipath target's ti->error for a refused table (dm-table logs it as TYPE: TEXT (ERRNO)). */
    static String tableError(Golden.Step s) {
        for (String l : s.dmesg()) {
            Matcher m = TABLE_ERROR.matcher(l);
            if (m.matches()) {
                return m.group(1);
            }
        }
        return null;
    }

    /** dm-mpath's warning for a refused message, without its prefix; progress lines are not errors. */
    static String messageError(Golden.Step s) {
        for (String l : s.dmesg()) {
            Matcher m = MESSAGE_LINE.matcher(l);
            if (m.matches() && !m.group(1).startsWith("Failing path") && !m.group(1).startsWith("Reinstating")
                    && !m.group(1).startsWith("retaining handler")) {
                return m.group(1);
            }
        }
        return null;
    }

    private static String line(String params) {
        return "0 " + SECTORS + " multipath " + toMemory(params);
    }

    static String toMemory(String kernel) {
        Matcher m = KERNEL_DEV.matcher(kernel);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String repl;
            if (m.group(1) != null) {
                int minor = Integer.parseInt(m.group(1));
                repl = minor % 16 == 0 ? "m:" + minor / 16 : "m:none-8-" + minor;
            } else {
                repl = "m:" + (m.group(2).charAt(0) - 'a');
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(repl));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    static String toKernel(String mpathj) {
        Matcher m = MEMORY_DEV.matcher(mpathj);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, "8:" + Integer.parseInt(m.group(1)) * 16);
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private interface Action {
        void run() throws InvalidArgumentsException;
    }

    private record Outcome(boolean ok, String error) {
    }

    /** Runs a call of the map API; a refusal's text is the error. */
    private static Outcome attempt(Action a) {
        try {
            a.run();
            return new Outcome(true, null);
        } catch (InvalidArgumentsException e) {
            return new Outcome(false, String.valueOf(e.getMessage()));
        }
    }
}
