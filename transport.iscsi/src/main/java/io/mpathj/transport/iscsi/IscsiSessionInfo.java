package io.mpathj.transport.iscsi;

/**
 * What one session to a portal and target is doing, as {@link IscsiTransport#sessions()} reports it.
 *
 * @param portal the portal the session logs in to
 * @param targetName the target
 * @param state {@code logging-in}, {@code logged-in} (full feature phase), {@code recovering} (the connection was
 *     lost, waiting to log in again), {@code closed}, or {@code idle} (not started)
 * @param tsih the target session identifying handle of the last login (RFC 7143 §11.12.6), 0 before the first
 * @param cmdSn the CmdSN the next command gets (RFC 7143 §4.2.2.1)
 * @param expCmdSn the ExpCmdSN the target last reported
 * @param maxCmdSn the MaxCmdSN the target last reported: commands up to it may be sent
 * @param reconnects how many times the session logged in again after its first login
 * @param lastError why the session last lost its connection or failed to log in; empty when it never did
 * @param paths how many paths (LUNs) of the transport use the session
 */
public record IscsiSessionInfo(IscsiPortal portal, String targetName, String state, int tsih, long cmdSn,
        long expCmdSn, long maxCmdSn, int reconnects, String lastError, int paths) {
}
