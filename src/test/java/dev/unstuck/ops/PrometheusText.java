package dev.unstuck.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** A scrape of {@code /actuator/prometheus} read back into samples, the way Prometheus itself reads it. */
public final class PrometheusText {
    public record Sample(String name, Map<String, String> labels, double value) {
        public String label(String key) {
            return labels.get(key);
        }
    }

    private final List<Sample> samples;

    private PrometheusText(List<Sample> samples) {
        this.samples = List.copyOf(samples);
    }

    public static PrometheusText parse(String exposition) {
        List<Sample> out = new ArrayList<>();
        for (String line : exposition.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            String name;
            Map<String, String> labels = new LinkedHashMap<>();
            if (brace >= 0 && brace < space) {
                name = line.substring(0, brace);
                String body = line.substring(brace + 1, line.lastIndexOf('}'));
                parseLabels(body, labels);
            } else {
                name = line.substring(0, space);
            }
            out.add(new Sample(name, labels, Double.parseDouble(line.substring(space + 1).trim())));
        }
        return new PrometheusText(out);
    }

    private static void parseLabels(String body, Map<String, String> labels) {
        int i = 0;
        while (i < body.length()) {
            int eq = body.indexOf('=', i);
            String key = body.substring(i, eq).trim();
            StringBuilder value = new StringBuilder();
            int j = eq + 2;
            while (body.charAt(j) != '"') {
                if (body.charAt(j) == '\\') {
                    j++;
                }
                value.append(body.charAt(j++));
            }
            labels.put(key, value.toString());
            i = j + 1;
            if (i < body.length() && body.charAt(i) == ',') {
                i++;
            }
        }
    }

    public List<Sample> samples() {
        return samples;
    }

    public List<Sample> named(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).toList();
    }

    public Optional<Sample> first(String name, Predicate<Sample> where) {
        return named(name).stream().filter(where).findFirst();
    }

    public List<String> names() {
        return samples.stream().map(Sample::name).distinct().toList();
    }

    public static Predicate<Sample> with(String key, String value) {
        return s -> value.equals(s.label(key));
    }
}
