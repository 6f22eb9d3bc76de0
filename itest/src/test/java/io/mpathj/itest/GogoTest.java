package io.mpathj.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.Dictionary;
import java.util.Hashtable;
import org.apache.felix.gogo.runtime.CommandNotFoundException;
import org.apache.felix.service.command.CommandProcessor;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;

/**
 * The {@link Gogo} helper against the real Gogo runtime. gogo.runtime 1.1.6 alone has no echo, lb or format (those
 * come from gogo.jline and gogo.command); its built-ins are the language and osgi:addCommand/removeCommand/eval. So
 * the test uses the language for a value and registers its own command for stdout and stderr.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class GogoTest extends ContainerTest {

    /** A command written the way mpathj's are: public methods on a service with osgi.command.* properties. */
    public static final class Greeter {
        public void hello(String name) {
            System.out.println("hello " + name);
        }

        public String greeting(String name) {
            return "hello " + name;
        }

        public void complain(String what) {
            System.err.println("cannot " + what);
        }

        public void boom() {
            System.out.println("about to fail");
            throw new IllegalStateException("boom");
        }
    }

    private ServiceRegistration<Greeter> greeter;

    @Before
    public void registerGreeter() {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(CommandProcessor.COMMAND_SCOPE, "itest");
        props.put(CommandProcessor.COMMAND_FUNCTION, new String[] {"hello", "greeting", "complain", "boom"});
        greeter = context.registerService(Greeter.class, new Greeter(), props);
    }

    @After
    public void unregisterGreeter() {
        greeter.unregister();
    }

    @Test
    public void aBuiltInExpressionReturnsItsValue() {
        Gogo.Result r = gogo().run("($.context bundle 0) symbolicName");
        assertEquals("org.apache.felix.framework", r.value());
        assertEquals("org.apache.felix.framework", r.formatted());
        assertEquals("", r.out());
    }

    @Test
    public void whatACommandPrintsIsItsStdout() {
        Gogo.Result r = gogo().run("itest:hello world");
        assertEquals("hello world" + System.lineSeparator(), r.out());
        assertEquals("", r.err());
        assertNull(r.value());
        assertEquals("", r.formatted());
    }

    @Test
    public void aReturnedValueIsFormattedAsTheShellWould() {
        Gogo.Result r = gogo().run("greeting mpath");
        assertEquals("hello mpath", r.value());
        assertEquals("hello mpath", r.formatted());
    }

    @Test
    public void stderrIsSeparate() {
        Gogo.Result r = gogo().run("itest:complain 'load emc'");
        assertEquals("cannot load emc" + System.lineSeparator(), r.err());
        assertEquals("", r.out());
    }

    @Test
    public void anUnknownCommandSurfacesGogosException() {
        Gogo.CommandFailedException e = assertThrows(Gogo.CommandFailedException.class,
                () -> gogo().run("nosuch:command 1"));
        assertTrue(e.getCause().toString(), e.getCause() instanceof CommandNotFoundException);
        assertTrue(e.getMessage(), e.getMessage().contains("nosuch:command"));
    }

    @Test
    public void aThrowingCommandSurfacesItsExceptionAndItsOutput() {
        Gogo.CommandFailedException e = assertThrows(Gogo.CommandFailedException.class,
                () -> gogo().run("itest:boom"));
        assertTrue(String.valueOf(e.getCause()), e.getCause() instanceof IllegalStateException);
        assertEquals("boom", e.getCause().getMessage());
        assertEquals("about to fail" + System.lineSeparator(), e.out());
    }
}
