package org.jlxc.config;

import java.util.List;

/**
 * How one key's value is parsed into the typed model and printed back (as get_config_item shows it).
 * Values of split types ({@code lxc.cap.drop = a b c}) parse into a {@link List} of items.
 */
interface ValueType {
    Object parse(String value) throws InvalidValueException;

    default String print(Object value) {
        return String.valueOf(value);
    }

    static ValueType of(Parser parser) {
        return parser::parse;
    }

    static ValueType of(Parser parser, java.util.function.Function<Object, String> printer) {
        return new ValueType() {
            @Override
            public Object parse(String value) throws InvalidValueException {
                return parser.parse(value);
            }

            @Override
            public String print(Object value) {
                return printer.apply(value);
            }
        };
    }

    /** Splits on blanks and parses each item with {@code item}; the result is a List. */
    static ValueType split(ValueType item) {
        return of(v -> {
            var out = new java.util.ArrayList<Object>();
            for (String token : v.strip().split("\\s+")) {
                if (!token.isEmpty()) {
                    out.add(item.parse(token));
                }
            }
            return List.copyOf(out);
        }, o -> String.join(" ", ((List<?>) o).stream().map(item::print).toList()));
    }

    @FunctionalInterface
    interface Parser {
        Object parse(String value) throws InvalidValueException;
    }
}
