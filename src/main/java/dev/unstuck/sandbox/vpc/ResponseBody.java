package dev.unstuck.sandbox.vpc;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Writes an answer in the format the caller asked for ({@code Format=JSON}, the SDK's default, or {@code XML}), with
 * the same nesting either way: a wrapped list {@code {"VSwitches":{"VSwitch":[a,b]}}} becomes
 * {@code <VSwitches><VSwitch>a</VSwitch><VSwitch>b</VSwitch></VSwitches>}.
 */
final class ResponseBody {
    // The SDK's JSON reader does not decode unicode escapes, so none may be written.
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

    private ResponseBody() {
    }

    static boolean wantsXml(Map<String, String> params) {
        return "XML".equalsIgnoreCase(params.get("Format"));
    }

    static String contentType(boolean xml) {
        return xml ? "text/xml;charset=utf-8" : "application/json;charset=utf-8";
    }

    /** {@code root} names the XML document element: {@code <Action>Response} for answers, {@code Error} for errors. */
    static byte[] render(Map<String, Object> body, boolean xml, String root) {
        if (!xml) {
            return GSON.toJson(body).getBytes(StandardCharsets.UTF_8);
        }
        StringBuilder sb = new StringBuilder("<?xml version='1.0' encoding='UTF-8'?>");
        element(sb, root, body);
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void element(StringBuilder sb, String name, Object value) {
        if (value instanceof List<?> items) {
            items.forEach(item -> element(sb, name, item));
            return;
        }
        sb.append('<').append(name).append('>');
        if (value instanceof Map<?, ?> fields) {
            fields.forEach((k, v) -> element(sb, String.valueOf(k), v));
        } else if (value != null) {
            escape(sb, String.valueOf(value));
        }
        sb.append("</").append(name).append('>');
    }

    private static void escape(StringBuilder sb, String text) {
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                default -> sb.append(c);
            }
        }
    }
}
