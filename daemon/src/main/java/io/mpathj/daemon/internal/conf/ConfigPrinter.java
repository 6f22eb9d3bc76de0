package io.mpathj.daemon.internal.conf;

import io.mpathj.daemon.internal.conf.BlacklistRules.DeviceMatch;
import java.util.List;
import java.util.Map;

/**
 * {@code multipathd show config} (libmultipath/print.c {@code snprint_config__}): defaults with every keyword that
 * has a value, blacklist, blacklist_exceptions (defaults rules included), the whole device table, overrides, and
 * multipaths when there are some; tabs for indentation, strings in double quotes (a quote doubled), numbers bare. The
 * output parses back to the same configuration.
 */
public final class ConfigPrinter {
    private ConfigPrinter() {
    }

    public static String print(MergedConfig c) {
        StringBuilder sb = new StringBuilder();
        sb.append("defaults {\n");
        for (Map.Entry<Keyword, ConfValue> e : c.defaults().entrySet()) {
            line(sb, "\t", e.getKey(), e.getValue().value());
        }
        sb.append("}\n");
        MultipathConf conf = c.conf();
        blacklist(sb, "blacklist", conf.blacklist.devnode(), conf.blacklist.wwid(), conf.blacklist.property(),
                conf.blacklist.protocol(), c.blacklistDevices());
        blacklist(sb, "blacklist_exceptions", conf.exceptions.devnode(), conf.exceptions.wwid(),
                c.exceptionProperties(), conf.exceptions.protocol(), conf.exceptions.device());
        sb.append("devices {\n");
        for (DeviceRule r : c.hwtable()) {
            sb.append("\tdevice {\n");
            entries(sb, "\t\t", r.values());
            sb.append("\t}\n");
        }
        sb.append("}\n");
        sb.append("overrides {\n");
        entries(sb, "\t", conf.overrides);
        for (ConfEntry p : conf.protocols) {
            sb.append("\tprotocol {\n");
            entries(sb, "\t\t", p.values());
            sb.append("\t}\n");
        }
        sb.append("}\n");
        if (!conf.multipaths.isEmpty()) {
            sb.append("multipaths {\n");
            for (ConfEntry m : conf.multipaths) {
                sb.append("\tmultipath {\n");
                entries(sb, "\t\t", m.values());
                sb.append("\t}\n");
            }
            sb.append("}\n");
        }
        return sb.toString();
    }

    private static void blacklist(StringBuilder sb, String name, List<ConfValue> devnode, List<ConfValue> wwid,
            List<ConfValue> property, List<ConfValue> protocol, List<DeviceMatch> device) {
        sb.append(name).append(" {\n");
        devnode.forEach(v -> sb.append("\tdevnode ").append(quoted(v.value())).append('\n'));
        wwid.forEach(v -> sb.append("\twwid ").append(quoted(v.value())).append('\n'));
        property.forEach(v -> sb.append("\tproperty ").append(quoted(v.value())).append('\n'));
        protocol.forEach(v -> sb.append("\tprotocol ").append(quoted(v.value())).append('\n'));
        for (DeviceMatch d : device) {
            sb.append("\tdevice {\n");
            if (d.vendor() != null) {
                sb.append("\t\tvendor ").append(quoted(d.vendor())).append('\n');
            }
            if (d.product() != null) {
                sb.append("\t\tproduct ").append(quoted(d.product())).append('\n');
            }
            sb.append("\t}\n");
        }
        sb.append("}\n");
    }

    private static void entries(StringBuilder sb, String indent, Map<Keyword, ConfValue> values) {
        values.forEach((k, v) -> line(sb, indent, k, v.value()));
    }

    private static void line(StringBuilder sb, String indent, Keyword k, String value) {
        sb.append(indent).append(k.word).append(' ').append(format(k, value)).append('\n');
    }

    /**
     * Numbers of numeric keywords bare, as print_int; {@code off} of fast_io_fail_tmo/eh_deadline bare; strings
     * (features "0" included) and words quoted.
     */
    static String format(Keyword k, String value) {
        boolean numeric = switch (k.type) {
            case INT, UINT, FAILBACK, NO_PATH_RETRY, OFF_ZERO_INT, DEV_LOSS, NO_INT, MAX_FDS, MODE -> true;
            default -> false;
        };
        if ((numeric && value.matches("-?[0-9]+")) || (k.type == ValueType.OFF_ZERO_INT && value.equals("off"))) {
            return value;
        }
        return quoted(value);
    }

    /** append_strbuf_quoted: in double quotes, each quote doubled. */
    static String quoted(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }
}
