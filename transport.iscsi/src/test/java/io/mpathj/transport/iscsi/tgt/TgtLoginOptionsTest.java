package io.mpathj.transport.iscsi.tgt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathj.api.scsi.Cdbs;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.TransportError;
import io.mpathj.transport.iscsi.ChapCredentials;
import io.mpathj.transport.iscsi.DiscoveredTarget;
import io.mpathj.transport.iscsi.IscsiConfig;
import io.mpathj.transport.iscsi.IscsiPath;
import io.mpathj.transport.iscsi.IscsiPathName;
import io.mpathj.transport.iscsi.IscsiTransport;
import io.mpathj.transport.iscsi.TargetAddress;
import io.mpathj.transport.iscsi.internal.IscsiPathDevice;
import io.mpathj.transport.iscsi.internal.login.SessionParameters;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Login options against tgt: CRC32C digests, CHAP, and SendTargets discovery. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TgtLoginOptionsTest extends TgtTestSupport {
    private static final String CHAP_IQN = "iqn.2026-11.io.mpathj.test:chap";
    private static final String CHAP_USER = "mpathj";
    private static final String CHAP_SECRET = "secret-of-twelve";
    private static int chapTid;

    @BeforeAll
    static void startTarget() {
        tgt = TgtTarget.startOrSkip(3);
        chapTid = tgt.addTarget(CHAP_IQN, CHAP_USER, CHAP_SECRET);
        // tgt only offers what its target parameters list: allow digests, and unsolicited data (InitialR2T=No)
        for (String[] parameter : new String[][] {{"HeaderDigest", "CRC32C,None"}, {"DataDigest", "CRC32C,None"},
                {"InitialR2T", "No"}}) {
            tgt.lld("--op", "update", "--mode", "target", "--tid", "1", "-n", parameter[0], "-v", parameter[1]);
        }
    }

    private IscsiPath open(IscsiTransport transport, String iqn) {
        return transport.open(new IscsiPathName(tgt.portals().get(0), iqn, TgtTarget.LUN));
    }

    @Test
    void crc32cDigestsAndUnsolicitedDataAreNegotiatedAndCarryData() throws Exception {
        IscsiPath path = open(transport(IscsiConfig.builder().headerDigest(true).dataDigest(true)), TgtTarget.IQN);
        path.whenOnline().toCompletableFuture().get(10, TimeUnit.SECONDS);
        SessionParameters negotiated = ((IscsiPathDevice) path).session().parameters();
        assertTrue(negotiated.headerDigest() && negotiated.dataDigest(), negotiated.toString());
        assertFalse(negotiated.initialR2T(), "writes start with unsolicited Data-Out: " + negotiated);

        byte[] pattern = new byte[256 * 1024];
        new Random(11).nextBytes(pattern);
        assertTrue(run(path, ScsiCommand.dataOut(Cdbs.write16(100, pattern.length / 512), ByteBuffer.wrap(pattern)))
                .isGood());
        ByteBuffer in = ByteBuffer.allocate(pattern.length);
        assertTrue(run(path, ScsiCommand.dataIn(Cdbs.read16(100, pattern.length / 512), in)).isGood());
        assertArrayEquals(pattern, in.array());
    }

    @Test
    void chapLoginWithTheRightSecretSucceeds() throws Exception {
        IscsiPath path = open(transport(IscsiConfig.builder().chap(new ChapCredentials(CHAP_USER, CHAP_SECRET))),
                CHAP_IQN);
        path.whenOnline().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertTrue(run(path, ScsiCommand.noData(Cdbs.testUnitReady())).isGood());
    }

    @Test
    void chapLoginWithAWrongSecretNeverComesOnline() throws Exception {
        IscsiPath path = open(transport(IscsiConfig.builder().chap(new ChapCredentials(CHAP_USER, "wrong-secret!"))),
                CHAP_IQN);
        assertThrows(TimeoutException.class, () -> path.whenOnline().toCompletableFuture().get(2, TimeUnit.SECONDS));
        assertFalse(path.isOnline());
        ScsiResult r = run(path, ScsiCommand.noData(Cdbs.testUnitReady()));
        assertEquals(Optional.of(TransportError.CONNECTION_LOST), r.transportError());
        assertTrue(r.describe().contains("authentication"), r.describe());
    }

    @Test
    void loginWithoutCredentialsToAChapTargetIsRefused() throws Exception {
        IscsiPath path = open(transport(IscsiConfig.builder()), CHAP_IQN);
        assertThrows(TimeoutException.class, () -> path.whenOnline().toCompletableFuture().get(2, TimeUnit.SECONDS));
        assertTrue(tgt.connections(chapTid).isEmpty());
    }

    @Test
    void sendTargetsListsTheTargetsAndTheirPortals() throws Exception {
        List<DiscoveredTarget> found = transport(IscsiConfig.builder()).discover(tgt.portals().get(1))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        DiscoveredTarget lu = found.stream().filter(t -> t.name().equals(TgtTarget.IQN)).findFirst().orElseThrow(
                () -> new AssertionError("target missing from " + found));
        // tgt answers with the portal the discovery session came in on, in its target portal group 1
        assertEquals(List.of(TargetAddress.of(tgt.portals().get(1), 1)), lu.addresses());
        assertTrue(found.stream().anyMatch(t -> t.name().equals(CHAP_IQN)), found.toString());
    }
}
