package io.mpathj.daemon.internal.conf;

import static io.mpathj.daemon.internal.conf.ConfTestSupport.ARRAY_RULES;
import static io.mpathj.daemon.internal.conf.ConfTestSupport.parse;
import static io.mpathj.daemon.internal.conf.ConfTestSupport.path;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Blacklist and exceptions, evaluated as filter_path: property, devnode, device, protocol, wwid. */
class BlacklistTest {
    private static final PathIdentity SDA = path("sda", "ACME", "DISK", "36001405000000000000000000000001", 0);
    private static final PathIdentity SDB = path("sdb", "ACME", "DISK", "36001405000000000000000000000002", 0);
    private static final PathIdentity SIM = path("sim:a/A0/0", "ACME", "DISK", "36001405000000000000000000000003", 1);

    @Test
    void nothingIsBlacklistedByDefault() {
        MergedConfig m = MergedConfig.of(MultipathConf.empty(), ARRAY_RULES);
        assertFalse(m.isBlacklisted(SDA).blacklisted());
        assertFalse(m.isBlacklisted(SIM).blacklisted());
    }

    @Test
    void manPageInvertedDevnode() {
        MergedConfig m = MergedConfig.of(ConfTestSupport.resource("manpage-blacklist.conf"), ARRAY_RULES);
        ConfTestSupport.assertClean(m.conf());
        // "!^(sd[a-z]|…)" blacklists what does not start like a kernel disk: mpathj's path names
        BlacklistVerdict v = m.isBlacklisted(SIM);
        assertTrue(v.blacklisted());
        assertEquals("devnode", v.criterion());
        assertEquals("sim:a/A0/0: device node name blacklisted by \"!^(sd[a-z]|dasd[a-z]|nvme[0-9])\" (blacklist"
                + " section, manpage-blacklist.conf line 5)", v.reason());
        assertFalse(m.isBlacklisted(SDA).blacklisted());
        // the escaped "\!" is a literal "!"
        assertTrue(m.isBlacklisted(path("sdc", "ACME", "DISK", "x!literal", 0)).blacklisted());
        assertFalse(m.isBlacklisted(path("sdc", "ACME", "DISK", "literal", 0)).blacklisted());
        // device subsection: vendor and product
        BlacklistVerdict ibm = m.isBlacklisted(path("sdd", "IBM", "S/390 DASD ECKD", "3600", 0));
        assertEquals("device", ibm.criterion());
        assertTrue(ibm.reason().startsWith("sdd: (IBM:S/390 DASD ECKD) vendor/product blacklisted"), ibm.reason());
        assertFalse(m.isBlacklisted(path("sdd", "IBM", "2107900", "3600", 0)).blacklisted());
    }

    @Test
    void exceptionsWinPerCriterion() {
        MergedConfig m = MergedConfig.of(parse("""
                blacklist {
                	wwid ".*"
                	devnode "^sd"
                }
                blacklist_exceptions {
                	wwid "^36001405000000000000000000000001$"
                	devnode "^sd[ab]$"
                }
                """), ARRAY_RULES);
        assertFalse(m.isBlacklisted(SDA).blacklisted());
        BlacklistVerdict b = m.isBlacklisted(SDB);
        assertTrue(b.blacklisted());
        assertEquals("wwid", b.criterion(), "the devnode exception settles devnode only");
        assertEquals("devnode", m.isBlacklisted(path("sdc", "ACME", "DISK", SDA.wwid(), 0)).criterion());
    }

    @Test
    void criteriaOrder() {
        MergedConfig m = MergedConfig.of(parse("""
                blacklist {
                	wwid ".*"
                	protocol "scsi:iscsi"
                	device {
                		vendor ACME
                	}
                	devnode "^sda"
                	property "ID_VENDOR"
                }
                """), ARRAY_RULES);
        assertEquals("property", m.isBlacklisted(SDA).criterion());
        MergedConfig noProp = MergedConfig.of(parse("blacklist {\n wwid \".*\"\n protocol \"scsi:iscsi\"\n"
                + " device {\n vendor ACME\n }\n devnode \"^sda\"\n}\n"), ARRAY_RULES);
        assertEquals("devnode", noProp.isBlacklisted(SDA).criterion());
        assertEquals("device", noProp.isBlacklisted(SDB).criterion());
        PathIdentity other = path("sdb", "OTHER", "DISK", "3600", 0);
        assertEquals("protocol", noProp.isBlacklisted(other).criterion());
        assertEquals("wwid", noProp.isBlacklisted(new PathIdentity("sdb", "OTHER", "DISK", null, "3600", null, 0,
                "scsi:fcp")).criterion());
    }

    @Test
    void propertyExceptionAndMissingProperty() {
        // properties in name order: ID_MODEL, ID_REVISION, ID_SERIAL, ID_VENDOR, ID_WWN, SCSI_IDENT_…
        MergedConfig vendor = MergedConfig.of(parse("blacklist {\n property \"^ID_VENDOR$\"\n}\n"), ARRAY_RULES);
        BlacklistVerdict v = vendor.isBlacklisted(SDA);
        assertEquals("property", v.criterion());
        assertTrue(v.reason().startsWith("sda: udev property ID_VENDOR blacklisted"), v.reason());
        // the default exception (SCSI_IDENT_|ID_WWN) comes first for a property after it
        MergedConfig late = MergedConfig.of(parse("blacklist {\n property \"^SCSI_IDENT_SERIAL$\"\n}\n"), ARRAY_RULES);
        assertFalse(late.isBlacklisted(SDA).blacklisted());
        // a WWID but no property the exceptions match: "blacklisted, udev property missing"
        MergedConfig m = MergedConfig.of(MultipathConf.empty(), ARRAY_RULES);
        PathIdentity bare = new PathIdentity("sdx", "A", "B", null, "5abc", null, 0, null);
        BlacklistVerdict missing = m.isBlacklisted(bare);
        assertTrue(missing.blacklisted());
        assertTrue(missing.reason().startsWith("sdx: blacklisted, udev property missing"), missing.reason());
        // with a unit serial number, SCSI_IDENT_SERIAL is there
        assertFalse(m.isBlacklisted(new PathIdentity("sdx", "A", "B", null, "5abc", "S1", 0, null)).blacklisted());
        // a path without a WWID has no ID_SERIAL: never blacklisted for a missing property
        assertFalse(m.isBlacklisted(new PathIdentity("sdy", "A", "B", null, null, null, 0, null)).blacklisted());
    }

    @Test
    void deviceExceptionAndProductBlacklist() {
        MergedConfig m = MergedConfig.of(parse("""
                blacklist {
                	device {
                		vendor ".*"
                	}
                }
                blacklist_exceptions {
                	device {
                		vendor "^DGC"
                		product "RAID"
                	}
                }
                """), ARRAY_RULES);
        assertTrue(m.isBlacklisted(SDA).blacklisted());
        assertFalse(m.isBlacklisted(path("sdq", "DGC", "RAID 5", "3600", 0)).blacklisted());
        BlacklistVerdict lunz = MergedConfig.of(MultipathConf.empty(), ARRAY_RULES)
                .isBlacklisted(path("sdz", "DGC", "LUNZ", "3600", 0));
        assertEquals("sdz: (DGC:LUNZ) vendor/product blacklisted by \"^DGC\":\"LUNZ\" (product_blacklist of device rule"
                + " from bundle io.mpathj.handler.emc)", lunz.reason());
    }

    @Test
    void invalidRegexIsAWarnAndNoRule() {
        MultipathConf c = parse("blacklist {\n wwid \"(\"\n devnode \"^sd\"\n}\n");
        ConfTestSupport.assertHas(c, Diagnostic.Level.WARN, 2,
                "multipath.conf line 2, parsing failed: wwid \"(\" (invalid regular expression)");
        assertEquals(0, c.blacklist.wwid().size());
        assertEquals(1, c.blacklist.devnode().size());
    }
}
