package tcpconform.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A small JSON writer: objects keep their insertion order, strings are escaped. */
public final class Json {

    private Json() {
    }

    /** Renders maps, lists, strings, numbers, booleans and null, indented by two spaces. */
    public static String write(Object value) {
        StringBuilder s = new StringBuilder();
        write(value, s, "");
        return s.append('\n').toString();
    }

    private static void write(Object v, StringBuilder s, String indent) {
        if (v == null) {
            s.append("null");
        } else if (v instanceof String str) {
            s.append(quote(str));
        } else if (v instanceof Number || v instanceof Boolean) {
            s.append(v);
        } else if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                s.append("{}");
                return;
            }
            s.append("{\n");
            List<String> items = new ArrayList<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                StringBuilder item = new StringBuilder(indent + "  " + quote(String.valueOf(e.getKey())) + ": ");
                write(e.getValue(), item, indent + "  ");
                items.add(item.toString());
            }
            s.append(String.join(",\n", items)).append('\n').append(indent).append('}');
        } else if (v instanceof List<?> l) {
            if (l.isEmpty()) {
                s.append("[]");
                return;
            }
            s.append("[\n");
            List<String> items = new ArrayList<>();
            for (Object o : l) {
                StringBuilder item = new StringBuilder(indent + "  ");
                write(o, item, indent + "  ");
                items.add(item.toString());
            }
            s.append(String.join(",\n", items)).append('\n').append(indent).append(']');
        } else {
            s.append(quote(v.toString()));
        }
    }

    /** A JSON string literal. */
    public static String quote(String str) {
        StringBuilder s = new StringBuilder("\"");
        for (char c : str.toCharArray()) {
            switch (c) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\n' -> s.append("\\n");
                case '\r' -> s.append("\\r");
                case '\t' -> s.append("\\t");
                default -> {
                    if (c < 0x20) {
                        s.append(String.format("\\u%04x", (int) c));
                    } else {
                        s.append(c);
                    }
                }
            }
        }
        return s.append('"').toString();
    }
}
