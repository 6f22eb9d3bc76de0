package io.mpathj.daemon.internal.prio;

import io.mpathj.api.InvalidArgumentsException;
import io.mpathj.api.path.PathDevice;
import io.mpathj.api.prio.Prioritizer;
import io.mpathj.api.prio.PrioritizerType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.osgi.annotation.bundle.Capability;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code weightedpath} prioritizer (prioritizers/weightedpath.c): {@code prio_args "devname REGEX PRIO [REGEX
 * PRIO]…"}; the first regular expression that finds a match in the path's name gives its priority, 0 when none
 * does. mpathj paths have names ({@code sim:a/P0/0}), not H:B:T:L, serials or WWNs, so only {@code devname} is
 * taken.
 */
@Component(service = PrioritizerType.class,
        property = PrioritizerType.NAME_PROPERTY + "=" + WeightedPathPrioritizer.NAME)
@Capability(namespace = PrioritizerType.CAPABILITY_NAMESPACE, name = WeightedPathPrioritizer.NAME)
public final class WeightedPathPrioritizer implements PrioritizerType {
    public static final String NAME = "weightedpath";

    private record Rule(Pattern pattern, int prio) {
    }

    @Override
    public Prioritizer create(String args) throws InvalidArgumentsException {
        String[] words = args.strip().split("\\s+");
        if (words.length < 3 || words.length % 2 == 0 || !words[0].equals("devname")) {
            throw new InvalidArgumentsException("weightedpath: prio_args must be 'devname REGEX PRIO [REGEX PRIO]…'"
                    + " (got '" + args.strip() + "')");
        }
        List<Rule> rules = new ArrayList<>();
        for (int i = 1; i < words.length; i += 2) {
            try {
                rules.add(new Rule(Pattern.compile(words[i]), Integer.parseInt(words[i + 1])));
            } catch (PatternSyntaxException e) {
                throw new InvalidArgumentsException("weightedpath: '" + words[i] + "' is not a regular expression: "
                        + e.getDescription());
            } catch (NumberFormatException e) {
                throw new InvalidArgumentsException("weightedpath: priority '" + words[i + 1]
                        + "' is not a whole number");
            }
        }
        List<Rule> fixed = List.copyOf(rules);
        return (path, timeout) -> CompletableFuture.completedFuture(match(fixed, path));
    }

    private static int match(List<Rule> rules, PathDevice path) {
        for (Rule r : rules) {
            if (r.pattern().matcher(path.name()).find()) {
                return r.prio();
            }
        }
        return 0;
    }
}
