package io.mpathj.export.nbd.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real NBD clients against the server: libnbd's nbdinfo, nbdcopy and nbdfuse, qemu-img and qemu-io, fio's nbd engine.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class NbdClientsTest {
    private static final int BS = 512;
    private static final long BLOCKS = 64L * 2048; // 64 MiB
    private NbdRig rig;
    @TempDir
    Path tmp;

    @BeforeEach
    void start() throws Exception {
        rig = new NbdRig(BLOCKS, BS);
    }

    @AfterEach
    void stop() throws Exception {
        rig.close();
    }

    @Test
    void nbdinfoListsTheExport() throws Exception {
        Tools.require("nbdinfo", "libnbd-bin");
        String out = Tools.ok(30, "nbdinfo", "--list", "nbd+unix:///?socket=" + rig.socket).output();
        assertTrue(out.contains("export=\"mpatha\""), out);
        assertTrue(out.contains("export-size: " + BLOCKS * BS), out);
        assertTrue(out.contains("can_multi_conn: true"), out);
        assertTrue(out.contains("block_size_minimum: 512"), out);
        assertTrue(out.contains("can_flush: true") && out.contains("can_zero: true"), out);
    }

    @Test
    void tcpOnLoopbackServesTheSameExport() throws Exception {
        Tools.require("nbdinfo", "libnbd-bin");
        java.net.InetSocketAddress tcp = rig.server.listenTcp(new java.net.InetSocketAddress("127.0.0.1", 0));
        String out = Tools.ok(30, "nbdinfo", "nbd://127.0.0.1:" + tcp.getPort() + "/" + NbdRig.MAP).output();
        assertTrue(out.contains("export-size: " + BLOCKS * BS), out);
    }

    @Test
    void nbdcopyInAndOutKeepsTheChecksum() throws Exception {
        Tools.require("nbdcopy", "libnbd-bin");
        Path image = tmp.resolve("in.img");
        byte[] data = new byte[(int) (BLOCKS * BS)];
        new Random(19).nextBytes(data);
        // a hole in the middle: nbdcopy zeroes it with WRITE_ZEROES
        java.util.Arrays.fill(data, 8 << 20, 24 << 20, (byte) 0);
        Files.write(image, data);
        Tools.ok(60, "nbdcopy", image.toString(), rig.uri());
        Path back = tmp.resolve("out.img");
        Tools.ok(60, "nbdcopy", rig.uri(), back.toString());
        assertEquals(sha256(image), sha256(back));
        // and the map itself holds the data (read through the map, not the server)
        ByteBuffer first = ByteBuffer.allocate(4096);
        try (var open = rig.engine.multipath().open(NbdRig.MAP, "check")) {
            open.read(0, first).toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        assertArrayEquals(java.util.Arrays.copyOf(data, 4096), first.array());
        assertTrue(rig.server.exports().get(0).bytesWritten() >= data.length);
    }

    @Test
    void qemuImgConvertAndQemuIoReadAndWrite() throws Exception {
        Tools.require("qemu-img", "qemu-utils");
        Tools.require("qemu-io", "qemu-utils");
        Path image = tmp.resolve("q.img");
        byte[] data = new byte[4 << 20];
        new Random(7).nextBytes(data);
        Files.write(image, data);
        Tools.ok(60, "qemu-img", "convert", "-n", "-f", "raw", "-O", "raw", image.toString(), rig.uri());
        Path back = tmp.resolve("q.back");
        Tools.ok(60, "qemu-img", "convert", "-f", "raw", "-O", "raw", rig.uri(), back.toString());
        byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(back), data.length);
        assertArrayEquals(data, head);
        String io = Tools.ok(60, "qemu-io", "-f", "raw", "-c", "write -P 0xab 1M 256k", "-c",
                "read -P 0xab 1M 256k", "-c", "aio_write -P 0x5c 2M 64k", "-c", "aio_flush", "-c",
                "read -P 0x5c 2M 64k", rig.uri()).output();
        assertTrue(!io.contains("fail") && !io.contains("error"), io);
        String info = Tools.ok(30, "qemu-img", "info", "-f", "raw", rig.uri()).output();
        assertTrue(info.contains("virtual size: 64 MiB"), info);
    }

    /**
     * nbdfuse mounts the export as a file: what a program writes into the file is in the map, what the map holds is
     * read back through the file, and unmounting ends the client (its connection no longer holds the map open). FUSE
     * is the host kernel's: without {@code /dev/fuse} the test is skipped, as the kernel nbd client is (README).
     */
    @Test
    void nbdfuseServesTheMapAsAFile() throws Exception {
        Tools.require("nbdfuse", "libnbd-bin");
        if (!Files.exists(Path.of("/dev/fuse"))) {
            String message = "this host's kernel has no FUSE (/dev/fuse): nbdfuse test skipped";
            System.out.println("SKIPPED: " + message);
            org.junit.jupiter.api.Assumptions.abort(message);
        }
        Path mount = Files.createDirectory(tmp.resolve("m"));
        Path file = mount.resolve("nbd");
        Process fuse = new ProcessBuilder("nbdfuse", mount.toString(), rig.uri()).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("nbdfuse.log").toFile()).start();
        try {
            Tools.await(() -> Files.exists(file) || !fuse.isAlive(), "nbdfuse's file " + file);
            assertTrue(fuse.isAlive(), "nbdfuse ended: " + Files.readString(tmp.resolve("nbdfuse.log")));
            assertEquals(BLOCKS * BS, Files.size(file));
            byte[] data = new byte[1 << 20];
            new Random(23).nextBytes(data);
            long at = 5L << 20;
            try (var ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(data), at);
                ch.force(false);
            }
            ByteBuffer inMap = ByteBuffer.allocate(data.length);
            try (var open = rig.engine.multipath().open(NbdRig.MAP, "check")) {
                open.read(at / BS, inMap).toCompletableFuture().get(10, TimeUnit.SECONDS);
                assertArrayEquals(data, inMap.array(), "written through the file, read from the map");
                byte[] other = new byte[64 << 10];
                new Random(29).nextBytes(other);
                open.write(0, ByteBuffer.wrap(other)).toCompletableFuture().get(10, TimeUnit.SECONDS);
                ByteBuffer viaFile = ByteBuffer.allocate(other.length);
                try (var ch = java.nio.channels.FileChannel.open(file)) {
                    ch.read(viaFile, 0);
                }
                assertArrayEquals(other, viaFile.array(), "written to the map, read through the file");
            }
            assertTrue(rig.openCount() > 0, "nbdfuse's connection holds the map open");
        } finally {
            boolean root = "root".equals(System.getProperty("user.name"));
            Tools.run(30, root ? List.of("umount", mount.toString()) : List.of("fusermount3", "-u", mount.toString()));
            if (!fuse.waitFor(30, TimeUnit.SECONDS)) {
                fuse.destroyForcibly();
            }
        }
        assertEquals(0, fuse.exitValue(), Files.readString(tmp.resolve("nbdfuse.log")));
        Tools.await(() -> rig.openCount() == 0, "the map closed after nbdfuse was unmounted");
    }

    /**
     * fio writes with crc32c verification while the array's ports fail: first one (the map fails over to the other
     * path), then both (the map queues; the server keeps the requests waiting, it does not fail them), then they
     * come back. Every block verifies and fio reports no error.
     */
    @Test
    void fioVerifiesWhilePortsFailAndComeBack() throws Exception {
        Tools.require("fio", "fio");
        List<String> fio = List.of("fio", "--name=verify", "--ioengine=nbd", "--uri=" + rig.uri(),
                "--rw=randwrite", "--bs=4k", "--iodepth=16", "--size=16m", "--verify=crc32c", "--do_verify=1",
                "--verify_fatal=1", "--verify_state_save=0", "--loops=3");
        CompletableFuture<Tools.Result> run = CompletableFuture.supplyAsync(() -> {
            try {
                return Tools.run(150, fio);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long before = requests();
        Tools.await(() -> requests() > before + 500, "fio's first requests");
        rig.array.port("P0").faults().linkDown();
        long afterOne = requests();
        Tools.await(() -> requests() > afterOne + 2000, "I/O on the remaining path");
        rig.array.port("P1").faults().linkDown();
        Tools.await(() -> rig.engine.multipath().view(NbdRig.MAP).orElseThrow().queuedIos() > 0,
                "I/O queued with no path");
        rig.array.port("P0").faults().linkUp();
        rig.array.port("P1").faults().linkUp();
        rig.engine.multipath().message(NbdRig.MAP, "reinstate_path", "sim:a/P0/0");
        rig.engine.multipath().message(NbdRig.MAP, "reinstate_path", "sim:a/P1/0");
        Tools.Result result = run.get(160, TimeUnit.SECONDS).ok(fio);
        assertTrue(result.output().contains("err= 0"), result.output());
        assertEquals(0, rig.server.exports().get(0).errors(), "requests answered with an error");
    }

    private long requests() {
        return rig.server.exports().get(0).requests();
    }


    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
