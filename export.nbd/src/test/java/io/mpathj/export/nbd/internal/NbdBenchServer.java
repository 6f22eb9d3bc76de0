package io.mpathj.export.nbd.internal;

import java.nio.file.Path;

/**
 * The server of bench/nbd/run.sh: the map {@code mpatha} over a simulated array with a memory LU (two ports, one
 * group, round-robin), the core engine of the container (EmbeddedMultipath) and the NBD server on a UNIX socket;
 * the same code the container runs, without the shell. Runs until its standard input closes.
 *
 * <p>Arguments: SOCKET SIZE_MIB [BLOCK_SIZE]
 */
public final class NbdBenchServer {
    private NbdBenchServer() {
    }

    public static void main(String[] args) throws Exception {
        Path socket = Path.of(args[0]);
        long mib = Long.parseLong(args[1]);
        int blockSize = args.length > 2 ? Integer.parseInt(args[2]) : 512;
        try (NbdRig rig = new NbdRig(mib * (1 << 20) / blockSize, blockSize)) {
            NbdServer server = rig.server;
            server.listenUnix(socket);
            System.out.println("ready " + socket);
            System.out.flush();
            while (System.in.read() >= 0) {
                // runs until the script closes our standard input
            }
            System.out.println(server.exports());
        }
    }
}
