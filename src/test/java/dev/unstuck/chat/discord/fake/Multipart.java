package dev.unstuck.chat.discord.fake;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Just enough of multipart/form-data to pull named parts out of a body: payload_json and the uploaded files. */
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

    /** An uploaded file: the part's {@code filename} and its content as UTF-8 text. */
    record FilePart(String filename, String text) {
    }

    /** The parts that carry a file ({@code files[n]} with a filename), in order. */
    static java.util.List<FilePart> files(String contentType, byte[] body) {
        java.util.List<FilePart> files = new java.util.ArrayList<>();
        Matcher m = BOUNDARY.matcher(contentType);
        if (!m.find()) {
            return files;
        }
        String text = new String(body, StandardCharsets.ISO_8859_1);
        String delimiter = "--" + m.group(1);
        Pattern filename = Pattern.compile("filename=\"([^\"]*)\"");
        int at = text.indexOf(delimiter);
        while (at >= 0) {
            int headersStart = at + delimiter.length();
            int headersEnd = text.indexOf("\r\n\r\n", headersStart);
            int next = text.indexOf(delimiter, headersStart);
            if (text.startsWith("--", headersStart) || headersEnd < 0 || next < 0) {
                return files;
            }
            Matcher f = filename.matcher(text.substring(headersStart, headersEnd));
            if (f.find()) {
                byte[] content = new byte[next - 2 - (headersEnd + 4)];
                System.arraycopy(body, headersEnd + 4, content, 0, content.length);
                files.add(new FilePart(f.group(1), new String(content, StandardCharsets.UTF_8)));
            }
            at = next;
        }
        return files;
    }
}
