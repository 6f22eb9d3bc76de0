package io.mpathj.lio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathj.api.scsi.Cdbs;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.SenseKey;
import io.mpathj.api.map.PathView;
import io.mpathj.testkit.TestMap;
import io.mpathj.transport.iscsi.DiscoveredTarget;
import io.mpathj.transport.iscsi.IscsiPath;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The alua handler and the iSCSI transport against the Linux kernel's own target, LIO (Linux 6.1,
 * drivers/target/), booted once for the run by {@link LioTarget}; here its main target: one fileio LU (lu0, LUN 0)
 * behind two iSCSI TPGs in two ALUA target port groups, pg_a (tpgt_1, Active/Optimized) and pg_b (tpgt_2,
 * Standby), both implicit and explicit. The class runs first (junit-platform.properties orders the classes): the
 * fixture of LIO's answers is recorded from the target as it booted.
 *
 * <p>Every scenario runs a verified read/write workload ({@link StampedWorkload}) through the map
 * {@code 0 1 alua 2 1 round-robin 0 1 0 PATH_A round-robin 0 1 0 PATH_B} while the target changes, and asserts no
 * I/O failed, was lost, doubled or corrupted. The figures (stall, I/O counts) go to stdout and
 * {@code target/lio-figures.txt}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(1)
class LioSuiteTest extends LioTestSupport {
    /** SendTargets through each forwarded portal, and a login on both. */
    @Test
    @Order(2)
    void sendTargetsAnswersTheGuestsOwnAddressesAndBothPortalsLogIn() throws Exception {
        for (int i = 0; i < 2; i++) {
            int guestPort = 3260 + i;
            List<String> raw = RawSendTargets.ask(lio.portals().get(i), INITIATOR + "-raw", 10_000);
            figure("SendTargets=All through 127.0.0.1:" + lio.portals().get(i).port() + " (guest port " + guestPort
                    + "), raw: " + String.join(" ", raw));
            // LIO lists every target, in the order they were made, and names each TPG's portal (0.0.0.0:3260 ...
            // 0.0.0.0:3267) by the address and port the discovery connection came in on (the guest's 10.0.2.15):
            // not the forwarded ports
            List<String> expected = new ArrayList<>();
            for (LioTarget.Layout layout : LioTarget.Layout.values()) {
                expected.addAll(List.of("TargetName=" + layout.iqn(), "TargetAddress=10.0.2.15:" + guestPort + ",1",
                        "TargetAddress=10.0.2.15:" + guestPort + ",2"));
            }
            assertEquals(expected, raw);

            List<DiscoveredTarget> targets = await(iscsi.discover(lio.portals().get(i)));
            String answer = targets.stream().map(t -> t.name() + " " + t.addresses()).collect(Collectors.joining("; "));
            figure("iscsi.discover through 127.0.0.1:" + lio.portals().get(i).port() + ": " + answer);
            assertEquals(Arrays.stream(LioTarget.Layout.values()).map(LioTarget.Layout::iqn).toList(),
                    targets.stream().map(DiscoveredTarget::name).toList(), answer);
            for (DiscoveredTarget t : targets) {
                // the transport keeps a portal listed twice once, with its first tag
                assertEquals("[10.0.2.15:" + guestPort + ",1]", t.addresses().toString(), answer);
            }
        }
        IscsiPath a = open(1);
        IscsiPath b = open(2);
        for (IscsiPath p : List.of(a, b)) {
            ByteBuffer cap = ByteBuffer.allocate(32);
            ScsiResult r = await(p.execute(ScsiCommand.dataIn(Cdbs.readCapacity16(32), cap)));
            assertTrue(r.isGood(), r.describe());
            assertEquals(LioTarget.BLOCKS - 1, cap.getLong(0));
            assertEquals(LioTarget.BLOCK_SIZE, cap.getInt(8));
        }
        List<String> sessions = lio.command("sessions");
        assertTrue(sessions.get(0).startsWith("target tpgt_1: ") && sessions.get(0).contains(INITIATOR),
                sessions.toString());
        assertTrue(sessions.get(1).startsWith("target tpgt_2: ") && sessions.get(1).contains(INITIATOR),
                sessions.toString());
    }

    /**
     * LIO's raw answers to what the alua handler sends at attach and pg_init (standard INQUIRY, VPD 0x83, RTPG with
     * either header) through both TPGs are exactly the fixture handler.alua's unit tests parse
     * ({@code lio-answers.txt}); {@code -Dlio.record=true} rewrites the fixture instead. First, on the target as it
     * booted: the RTPG STATUS CODE of a group records how its state last changed (00h never, 01h by STPG, 02h
     * implicitly), which the later scenarios change.
     */
    @Test
    @Order(1)
    void liosAnswersAreTheFixtureHandlerAluaParses() throws Exception {
        Map<String, byte[]> answers = new LinkedHashMap<>();
        for (int tpg = 1; tpg <= 2; tpg++) {
            String port = tpg == 1 ? "a" : "b";
            record(answers, port, open(tpg));
            record(answers, "lu1." + port, open(LioTarget.Layout.BOTH, tpg, 1));
            for (LioTarget.Layout layout : List.of(LioTarget.Layout.SAMEGROUP, LioTarget.Layout.EXPLICIT,
                    LioTarget.Layout.IMPLICIT)) {
                record(answers, layout.targetName() + "." + port, open(layout, tpg, 0));
            }
        }
        // what the handler relies on, read here without its parser: TPGS in INQUIRY byte 5 (3 implicit and explicit,
        // 2 explicit only, 1 implicit only), the groups' states in RTPG (pg_a id 1 A/O first)
        for (String port : List.of("a", "b")) {
            for (String prefix : List.of("", "lu1.", "samegroup.")) {
                assertEquals(0x30, answers.get(prefix + port + ".inquiry")[5] & 0x30, prefix + port + " TPGS");
            }
            assertEquals(0x20, answers.get("explicit." + port + ".inquiry")[5] & 0x30, "explicit " + port + " TPGS");
            assertEquals(0x10, answers.get("implicit." + port + ".inquiry")[5] & 0x30, "implicit " + port + " TPGS");
            byte[] rtpg = answers.get(port + ".rtpg-length-only");
            assertEquals(0x00, rtpg[4] & 0x0F, port + " pg_a state");
            assertEquals(1, (rtpg[6] & 0xFF) << 8 | rtpg[7] & 0xFF);
        }
        // explicit only: STPG through tpgt_2 for pg_b (id 2) Active/Optimized, then RTPG through the same port
        IscsiPath explicitB = open(LioTarget.Layout.EXPLICIT, 2, 0);
        ByteBuffer stpg = ByteBuffer.wrap(HexFormat.of().parseHex("0000000000000002"));
        ScsiResult stpgResult = await(explicitB.execute(ScsiCommand.dataOut(Cdbs.setTargetPortGroups(8), stpg)));
        assertTrue(stpgResult.isGood(), "STPG on the explicit-only target: " + stpgResult.describe());
        answers.put("explicit.b.rtpg-extended-after-stpg",
                dataIn(explicitB, Cdbs.reportTargetPortGroups(true, 128), 128));
        // a group LIO holds in Transitioning (configfs alua_access_state 15), with an implicit transition time of
        // 3 s: the extended header carries it (the BeforeEach reset of the next test sets both back)
        lio.command("put core/fileio_0/lu0/alua/pg_a/implicit_trans_secs 3");
        lio.command("alua pg_a 15");
        answers.put("a.rtpg-extended-transitioning",
                dataIn(open(1), Cdbs.reportTargetPortGroups(true, 128), 128));
        Path fixture = Path.of(System.getProperty("lio.fixture"));
        if (Boolean.getBoolean("lio.record")) {
            writeFixture(fixture, answers);
            figure("recorded " + fixture);
            return;
        }
        Map<String, String> expected = readFixture(fixture);
        Map<String, String> actual = new LinkedHashMap<>();
        answers.forEach((k, v) -> actual.put(k, hex(v)));
        assertEquals(expected, actual, "LIO's answers differ from " + fixture
                + " (a new kernel? check, then mvn -pl lio verify -Dlio.record=true)");
    }

    /** The answers to standard INQUIRY, VPD 0x83 and RTPG with either header through {@code path}. */
    private static void record(Map<String, byte[]> answers, String name, IscsiPath path) throws Exception {
        answers.put(name + ".inquiry", dataIn(path, Cdbs.inquiry(36), 36));
        answers.put(name + ".vpd83", dataIn(path, Cdbs.inquiryVpd(0x83, 255), 255));
        answers.put(name + ".rtpg-extended", dataIn(path, Cdbs.reportTargetPortGroups(true, 128), 128));
        answers.put(name + ".rtpg-length-only", dataIn(path, Cdbs.reportTargetPortGroups(false, 128), 128));
    }

    /**
     * The data {@code cdb} returns, re-sent after a UNIT ATTENTION as the midlayer does (LIO answers the first
     * command to LUN 1 of a new session with 06/3F/0E, REPORTED LUNS DATA HAS CHANGED).
     */
    private static byte[] dataIn(IscsiPath path, byte[] cdb, int length) throws Exception {
        ByteBuffer buf = ByteBuffer.allocate(length);
        ScsiResult r = await(path.execute(ScsiCommand.dataIn(cdb, buf)));
        for (int attempt = 0; attempt < 3 && r.sense().map(s -> s.key() == SenseKey.UNIT_ATTENTION).orElse(false); attempt++) {
            buf.clear();
            r = await(path.execute(ScsiCommand.dataIn(cdb, buf)));
        }
        assertTrue(r.isGood(), HexFormat.of().formatHex(cdb) + ": " + r.describe());
        byte[] out = new byte[length - r.residual()];
        buf.get(0, out);
        return out;
    }

    private static String hex(byte[] b) {
        return HexFormat.ofDelimiter(" ").formatHex(b);
    }

    private static Map<String, String> readFixture(Path fixture) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(fixture, StandardCharsets.US_ASCII)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            out.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
        }
        return out;
    }

    private static void writeFixture(Path fixture, Map<String, byte[]> answers) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("""
                # Raw answers of the Linux kernel's iSCSI target (LIO) to the commands the alua handler sends, recorded
                # by lio/src/test/java/io/mpathj/lio/LioSuiteTest.java (mvn -B -pl lio -am verify -Dlio.record=true;
                # the suite compares every run with this file) from the guest of tools/lio/lio.sh:
                """);
        sb.append("#   ").append(lio.banner()).append('\n');
        sb.append("""
                # a, b: target iqn.2026-11.io.mpathj.lio:target, LUN 0: one fileio LU (lu0, 64 MiB, unit serial
                # 6d706174-686a-4c49-4f00-000000000000) exported through two iSCSI TPGs: a = tpgt_1 (relative target
                # port 1) in ALUA group pg_a (id 1, Active/Optimized), b = tpgt_2 (relative target port 2) in pg_b
                # (id 2, Standby); alua_access_type 3 (implicit and explicit) for both.
                # The other LUs: luN has the unit serial 6d706174-686a-4c49-4f0N-000000000000 (LIO's NAA designator
                # keeps only the first 25 hex digits of the serial).
                # lu1.a, lu1.b: the same target's LUN 1, a second LU (lu1) with its own pg_a and pg_b.
                # samegroup.a, samegroup.b: target ...:samegroup, LU lu2: both TPGs in ONE group pg_a (id 1,
                #   Active/Optimized); type 3.
                # explicit.a, explicit.b: target ...:explicit, LU lu3 as lu0 with alua_access_type 2 (explicit only).
                # implicit.a, implicit.b: target ...:implicit, LU lu4 as lu0 with alua_access_type 1 (implicit only).
                # Recorded on the target as it booted: RTPG STATUS CODE 00h for pg_a (never changed), 02h for pg_b
                # (set Standby through configfs); then explicit.b.rtpg-extended-after-stpg: the RTPG through
                # explicit's tpgt_2 after an STPG through it made pg_b Active/Optimized (STPG data
                # 00 00 00 00 00 00 00 02); last, a.rtpg-extended-transitioning: lu0's pg_a held in Transitioning
                # (alua_access_state 15) with implicit_trans_secs 3. Kernel sources:
                # drivers/target/target_core_spc.c (spc_emulate_inquiry_std, spc_emulate_evpd_83),
                # drivers/target/target_core_alua.c (target_emulate_report_target_port_groups).
                #
                # NAME.inquiry: standard INQUIRY, allocation length 36
                # NAME.vpd83: INQUIRY VPD page 0x83 (Device Identification), allocation length 255
                # NAME.rtpg-extended / NAME.rtpg-length-only: REPORT TARGET PORT GROUPS, PARAMETER DATA FORMAT 001b /
                #   000b, allocation length 128 (LIO's RETURN DATA LENGTH leaves out the 4 extra bytes of the extended
                #   header, so the last target port descriptor of the extended answer lies past it)
                # Each answer is the data LIO sent (allocation length minus the residual).
                #
                # Format: NAME: hex bytes
                """);
        answers.forEach((k, v) -> sb.append(k).append(": ").append(hex(v)).append('\n'));
        Files.writeString(fixture, sb.toString(), StandardCharsets.US_ASCII);
    }

    /**
     * (a) tpgt_1 disabled under load: LIO closes its sessions and refuses logins, the map fails path A and switches
     * to group 2, the handler's STPG makes pg_b Active/Optimized (read back on the target); (c) with tpgt_1 enabled
     * again, {@code reinstate_path} and {@code switch_group 1} bring the I/O back to path A (pg_a is still
     * Active/Optimized: no STPG needed).
     */
    @Test
    @Order(3)
    void disabledActiveTpgFailsOverByStpgAndFailsBackWithSwitchGroup() throws Exception {
        Run r = start();
        try {
            onPathA(r);
            long t0 = change(r, "tpg 1 0");
            long stpgMillis = awaitStpg(r, "pg_b", r.b(), t0);
            PathView a = view(r.map(), r.a());
            assertTrue(a.failCount() > 0 && !a.active(), r.map().paths().toString());
            assertEquals(0, lio.state("pg_a"), "STPG for pg_b changed pg_a");
            figure(String.format("(a) tpgt_1 disabled: pg_b A/O read back after %d ms, longest I/O stall %d ms; "
                    + "alua %s", stpgMillis, r.w().gapMillis(), assertAlua(r, "A:1:A", "B:2:A")));

            lio.command("tpg 1 1");
            long t1 = System.nanoTime();
            await(r.a().whenOnline());
            long reloginMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t1);
            long failbackMillis = failBack(r);
            figure(String.format("(c) after (a): tpgt_1 enabled, path A logged in again after %d ms; reinstate_path "
                    + "+ switch_group 1: %d ms, longest stall %d ms", reloginMillis, failbackMillis,
                    r.w().gapMillis()));
            finish(r, "(a)+(c)");
        } finally {
            stopQuietly(r);
        }
    }

    /**
     * (b) An implicit transition under load: the target sets pg_a to Standby; I/O on path A gets 02/04/0B, the map
     * fails it and switches to group 2, the handler finds both groups Standby and sends STPG for pg_b; (c) failback
     * with {@code reinstate_path} and {@code switch_group 1}: the handler's STPG makes pg_a Active/Optimized again.
     */
    @Test
    @Order(4)
    void implicitStandbyUnderLoadKeepsTheIoGoingAndSwitchGroupFailsBackByStpg() throws Exception {
        Run r = start();
        try {
            onPathA(r);
            long t0 = change(r, "alua pg_a 2");
            long stpgMillis = awaitStpg(r, "pg_b", r.b(), t0);
            assertEquals(2, lio.state("pg_a"));
            figure(String.format("(b) pg_a set Standby on the target: pg_b A/O read back after %d ms, longest I/O "
                    + "stall %d ms; alua %s", stpgMillis, r.w().gapMillis(), assertAlua(r, "A:1:S", "B:2:A")));

            long failbackMillis = failBack(r);
            figure(String.format("(c) after (b): reinstate_path + switch_group 1: pg_a A/O read back after %d ms, "
                    + "longest stall %d ms; alua %s", failbackMillis, r.w().gapMillis(), assertAlua(r, "A:1:A")));
            finish(r, "(b)+(c)");
        } finally {
            stopQuietly(r);
        }
    }
}
