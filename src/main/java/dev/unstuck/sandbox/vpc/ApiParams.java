package dev.unstuck.sandbox.vpc;

import java.util.List;
import java.util.Map;

/** The parameters of one OpenAPI call, read the way the cloud reads them: absent and empty mean "not given". */
record ApiParams(Map<String, String> values) {

    String get(String name) {
        String v = values.get(name);
        return v == null || v.isEmpty() ? null : v;
    }

    String required(String name) {
        String v = get(name);
        if (v == null) {
            throw VpcApiError.missing(name);
        }
        return v;
    }

    int intParam(String name, int fallback, int min, int max) {
        String v = get(name);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below like any out-of-range value
        }
        throw VpcApiError.illegal(name);
    }

    boolean flag(String name) {
        String v = get(name);
        if (v == null || v.equalsIgnoreCase("false")) {
            return false;
        }
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        throw VpcApiError.illegal(name);
    }

    /** A filter parameter: true when not given or equal to {@code value}. */
    boolean matches(String name, String value) {
        String wanted = get(name);
        return wanted == null || wanted.equals(value);
    }

    static <T> List<T> page(List<T> all, int pageNumber, int pageSize) {
        long from = (pageNumber - 1) * (long) pageSize;
        if (from >= all.size()) {
            return List.of();
        }
        return all.subList((int) from, (int) Math.min(all.size(), from + pageSize));
    }
}
