package io.mpathj.launcher;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * The launcher's own Gogo commands, for the shell: {@code mpathj:describe} (every command, or those of one scope,
 * with its one-line description: what {@code help} and {@code help mpath} print) and {@code mpathj:candidates}
 * (what Tab offers after an mpath: or sim: command: map names, message verbs, array and port names, plug-in
 * names; the gosh_profile binds it with {@code complete -a}). Names are read through the commands an operator
 * has ({@code mpath:ls}, else {@code mpath:table}; {@code sim:arrays}; {@code mpath:handlers},
 * {@code mpath:selectors}).
 */
public final class ShellCommands {
    /**
     * {@code help}: with no word or a scope, the commands with their descriptions; else Gogo's own help (a
     * command's parameters). Defined in each session the launcher opens and in the gosh_profile.
     */
    static final String HELP_FUNCTION = "help = { mpathj:help $args }";
    private static final String DESCRIPTOR = "org.apache.felix.service.command.Descriptor";
    /** A service property naming a launcher command's description: {@code mpathj.description.FUNCTION}. */
    static final String DESCRIPTION_PROPERTY = "mpathj.description.";
    static final List<String> VERBS = List.of("queue_if_no_path", "fail_if_no_path", "fail_path", "reinstate_path",
            "switch_group", "enable_group", "disable_group");
    private static final Pattern PORT = Pattern.compile("(\\S+)\\((?:up|down)\\)");
    private static final Pattern TABLE_PATH = Pattern.compile("\\S+:\\S+/\\S+");

    /** The kinds of positional argument that Tab can complete. */
    private enum Kind {
        MAP, VERB, MAP_PATH, PLUGIN, ARRAY, PORT, UP_DOWN, ON_OFF, PERSONALITY, ALUA_STATE, NONE
    }

    private static final Map<String, List<Kind>> ARGUMENTS = Map.ofEntries(
            Map.entry("mpath:remove", List.of(Kind.MAP)),
            Map.entry("mpath:table", List.of(Kind.MAP)),
            Map.entry("mpath:status", List.of(Kind.MAP)),
            Map.entry("mpath:topology", List.of(Kind.MAP)),
            Map.entry("mpath:io", List.of(Kind.MAP)),
            Map.entry("mpath:message", List.of(Kind.MAP, Kind.VERB, Kind.MAP_PATH)),
            Map.entry("mpath:unload", List.of(Kind.PLUGIN)),
            Map.entry("sim:create", List.of(Kind.NONE, Kind.PERSONALITY)),
            Map.entry("sim:destroy", List.of(Kind.ARRAY)),
            Map.entry("sim:port", List.of(Kind.ARRAY, Kind.PORT, Kind.UP_DOWN)),
            Map.entry("sim:state", List.of(Kind.ARRAY, Kind.NONE, Kind.ALUA_STATE)),
            Map.entry("sim:trespass", List.of(Kind.ARRAY)),
            Map.entry("sim:ndu", List.of(Kind.ARRAY, Kind.ON_OFF)),
            Map.entry("sim:sense", List.of(Kind.ARRAY, Kind.PORT)),
            Map.entry("sim:latency", List.of(Kind.ARRAY, Kind.PORT)),
            Map.entry("sim:hang", List.of(Kind.ARRAY, Kind.PORT)),
            Map.entry("sim:release", List.of(Kind.ARRAY, Kind.PORT)),
            Map.entry("sim:clear", List.of(Kind.ARRAY, Kind.PORT)));
    /** Options that take a value, so the word after them is not a positional argument. */
    private static final Set<String> VALUED_OPTIONS = Set.of("-s", "--seconds", "-c", "--command");

    private final BundleContext context;
    private final Gogo gogo;
    private Gogo.Session session;

    ShellCommands(BundleContext context, Gogo gogo) {
        this.context = context;
        this.gogo = gogo;
    }

    /** Registers mpathj:help, mpathj:describe and mpathj:candidates. */
    void register() {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("osgi.command.scope", "mpathj");
        props.put("osgi.command.function", new String[] {"help", "describe", "candidates"});
        props.put(DESCRIPTION_PROPERTY + "help", "help: every command with its description; help SCOPE: that scope's "
                + "commands; help COMMAND: its parameters");
        props.put(DESCRIPTION_PROPERTY + "describe", "every command (or those of one scope) with its description");
        props.put(DESCRIPTION_PROPERTY + "candidates", "what Tab offers for the word being completed (the shell's "
                + "completion calls it)");
        context.registerService(Object.class, this, props);
    }

    /**
     * {@code help}: no word or a scope, the commands with their descriptions ({@link #describe}); a command, Gogo's
     * own help for it (felix:help: its overloads, options and parameters).
     */
    public String help(Object... words) throws InvalidSyntaxException, IOException {
        List<String> args = flatten(words);
        if (args.isEmpty() || (args.size() == 1 && !args.get(0).contains(":")
                && !descriptions(args.get(0)).isEmpty())) {
            return describe(words);
        }
        java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
        PrintStream out = new PrintStream(text, true, java.nio.charset.StandardCharsets.UTF_8);
        Gogo.Session help = gogo.open(out, out);
        try {
            Object result = help.execute("felix:help " + String.join(" ", args));
            if (result != null) {
                out.println(result);
            }
        } catch (Gogo.CommandFailed e) {
            throw new CommandRefused(e.getMessage(), e);
        } finally {
            help.close();
        }
        String s = text.toString(java.nio.charset.StandardCharsets.UTF_8).stripTrailing();
        if (s.isEmpty() || s.startsWith("No methods found matching")) {
            throw new CommandRefused("no command or scope named " + String.join(" ", args)
                    + "; help lists them all");
        }
        return s;
    }

    /** Every command with its one-line description, or those of one scope ({@code describe mpath}). */
    public String describe(Object... words) throws InvalidSyntaxException {
        List<String> args = flatten(words);
        Map<String, String> lines = descriptions(args.isEmpty() ? null : args.get(0));
        int width = lines.keySet().stream().mapToInt(String::length).max().orElse(0);
        StringBuilder out = new StringBuilder();
        lines.forEach((name, text) -> out.append(out.length() == 0 ? "" : "\n")
                .append(String.format("%-" + width + "s  %s", name, text).stripTrailing()));
        return out.toString();
    }

    private Map<String, String> descriptions(String scope) throws InvalidSyntaxException {
        Map<String, String> lines = new TreeMap<>();
        ServiceReference<?>[] refs = context.getAllServiceReferences(null, scope == null ? "(osgi.command.scope=*)"
                : "(osgi.command.scope=" + scope.replaceAll("[()*\\\\]", "") + ")");
        for (ServiceReference<?> ref : refs == null ? new ServiceReference<?>[0] : refs) {
            Object service = context.getService(ref);
            if (service == null) {
                continue;
            }
            try {
                String s = String.valueOf(ref.getProperty("osgi.command.scope"));
                for (String function : functions(ref.getProperty("osgi.command.function"))) {
                    // the launcher's own commands cannot carry Gogo's Descriptor (its class is not on the
                    // launcher's class path): they give theirs as service properties
                    Object own = ref.getProperty(DESCRIPTION_PROPERTY + function);
                    lines.putIfAbsent(s + ":" + function, own != null ? String.valueOf(own)
                            : description(service.getClass(), function));
                }
            } finally {
                context.ungetService(ref);
            }
        }
        return lines;
    }

    private static List<String> functions(Object property) {
        if (property instanceof String[] names) {
            return Arrays.asList(names);
        }
        return property == null ? List.of() : List.of(String.valueOf(property));
    }

    /** The Descriptor of the overload with the fewest parameters that has one, else "". */
    private static String description(Class<?> type, String function) {
        String best = "";
        int bestCount = Integer.MAX_VALUE;
        String name = function.equals("new") ? "_new" : function;
        for (Method m : type.getMethods()) {
            if (!m.getName().equals(name) && !m.getName().equalsIgnoreCase("get" + name)) {
                continue;
            }
            for (Annotation a : m.getAnnotations()) {
                if (a.annotationType().getName().equals(DESCRIPTOR) && m.getParameterCount() < bestCount) {
                    try {
                        best = String.valueOf(a.annotationType().getMethod("value").invoke(a));
                        bestCount = m.getParameterCount();
                    } catch (ReflectiveOperationException e) {
                        // a Descriptor without value(): no description
                    }
                }
            }
        }
        return best;
    }

    /**
     * What Tab offers for the word being completed on a command line (jline's ParsedLine, {@code $.commandLine}
     * in a completion script): the candidates of the command's positional argument at that place.
     */
    public List<String> candidates(Object commandLine) throws ReflectiveOperationException {
        Method wordsMethod = commandLine.getClass().getMethod("words");
        Method indexMethod = commandLine.getClass().getMethod("wordIndex");
        wordsMethod.setAccessible(true);
        indexMethod.setAccessible(true);
        @SuppressWarnings("unchecked")
        List<String> words = (List<String>) wordsMethod.invoke(commandLine);
        int index = (Integer) indexMethod.invoke(commandLine);
        if (words.isEmpty() || index < 1) {
            return List.of();
        }
        String command = scoped(words.get(0));
        List<Kind> kinds = ARGUMENTS.get(command);
        if (kinds == null) {
            return List.of();
        }
        List<String> positional = new ArrayList<>();
        for (int i = 1; i < index && i < words.size(); i++) {
            String w = words.get(i);
            if (VALUED_OPTIONS.contains(w)) {
                i++;
            } else if (!w.startsWith("-")) {
                positional.add(w);
            }
        }
        if (index > 1 && VALUED_OPTIONS.contains(words.get(index - 1))) {
            return List.of();
        }
        int at = positional.size();
        if (at >= kinds.size()) {
            return List.of();
        }
        return switch (kinds.get(at)) {
            case MAP -> maps();
            case VERB -> VERBS;
            case MAP_PATH -> mapPaths(positional.get(0), positional.get(1));
            case PLUGIN -> plugins();
            case ARRAY -> arrays();
            case PORT -> ports(positional.get(0));
            case UP_DOWN -> List.of("up", "down");
            case ON_OFF -> List.of("on", "off");
            case PERSONALITY -> personalities();
            case ALUA_STATE -> List.of("active", "nonoptimized", "standby", "unavailable", "offline",
                    "transitioning");
            case NONE -> List.of();
        };
    }

    /** {@code remove} or {@code mpath:remove}: the scoped name of a command of ARGUMENTS. */
    private static String scoped(String word) {
        if (word.contains(":")) {
            return word;
        }
        for (String name : ARGUMENTS.keySet()) {
            if (name.endsWith(":" + word)) {
                return name;
            }
        }
        return word;
    }

    private List<String> maps() {
        List<String> names = new ArrayList<>();
        if (gogo.hasCommand("mpath", "ls")) {
            for (String line : run("mpath:ls").split("\n")) {
                if (!line.isBlank()) {
                    names.add(line.strip());
                }
            }
            return names;
        }
        for (String line : run("mpath:table").split("\n")) {
            int colon = line.indexOf(": ");
            if (colon > 0) {
                names.add(line.substring(0, colon));
            }
        }
        return names;
    }

    private List<String> mapPaths(String map, String verb) {
        if (!verb.equals("fail_path") && !verb.equals("reinstate_path")) {
            return List.of();
        }
        Set<String> paths = new LinkedHashSet<>();
        Matcher m = TABLE_PATH.matcher(run("mpath:table " + map));
        while (m.find()) {
            paths.add(m.group());
        }
        return new ArrayList<>(paths);
    }

    /** The array personalities registered now: the NAME of each {@code NAME: DESCRIPTION} of sim:personalities. */
    private List<String> personalities() {
        List<String> names = new ArrayList<>();
        if (gogo.hasCommand("sim", "personalities")) {
            for (String line : run("sim:personalities").split("\n")) {
                int colon = line.indexOf(": ");
                if (colon > 0) {
                    names.add(line.substring(0, colon));
                }
            }
        }
        return names;
    }

    private List<String> plugins() {
        List<String> names = new ArrayList<>();
        for (String command : List.of("mpath:handlers", "mpath:selectors")) {
            String[] lines = run(command).split("\n");
            for (int i = 1; i < lines.length; i++) {
                String[] cols = lines[i].strip().split("\\s+");
                if (!cols[0].isEmpty()) {
                    names.add(cols[0]);
                }
            }
        }
        return names;
    }

    private List<String> arrays() {
        List<String> names = new ArrayList<>();
        for (String line : run("sim:arrays").split("\n")) {
            if (!line.isBlank() && !Character.isWhitespace(line.charAt(0))) {
                names.add(line.split("\\s+")[0]);
            }
        }
        return names;
    }

    private List<String> ports(String array) {
        List<String> ports = new ArrayList<>();
        boolean inArray = false;
        for (String line : run("sim:arrays").split("\n")) {
            if (!line.isBlank() && !Character.isWhitespace(line.charAt(0))) {
                inArray = line.split("\\s+")[0].equals(array);
            } else if (inArray) {
                Matcher m = PORT.matcher(line);
                while (m.find()) {
                    ports.add(m.group(1));
                }
            }
        }
        return ports;
    }

    /** A command's result as text, "" when it fails (Tab then offers nothing). */
    private synchronized String run(String command) {
        try {
            if (session == null) {
                PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
                session = gogo.open(discard, discard);
            }
            Object result = session.execute(command);
            return result == null ? "" : String.valueOf(result);
        } catch (Gogo.CommandFailed | IOException e) {
            return "";
        }
    }

    private static List<String> flatten(Object[] words) {
        List<String> out = new ArrayList<>();
        for (Object w : words) {
            if (w instanceof List<?> list) {
                list.forEach(x -> out.add(String.valueOf(x)));
            } else if (w != null) {
                out.add(String.valueOf(w));
            }
        }
        return out;
    }
}
