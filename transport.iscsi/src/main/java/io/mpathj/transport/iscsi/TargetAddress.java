package io.mpathj.transport.iscsi;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * A TargetAddress a SendTargets discovery reported (RFC 7143 §13.8, {@code domainname[:port][,portal-group-tag]}):
 * the portal and, when the target gave one, the target portal group tag it belongs to.
 *
 * @param portal the network portal
 * @param portalGroupTag the target portal group tag (0..65535), empty when the address had none
 */
public record TargetAddress(IscsiPortal portal, OptionalInt portalGroupTag) {
    public TargetAddress {
        Objects.requireNonNull(portal, "portal");
        Objects.requireNonNull(portalGroupTag, "portalGroupTag");
        if (portalGroupTag.isPresent() && (portalGroupTag.getAsInt() < 0 || portalGroupTag.getAsInt() > 0xFFFF)) {
            throw new IllegalArgumentException("portal group tag out of range: " + portalGroupTag.getAsInt());
        }
    }

    /** An address with a tag. */
    public static TargetAddress of(IscsiPortal portal, int portalGroupTag) {
        return new TargetAddress(portal, OptionalInt.of(portalGroupTag));
    }

    /**
     * Parses a TargetAddress value: {@code host}, {@code host:port} or {@code [v6addr]:port}, each optionally
     * followed by {@code ,tag}.
     *
     * @throws IllegalArgumentException naming the value when it is not one
     */
    public static TargetAddress parse(String value) {
        String s = value.trim();
        int comma = s.lastIndexOf(',');
        if (comma < 0) {
            return new TargetAddress(IscsiPortal.parse(s), OptionalInt.empty());
        }
        String tag = s.substring(comma + 1);
        int parsed;
        try {
            parsed = Integer.parseInt(tag);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad portal group tag in TargetAddress " + value, e);
        }
        if (parsed < 0 || parsed > 0xFFFF) {
            throw new IllegalArgumentException("portal group tag out of range in TargetAddress " + value);
        }
        return new TargetAddress(IscsiPortal.parse(s.substring(0, comma)), OptionalInt.of(parsed));
    }

    /** {@code host:port,tag} as SendTargets writes it; {@code host:port} without a tag. */
    @Override
    public String toString() {
        return portal + (portalGroupTag.isPresent() ? "," + portalGroupTag.getAsInt() : "");
    }
}
