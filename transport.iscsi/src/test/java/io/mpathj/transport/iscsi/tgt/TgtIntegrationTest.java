package io.mpathj.transport.iscsi.tgt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathj.api.scsi.Cdbs;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.ScsiStatus;
import io.mpathj.api.scsi.SenseKey;
import io.mpathj.transport.iscsi.IscsiConfig;
import io.mpathj.transport.iscsi.IscsiPath;
import io.mpathj.transport.iscsi.IscsiPathName;
import io.mpathj.transport.iscsi.IscsiPortal;
import io.mpathj.transport.iscsi.IscsiSessionInfo;
import io.mpathj.transport.iscsi.IscsiTransport;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The transport against a real target: tgtd on loopback with three portals to one LU. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TgtIntegrationTest extends TgtTestSupport {
    private static IscsiTransport transport;
    private static final List<IscsiPath> paths = new ArrayList<>();

    @BeforeAll
    static void startTarget() throws Exception {
        tgt = TgtTarget.startOrSkip(3);
        transport = new IscsiTransport(IscsiConfig.builder().initiatorName("iqn.2026-11.io.mpathj.test:host")
                .reconnectDelay(Duration.ofMillis(200), Duration.ofSeconds(2)).build());
        for (IscsiPortal portal : tgt.portals()) {
            paths.add(transport.open(new IscsiPathName(portal, TgtTarget.IQN, TgtTarget.LUN)));
        }
        for (IscsiPath path : paths) {
            path.whenOnline().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /** Runs before {@link TgtTestSupport#stopTarget()}: log out while tgtd is still there. */
    @AfterAll
    static void closeTransport() {
        if (transport != null) {
            transport.close();
            transport = null;
        }
        paths.clear();
    }

    @Test
    void threePortalsLogInToTheSameLogicalUnit() throws Exception {
        assertEquals(3, paths.size());
        List<String> serials = new ArrayList<>();
        for (IscsiPath path : paths) {
            assertTrue(path.isOnline(), path.name());
            ByteBuffer vpd = ByteBuffer.allocate(255);
            ScsiResult r = run(path, ScsiCommand.dataIn(Cdbs.inquiryVpd(0x80, 255), vpd));
            assertTrue(r.isGood(), r.describe());
            int length = vpd.get(3) & 0xFF;
            serials.add(new String(vpd.array(), 4, length).trim());
        }
        assertEquals(1, serials.stream().distinct().count(), "one LU behind all portals: " + serials);
        assertEquals(3, tgt.connections(1).size(), "three sessions (I_T nexuses) on the target");
        assertTrue(paths.get(0).name().startsWith("iscsi:127.0.0.1:"), paths.get(0).name());
    }

    @Test
    void writeThroughOnePathReadsBackThroughAnother() throws Exception {
        // 1 MiB: more than FirstBurstLength and MaxBurstLength-sized R2T sequences, many Data-In PDUs
        int blocks = 2048;
        byte[] pattern = new byte[blocks * TgtTarget.BLOCK_SIZE];
        new Random(7).nextBytes(pattern);
        ByteBuffer out = ByteBuffer.wrap(pattern);
        ScsiResult written = run(paths.get(0), ScsiCommand.dataOut(Cdbs.write16(4096, blocks), out));
        assertTrue(written.isGood(), written.describe());
        assertEquals(0, out.position(), "the caller's buffer position is left alone");

        ByteBuffer in = ByteBuffer.allocate(pattern.length + 16).position(16);
        ScsiResult read = run(paths.get(2), ScsiCommand.dataIn(Cdbs.read16(4096, blocks), in));
        assertTrue(read.isGood(), read.describe());
        assertEquals(16, in.position());
        byte[] back = new byte[pattern.length];
        in.duplicate().get(back);
        assertArrayEquals(pattern, back);
    }

    @Test
    void smallWriteGoesAsImmediateData() throws Exception {
        byte[] block = new byte[TgtTarget.BLOCK_SIZE];
        new Random(3).nextBytes(block);
        assertTrue(run(paths.get(1), ScsiCommand.dataOut(Cdbs.write10(10, 1), ByteBuffer.wrap(block))).isGood());
        ByteBuffer in = ByteBuffer.allocate(TgtTarget.BLOCK_SIZE);
        assertTrue(run(paths.get(0), ScsiCommand.dataIn(Cdbs.read10(10, 1), in)).isGood());
        assertArrayEquals(block, in.array());
    }

    @Test
    void readBeyondTheLastBlockGivesIllegalRequestLbaOutOfRange() throws Exception {
        ScsiResult r = run(paths.get(1), ScsiCommand.dataIn(Cdbs.read16(TgtTarget.BLOCKS, 1),
                ByteBuffer.allocate(TgtTarget.BLOCK_SIZE)));
        assertEquals(ScsiStatus.CHECK_CONDITION, r.status(), r.describe());
        assertTrue(r.sense().orElseThrow().is(SenseKey.ILLEGAL_REQUEST, 0x21, 0x00), r.describe());
        assertEquals("05/21/00", r.sense().orElseThrow().triple());
    }

    @Test
    void everyPortalTimesTargetTimesLunIsDiscoveredAsAPath() throws Exception {
        List<IscsiPath> found = await(transport.discoverPaths(tgt.portals()));
        List<String> names = found.stream().map(IscsiPath::name).sorted().collect(Collectors.toList());
        for (IscsiPortal portal : tgt.portals()) {
            String lun1 = "iscsi:" + portal + "/" + TgtTarget.IQN + "/" + TgtTarget.LUN;
            assertTrue(names.contains(lun1), lun1 + " in " + names);
            assertTrue(names.contains("iscsi:" + portal + "/" + TgtTarget.IQN + "/0"), "tgt's controller LUN 0");
        }
        assertEquals(6, names.size(), names.toString());
        assertTrue(found.contains(paths.get(0)), "an opened path is reused, not duplicated");
        // one session per portal, each logged in, carrying its two LUNs
        List<IscsiSessionInfo> sessions = await(transport.sessions());
        assertEquals(3, sessions.size(), sessions.toString());
        for (IscsiSessionInfo s : sessions) {
            assertEquals("logged-in", s.state(), s.toString());
            assertEquals(TgtTarget.IQN, s.targetName());
            assertEquals(2, s.paths(), s.toString());
            assertTrue(s.tsih() != 0, "tgt assigned a TSIH: " + s);
            assertTrue(s.maxCmdSn() >= s.cmdSn() - 1, "a window: " + s);
        }
    }

    @Test
    void resolveFindsPathsByName() {
        String name = paths.get(1).name();
        assertEquals(paths.get(1), transport.resolve(name).orElseThrow());
        assertTrue(transport.resolve("sim:array/A0/0").isEmpty());
        assertTrue(transport.resolve("iscsi:no-lun-here").isEmpty());
    }

    @Test
    void nopOutPingIsAnswered() throws Exception {
        for (IscsiPath path : paths) {
            assertTrue(await(path.ping()), path.name());
        }
    }
}
