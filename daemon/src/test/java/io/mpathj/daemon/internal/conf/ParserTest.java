package io.mpathj.daemon.internal.conf;

import static io.mpathj.daemon.internal.conf.ConfTestSupport.assertClean;
import static io.mpathj.daemon.internal.conf.ConfTestSupport.assertHas;
import static io.mpathj.daemon.internal.conf.ConfTestSupport.at;
import static io.mpathj.daemon.internal.conf.ConfTestSupport.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathj.daemon.internal.conf.Diagnostic.Level;
import io.mpathj.daemon.internal.conf.Tokenizer.Token;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reader: tokens, quotes, comments, sections, and its messages with line numbers. */
class ParserTest {
    @Test
    void tokensAsAllocStrvec() {
        assertEquals(List.of(new Token("polling_interval", false), new Token("10", false)),
                Tokenizer.split("  polling_interval 10 # comment"));
        assertEquals(List.of(new Token("a", false), Token.QUOTE, new Token("x \"y\" # ! z", false), Token.QUOTE),
                Tokenizer.split("a \"x \"\"y\"\" # ! z\""));
        assertEquals(List.of(new Token("a", false), Token.QUOTE, Token.QUOTE), Tokenizer.split("a \"\""));
        assertEquals(List.of(new Token("foo", false)), Tokenizer.split("foo#bar"));
        assertEquals(List.of(new Token("foo", false)), Tokenizer.split("foo!bar"));
        assertEquals(List.of(new Token("x", false), new Token("{", false)), Tokenizer.split("x{"));
        assertEquals(List.of(new Token("}", false)), Tokenizer.split("\t}"));
        assertTrue(Tokenizer.split("   ").isEmpty());
        assertTrue(Tokenizer.split("! all comment").isEmpty());
        assertTrue(Tokenizer.split("# all comment").isEmpty());
        // non-ASCII characters separate tokens outside quotes and are kept inside
        assertEquals(List.of(new Token("a", false), new Token("b", false)), Tokenizer.split("a\u00e9b"));
        assertEquals(List.of(new Token("a", false), Token.QUOTE, new Token("\u00e9", false), Token.QUOTE),
                Tokenizer.split("a \"\u00e9\""));
    }

    @Test
    void quotedValuesKeepBlanksAndHashes() {
        MultipathConf c = ConfTestSupport.resource("manpage-quoting.conf");
        assertClean(c);
        DeviceRule d = c.devices.get(0);
        assertEquals("2.5\" SSD", d.product());
        assertEquals("devname sd.e   10 # not a comment ! neither", d.get(Keyword.PRIO_ARGS));
        assertEquals("mpath", d.get(Keyword.ALIAS_PREFIX));
        assertEquals("tur", d.get(Keyword.PATH_CHECKER));
    }

    @Test
    void emptyQuotesAreAnEmptyValue() {
        MultipathConf c = parse("defaults {\n prio_args \"\"\n}\n");
        assertClean(c);
        assertEquals("", c.defaults.get(Keyword.PRIO_ARGS).value());
    }

    @Test
    void checkerIsPathChecker() {
        MultipathConf c = parse("defaults {\n checker readsector0\n}\n");
        assertEquals("readsector0", c.defaults.get(Keyword.PATH_CHECKER).value());
    }

    @Test
    void unknownKeywordsAndSectionsWarnWithTheirLine() {
        MultipathConf c = parse("""
                defaults {
                	polling_interval 7
                	no_such_keyword 1
                	hardware_handler "1 emc"
                	mystery {
                		polling_interval 99
                	}
                	max_polling_interval 30
                }
                frobnicate yes
                mysection {
                	a b
                	nested {
                		c d
                	}
                }
                devices {
                	device {
                		vendor X
                		product Y
                		wwid 1234
                	}
                	disk {
                	}
                }
                """);
        assertHas(c, Level.WARN, 3, "multipath.conf line 3, invalid keyword in the defaults section: no_such_keyword");
        assertHas(c, Level.WARN, 4, "multipath.conf line 4, invalid keyword in the defaults section: hardware_handler");
        assertHas(c, Level.WARN, 5, "multipath.conf line 5, invalid keyword in the defaults section: mystery");
        assertHas(c, Level.WARN, 10, "multipath.conf line 10, invalid keyword: frobnicate");
        assertHas(c, Level.WARN, 11, "multipath.conf line 11, invalid keyword: mysection");
        assertHas(c, Level.WARN, 21, "multipath.conf line 21, invalid keyword in the device section: wwid");
        assertHas(c, Level.WARN, 23, "multipath.conf line 23, invalid keyword in the devices section: disk");
        assertEquals(7, c.diagnostics.size(), ConfTestSupport.messages(c));
        // the unknown section's body is skipped, the defaults section goes on after it
        assertEquals("7", c.defaults.get(Keyword.POLLING_INTERVAL).value());
        assertEquals("30", c.defaults.get(Keyword.MAX_POLLING_INTERVAL).value());
        assertEquals(1, c.devices.size());
        assertFalse(c.hasErrors());
    }

    @Test
    void unbalancedBracesAreErrorsWithTheLine() {
        MultipathConf c = parse("defaults {\n polling_interval 3\n}\n}\n");
        assertHas(c, Level.ERROR, 4, "unmatched '}' at line 4 of multipath.conf");
        assertEquals("3", c.defaults.get(Keyword.POLLING_INTERVAL).value());

        MultipathConf open = parse("defaults {\n polling_interval 3\ndevices {\n");
        assertTrue(open.hasErrors());
        assertEquals("missing '}' at end of multipath.conf (the 'defaults' section opened on line 1 is not closed)",
                at(open, Level.ERROR).get(0).message());
        ConfSyntaxException e = assertThrows(ConfSyntaxException.class, open::requireNoErrors);
        assertEquals(1, e.errors().size());

        MultipathConf brace = parse("defaults\n{\n polling_interval 4\n}\n");
        assertHas(brace, Level.ERROR, 1, "missing '{' on line 1 of multipath.conf");
        assertHas(brace, Level.ERROR, 2, "invalid keyword '{' on line 2 of multipath.conf");
        // as multipath-tools: the section is read anyway
        assertEquals("4", brace.defaults.get(Keyword.POLLING_INTERVAL).value());
        assertHas(parse("defaults x\n}\n"), Level.ERROR, 1, "expecting '{' on line 1 of multipath.conf. found 'x'");
    }

    @Test
    void lineProblems() {
        MultipathConf c = parse("""
                defaults {
                	polling_interval
                	prio "alua
                	prio_args "a" extra
                	failback immediate now
                	polling_interval 8
                } trailing
                """);
        assertHas(c, Level.WARN, 2, "missing value for option 'polling_interval' on line 2 of multipath.conf");
        assertHas(c, Level.WARN, 3, "missing closing quotes on line 3 of multipath.conf");
        assertHas(c, Level.WARN, 4, "ignoring extra data starting with 'extra' on line 4 of multipath.conf");
        assertHas(c, Level.WARN, 5, "ignoring extra data starting with 'now' on line 5 of multipath.conf");
        assertHas(c, Level.WARN, 6, "multipath.conf line 6, duplicate keyword: polling_interval");
        assertHas(c, Level.WARN, 7, "ignoring extra data starting with 'trailing' on line 7 of multipath.conf");
        assertEquals("alua", c.defaults.get(Keyword.PRIO).value());
        assertEquals("a", c.defaults.get(Keyword.PRIO_ARGS).value());
        assertEquals("immediate", c.defaults.get(Keyword.FAILBACK_KW).value());
        assertEquals("8", c.defaults.get(Keyword.POLLING_INTERVAL).value());
    }

    @Test
    void deprecatedAndIgnoredKeywords() {
        MultipathConf c = parse("""
                defaults {
                	getuid_callout "/lib/udev/scsi_id"
                	pg_timeout 10
                	marginal_path_err_sample_time 120
                	marginal_path_double_failed_time 5
                	config_dir /etc/multipath/conf.d
                }
                """);
        assertHas(c, Level.WARN, 2, "multipath.conf line 2: ignoring deprecated option \"getuid_callout\", using"
                + " built-in value: \"(not set)\"");
        assertHas(c, Level.WARN, 3, "multipath.conf line 3: ignoring deprecated option \"pg_timeout\", using"
                + " built-in value: \"(not set)\"");
        assertHas(c, Level.INFO, 4, "multipath.conf line 4, marginal_path_err_sample_time is accepted and ignored:"
                + " mpathj has no such mechanism");
        assertHas(c, Level.INFO, 5, "multipath.conf line 5, marginal_path_double_failed_time is accepted and"
                + " ignored: mpathj has no such mechanism");
        assertEquals("120", c.defaults.get(Keyword.MARGINAL_PATH_ERR_SAMPLE_TIME).value());
        assertNull(c.defaults.get(Keyword.PG_TIMEOUT));
    }

    @Test
    void sectionsWithoutTheirKeyAreDropped() {
        MultipathConf c = parse("""
                devices {
                	device {
                		vendor ONLY
                	}
                }
                multipaths {
                	multipath {
                		alias lonely
                	}
                }
                overrides {
                	protocol {
                		dev_loss_tmo 30
                	}
                }
                """);
        assertHas(c, Level.ERROR, 2, "device config in multipath.conf missing vendor or product parameter (line 2)");
        assertHas(c, Level.ERROR, 7, "multipaths config section missing wwid (line 7)");
        assertHas(c, Level.ERROR, 12, "protocol section in multipath.conf missing type (line 12)");
        assertTrue(c.devices.isEmpty());
        assertTrue(c.multipaths.isEmpty());
        assertTrue(c.protocols.isEmpty());
    }

    @Test
    void duplicatesMergeLaterWins() {
        MultipathConf c = parse("""
                devices {
                	device {
                		vendor V
                		product P
                		failback immediate
                		no_path_retry 5
                	}
                	device {
                		vendor V
                		product P
                		no_path_retry queue
                	}
                }
                multipaths {
                	multipath {
                		wwid 3600b
                		alias second
                	}
                	multipath {
                		wwid 3600a
                		alias first
                		prio const
                	}
                	multipath {
                		wwid 3600a
                		alias first_again
                	}
                }
                """);
        assertEquals(1, c.devices.size());
        assertEquals("immediate", c.devices.get(0).get(Keyword.FAILBACK_KW));
        assertEquals("queue", c.devices.get(0).get(Keyword.NO_PATH_RETRY_KW));
        assertHas(c, Level.WARN, 0, "duplicate device section for V:P:null in multipath.conf");
        assertEquals(2, c.multipaths.size());
        assertEquals("3600a", c.multipaths.get(0).get(Keyword.WWID)); // sorted by wwid
        assertEquals("first_again", c.multipaths.get(0).get(Keyword.ALIAS));
        assertEquals("const", c.multipaths.get(0).get(Keyword.PRIO));
        assertHas(c, Level.WARN, 0, "duplicate multipath config section for 3600a");
    }

    @Test
    void emptyFileIsClean() {
        assertClean(parse(""));
        assertClean(parse("\n\n# nothing\n   \n"));
        assertClean(parse("defaults {\r\n polling_interval 9\r\n}\r\n"));
        assertEquals("9", parse("defaults {\r\n polling_interval 9\r\n}\r\n").defaults.get(Keyword.POLLING_INTERVAL)
                .value());
    }
}
