package io.mpathj.transport.iscsi;

import java.time.Duration;
import java.util.Optional;

/**
 * How an {@link IscsiTransport} logs in and keeps its sessions alive. Immutable; build with {@link #builder()}.
 * Lengths are bytes, durations are bounded waits: nothing in the transport waits longer than one of them.
 */
public final class IscsiConfig {
    private final String initiatorName;
    private final ChapCredentials chap;
    private final boolean headerDigest;
    private final boolean dataDigest;
    private final int maxRecvDataSegmentLength;
    private final int maxBurstLength;
    private final int firstBurstLength;
    private final Duration loginTimeout;
    private final Duration nopInterval;
    private final Duration nopTimeout;
    private final Duration taskManagementTimeout;
    private final Duration logoutTimeout;
    private final Duration reconnectDelay;
    private final Duration maxReconnectDelay;
    private final boolean retryResetUnitAttention;

    private IscsiConfig(Builder b) {
        this.initiatorName = b.initiatorName;
        this.chap = b.chap;
        this.headerDigest = b.headerDigest;
        this.dataDigest = b.dataDigest;
        this.maxRecvDataSegmentLength = b.maxRecvDataSegmentLength;
        this.maxBurstLength = b.maxBurstLength;
        this.firstBurstLength = b.firstBurstLength;
        this.loginTimeout = b.loginTimeout;
        this.nopInterval = b.nopInterval;
        this.nopTimeout = b.nopTimeout;
        this.taskManagementTimeout = b.taskManagementTimeout;
        this.logoutTimeout = b.logoutTimeout;
        this.reconnectDelay = b.reconnectDelay;
        this.maxReconnectDelay = b.maxReconnectDelay;
        this.retryResetUnitAttention = b.retryResetUnitAttention;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The initiator's iSCSI name (RFC 7143 §4.2.7), sent as InitiatorName. */
    public String initiatorName() {
        return initiatorName;
    }

    /** CHAP credentials offered when the target asks for CHAP; empty = AuthMethod None only. */
    public Optional<ChapCredentials> chap() {
        return Optional.ofNullable(chap);
    }

    /** Whether CRC32C header digests are offered (RFC 7143 §13.1); the target may still choose None. */
    public boolean headerDigest() {
        return headerDigest;
    }

    /** Whether CRC32C data digests are offered (RFC 7143 §13.1). */
    public boolean dataDigest() {
        return dataDigest;
    }

    /** The largest data segment we accept in one PDU (RFC 7143 §13.12). */
    public int maxRecvDataSegmentLength() {
        return maxRecvDataSegmentLength;
    }

    /** Proposed MaxBurstLength (RFC 7143 §13.13). */
    public int maxBurstLength() {
        return maxBurstLength;
    }

    /** Proposed FirstBurstLength (RFC 7143 §13.14): the most unsolicited data a write sends. */
    public int firstBurstLength() {
        return firstBurstLength;
    }

    /** TCP connect plus the whole login. */
    public Duration loginTimeout() {
        return loginTimeout;
    }

    /** Idle time after which a NOP-Out ping checks the connection. */
    public Duration nopInterval() {
        return nopInterval;
    }

    /** How long a NOP-Out ping waits for its NOP-In before the connection is declared dead. */
    public Duration nopTimeout() {
        return nopTimeout;
    }

    /** How long ABORT TASK and LOGICAL UNIT RESET wait for their response before escalating. */
    public Duration taskManagementTimeout() {
        return taskManagementTimeout;
    }

    /** How long closing waits for the Logout Response. */
    public Duration logoutTimeout() {
        return logoutTimeout;
    }

    /** First delay before a lost session logs in again; doubled per failed attempt up to the maximum. */
    public Duration reconnectDelay() {
        return reconnectDelay;
    }

    public Duration maxReconnectDelay() {
        return maxReconnectDelay;
    }

    /**
     * Whether a command that meets a power-on/reset unit attention (sense key 6, ASC 0x29) is sent once more, as the
     * Linux SCSI midlayer does: that UA says the command was not executed, only that the LU was reset, which every
     * new login reports.
     */
    public boolean retryResetUnitAttention() {
        return retryResetUnitAttention;
    }

    /** Builder with the defaults noted on each setter. */
    public static final class Builder {
        private String initiatorName = "iqn.2026-11.io.mpathj:initiator";
        private ChapCredentials chap;
        private boolean headerDigest;
        private boolean dataDigest;
        private int maxRecvDataSegmentLength = 262_144;
        private int maxBurstLength = 1_048_576;
        private int firstBurstLength = 65_536;
        private Duration loginTimeout = Duration.ofSeconds(10);
        private Duration nopInterval = Duration.ofSeconds(5);
        private Duration nopTimeout = Duration.ofSeconds(5);
        private Duration taskManagementTimeout = Duration.ofSeconds(5);
        private Duration logoutTimeout = Duration.ofSeconds(2);
        private Duration reconnectDelay = Duration.ofMillis(500);
        private Duration maxReconnectDelay = Duration.ofSeconds(30);
        private boolean retryResetUnitAttention = true;

        private Builder() {
        }

        /** Default {@code iqn.2026-11.io.mpathj:initiator}. */
        public Builder initiatorName(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("initiator name is empty");
            }
            this.initiatorName = name;
            return this;
        }

        /** Default none. */
        public Builder chap(ChapCredentials credentials) {
            this.chap = credentials;
            return this;
        }

        /** Default false. */
        public Builder headerDigest(boolean offer) {
            this.headerDigest = offer;
            return this;
        }

        /** Default false. */
        public Builder dataDigest(boolean offer) {
            this.dataDigest = offer;
            return this;
        }

        /** Default 256 KiB; RFC 7143 §13.12 allows 512 to 2^24-1. */
        public Builder maxRecvDataSegmentLength(int bytes) {
            this.maxRecvDataSegmentLength = checkLength(bytes, 8192);
            return this;
        }

        /** Default 1 MiB. */
        public Builder maxBurstLength(int bytes) {
            this.maxBurstLength = checkLength(bytes, 512);
            return this;
        }

        /** Default 64 KiB. */
        public Builder firstBurstLength(int bytes) {
            this.firstBurstLength = checkLength(bytes, 512);
            return this;
        }

        /** Default 10 s. */
        public Builder loginTimeout(Duration timeout) {
            this.loginTimeout = positive(timeout);
            return this;
        }

        /** Default 5 s. */
        public Builder nopInterval(Duration interval) {
            this.nopInterval = positive(interval);
            return this;
        }

        /** Default 5 s. */
        public Builder nopTimeout(Duration timeout) {
            this.nopTimeout = positive(timeout);
            return this;
        }

        /** Default 5 s. */
        public Builder taskManagementTimeout(Duration timeout) {
            this.taskManagementTimeout = positive(timeout);
            return this;
        }

        /** Default 2 s. */
        public Builder logoutTimeout(Duration timeout) {
            this.logoutTimeout = positive(timeout);
            return this;
        }

        /** Defaults 500 ms and 30 s. */
        public Builder reconnectDelay(Duration first, Duration max) {
            this.reconnectDelay = positive(first);
            this.maxReconnectDelay = positive(max);
            return this;
        }

        /** Default true. */
        public Builder retryResetUnitAttention(boolean retry) {
            this.retryResetUnitAttention = retry;
            return this;
        }

        public IscsiConfig build() {
            return new IscsiConfig(this);
        }

        private static int checkLength(int bytes, int min) {
            if (bytes < min || bytes > 0xFFFFFF) {
                throw new IllegalArgumentException("length out of range " + min + ".." + 0xFFFFFF + ": " + bytes);
            }
            return bytes;
        }

        private static Duration positive(Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("duration must be positive: " + d);
            }
            return d;
        }
    }
}
