package dev.unstuck.diagnosis;

/** The Service an aggregated APIService proxies to. */
public record ServiceRef(String namespace, String name, Integer port) {
    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
