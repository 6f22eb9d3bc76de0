package io.mpathj.export.nbd.internal;

import io.mpathj.testkit.EngineHarness;
import io.mpathj.transport.iscsi.IscsiConfig;
import io.mpathj.transport.iscsi.IscsiPath;
import io.mpathj.transport.iscsi.IscsiPathName;
import io.mpathj.transport.iscsi.IscsiPortal;
import io.mpathj.transport.iscsi.IscsiTransport;
import io.mpathj.transport.iscsi.tgt.TgtTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The server of bench/nbd/iscsi.sh: tgtd on loopback with one 64 MiB file-backed LU behind two portals
 * (transport.iscsi's TgtTarget), the map {@code mpatha} over two iSCSI sessions to it (one per portal,
 * round-robin), served by {@link NbdServer} on a UNIX socket. Prints {@code ready iscsi://HOST:PORT/IQN/LUN} (the
 * first portal, for qemu-nbd) and runs until its standard input closes.
 *
 * <p>Arguments: SOCKET (ports 13280-13289)
 */
public final class NbdIscsiBenchServer {
    private NbdIscsiBenchServer() {
    }

    public static void main(String[] args) throws Exception {
        Path socket = Path.of(args[0]);
        Path work = Files.createTempDirectory("mpathj-nbd-tgt");
        try (TgtTarget tgt = TgtTarget.start(2, 13280, 13289, work);
                IscsiTransport transport = new IscsiTransport(IscsiConfig.builder()
                        .initiatorName("iqn.2026-11.io.mpathj.bench:nbd").build());
                EngineHarness engine = new EngineHarness().paths(transport)) {
            StringBuilder table = new StringBuilder("0 0 1 1 round-robin 0 2 0");
            for (IscsiPortal portal : tgt.portals()) {
                IscsiPath path = transport.open(new IscsiPathName(portal, TgtTarget.IQN, TgtTarget.LUN));
                path.whenOnline().toCompletableFuture().get(20, TimeUnit.SECONDS);
                table.append(' ').append(path.name());
            }
            engine.multipath().create("mpatha", table.toString());
            try (NbdServer server = new NbdServer(engine.multipath())) {
                server.listenUnix(socket);
                server.export("mpatha");
                IscsiPortal first = tgt.portals().get(0);
                System.out.println("ready iscsi://" + first.host() + ":" + first.port() + "/" + TgtTarget.IQN + "/"
                        + TgtTarget.LUN);
                System.out.flush();
                while (System.in.read() >= 0) {
                    // until the script closes our standard input
                }
            }
        }
    }
}
