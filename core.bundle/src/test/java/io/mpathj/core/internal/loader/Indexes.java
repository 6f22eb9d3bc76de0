package io.mpathj.core.internal.loader;

/** Small R5 repository indexes, as bnd's indexer writes them, for the loader's tests. */
final class Indexes {
    private Indexes() {
    }

    static String index(String... resources) {
        return "<?xml version='1.0' encoding='UTF-8'?>\n<repository xmlns=\"http://www.osgi.org/xmlns/repository/"
                + "v1.0.0\" name=\"test\" increment=\"1\">\n" + String.join("", resources) + "</repository>\n";
    }

    /** A handler bundle providing {@code name} and importing {@code pkg} in [floor, ceiling), plus optional slf4j. */
    static String handler(String bsn, String version, String name, String pkg, String floor, String ceiling) {
        return "<resource>\n"
                + "<capability namespace=\"osgi.identity\"><attribute name=\"osgi.identity\" value=\"" + bsn + "\"/>"
                + "<attribute name=\"version\" value=\"" + version + "\" type=\"Version\"/></capability>\n"
                + "<capability namespace=\"mpathj.hw_handler\"><attribute name=\"mpathj.hw_handler\" value=\""
                + name + "\"/></capability>\n"
                + "<capability namespace=\"osgi.content\"><attribute name=\"url\" value=\"" + bsn + "-" + version
                + ".jar\"/></capability>\n"
                + "<requirement namespace=\"osgi.wiring.package\"><directive name=\"filter\" value=\"(&amp;("
                + "osgi.wiring.package=" + pkg + ")(version&gt;=" + floor + ")(!(version&gt;=" + ceiling
                + ")))\"/></requirement>\n"
                + "<requirement namespace=\"osgi.wiring.package\"><directive name=\"filter\" value=\"(&amp;("
                + "osgi.wiring.package=org.vendor.missing)(version&gt;=1.0.0))\"/><directive name=\"resolution\" "
                + "value=\"optional\"/></requirement>\n"
                + "</resource>\n";
    }
}
