package io.mpathj.daemon.internal.conf;

/**
 * Whether a path is blacklisted, and why (in the words multipath-tools logs: "sim:x/A0/0: (DGC:LUNZ) vendor/product
 * blacklisted", "…: wwid 3600… blacklisted", "…: blacklisted, udev property missing").
 *
 * @param blacklisted whether the path is excluded
 * @param criterion the criterion that decided ({@code property}, {@code devnode}, {@code device}, {@code protocol},
 *     {@code wwid}), or null when none blacklisted it
 * @param reason the message with the rule and its origin, or null when not blacklisted
 */
public record BlacklistVerdict(boolean blacklisted, String criterion, String reason) {
    static final BlacklistVerdict NOT = new BlacklistVerdict(false, null, null);
}
