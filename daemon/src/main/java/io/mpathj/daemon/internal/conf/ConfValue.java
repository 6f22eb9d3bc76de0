package io.mpathj.daemon.internal.conf;

/**
 * A keyword's canonical value and where it was set ("defaults section, multipath.conf line 3", "built-in device
 * table", …).
 */
public record ConfValue(String value, String origin) {
}
