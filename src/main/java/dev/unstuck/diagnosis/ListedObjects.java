package dev.unstuck.diagnosis;

import java.util.List;
import java.util.Map;

/** Objects found in a namespace, and the resource types that could not be listed (qualified name -> error). */
public record ListedObjects(List<RemainingObject> objects, Map<String, String> failedTypes) {
    public ListedObjects {
        objects = List.copyOf(objects);
        failedTypes = Map.copyOf(failedTypes);
    }
}
