package io.mpathj.daemon.internal.osgi;

import io.mpathj.api.map.Multipath;
import io.mpathj.api.path.PathDevice;
import io.mpathj.api.path.PathDeviceListener;
import io.mpathj.api.rules.DeviceRules;
import io.mpathj.daemon.internal.assembly.Assembler;
import io.mpathj.daemon.internal.assembly.Bindings;
import io.mpathj.daemon.internal.assembly.WwidsFile;
import io.mpathj.daemon.internal.conf.DeviceRule;
import io.mpathj.daemon.internal.conf.Diagnostic;
import io.mpathj.daemon.internal.conf.EffectiveSettings;
import io.mpathj.daemon.internal.conf.MergedConfig;
import io.mpathj.daemon.internal.conf.MultipathConf;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps that assemble themselves, in OSGi: a {@link PathDeviceListener} on the whiteboard (the transports announce
 * their paths to it), {@code etc/multipath.conf} read at start and on {@link #reconfigure()}, the bindings and
 * wwids files in etc/, and the {@link DeviceRules} services of bundles merged into the device table; when one
 * appears or goes, every map is assembled again (reloaded where its table changes).
 */
@Component(service = {PathDeviceListener.class, AssemblyComponent.class}, immediate = true)
public final class AssemblyComponent implements PathDeviceListener {
    private static final Logger LOG = LoggerFactory.getLogger(AssemblyComponent.class);
    static final String CONF_FILE = "multipath.conf";
    static final String WWIDS_FILE = "wwids";

    private final DaemonComponent daemon;
    /** etc/ of the home ({@code mpathj.home}), or null when the container has none (then files are not kept). */
    private final Path etc;
    /** Each DeviceRules service's entries, by service id (registration order). */
    private final Map<Long, List<DeviceRule>> bundleRules = new ConcurrentSkipListMap<>();
    private final Assembler assembler;
    private volatile MergedConfig merged;

    @Activate
    public AssemblyComponent(@Reference Multipath multipath, @Reference DaemonComponent daemon,
            BundleContext context) {
        this.daemon = daemon;
        String home = context.getProperty("mpathj.home");
        this.etc = home == null ? null : Paths.get(home).resolve("etc");
        this.assembler = new Assembler(multipath, daemon.types(), load(), new Assembler.Sink() {
            @Override
            public void assembled(String map, EffectiveSettings settings) {
                daemon.assembled(map, settings.toDaemonSettings());
            }

            @Override
            public void disassembled(String map) {
                daemon.assembled(map, null);
            }
        });
        daemon.daemon().onPrioChange(assembler::prioChanged);
        assembler.start();
    }

    /** Reads multipath.conf (logging its messages), merges it with the bundles' rules, opens bindings and wwids. */
    private Assembler.Config load() {
        MultipathConf conf = MultipathConf.empty();
        Path file = etc == null ? null : etc.resolve(CONF_FILE);
        if (file != null && Files.isRegularFile(file)) {
            try {
                conf = MultipathConf.read(file);
                for (Diagnostic d : conf.diagnostics) {
                    switch (d.level()) {
                        case ERROR -> LOG.error("{}: {}", file, d.message());
                        case WARN -> LOG.warn("{}: {}", file, d.message());
                        default -> LOG.info("{}: {}", file, d.message());
                    }
                }
            } catch (IOException e) {
                LOG.error("{}: cannot read: {}; built-in settings only", file, e.toString());
            }
        }
        List<DeviceRule> rules = new ArrayList<>();
        bundleRules.values().forEach(rules::addAll);
        merged = MergedConfig.of(conf, rules);
        var bindingsFile = merged.global("bindings_file");
        Path bindings = etc == null ? null : etc.resolve(bindingsFile == null ? "bindings" : bindingsFile.value());
        return new Assembler.Config(merged, Bindings.read(bindings),
                WwidsFile.read(etc == null ? null : etc.resolve(WWIDS_FILE)));
    }

    /** Re-reads etc/multipath.conf (and the bindings and wwids files); every map is assembled again. */
    public void reconfigure() {
        assembler.reconfigure(load());
    }

    /** {@code multipathd show config}: the merged configuration in multipath.conf syntax. */
    public String showConfig() {
        return merged.showConfig();
    }

    public Assembler assembler() {
        return assembler;
    }

    @Override
    public void pathsAppeared(List<? extends PathDevice> paths) {
        assembler.pathsAppeared(paths);
    }

    @Override
    public void pathsGone(List<? extends PathDevice> paths) {
        assembler.pathsGone(paths);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addDeviceRules(DeviceRules rules, ServiceReference<DeviceRules> ref) {
        String source = ref.getBundle() == null ? "a bundle" : ref.getBundle().getSymbolicName();
        List<Diagnostic> problems = new ArrayList<>();
        List<DeviceRule> entries = new ArrayList<>();
        try {
            for (Map<String, String> device : rules.devices()) {
                if (!device.containsKey("vendor") || !device.containsKey("product")) {
                    LOG.warn("device rule from bundle {} without vendor or product ignored: {}", source, device);
                    continue;
                }
                entries.add(DeviceRule.fromBundle(source, device, problems));
            }
        } catch (RuntimeException e) {
            LOG.error("device rules of bundle {} failed: {}", source, e.toString());
            return;
        }
        problems.forEach(d -> LOG.warn("device rule from bundle {}: {}", source, d.message()));
        bundleRules.put((Long) ref.getProperty(Constants.SERVICE_ID), entries);
        LOG.info("{} device rule(s) from bundle {}: maps are assembled again", entries.size(), source);
        if (assembler != null) {
            reconfigure();
        }
    }

    void removeDeviceRules(DeviceRules rules, ServiceReference<DeviceRules> ref) {
        if (bundleRules.remove((Long) ref.getProperty(Constants.SERVICE_ID)) != null && assembler != null) {
            LOG.info("device rules of bundle {} gone: maps are assembled again",
                    ref.getBundle() == null ? "?" : ref.getBundle().getSymbolicName());
            reconfigure();
        }
    }

    @Deactivate
    void deactivate() {
        assembler.close();
    }
}
