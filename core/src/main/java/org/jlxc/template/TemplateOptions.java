package org.jlxc.template;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The arguments after {@code --} of lxc-create, read the way the shell templates read them with
 * getopt: {@code --key=value} or {@code --key value}, only the template's own keys.
 */
final class TemplateOptions {

    private final Map<String, String> values;

    private TemplateOptions(Map<String, String> values) {
        this.values = values;
    }

    /** @param known the long option names the template takes, each with a value */
    static TemplateOptions parse(String template, List<String> args, Set<String> known) throws TemplateException {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--") || arg.equals("--")) {
                throw new TemplateException("template " + template + ": unexpected argument '" + arg + "'");
            }
            int eq = arg.indexOf('=');
            String key = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
            if (!known.contains(key)) {
                throw new TemplateException("template " + template + ": unrecognized option '--" + key + "'");
            }
            if (eq >= 0) {
                values.put(key, arg.substring(eq + 1));
            } else if (i + 1 < args.size()) {
                values.put(key, args.get(++i));
            } else {
                throw new TemplateException("template " + template + ": option '--" + key + "' requires an argument");
            }
        }
        return new TemplateOptions(values);
    }

    String get(String key) {
        return values.get(key);
    }
}
