package io.mpathj.transport.iscsi.internal.login;

/**
 * What one login asks for (RFC 7143 §6). {@code targetName} is null for a discovery session; {@code chapUser} null
 * for no authentication.
 *
 * @param isid the session's ISID, 6 bytes (§11.12.5); the same ISID with TSIH 0 reinstates a session (§6.3.5)
 * @param tsih 0 for a new session
 * @param cmdSn the CmdSN the login carries, which the first command then uses (§4.2.2.1)
 */
public record LoginRequest(String initiatorName, String targetName, byte[] isid, int tsih, int cid, int cmdSn,
        String chapUser, byte[] chapSecret, boolean offerHeaderDigest, boolean offerDataDigest,
        int maxRecvDataSegmentLength, int maxBurstLength, int firstBurstLength) {

    public boolean isDiscovery() {
        return targetName == null;
    }

    public boolean usesChap() {
        return chapUser != null;
    }
}
