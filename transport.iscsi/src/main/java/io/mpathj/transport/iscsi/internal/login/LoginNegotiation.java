package io.mpathj.transport.iscsi.internal.login;

import io.mpathj.transport.iscsi.internal.pdu.Field;
import io.mpathj.transport.iscsi.internal.pdu.InitiatorPdus;
import io.mpathj.transport.iscsi.internal.pdu.Opcode;
import io.mpathj.transport.iscsi.internal.pdu.Pdu;
import io.mpathj.transport.iscsi.internal.pdu.TargetPdus;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The initiator's side of one login (RFC 7143 §6.3): the security stage (AuthMethod None or CHAP, §12.1), then the
 * operational stage (§13), then full feature phase. Pure logic: it turns each Login Response into the next Login
 * Request or a result, so it is tested without a socket.
 */
public final class LoginNegotiation {
    static final int SECURITY = 0;
    static final int OPERATIONAL = 1;
    static final int FULL_FEATURE = 3;
    /** A login that has not ended after this many exchanges is looping (a CHAP round trip takes 3). */
    private static final int MAX_EXCHANGES = 16;
    /** Keys a target declares without expecting an answer (§13.12, §13.9, §13.8, §13.4). */
    private static final Set<String> DECLARATIVE = Set.of("MaxRecvDataSegmentLength", "TargetPortalGroupTag",
            "TargetAlias", "TargetAddress");

    private final LoginRequest request;
    private final int itt;
    private final Map<String, String> answers = new HashMap<>();
    private int stage = SECURITY;
    private int expStatSn;
    private int exchanges;
    private boolean chapResponded;
    private boolean proposed;

    public LoginNegotiation(LoginRequest request, int itt) {
        this.request = request;
        this.itt = itt;
    }

    /** The first Login Request: security stage with the identity keys (§13.5-13.7, §12.1). */
    public Pdu start() {
        TextParameters keys = new TextParameters().add("InitiatorName", request.initiatorName());
        if (request.isDiscovery()) {
            keys.add("SessionType", "Discovery");
        } else {
            keys.add("SessionType", "Normal").add("TargetName", request.targetName());
        }
        keys.add("AuthMethod", request.usesChap() ? "CHAP,None" : "None");
        // with CHAP the target needs a round trip before it may let us leave the security stage
        return securityRequest(!request.usesChap(), keys);
    }

    public LoginStep onResponse(Pdu response) {
        if (response.opcode() != Opcode.LOGIN_RESPONSE) {
            return new LoginStep.Failed(String.format("unexpected opcode 0x%02x during login", response.opcode()),
                    true);
        }
        int statusClass = TargetPdus.loginStatusClass(response);
        if (statusClass != TargetPdus.LOGIN_SUCCESS) {
            return failure(response, statusClass);
        }
        if (++exchanges > MAX_EXCHANGES) {
            return new LoginStep.Failed("login did not finish after " + MAX_EXCHANGES + " exchanges", false);
        }
        expStatSn = response.u32(Field.STAT_SN) + 1;
        TextParameters keys = TextParameters.decode(response.data());
        for (String[] pair : keys.pairs()) {
            answers.put(pair[0], pair[1]);
        }
        boolean transit = TargetPdus.transit(response);
        if (transit && TargetPdus.nextStage(response) == FULL_FEATURE) {
            return done(response);
        }
        if (TargetPdus.continues(response)) {
            return new LoginStep.Send(request(false, stage, stage, new TextParameters()));
        }
        if (transit) {
            stage = TargetPdus.nextStage(response);
        }
        return stage == SECURITY ? nextSecurityStep(keys) : new LoginStep.Send(operationalRequest(keys));
    }

    private LoginStep nextSecurityStep(TextParameters keys) {
        if (keys.get("CHAP_C").isPresent()) {
            if (!request.usesChap()) {
                return new LoginStep.Failed("target asks for CHAP but no CHAP credentials are configured", false);
            }
            String response = ChapResponder.response(keys.get("CHAP_I").orElse("0"), keys.get("CHAP_C").get(),
                    request.chapSecret());
            chapResponded = true;
            return new LoginStep.Send(securityRequest(true,
                    new TextParameters().add("CHAP_N", request.chapUser()).add("CHAP_R", response)));
        }
        if ("CHAP".equals(keys.get("AuthMethod").orElse(null)) && !chapResponded) {
            return new LoginStep.Send(securityRequest(false, new TextParameters().add("CHAP_A", ChapResponder.MD5)));
        }
        return new LoginStep.Send(securityRequest(true, new TextParameters()));
    }

    private Pdu securityRequest(boolean transit, TextParameters keys) {
        return request(transit, SECURITY, OPERATIONAL, keys);
    }

    /** The operational stage: our proposals first, then answers to whatever the target proposed (§6.2). */
    private Pdu operationalRequest(TextParameters targetKeys) {
        TextParameters keys = new TextParameters();
        if (!proposed) {
            addProposals(keys);
            proposed = true;
        }
        for (String[] pair : targetKeys.pairs()) {
            if (!DECLARATIVE.contains(pair[0]) && !proposedByUs(pair[0])) {
                keys.add(pair[0], "NotUnderstood");
            }
        }
        return request(true, OPERATIONAL, FULL_FEATURE, keys);
    }

    private boolean proposedByUs(String key) {
        TextParameters proposals = new TextParameters();
        addProposals(proposals);
        return proposals.get(key).isPresent() || key.startsWith("CHAP_") || key.equals("AuthMethod");
    }

    private void addProposals(TextParameters keys) {
        keys.add("HeaderDigest", request.offerHeaderDigest() ? "CRC32C,None" : "None")
                .add("DataDigest", request.offerDataDigest() ? "CRC32C,None" : "None")
                .add("MaxRecvDataSegmentLength", Integer.toString(request.maxRecvDataSegmentLength()));
        if (!request.isDiscovery()) {
            keys.add("MaxConnections", "1").add("InitialR2T", "No").add("ImmediateData", "Yes")
                    .add("MaxBurstLength", Integer.toString(request.maxBurstLength()))
                    .add("FirstBurstLength", Integer.toString(request.firstBurstLength()))
                    .add("DefaultTime2Wait", "2").add("DefaultTime2Retain", "0").add("MaxOutstandingR2T", "1")
                    .add("DataPDUInOrder", "Yes").add("DataSequenceInOrder", "Yes").add("ErrorRecoveryLevel", "0");
        }
    }

    private Pdu request(boolean transit, int current, int next, TextParameters keys) {
        return InitiatorPdus.login(InitiatorPdus.loginStage(transit, current, next), request.isid(), request.tsih(),
                itt, request.cid(), request.cmdSn(), expStatSn, keys.encode());
    }

    private LoginStep done(Pdu response) {
        SessionParameters d = SessionParameters.DEFAULTS;
        SessionParameters negotiated = new SessionParameters(
                "CRC32C".equals(answers.get("HeaderDigest")),
                "CRC32C".equals(answers.get("DataDigest")),
                number("MaxRecvDataSegmentLength", d.maxSendDataSegmentLength()),
                number("MaxBurstLength", d.maxBurstLength()),
                number("FirstBurstLength", d.firstBurstLength()),
                yesNo("InitialR2T", d.initialR2T()),
                yesNo("ImmediateData", d.immediateData()));
        return new LoginStep.Done(negotiated, TargetPdus.tsih(response), expStatSn,
                response.u32(Field.EXP_CMD_SN), response.u32(Field.MAX_CMD_SN));
    }

    private int number(String key, int fallback) {
        try {
            return Integer.parseInt(answers.getOrDefault(key, "").trim());
        } catch (NumberFormatException e) {
            return fallback; // Irrelevant, Reject or absent: the default applies (§6.2.1)
        }
    }

    private boolean yesNo(String key, boolean fallback) {
        String value = answers.get(key);
        return "Yes".equals(value) || (!"No".equals(value) && fallback);
    }

    private static LoginStep failure(Pdu response, int statusClass) {
        int detail = TargetPdus.loginStatusDetail(response);
        String what = String.format("login rejected: status class %d detail 0x%02x", statusClass, detail);
        if (statusClass == TargetPdus.LOGIN_REDIRECTION) {
            what += " (redirected to "
                    + TextParameters.decode(response.data()).get("TargetAddress").orElse("?") + ")";
        } else if (statusClass == 2 && detail == 1) {
            what += " (authentication failure)";
        } else if (statusClass == 2 && detail == 3) {
            what += " (target not found)";
        }
        return new LoginStep.Failed(what, statusClass != 2);
    }
}
