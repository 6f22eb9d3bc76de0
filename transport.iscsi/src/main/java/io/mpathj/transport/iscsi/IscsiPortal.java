package io.mpathj.transport.iscsi;

import java.net.InetSocketAddress;

/** A target's network portal (RFC 7143 §4.4.1): host and TCP port. */
public record IscsiPortal(String host, int port) {
    /** The IANA port for iSCSI. */
    public static final int DEFAULT_PORT = 3260;

    public IscsiPortal {
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("portal host is empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("portal port out of range: " + port);
        }
    }

    /**
     * Parses {@code host}, {@code host:port} or {@code [v6addr]:port}; a {@code ,tpgt} suffix (as SendTargets
     * reports addresses, RFC 7143 §13.8) is ignored.
     */
    public static IscsiPortal parse(String text) {
        String s = text.trim();
        int comma = s.lastIndexOf(',');
        if (comma >= 0) {
            s = s.substring(0, comma);
        }
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("unterminated IPv6 address: " + text);
            }
            String host = s.substring(1, close);
            String rest = s.substring(close + 1);
            return new IscsiPortal(host, rest.startsWith(":") ? parsePort(rest.substring(1), text) : DEFAULT_PORT);
        }
        int colon = s.lastIndexOf(':');
        if (colon < 0) {
            return new IscsiPortal(s, DEFAULT_PORT);
        }
        return new IscsiPortal(s.substring(0, colon), parsePort(s.substring(colon + 1), text));
    }

    private static int parsePort(String port, String text) {
        try {
            return Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in portal " + text, e);
        }
    }

    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(host, port);
    }

    /** {@code host:port}, IPv6 hosts in brackets. */
    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
