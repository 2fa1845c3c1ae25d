package dev.unstuck.sandbox.vpc;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The RPC-style OpenAPI signature (HMAC-SHA1, SignatureVersion 1.0), computed the way the cloud's gateway does. */
public final class OpenApiSignature {
    private OpenApiSignature() {
    }

    /** UTF-8 URL-encoding with the OpenAPI's deviations from form encoding: space and '*' escaped, '~' kept. */
    public static String percentEncode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8)
                .replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }

    /** METHOD&%2F&pct(sorted k=v pairs), every parameter except Signature itself. */
    public static String stringToSign(String method, Map<String, String> params) {
        String canonical = new TreeMap<>(params).entrySet().stream()
                .filter(e -> !"Signature".equals(e.getKey()))
                .map(e -> percentEncode(e.getKey()) + "=" + percentEncode(e.getValue()))
                .collect(Collectors.joining("&"));
        return method + "&" + percentEncode("/") + "&" + percentEncode(canonical);
    }

    public static String sign(String accessKeySecret, String stringToSign) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec((accessKeySecret + "&").getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is required by every Java runtime", e);
        }
    }
}
