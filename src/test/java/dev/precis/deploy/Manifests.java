package dev.precis.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Assumptions;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** Renders a kustomize overlay with kubectl and reads every object with the fabric8 Kubernetes model. */
final class Manifests {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private Manifests() {
    }

    static List<HasMetadata> render(String overlay) throws IOException, InterruptedException {
        Assumptions.assumeTrue(kubectlInstalled(), "needs kubectl (apt-get install kubectl); .ci/run installs it");
        Process kubectl = new ProcessBuilder("kubectl", "kustomize", overlay).redirectErrorStream(true).start();
        String yaml = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!kubectl.waitFor(60, TimeUnit.SECONDS) || kubectl.exitValue() != 0) {
            throw new AssertionError("kubectl kustomize " + overlay + " failed:\n" + yaml);
        }
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : yaml.split("(?m)^---\\s*$")) {
            if (!document.isBlank()) {
                objects.add(SERIALIZATION.unmarshal(document, HasMetadata.class));
            }
        }
        return objects;
    }

    private static boolean kubectlInstalled() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (java.nio.file.Files.isExecutable(java.nio.file.Path.of(dir, "kubectl"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Paths of fields the model did not know. fabric8 keeps unknown fields in "additional properties" instead of
     * failing, so a misspelt field ("readinesProbe") would pass silently without this walk.
     */
    static List<String> unknownFields(Object object) {
        List<String> unknown = new ArrayList<>();
        walk(object, object.getClass().getSimpleName(), unknown, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
        return unknown;
    }

    private static void walk(Object node, String path, List<String> unknown, Set<Object> seen) {
        if (node == null || !seen.add(node)) {
            return;
        }
        if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(item, path + "[" + i++ + "]", unknown, seen);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> walk(value, path + "." + key, unknown, seen));
            return;
        }
        if (!(node instanceof KubernetesResource)) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                continue;
            }
            Object value = invoke(getter, node);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(key -> unknown.add(path + "." + key));
                }
            } else {
                walk(value, path + "." + getter.getName().substring(3), unknown, seen);
            }
        }
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
