package io.mpathj.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * The soak's OSGi variant: verified workloads on an alua map and an emc map while a seeded driver stops and
 * restarts the alua bundle, updates the emc bundle to new versions, takes single ports down and up and switches
 * groups. Every read must return what was written and no I/O may fail (a path always survives, and a missing
 * handler only queues). A failure names the seed: {@code -Dchaos.seed=N}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ChaosTest extends ContainerTest {
    /** Each of the five kinds of fault, this many times, in a seeded order. */
    private static final int EACH = 5;
    private static final int ROUNDS = 5 * EACH;

    @Test
    public void bundlesComeAndGoUnderLoadWithoutLosingOrCorruptingIo() throws Exception {
        long seed = Long.getLong("chaos.seed", System.nanoTime());
        Random random = new Random(seed);
        String context = " (reproduce with -Dchaos.seed=" + seed + ")";
        Gogo gogo = gogo();
        gogo.run("sim:create a alua 2 2");
        gogo.run("sim:create cx clariion 2 2");
        gogo.run("mpath:create ma \"0 1 alua 2 1 round-robin 0 2 0 sim:a/A0/0 sim:a/A1/0 round-robin 0 2 0 "
                + "sim:a/B0/0 sim:a/B1/0\"");
        gogo.run("mpath:create me \"0 1 emc 2 1 round-robin 0 2 0 sim:cx/A0/0 sim:cx/A1/0 round-robin 0 2 0 "
                + "sim:cx/B0/0 sim:cx/B1/0\"");
        Gogo loadA = gogo();
        Gogo loadE = gogo();
        int seconds = ROUNDS * 250 / 1000 + 2;
        CompletableFuture<String> ioA = CompletableFuture.supplyAsync(() -> loadA.run("mpath:io -s " + seconds
                + " ma").formatted());
        CompletableFuture<String> ioE = CompletableFuture.supplyAsync(() -> loadE.run("mpath:io -s " + seconds
                + " me").formatted());
        Bundle alua = bundle("io.mpathj.handler.alua");
        Bundle emc = bundle("io.mpathj.handler.emc");
        File emcJar = new File(MpathjOptions.bundlesDir(), "io.mpathj.handler.emc.jar");
        int updates = 0;
        List<Integer> plan = new java.util.ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            plan.add(i % 5);
        }
        java.util.Collections.shuffle(plan, random);
        for (int kind : plan) {
            switch (kind) {
                case 0:
                    alua.stop();
                    Thread.sleep(100);
                    alua.start();
                    break;
                case 1:
                    emc.update(new ByteArrayInputStream(Jars.withVersion(emcJar, "0.9." + ++updates)));
                    break;
                case 2: {
                    String array = random.nextBoolean() ? "a" : "cx";
                    String port = (random.nextBoolean() ? "A" : "B") + random.nextInt(2);
                    gogo.run("sim:port " + array + " " + port + " down");
                    Thread.sleep(100);
                    gogo.run("sim:port " + array + " " + port + " up");
                    String map = array.equals("a") ? "ma" : "me";
                    gogo.run("mpath:message " + map + " reinstate_path sim:" + array + "/" + port + "/0");
                    break;
                }
                case 3:
                    gogo.run("mpath:message ma switch_group " + (1 + random.nextInt(2)));
                    break;
                default:
                    gogo.run("mpath:message me switch_group " + (1 + random.nextInt(2)));
                    break;
            }
            Thread.sleep(150);
        }
        String a = ioA.get(120, TimeUnit.SECONDS);
        String e = ioE.get(120, TimeUnit.SECONDS);
        assertTrue(a + context, a.matches("ma: \\d+ I/Os .* 0 errors, 0 mismatches"));
        assertTrue(e + context, e.matches("me: \\d+ I/Os .* 0 errors, 0 mismatches"));
        String handlers = gogo.run("mpath:handlers").formatted();
        assertTrue(handlers + context, handlers.matches("(?s).*alua +io\\.mpathj\\.handler\\.alua \\S+ +active +1 "
                + "+ma.*"));
        assertTrue(handlers + context, handlers.matches("(?s).*emc +io\\.mpathj\\.handler\\.emc \\S+ +active +1 "
                + "+me.*"));
        for (String map : List.of("ma", "me")) {
            assertEquals("no I/O left queued in " + map + context, false,
                    gogo.run("mpath:topology " + map).formatted().contains("missing"));
        }
        System.out.println("chaos: seed " + seed + ", " + ROUNDS + " rounds, " + updates + " emc updates; " + a
                + "; " + e);
    }
}
