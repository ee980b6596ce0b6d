package dev.fivenines.loadgen;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small parser for {@code --name value}, {@code --name=value} and {@code --flag} arguments:
 * enough for two commands, without another dependency. Unknown options are errors.
 */
public final class Args {
    private final Map<String, String> options = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();

    private Args() {
    }

    public static Args parse(String[] args, Set<String> valued, Set<String> flags) {
        Args out = new Args();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                out.positional.add(a);
                continue;
            }
            String name = a.substring(2);
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
                out.options.put(name, "true");
            } else if (valued.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new UsageException("--" + name + " needs a value");
                    }
                    value = args[++i];
                }
                if (out.options.containsKey(name)) {
                    throw new UsageException("--" + name + " given twice");
                }
                out.options.put(name, value);
            } else {
                throw new UsageException("unknown option --" + name);
            }
        }
        return out;
    }

    public String get(String name) {
        return options.get(name);
    }

    public String get(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    public boolean has(String name) {
        return options.containsKey(name);
    }

    public List<String> positional() {
        return positional;
    }

    public long longIn(String name, long fallback, long min, long max) {
        String v = options.get(name);
        if (v == null) {
            return fallback;
        }
        long n;
        try {
            n = Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a whole number in [" + min + ", " + max + "], was '" + v + "'");
        }
        if (n < min || n > max) {
            throw new UsageException("--" + name + " must be in [" + min + ", " + max + "], was " + n);
        }
        return n;
    }

    public double doubleIn(String name, double min, double max) {
        String v = options.get(name);
        double d;
        try {
            d = Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a number in [" + min + ", " + max + "], was '" + v + "'");
        }
        if (!(d >= min && d <= max)) {
            throw new UsageException("--" + name + " must be in [" + min + ", " + max + "], was " + v);
        }
        return d;
    }
}
