package io.mpathj.transport.iscsi.internal.discovery;

import io.mpathj.transport.iscsi.DiscoveredTarget;
import io.mpathj.transport.iscsi.IscsiConfig;
import io.mpathj.transport.iscsi.IscsiPortal;
import io.mpathj.transport.iscsi.TargetAddress;
import io.mpathj.transport.iscsi.internal.login.TextParameters;
import io.mpathj.transport.iscsi.internal.session.IoLoop;
import io.mpathj.transport.iscsi.internal.session.Session;
import io.mpathj.transport.iscsi.internal.session.SessionListener;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SendTargets discovery (RFC 7143 appendix C, Text Request §11.10): a discovery session, one Text Request
 * {@code SendTargets=All}, logout. Each TargetName starts a group; the TargetAddress keys after it are its portals,
 * and a target listed without any is reachable on the portal that was asked.
 */
public final class SendTargetsDiscovery {
    private static final Logger LOG = LoggerFactory.getLogger(SendTargetsDiscovery.class);
    private final IoLoop loop;
    private final IscsiConfig config;
    private final Supplier<byte[]> isids;

    public SendTargetsDiscovery(IoLoop loop, IscsiConfig config, Supplier<byte[]> isids) {
        this.loop = loop;
        this.config = config;
        this.isids = isids;
    }

    /** The targets, or a failure when login or the Text exchange fails (each bounded by the login timeout). */
    public CompletionStage<List<DiscoveredTarget>> discover(IscsiPortal portal) {
        Session session = new Session(loop, config, portal, null, isids.get(), false, SessionListener.NONE);
        session.start();
        CompletableFuture<List<DiscoveredTarget>> result = new CompletableFuture<>();
        session.whenOnline()
                .thenCompose(online -> session.text(new TextParameters().add("SendTargets", "All")))
                .whenComplete((answer, failure) -> session.close().whenComplete((closed, ignored) -> {
                    if (failure != null) {
                        result.completeExceptionally(failure);
                    } else {
                        result.complete(parse(answer, portal));
                    }
                }));
        return result;
    }

    /**
     * The targets of a SendTargets answer. A portal listed twice for a target is kept once, with the tag it had
     * first (an address that does not parse is logged and skipped).
     */
    static List<DiscoveredTarget> parse(TextParameters answer, IscsiPortal asked) {
        Map<String, Map<IscsiPortal, TargetAddress>> targets = new LinkedHashMap<>();
        Map<IscsiPortal, TargetAddress> current = null;
        for (String[] pair : answer.pairs()) {
            if (pair[0].equals("TargetName")) {
                current = targets.computeIfAbsent(pair[1], name -> new LinkedHashMap<>());
            } else if (pair[0].equals("TargetAddress") && current != null) {
                try {
                    TargetAddress address = TargetAddress.parse(pair[1]);
                    current.putIfAbsent(address.portal(), address);
                } catch (IllegalArgumentException e) {
                    LOG.warn("SendTargets on {}: {}", asked, e.getMessage());
                }
            }
        }
        List<DiscoveredTarget> found = new ArrayList<>();
        targets.forEach((name, addresses) -> found.add(new DiscoveredTarget(name, addresses.isEmpty()
                ? List.of(new TargetAddress(asked, OptionalInt.empty())) : List.copyOf(addresses.values()))));
        return found;
    }
}
