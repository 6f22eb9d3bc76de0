package io.mpathj.transport.iscsi.internal.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathj.transport.iscsi.internal.pdu.Field;
import io.mpathj.transport.iscsi.internal.pdu.Opcode;
import io.mpathj.transport.iscsi.internal.pdu.Pdu;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The login state machine of RFC 7143 §6.3 driven by scripted Login Responses. */
class LoginNegotiationTest {
    private static final byte[] ISID = {(byte) 0x80, 1, 2, 3, 0, 1};
    private static final int ITT = 0x10;

    private static LoginRequest request(String chapUser, String chapSecret) {
        return new LoginRequest("iqn.2026-11.test:init", "iqn.2026-11.test:target", ISID, 0, 0, 1, chapUser,
                chapSecret == null ? null : chapSecret.getBytes(StandardCharsets.UTF_8), true, false, 262144,
                1048576, 65536);
    }

    /** A Login Response (§11.13) with the given stage byte, StatSN 0x20 + n, and keys. */
    private static Pdu response(int stageFlags, int statSn, TextParameters keys) {
        Pdu pdu = new Pdu(new byte[Pdu.BHS_LENGTH], null);
        pdu.u8(0, Opcode.LOGIN_RESPONSE).flags(stageFlags).itt(ITT).u16(14, 0x0123).u32(Field.STAT_SN, statSn)
                .u32(Field.EXP_CMD_SN, 1).u32(Field.MAX_CMD_SN, 16);
        return pdu.data(keys.encode());
    }

    private static TextParameters keysOf(Pdu pdu) {
        return TextParameters.decode(pdu.data());
    }

    private static Pdu sent(LoginStep step) {
        return assertInstanceOf(LoginStep.Send.class, step).request();
    }

    @Test
    void withoutAuthenticationItIsSecurityThenOperationalThenFullFeature() {
        LoginNegotiation login = new LoginNegotiation(request(null, null), ITT);
        Pdu first = login.start();
        assertEquals(0x43, first.bhs()[0] & 0xFF);
        assertEquals(0x81, first.flags(), "T=1 CSG=0 NSG=1");
        TextParameters keys = keysOf(first);
        assertEquals("iqn.2026-11.test:init", keys.get("InitiatorName").orElseThrow());
        assertEquals("iqn.2026-11.test:target", keys.get("TargetName").orElseThrow());
        assertEquals("Normal", keys.get("SessionType").orElseThrow());
        assertEquals("None", keys.get("AuthMethod").orElseThrow());

        Pdu operational = sent(login.onResponse(response(0x81, 0x20,
                new TextParameters().add("AuthMethod", "None").add("TargetPortalGroupTag", "1"))));
        assertEquals(0x87, operational.flags(), "T=1 CSG=1 NSG=3");
        assertEquals(0x21, operational.u32(Field.EXP_STAT_SN), "ExpStatSN = StatSN + 1");
        assertEquals(1, operational.u32(Field.CMD_SN), "login requests do not advance CmdSN");
        TextParameters offered = keysOf(operational);
        assertEquals("CRC32C,None", offered.get("HeaderDigest").orElseThrow());
        assertEquals("None", offered.get("DataDigest").orElseThrow());
        assertEquals("No", offered.get("InitialR2T").orElseThrow());
        assertEquals("0", offered.get("ErrorRecoveryLevel").orElseThrow());
        assertTrue(offered.get("TargetPortalGroupTag").isEmpty(), "declarative keys get no answer");

        LoginStep done = login.onResponse(response(0x87, 0x21, new TextParameters().add("HeaderDigest", "CRC32C")
                .add("DataDigest", "None").add("InitialR2T", "Yes").add("ImmediateData", "Yes")
                .add("MaxBurstLength", "262144").add("FirstBurstLength", "65536")
                .add("MaxRecvDataSegmentLength", "8192")));
        LoginStep.Done result = assertInstanceOf(LoginStep.Done.class, done);
        assertEquals(new SessionParameters(true, false, 8192, 262144, 65536, true, true), result.parameters());
        assertEquals(0x0123, result.tsih());
        assertEquals(0x22, result.expStatSn());
        assertEquals(1, result.expCmdSn());
        assertEquals(16, result.maxCmdSn());
    }

    @Test
    void chapAnswersTheChallengeWithMd5OfIdentifierSecretAndChallenge() throws Exception {
        LoginNegotiation login = new LoginNegotiation(request("user", "secret-of-twelve"), ITT);
        Pdu first = login.start();
        assertEquals(0x00, first.flags(), "no transit before CHAP is done");
        assertEquals("CHAP,None", keysOf(first).get("AuthMethod").orElseThrow());

        Pdu chapA = sent(login.onResponse(response(0x00, 1, new TextParameters().add("AuthMethod", "CHAP"))));
        assertEquals("5", keysOf(chapA).get("CHAP_A").orElseThrow(), "MD5 (§12.1.3)");
        assertEquals(0x00, chapA.flags());

        Pdu chapR = sent(login.onResponse(response(0x00, 2, new TextParameters().add("CHAP_A", "5")
                .add("CHAP_I", "7").add("CHAP_C", "0x0102030405"))));
        assertEquals(0x81, chapR.flags(), "transit to operational with the response");
        assertEquals("user", keysOf(chapR).get("CHAP_N").orElseThrow());
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        md5.update((byte) 7);
        md5.update("secret-of-twelve".getBytes(StandardCharsets.UTF_8));
        md5.update(new byte[] {1, 2, 3, 4, 5});
        assertEquals("0x" + HexFormat.of().formatHex(md5.digest()), keysOf(chapR).get("CHAP_R").orElseThrow());

        Pdu operational = sent(login.onResponse(response(0x81, 3, new TextParameters())));
        assertEquals(0x87, operational.flags());
    }

    @Test
    void chapChallengeWithoutCredentialsFails() {
        LoginNegotiation login = new LoginNegotiation(request(null, null), ITT);
        login.start();
        LoginStep step = login.onResponse(response(0x00, 1, new TextParameters().add("CHAP_A", "5")
                .add("CHAP_I", "1").add("CHAP_C", "0x01")));
        assertFalse(assertInstanceOf(LoginStep.Failed.class, step).retryable());
    }

    @Test
    void authenticationFailureIsNotRetryableAndSaysSo() {
        LoginNegotiation login = new LoginNegotiation(request(null, null), ITT);
        login.start();
        Pdu refused = response(0x00, 1, new TextParameters());
        refused.u8(36, 2).u8(37, 1); // §11.13.5: class 2 (initiator error), detail 1 (authentication failure)
        LoginStep.Failed failed = assertInstanceOf(LoginStep.Failed.class, login.onResponse(refused));
        assertFalse(failed.retryable());
        assertTrue(failed.reason().contains("authentication"), failed.reason());
    }

    @Test
    void targetErrorIsRetryable() {
        LoginNegotiation login = new LoginNegotiation(request(null, null), ITT);
        login.start();
        Pdu busy = response(0x00, 1, new TextParameters());
        busy.u8(36, 3).u8(37, 1); // class 3 (target error), detail 1 (service unavailable)
        assertTrue(assertInstanceOf(LoginStep.Failed.class, login.onResponse(busy)).retryable());
    }

    @Test
    void unknownKeysTheTargetProposesAreAnsweredNotUnderstood() {
        LoginNegotiation login = new LoginNegotiation(request(null, null), ITT);
        login.start();
        login.onResponse(response(0x81, 1, new TextParameters()));
        Pdu again = sent(login.onResponse(response(0x04, 2, new TextParameters().add("X-vendor.Key", "1"))));
        assertEquals("NotUnderstood", keysOf(again).get("X-vendor.Key").orElseThrow());
    }

    @Test
    void discoverySessionsSendNoTargetNameAndFewKeys() {
        LoginRequest discovery = new LoginRequest("iqn.2026-11.test:init", null, ISID, 0, 0, 1, null, null, false,
                false, 8192, 262144, 65536);
        LoginNegotiation login = new LoginNegotiation(discovery, ITT);
        TextParameters keys = keysOf(login.start());
        assertEquals("Discovery", keys.get("SessionType").orElseThrow());
        assertTrue(keys.get("TargetName").isEmpty());
        Pdu operational = sent(login.onResponse(response(0x81, 1, new TextParameters())));
        assertTrue(keysOf(operational).get("InitialR2T").isEmpty(), "session keys are irrelevant for discovery");
    }

    @Test
    void textKeysAreNulTerminatedUtf8() {
        TextParameters keys = new TextParameters().add("a", "b").add("TargetName", "iqn.x:y");
        byte[] encoded = new byte[keys.encode().remaining()];
        keys.encode().get(encoded);
        assertEquals("a=b\0TargetName=iqn.x:y\0", new String(encoded, StandardCharsets.UTF_8));
        assertEquals("iqn.x:y", TextParameters.parse("a=b\0TargetName=iqn.x:y\0").get("TargetName").orElseThrow());
    }
}
