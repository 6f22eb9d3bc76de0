package io.mpathj.transport.iscsi.internal.discovery;

import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.transport.iscsi.DiscoveredTarget;
import io.mpathj.transport.iscsi.IscsiPath;
import io.mpathj.transport.iscsi.IscsiPathName;
import io.mpathj.transport.iscsi.IscsiPortal;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every portal × target × LUN as a path: SendTargets on each given portal, then REPORT LUNS through LUN 0 of each
 * target on each portal it was reported on. A portal or nexus that does not answer is left out (and logged), so one
 * dead portal does not hide the others.
 */
public final class PathDiscovery {
    private static final Logger LOG = LoggerFactory.getLogger(PathDiscovery.class);
    private static final int REPORT_LUNS_LENGTH = ReportLuns.LENGTH;

    private final SendTargetsDiscovery sendTargets;
    private final PathOpener opener;
    private final Duration timeout;

    public PathDiscovery(SendTargetsDiscovery sendTargets, PathOpener opener,
            Duration timeout) {
        this.sendTargets = sendTargets;
        this.opener = opener;
        this.timeout = timeout;
    }

    public CompletionStage<List<IscsiPath>> discover(List<IscsiPortal> portals) {
        List<CompletableFuture<List<DiscoveredTarget>>> answers = new ArrayList<>();
        for (IscsiPortal portal : portals) {
            answers.add(sendTargets.discover(portal).toCompletableFuture()
                    .exceptionally(failure -> {
                        LOG.warn("SendTargets on {} failed: {}", portal, failure.getMessage());
                        return List.of();
                    }));
        }
        return CompletableFuture.allOf(answers.toArray(new CompletableFuture<?>[0]))
                .thenCompose(done -> openAll(merge(answers)));
    }

    private static Map<String, Set<IscsiPortal>> merge(List<CompletableFuture<List<DiscoveredTarget>>> answers) {
        Map<String, Set<IscsiPortal>> targets = new LinkedHashMap<>();
        for (CompletableFuture<List<DiscoveredTarget>> answer : answers) {
            for (DiscoveredTarget target : answer.join()) {
                targets.computeIfAbsent(target.name(), name -> new LinkedHashSet<>()).addAll(target.portals());
            }
        }
        return targets;
    }

    private CompletableFuture<List<IscsiPath>> openAll(Map<String, Set<IscsiPortal>> targets) {
        List<CompletableFuture<List<IscsiPath>>> nexuses = new ArrayList<>();
        targets.forEach((target, portals) -> portals.forEach(portal -> nexuses.add(lunsOf(portal, target))));
        return CompletableFuture.allOf(nexuses.toArray(new CompletableFuture<?>[0])).thenApply(done -> {
            List<IscsiPath> paths = new ArrayList<>();
            nexuses.forEach(n -> paths.addAll(n.join()));
            return paths;
        });
    }

    /**
     * REPORT LUNS through LUN 0 of one nexus: a path per LUN reported. LUN 0's path is given back when it is not
     * among them, and when the nexus fails, so that a session that cannot log in does not keep trying.
     */
    private CompletableFuture<List<IscsiPath>> lunsOf(IscsiPortal portal, String target) {
        IscsiPathName lun0Name = new IscsiPathName(portal, target, 0);
        IscsiPath lun0 = opener.open(lun0Name);
        ByteBuffer data = ByteBuffer.allocate(REPORT_LUNS_LENGTH);
        return lun0.whenOnline().toCompletableFuture().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .thenCompose(online -> lun0.execute(ScsiCommand.dataIn(ReportLuns.cdb(REPORT_LUNS_LENGTH), data)))
                .thenApply(result -> {
                    if (!result.isGood()) {
                        throw new IllegalStateException("REPORT LUNS: " + result.describe());
                    }
                    List<IscsiPath> paths = new ArrayList<>();
                    for (int lun : ReportLuns.parse(data)) {
                        IscsiPathName name = new IscsiPathName(portal, target, lun);
                        paths.add(opener.open(name));
                        opener.claim(name);
                    }
                    if (paths.stream().noneMatch(p -> p.pathName().lun() == 0)) {
                        opener.abandon(lun0Name);
                    }
                    return paths;
                })
                .exceptionally(failure -> {
                    Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                    LOG.warn("no LUNs from {}/{}: {}; its session is closed", portal, target,
                            cause instanceof java.util.concurrent.TimeoutException
                                    ? "not logged in within " + timeout.toMillis() + " ms" : cause.getMessage());
                    opener.abandon(lun0Name);
                    return List.of();
                });
    }
}
