package io.mpathj.handler.rdac.internal;

import io.mpathj.api.InvalidArgumentsException;
import io.mpathj.api.path.PathDevice;
import io.mpathj.api.prio.Prioritizer;
import io.mpathj.api.prio.PrioritizerType;
import io.mpathj.api.scsi.ScsiCommand;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.bundle.Capability;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code rdac} prioritizer (multipath-tools' prioritizers/rdac.c): INQUIRY of VPD C9h (128 bytes); the sum of
 * +2 when this controller owns the volume (byte 8 bit 0), +4 when the preferred path priority (byte 9, low nibble)
 * is 1 (preferred) or +1 when it is 2 (secondary), +8 in I/O shipping mode (byte 8 bit 5). 0 when the command fails or
 * the page is not {@code C9h} with page length 2Ch and the identifier {@code vac}. No prio_args.
 */
@Component(service = PrioritizerType.class, property = PrioritizerType.NAME_PROPERTY + "=" + RdacPrioritizer.NAME)
@Capability(namespace = PrioritizerType.CAPABILITY_NAMESPACE, name = RdacPrioritizer.NAME)
public final class RdacPrioritizer implements PrioritizerType, Prioritizer {
    public static final String NAME = "rdac";
    /** The buffer rdac.c reads the page into. */
    static final int LENGTH = 128;
    private static final int PAGE_LENGTH = 0x2C;

    @Override
    public Prioritizer create(String args) throws InvalidArgumentsException {
        if (!args.isBlank()) {
            throw new InvalidArgumentsException("rdac prioritizer takes no prio_args (got '" + args + "')");
        }
        return this;
    }

    @Override
    public CompletionStage<Integer> priority(PathDevice path, Duration timeout) {
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        ScsiCommand inquiry = RdacPages.inquiry(RdacPages.VOLUME_ACCESS, LENGTH).withTimeoutMillis(millis);
        CompletableFuture<Integer> result = new CompletableFuture<>();
        path.execute(inquiry, r -> result.complete(r.isGood() ? priority(RdacPages.received(inquiry, r)) : 0));
        return result;
    }

    /** rdac_prio on a page as received. */
    static int priority(byte[] page) {
        if (RdacPages.at(page, 1) != RdacPages.VOLUME_ACCESS || RdacPages.at(page, 3) != PAGE_LENGTH
                || RdacPages.at(page, 4) != 'v' || RdacPages.at(page, 5) != 'a' || RdacPages.at(page, 6) != 'c') {
            return 0;
        }
        int prio = 0;
        if ((RdacPages.at(page, 8) & 0x01) != 0) {
            prio |= 0x02;
        }
        switch (RdacPages.at(page, 9) & 0x0F) {
            case 0x01 -> prio |= 0x04;
            case 0x02 -> prio |= 0x01;
            default -> {
            }
        }
        if ((RdacPages.at(page, 8) & 0x20) != 0) {
            prio |= 0x08;
        }
        return prio;
    }
}
