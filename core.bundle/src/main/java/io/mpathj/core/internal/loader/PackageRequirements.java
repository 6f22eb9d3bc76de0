package io.mpathj.core.internal.loader;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.resource.Namespace;
import org.osgi.resource.Requirement;

/**
 * Which {@code osgi.wiring.package} requirements (Import-Package) the running framework cannot satisfy: the
 * loader's compatibility test for a bundle in an index (does its import of {@code io.mpathj.api.*} resolve against
 * the running API?) and the explanation for an installed plug-in that did not resolve. Each missing requirement is
 * described as a manifest author writes it: {@code io.mpathj.api.handler; version=[1.1.0,2.0.0) missing}.
 */
public final class PackageRequirements {
    public static final String PACKAGE_NAMESPACE = "osgi.wiring.package";
    private static final Pattern PACKAGE = Pattern.compile("\\(osgi\\.wiring\\.package=([^)]+)\\)");
    private static final Pattern FLOOR = Pattern.compile("(?<!!)\\(version>=([^)]+)\\)");
    private static final Pattern CEILING = Pattern.compile("\\(!\\(version>=([^)]+)\\)\\)");

    private PackageRequirements() {
    }

    /** The exported packages of every resolved bundle (the system bundle included): each export's attributes. */
    public static List<Map<String, Object>> exports(BundleContext context) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            if ((b.getState() & (Bundle.RESOLVED | Bundle.STARTING | Bundle.ACTIVE | Bundle.STOPPING)) == 0) {
                continue;
            }
            BundleRevision revision = b.adapt(BundleRevision.class);
            if (revision != null) {
                revision.getDeclaredCapabilities(PACKAGE_NAMESPACE).forEach(c -> out.add(c.getAttributes()));
            }
        }
        return out;
    }

    /** The declared package requirements of an installed bundle, as the index describes them. */
    public static List<IndexedBundle.Requirement> of(Bundle bundle) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        List<IndexedBundle.Requirement> out = new ArrayList<>();
        if (revision == null) {
            return out;
        }
        for (Requirement r : revision.getRequirements(PACKAGE_NAMESPACE)) {
            String filter = r.getDirectives().get(Namespace.REQUIREMENT_FILTER_DIRECTIVE);
            if (filter != null) {
                out.add(new IndexedBundle.Requirement(PACKAGE_NAMESPACE, filter, Namespace.RESOLUTION_OPTIONAL
                        .equals(r.getDirectives().get(Namespace.REQUIREMENT_RESOLUTION_DIRECTIVE))));
            }
        }
        return out;
    }

    /**
     * The mandatory package requirements, of the packages {@code which} accepts, that no export satisfies, each
     * described as {@code PACKAGE; version=RANGE missing}.
     */
    static List<String> missing(List<IndexedBundle.Requirement> requirements, List<Map<String, Object>> exports,
            Predicate<String> which) {
        List<String> out = new ArrayList<>();
        for (IndexedBundle.Requirement r : requirements) {
            if (r.optional() || !r.namespace().equals(PACKAGE_NAMESPACE)) {
                continue;
            }
            Matcher pkg = PACKAGE.matcher(r.filter());
            if (pkg.find() && !which.test(pkg.group(1))) {
                continue;
            }
            Filter filter;
            try {
                filter = FrameworkUtil.createFilter(r.filter());
            } catch (InvalidSyntaxException e) {
                out.add("an unreadable requirement " + r.filter());
                continue;
            }
            if (exports.stream().noneMatch(filter::matches)) {
                out.add(describe(r.filter()) + " missing");
            }
        }
        return out;
    }

    /** Every mandatory package requirement of an installed bundle that the framework cannot satisfy. */
    public static List<String> missing(Bundle bundle, BundleContext context) {
        return missing(of(bundle), exports(context), p -> true);
    }

    /** Whether the bundle's imports of {@code io.mpathj.api} packages resolve against the running API. */
    static List<String> missingApi(List<IndexedBundle.Requirement> requirements, List<Map<String, Object>> exports) {
        return missing(requirements, exports, p -> p.equals("io.mpathj.api") || p.startsWith("io.mpathj.api."));
    }

    /** {@code (&(osgi.wiring.package=p)(version>=1.1.0)(!(version>=2.0.0)))} as {@code p; version=[1.1.0,2.0.0)}. */
    static String describe(String filter) {
        Matcher pkg = PACKAGE.matcher(filter);
        if (!pkg.find()) {
            return filter;
        }
        Matcher floor = FLOOR.matcher(filter);
        Matcher ceiling = CEILING.matcher(filter);
        boolean hasFloor = floor.find();
        boolean hasCeiling = ceiling.find();
        if (!hasFloor && !hasCeiling) {
            return pkg.group(1);
        }
        return pkg.group(1) + "; version=" + (hasCeiling ? "[" + (hasFloor ? floor.group(1) : "0.0.0") + ","
                + ceiling.group(1) + ")" : floor.group(1));
    }
}
