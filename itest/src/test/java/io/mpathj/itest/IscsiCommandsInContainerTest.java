package io.mpathj.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The {@code iscsi:} commands in the container, with no configuration file (the defaults) and no target: what an
 * operator sees before any iSCSI is set up is one clear line per command, never a stack trace.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class IscsiCommandsInContainerTest extends ContainerTest {

    @Test
    public void noSessionsIsOneLineAndDiscoveringAClosedPortIsOneLineThatSaysWhy() throws Exception {
        Gogo gogo = gogo();
        assertEquals("no iSCSI sessions", eventuallyRuns(gogo, "iscsi:sessions"));

        int port = closedPort();
        String portal = "127.0.0.1:" + port;
        Gogo.CommandFailedException e = failure(gogo, "iscsi:discover -t 10 " + portal);
        String message = e.getCause().getMessage();
        assertEquals("discover: no answer from " + portal + ": session to " + portal + " (discovery) closed: cannot "
                + "connect to /" + portal + ": Connection refused", message);
        assertEquals("the shell prints the message alone", message, e.getCause().toString());
        assertEquals("nothing printed besides the message", "", e.out() + e.err());

        assertEquals("a failed discovery leaves no session behind", "no iSCSI sessions",
                gogo.run("iscsi:sessions").formatted());
    }

    @Test
    public void aPortalThatIsNotOneIsNamedInOneLine() {
        Gogo.CommandFailedException e = failure(gogo(), "iscsi:discover 127.0.0.1:99999");
        String message = e.getCause().getMessage();
        assertTrue(message, message.startsWith("discover: '127.0.0.1:99999' is not a portal (HOST, HOST:PORT or "
                + "[IPv6]:PORT): "));
        assertFalse(message, message.contains("\n"));
    }

    /**
     * The command's output once the iscsi commands are registered (the bundle's components may still be activating
     * when the test starts).
     */
    private static String eventuallyRuns(Gogo gogo, String command) throws InterruptedException {
        long deadline = System.nanoTime() + SERVICE_TIMEOUT.toNanos();
        while (true) {
            try {
                return gogo.run(command).formatted();
            } catch (Gogo.CommandFailedException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    private static Gogo.CommandFailedException failure(Gogo gogo, String command) {
        try {
            gogo.run(command);
        } catch (Gogo.CommandFailedException e) {
            assertFalse("one line: " + e.getCause(), String.valueOf(e.getCause().getMessage()).contains("\n"));
            return e;
        }
        throw new AssertionError(command + " did not fail");
    }

    /** A loopback port nothing listens on. */
    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
