package io.mpathj.daemon.internal.osgi;

import java.util.List;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Function;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code mpath:show-config} ({@code multipathd show config}): the merged configuration, multipath.conf syntax. A
 * Gogo {@link Function} because a method cannot be named with a hyphen.
 */
@Component(service = Function.class, property = {"osgi.command.scope=mpath", "osgi.command.function=show-config"})
public final class ShowConfigCommand implements Function {
    private final AssemblyComponent assembly;

    @Activate
    public ShowConfigCommand(@Reference AssemblyComponent assembly) {
        this.assembly = assembly;
    }

    @Override
    public Object execute(CommandSession session, List<Object> arguments) {
        if (!arguments.isEmpty()) {
            throw new DaemonCommands.CommandRefused("mpath:show-config takes no arguments");
        }
        return assembly.showConfig();
    }
}
