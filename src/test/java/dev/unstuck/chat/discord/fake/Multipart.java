package dev.unstuck.chat.discord.fake;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Just enough of multipart/form-data to pull one named text part out of a body, which is all Discord reads. */
final class Multipart {
    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");

    private Multipart() {
    }

    static String part(String contentType, byte[] body, String name) {
        Matcher m = BOUNDARY.matcher(contentType);
        if (!m.find()) {
            return null;
        }
        // ISO-8859-1 maps bytes one to one, so offsets found in the string are offsets in the body
        String text = new String(body, StandardCharsets.ISO_8859_1);
        String delimiter = "--" + m.group(1);
        int at = text.indexOf(delimiter);
        while (at >= 0) {
            int headersStart = at + delimiter.length();
            if (text.startsWith("--", headersStart)) {
                return null;
            }
            int headersEnd = text.indexOf("\r\n\r\n", headersStart);
            int next = text.indexOf(delimiter, headersStart);
            if (headersEnd < 0 || next < 0) {
                return null;
            }
            String headers = text.substring(headersStart, headersEnd);
            if (headers.contains("name=\"" + name + "\"")) {
                int end = next - 2; // the CRLF before the next delimiter belongs to the delimiter
                byte[] content = new byte[end - (headersEnd + 4)];
                System.arraycopy(body, headersEnd + 4, content, 0, content.length);
                return new String(content, StandardCharsets.UTF_8);
            }
            at = next;
        }
        return null;
    }
}
