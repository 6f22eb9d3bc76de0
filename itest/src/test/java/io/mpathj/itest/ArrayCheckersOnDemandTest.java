package io.mpathj.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import io.mpathj.api.checker.PathCheckerType;
import io.mpathj.api.prio.PrioritizerType;
import java.io.File;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.Bundle;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The daemon with the arrays' own path checkers and prioritizers, which sit in the plug-in repository (not
 * installed) in the bundles of their handlers: per-map settings name them ({@code path_checker}, {@code prio}, as
 * multipath-tools' hwtable does for these arrays), the bundle is loaded on demand, and {@code mpath:topology} and
 * {@code mpath:paths} show each controller's paths with the state and priority the array gives them: an E-Series
 * ({@code rdac}), an MSA ({@code hp_sw}), a CLARiiON ({@code emc_clariion}, {@code emc}).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class ArrayCheckersOnDemandTest extends ContainerTest {
    @Override
    @Configuration
    public Option[] config() {
        File index = new File(Jars.repository(), "index.xml");
        return new Option[] {composite(MpathjOptions.runtime(), MpathjOptions.bundles(List.of("io.mpathj.api",
                "io.mpathj.core", "io.mpathj.selector.round_robin", "io.mpathj.storage.sim",
                "io.mpathj.handler.alua", "io.mpathj.daemon")),
                frameworkProperty("mpathj.repository").value(index.toURI().toString()))};
    }

    private static String table(String handler, String array) {
        return "\"0 1 " + handler + " 2 1 round-robin 0 2 0 sim:" + array + "/A0/0 sim:" + array + "/A1/0 "
                + "round-robin 0 2 0 sim:" + array + "/B0/0 sim:" + array + "/B1/0\"";
    }

    private void configure(String map, String checker, String prio) throws Exception {
        ConfigurationAdmin ca = awaitService(ConfigurationAdmin.class);
        ca.getConfiguration("io.mpathj.daemon", "?").update(dict("polling_interval", "1"));
        ca.createFactoryConfiguration("io.mpathj.daemon.map", "?")
                .update(dict("map", map, "path_checker", checker, "prio", prio));
    }

    private static Dictionary<String, Object> dict(Object... keyValues) {
        Dictionary<String, Object> d = new Hashtable<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            d.put((String) keyValues[i], keyValues[i + 1]);
        }
        return d;
    }

    /**
     * Creates the array and the map, then waits until the topology shows group 1 with priority {@code prioA} and
     * its paths {@code wordA}, group 2 with {@code prioB} and {@code wordB}, and mpath:paths agrees; checks that the
     * checker and prioritizer came from {@code bundle}, loaded from the repository.
     */
    private void assertControllers(String create, String map, String handler, String array, String bundle,
            String checker, String prio, int prioA, String wordA, int prioB, String wordB)
            throws Exception {
        configure(map, checker, prio);
        Gogo gogo = gogo();
        assertNull(bundle + " starts out not installed", bundle(bundle));
        gogo.run(create);
        assertEquals("created " + map + ": 2097152 blocks of 512 bytes",
                gogo.run("mpath:create " + map + " " + table(handler, array)).formatted());
        String p = Pattern.quote("sim:" + array + "/");
        Pattern topology = Pattern.compile("(?s).*policy='round-robin 0' prio=" + prioA + " status=\\S+\n"
                + "\\| \\|- " + p + "A0/0 active " + wordA + " running\n\\| `- " + p + "A1/0 active " + wordA
                + " running\n`-\\+- policy='round-robin 0' prio=" + prioB + " status=\\S+\n  \\|- " + p + "B0/0 active "
                + wordB + " running\n  `- " + p + "B1/0 active " + wordB + " running\n.*");
        String seen = null;
        long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (seen == null) {
            String t = gogo.run("mpath:topology " + map).formatted();
            if (topology.matcher(t).matches()) {
                seen = t;
            } else if (System.nanoTime() > end) {
                fail("topology of " + map + " never showed prio " + prioA + "/" + prioB + ", " + wordA + "/" + wordB
                        + ":\n" + t + gogo.run("mpath:paths").formatted() + gogo.run("mpath:maps").formatted());
            } else {
                Thread.sleep(100);
            }
        }
        String paths = gogo.run("mpath:paths").formatted();
        System.out.println("[array-checkers-it] " + map + " (" + checker + "/" + prio + "):\n" + seen + paths);
        for (String port : new String[] {"A0", "A1", "B0", "B1"}) {
            boolean a = port.startsWith("A");
            String row = "(?s).*sim:" + array + "/" + port + "/0 +" + map + " +" + (a ? 1 : 2) + " +active +"
                    + (a ? wordA : wordB) + " +" + (a ? prioA : prioB) + " .*";
            assertTrue(paths, paths.matches(row));
        }
        Bundle loaded = bundle(bundle);
        assertEquals(Bundle.ACTIVE, loaded.getState());
        assertTrue(loaded.getLocation(), loaded.getLocation().contains("repository/" + bundle + ".jar"));
        assertEquals(loaded, context.getServiceReferences(PathCheckerType.class,
                "(" + PathCheckerType.NAME_PROPERTY + "=" + checker + ")").iterator().next().getBundle());
        assertEquals(loaded, context.getServiceReferences(PrioritizerType.class,
                "(" + PrioritizerType.NAME_PROPERTY + "=" + prio + ")").iterator().next().getBundle());
        String io = gogo.run("mpath:io -s 1 " + map).formatted();
        assertTrue(io, io.matches(map + ": \\d+ I/Os .* 0 errors, 0 mismatches"));
    }

    /** rdac prio: owner (+2) and preferred (+4) = 6 through controller A; secondary (+1), not owner, through B. */
    @Test
    public void anEseriesOwnersPathsAreReadyWithPrio6AndTheOtherControllersGhostsWithPrio1() throws Exception {
        assertControllers("sim:create e eseries 2 2", "mpathr", "rdac", "e", "io.mpathj.handler.rdac", "rdac",
                "rdac", 6, "ready", 1, "ghost");
    }

    /** hp_sw prio: TEST UNIT READY good 4 (active controller), 02/04/02 2 (standby, the checker's ghost). */
    @Test
    public void anMsasActiveControllerIsReadyWithPrio4AndTheStandbyOneGhostWithPrio2() throws Exception {
        assertControllers("sim:create m msa 2 2", "mpathh", "hp_sw", "m", "io.mpathj.handler.hp_sw", "hp_sw",
                "hp_sw", 4, "ready", 2, "ghost");
    }

    /**
     * emc prio: owned (2) on the default SP (+2) = 4, bound (1) on the other SP = 1; emc_clariion reports the
     * passive SP's paths up, not ghost (the array takes I/O there once the LU is trespassed).
     */
    @Test
    public void aClariionsOwningSpHasPrio4AndThePeerSpPrio1BothUp() throws Exception {
        assertControllers("sim:create cx clariion 2 2", "mpathe", "emc", "cx", "io.mpathj.handler.emc",
                "emc_clariion", "emc", 4, "ready", 1, "ready");
    }
}
