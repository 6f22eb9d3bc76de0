package io.mpathj.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import io.mpathj.api.map.MapEvent;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * Map events reach any bundle through OSGi EventAdmin, named as dm-mpath's uevents: a handler registered for
 * {@code io/mpathj/dm/*} sees a path failed by a message and reinstated by the daemon's checker, with DM_PATH,
 * DM_NR_VALID_PATHS and a DM_SEQNUM that only grows.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MapEventsTest extends ContainerTest {
    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private ServiceRegistration<EventHandler> handler;

    @Before
    public void listen() {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(EventConstants.EVENT_TOPIC, MapEvent.ALL_TOPICS);
        handler = context.registerService(EventHandler.class, events::add, props);
    }

    @After
    public void stopListening() {
        handler.unregister();
    }

    /** The next event about map {@code map} of this kind, skipping others; fails after the timeout. */
    private Event next(String map, MapEvent.Kind kind, long seconds, List<Event> seen) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            Event e = events.poll(100, TimeUnit.MILLISECONDS);
            if (e == null) {
                continue;
            }
            seen.add(e);
            if (map.equals(e.getProperty("DM_NAME")) && kind.name().equals(e.getProperty("DM_ACTION"))) {
                return e;
            }
        }
        throw new AssertionError("no " + kind + " of " + map + " within " + seconds + " s; seen: " + seen);
    }

    @Test
    public void aPathFailedByAMessageAndReinstatedByTheDaemonArePostedAsDmUevents() throws Exception {
        Gogo gogo = gogo();
        gogo.run("sim:create --tpgs none ev alua 1 2");
        gogo.run("mpath:create evm \"0 0 1 1 round-robin 0 2 0 sim:ev/A0/0 sim:ev/A1/0\"");
        List<Event> seen = new ArrayList<>();
        Event created = next("evm", MapEvent.Kind.MAP_CREATED, 10, seen);
        assertEquals("io/mpathj/dm/MAP_CREATED", created.getTopic());
        assertEquals("multipath", created.getProperty("DM_TARGET"));
        assertEquals(2, created.getProperty("DM_NR_VALID_PATHS"));

        gogo.run("mpath:message evm fail_path sim:ev/A1/0");
        Event failed = next("evm", MapEvent.Kind.PATH_FAILED, 10, seen);
        assertEquals("io/mpathj/dm/PATH_FAILED", failed.getTopic());
        assertEquals("sim:ev/A1/0", failed.getProperty("DM_PATH"));
        assertEquals(1, failed.getProperty("DM_NR_VALID_PATHS"));
        assertTrue((Long) failed.getProperty("DM_SEQNUM") > (Long) created.getProperty("DM_SEQNUM"));

        // nobody types reinstate_path: the daemon's checker finds the path up (polling_interval 5 s by default)
        Event reinstated = next("evm", MapEvent.Kind.PATH_REINSTATED, 15, seen);
        assertEquals("sim:ev/A1/0", reinstated.getProperty("DM_PATH"));
        assertEquals(2, reinstated.getProperty("DM_NR_VALID_PATHS"));
        assertTrue((Long) reinstated.getProperty("DM_SEQNUM") > (Long) failed.getProperty("DM_SEQNUM"));

        gogo.run("mpath:remove evm");
        Event removed = next("evm", MapEvent.Kind.MAP_REMOVED, 10, seen);
        assertNotNull(removed.getProperty("DM_SEQNUM"));
        // EventAdmin delivered them in the order dm numbered them
        for (int i = 1; i < seen.size(); i++) {
            assertTrue("in order: " + seen, (Long) seen.get(i).getProperty("DM_SEQNUM")
                    > (Long) seen.get(i - 1).getProperty("DM_SEQNUM"));
        }
    }
}
