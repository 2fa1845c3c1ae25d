package dev.unstuck.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** The chart rendered by Helm's own engine as {@code helm template unstuck -n unstuck}, read back as typed objects. */
final class RenderedChart {
    static final Path CHART = Path.of("deploy/helm/unstuck");
    static final Path PRODUCTION_VALUES = Path.of("deploy/helm/production-values.yaml");

    final String yaml;
    final List<HasMetadata> objects;

    private RenderedChart(String yaml) {
        this.yaml = yaml;
        this.objects = parse(yaml);
    }

    static RenderedChart render(UnaryOperator<TemplateCommand> values) {
        return new RenderedChart(values.apply(new Helm(CHART).template().withName("unstuck")
                .withNamespace("unstuck")).call());
    }

    static RenderedChart defaults() {
        return render(t -> t);
    }

    static RenderedChart production() {
        return render(t -> t.withValuesFile(PRODUCTION_VALUES));
    }

    static List<HasMetadata> parse(String multiDocument) {
        List<HasMetadata> out = new ArrayList<>();
        for (String doc : multiDocument.split("(?m)^---\\s*$")) {
            if (doc.lines().allMatch(l -> l.isBlank() || l.trim().startsWith("#"))) {
                continue;
            }
            out.add(Serialization.unmarshal(doc, HasMetadata.class));
        }
        return out;
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> T one(Class<T> type) {
        List<T> found = all(type);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + type.getSimpleName() + ", rendered " + found.size());
        }
        return found.get(0);
    }

    List<String> kinds() {
        return objects.stream().map(HasMetadata::getKind).toList();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> yamlMap(String yaml) {
        return Serialization.unmarshal(yaml, Map.class);
    }
}
