package io.mpathj.transport.iscsi;

import java.util.Optional;

/**
 * The name of one iSCSI path, {@code iscsi:HOST:PORT/IQN/LUN}: one portal, one target, one logical unit. The target
 * name may itself contain colons (IQNs do), so it is everything between the first '/' and the last '/'.
 */
public record IscsiPathName(IscsiPortal portal, String targetName, int lun) {
    public static final String SCHEME = "iscsi";
    private static final String PREFIX = SCHEME + ":";

    public IscsiPathName {
        if (targetName == null || targetName.isEmpty() || targetName.indexOf('/') >= 0) {
            throw new IllegalArgumentException("bad target name: " + targetName);
        }
        if (lun < 0 || lun > 0x3FFF) {
            throw new IllegalArgumentException("LUN out of range 0..16383: " + lun);
        }
    }

    /** Parses a path name; empty when it is not a well-formed iSCSI path name. */
    public static Optional<IscsiPathName> parse(String name) {
        if (name == null || !name.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String rest = name.substring(PREFIX.length());
        int firstSlash = rest.indexOf('/');
        int lastSlash = rest.lastIndexOf('/');
        if (firstSlash <= 0 || lastSlash == firstSlash) {
            return Optional.empty();
        }
        try {
            return Optional.of(new IscsiPathName(IscsiPortal.parse(rest.substring(0, firstSlash)),
                    rest.substring(firstSlash + 1, lastSlash), Integer.parseInt(rest.substring(lastSlash + 1))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return PREFIX + portal + "/" + targetName + "/" + lun;
    }
}
