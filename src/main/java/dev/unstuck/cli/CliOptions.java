package dev.unstuck.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Command-line options of one subcommand: positional arguments and {@code --name value} / {@code --name=value} /
 * {@code --flag}. Anything unexpected is a {@link UsageException} with a one-line message, never a stack trace.
 */
final class CliOptions {
    private final List<String> positional = new ArrayList<>();
    private final Map<String, List<String>> values = new LinkedHashMap<>();

    private CliOptions() {
    }

    /**
     * @param valued   options that take a value
     * @param flags    options that take none
     * @param repeated valued options that may be given more than once
     */
    static CliOptions parse(String command, List<String> args, Set<String> valued, Set<String> flags,
                            Set<String> repeated) {
        CliOptions o = new CliOptions();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--")) {
                o.positional.addAll(args.subList(i + 1, args.size()));
                break;
            }
            if (!arg.startsWith("--") || arg.length() == 2) {
                if (arg.startsWith("-") && arg.length() > 1) {
                    throw new UsageException("unknown option '" + arg + "' for " + command + "; options start with --");
                }
                o.positional.add(arg);
                continue;
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (flags.contains(name)) {
                if (value != null) {
                    throw new UsageException("--" + name + " takes no value");
                }
                o.values.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
                continue;
            }
            if (!valued.contains(name)) {
                throw new UsageException("unknown option --" + name + " for " + command + "; known: "
                        + known(valued, flags));
            }
            if (value == null) {
                if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                    throw new UsageException("--" + name + " needs a value");
                }
                value = args.get(++i);
            }
            if (value.isBlank()) {
                throw new UsageException("--" + name + " needs a non-empty value");
            }
            List<String> list = o.values.computeIfAbsent(name, k -> new ArrayList<>());
            if (!list.isEmpty() && !repeated.contains(name)) {
                throw new UsageException("--" + name + " is given twice");
            }
            list.add(value);
        }
        return o;
    }

    private static String known(Set<String> valued, Set<String> flags) {
        List<String> all = new ArrayList<>();
        valued.stream().sorted().forEach(v -> all.add("--" + v));
        flags.stream().sorted().forEach(f -> all.add("--" + f));
        return String.join(" ", all);
    }

    List<String> positional() {
        return positional;
    }

    String value(String name) {
        List<String> list = values.get(name);
        return list == null ? null : list.get(0);
    }

    List<String> values(String name) {
        return values.getOrDefault(name, List.of());
    }

    boolean flag(String name) {
        return values.containsKey(name);
    }

    int intValue(String name, int fallback, int min, int max) {
        String v = value(name);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw new UsageException("--" + name + " must be between " + min + " and " + max + ", got " + v);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a whole number, got '" + v + "'");
        }
    }
}
