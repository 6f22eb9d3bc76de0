package io.mpathj.storage.sim.internal;

import java.util.List;
import java.util.function.Predicate;

/** The fixed structure of an array: port groups, ports and LUs in definition order, with lookups by identifier. */
final class Topology {
    private final List<PortGroupImpl> groups;
    private final List<PortImpl> ports;
    private final List<LogicalUnitImpl> lus;

    Topology(List<PortGroupImpl> groups, List<PortImpl> ports, List<LogicalUnitImpl> lus) {
        this.groups = List.copyOf(groups);
        this.ports = List.copyOf(ports);
        this.lus = List.copyOf(lus);
    }

    List<PortGroupImpl> groups() {
        return groups;
    }

    List<PortImpl> ports() {
        return ports;
    }

    List<LogicalUnitImpl> lus() {
        return lus;
    }

    /** The group with this TARGET PORT GROUP id, or null. */
    PortGroupImpl findGroup(int id) {
        return find(groups, g -> g.id() == id);
    }

    PortGroupImpl group(int id) {
        return required(findGroup(id), "no port group " + id);
    }

    /** The port with this name, or null. */
    PortImpl findPort(String name) {
        return find(ports, p -> p.name().equals(name));
    }

    LogicalUnitImpl lu(int lun) {
        return required(find(lus, lu -> lu.lun() == lun), "no LU " + lun);
    }

    private static <T> T find(List<T> items, Predicate<T> match) {
        for (T t : items) {
            if (match.test(t)) {
                return t;
            }
        }
        return null;
    }

    private static <T> T required(T item, String missing) {
        if (item == null) {
            throw new IllegalArgumentException(missing);
        }
        return item;
    }
}
