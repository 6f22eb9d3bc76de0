package io.mpathj.transport.iscsi.internal.discovery;

import io.mpathj.transport.iscsi.DiscoveredTarget;
import io.mpathj.transport.iscsi.IscsiConfig;
import io.mpathj.transport.iscsi.IscsiPortal;
import io.mpathj.transport.iscsi.internal.login.TextParameters;
import io.mpathj.transport.iscsi.internal.session.IoLoop;
import io.mpathj.transport.iscsi.internal.session.Session;
import io.mpathj.transport.iscsi.internal.session.SessionListener;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * SendTargets discovery (RFC 7143 appendix C, Text Request §11.10): a discovery session, one Text Request
 * {@code SendTargets=All}, logout. Each TargetName starts a group; the TargetAddress keys after it are its portals,
 * and a target listed without any is reachable on the portal that was asked.
 */
public final class SendTargetsDiscovery {
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

    static List<DiscoveredTarget> parse(TextParameters answer, IscsiPortal asked) {
        Map<String, List<IscsiPortal>> targets = new LinkedHashMap<>();
        List<IscsiPortal> current = null;
        for (String[] pair : answer.pairs()) {
            if (pair[0].equals("TargetName")) {
                current = targets.computeIfAbsent(pair[1], name -> new ArrayList<>());
            } else if (pair[0].equals("TargetAddress") && current != null) {
                current.add(IscsiPortal.parse(pair[1]));
            }
        }
        List<DiscoveredTarget> found = new ArrayList<>();
        targets.forEach((name, portals) -> found.add(new DiscoveredTarget(name,
                portals.isEmpty() ? List.of(asked) : portals)));
        return found;
    }
}
