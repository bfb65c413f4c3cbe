package dev.precis.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The deployment files as users apply them: each overlay rendered by kustomize, every object read with the
 * Kubernetes model, and the production checklist (kube-score, kube-linter, Polaris) asserted on what renders.
 */
class DeploymentIT {

    private static final Path PROMPTS = Path.of("prompts");

    @ParameterizedTest
    @ValueSource(strings = {"k8s/overlays/ollama", "k8s/overlays/hosted"})
    void everyObjectIsKnownToKubernetes(String overlay) throws Exception {
        List<HasMetadata> objects = Manifests.render(overlay);
        assertThat(objects).extracting(HasMetadata::getKind)
                .contains("Deployment", "Service", "ConfigMap", "HorizontalPodAutoscaler", "PodDisruptionBudget",
                        "NetworkPolicy", "ServiceAccount");
        for (HasMetadata object : objects) {
            assertThat(Manifests.unknownFields(object)).as(object.getKind() + " " + object.getMetadata().getName())
                    .isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"k8s/overlays/ollama", "k8s/overlays/hosted"})
    void theDeploymentMeetsTheProductionChecklist(String overlay) throws Exception {
        List<HasMetadata> objects = Manifests.render(overlay);
        Deployment deployment = find(objects, Deployment.class, "precis");
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container container = pod.getContainers().get(0);

        assertThat(deployment.getSpec().getReplicas()).isGreaterThanOrEqualTo(2);
        assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/q/health/started");
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
        for (io.fabric8.kubernetes.api.model.Probe probe : List.of(container.getStartupProbe(), container.getReadinessProbe(),
                container.getLivenessProbe())) {
            assertThat(probe.getHttpGet().getPort().getStrVal()).as("probes on the management port").isEqualTo("management");
        }
        assertThat(container.getPorts()).anySatisfy(port -> {
            assertThat(port.getName()).isEqualTo("management");
            assertThat(port.getContainerPort()).isEqualTo(9000);
        });
        assertThat(container.getImage()).matches(".+:\\d[\\w.-]*").doesNotEndWith(":latest");
        assertThat(container.getImagePullPolicy()).isEqualTo("IfNotPresent");
        assertUnprivilegedAndBounded(pod, container);
        assertThat(container.getVolumeMounts()).anySatisfy(mount -> assertThat(mount.getMountPath()).isEqualTo("/tmp"));
        assertThat(pod.getVolumes()).anySatisfy(volume -> assertThat(volume.getEmptyDir()).isNotNull());

        assertThat(pod.getAffinity().getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution().get(0)
                .getPodAffinityTerm().getTopologyKey()).isEqualTo("kubernetes.io/hostname");
        assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("prometheus.io/scrape", "true").containsEntry("prometheus.io/path", "/q/metrics")
                .containsEntry("prometheus.io/port", "9000");
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(find(objects, io.fabric8.kubernetes.api.model.ServiceAccount.class, "precis")
                .getAutomountServiceAccountToken()).isFalse();

        long grace = java.time.Duration.parse("PT" + settings(objects).get("PRECIS_SHUTDOWN_GRACE").toUpperCase(Locale.ROOT))
                .toSeconds();
        assertThat(pod.getTerminationGracePeriodSeconds()).isGreaterThan(grace);
        long deadline = java.time.Duration.parse("PT" + settings(objects).get("PRECIS_REQUEST_DEADLINE")
                .toUpperCase(Locale.ROOT)).toSeconds();
        assertThat(grace).as("a digest under way at a rollout has its whole deadline to finish").isGreaterThanOrEqualTo(deadline);
        assertThat(find(objects, PodDisruptionBudget.class, "precis").getSpec().getMinAvailable().getIntVal())
                .isGreaterThanOrEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"k8s/overlays/ollama", "k8s/overlays/hosted"})
    void everyImageIsPinnedToAVersion(String overlay) throws Exception {
        List<Container> containers = new java.util.ArrayList<>();
        for (HasMetadata object : Manifests.render(overlay)) {
            if (object instanceof Deployment deployment) {
                containers.addAll(deployment.getSpec().getTemplate().getSpec().getContainers());
            } else if (object instanceof io.fabric8.kubernetes.api.model.batch.v1.Job job) {
                containers.addAll(job.getSpec().getTemplate().getSpec().getContainers());
            }
        }
        assertThat(containers).isNotEmpty().allSatisfy(container ->
                assertThat(container.getImage()).matches("[^:]+(:\\d+)?/?[^:]*:\\d[\\w.-]*").doesNotEndWith(":latest"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"k8s/overlays/ollama", "k8s/overlays/hosted"})
    void theSettingsAreOnesTheServiceReads(String overlay) throws Exception {
        Set<String> known = new HashSet<>(environmentNames());
        assertThat(settings(Manifests.render(overlay)).keySet()).allSatisfy(key -> assertThat(known).contains(key));
    }

    @ParameterizedTest
    @ValueSource(strings = {"k8s/overlays/ollama", "k8s/overlays/hosted"})
    void thePromptConfigMapHoldsThePromptsOfTheRepository(String overlay) throws Exception {
        ConfigMap prompts = Manifests.render(overlay).stream()
                .filter(o -> o instanceof ConfigMap && o.getMetadata().getName().startsWith("precis-prompts"))
                .map(ConfigMap.class::cast).findFirst().orElseThrow();
        assertThat(prompts.getData()).isEqualTo(promptFiles());
        Deployment deployment = find(Manifests.render(overlay), Deployment.class, "precis");
        assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes())
                .anySatisfy(v -> assertThat(v.getConfigMap() == null ? null : v.getConfigMap().getName())
                        .isEqualTo(prompts.getMetadata().getName()));
    }

    /** The settings each overlay ships pass the service's own start-up checks (the key comes from the Secret). */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"k8s/overlays/ollama", "k8s/overlays/hosted"})
    void eachOverlaysLlmSettingsAreValid(String overlay) throws Exception {
        java.util.Map<String, String> env = new java.util.HashMap<>(settings(Manifests.render(overlay)));
        env.put("PRECIS_LLM_API_KEY", "from-the-secret");
        assertThat(dev.precis.llm.provider.BackendConfig.of(dev.precis.llm.Gateways.configFromEnv(env).llm()))
                .isNotEmpty();
    }

    /** A change of settings rolls the pods as a change of prompts does: both ConfigMaps are named by their content. */
    @ParameterizedTest
    @ValueSource(strings = {"k8s/overlays/ollama", "k8s/overlays/hosted"})
    void theSettingsConfigMapIsNamedByItsContentAndReferencedByThatName(String overlay) throws Exception {
        List<HasMetadata> objects = Manifests.render(overlay);
        ConfigMap settings = settingsMap(objects);
        assertThat(settings.getMetadata().getName()).matches("precis-settings-[a-z0-9]{10}");
        Deployment deployment = find(objects, Deployment.class, "precis");
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnvFrom())
                .anySatisfy(source -> assertThat(source.getConfigMapRef().getName()).isEqualTo(settings.getMetadata().getName()));
        String other = Manifests.render("k8s/overlays/ollama".equals(overlay) ? "k8s/overlays/hosted" : "k8s/overlays/ollama")
                .stream().filter(ConfigMap.class::isInstance).map(o -> o.getMetadata().getName())
                .filter(name -> name.startsWith("precis-settings-")).findFirst().orElseThrow();
        assertThat(other).as("other settings, another name").isNotEqualTo(settings.getMetadata().getName());
    }

    /** Health and metrics: on their own port, not behind the Service, reachable by the monitoring namespace only. */
    @ParameterizedTest
    @ValueSource(strings = {"k8s/overlays/ollama", "k8s/overlays/hosted"})
    void theManagementPortIsNotInTheServiceAndOnlyMonitoringReachesIt(String overlay) throws Exception {
        List<HasMetadata> objects = Manifests.render(overlay);
        io.fabric8.kubernetes.api.model.Service service = find(objects, io.fabric8.kubernetes.api.model.Service.class, "precis");
        assertThat(service.getSpec().getPorts()).extracting(port -> port.getPort()).containsExactly(8080);
        NetworkPolicy policy = find(objects, NetworkPolicy.class, "precis");
        assertThat(policy.getSpec().getIngress()).anySatisfy(rule -> {
            assertThat(rule.getPorts()).extracting(port -> port.getPort().getIntVal()).containsExactly(9000);
            assertThat(rule.getFrom()).isNotEmpty().allSatisfy(peer -> assertThat(peer.getNamespaceSelector()).isNotNull());
        });
        assertThat(policy.getSpec().getIngress()).allSatisfy(rule -> {
            if (rule.getFrom() == null || rule.getFrom().isEmpty()) {
                assertThat(rule.getPorts()).extracting(port -> port.getPort().getIntVal()).doesNotContain(9000);
            }
        });
    }

    /**
     * The fleet's Redis: unprivileged, bounded, nothing on disk, reached by precis pods only, and precis wired to it
     * with the password of a Secret (never in the manifests).
     */
    @ParameterizedTest
    @ValueSource(strings = {"k8s/overlays/ollama", "k8s/overlays/hosted"})
    void redisRunsUnprivilegedWithoutPersistenceAndOnlyPrecisReachesIt(String overlay) throws Exception {
        List<HasMetadata> objects = Manifests.render(overlay);
        Deployment redis = find(objects, Deployment.class, "precis-redis");
        PodSpec pod = redis.getSpec().getTemplate().getSpec();
        Container container = pod.getContainers().get(0);
        assertUnprivilegedAndBounded(pod, container);
        assertThat(container.getSecurityContext().getRunAsNonRoot()).isTrue();
        String args = String.join(" ", container.getArgs());
        assertThat(args).contains("--save  ").contains("--appendonly no").contains("--requirepass $(REDIS_PASSWORD)");
        long maxMemory = Long.parseLong(args.replaceAll(".*--maxmemory (\\d+)mb.*", "$1")) << 20;
        assertThat(maxMemory).as("Redis's own bound sits below the container's limit")
                .isLessThan(container.getResources().getLimits().get("memory").getNumericalAmount().longValue());
        assertThat(container.getEnv()).anySatisfy(env -> {
            assertThat(env.getName()).isEqualTo("REDIS_PASSWORD");
            assertThat(env.getValueFrom().getSecretKeyRef().getName()).isEqualTo("precis-redis");
        });

        io.fabric8.kubernetes.api.model.Service service = find(objects, io.fabric8.kubernetes.api.model.Service.class,
                "precis-redis");
        assertThat(service.getSpec().getPorts()).extracting(port -> port.getPort()).containsExactly(6379);
        NetworkPolicy policy = find(objects, NetworkPolicy.class, "precis-redis");
        assertThat(policy.getSpec().getPolicyTypes()).contains("Ingress", "Egress");
        assertThat(policy.getSpec().getEgress()).as("Redis reaches nothing").isNullOrEmpty();
        assertThat(policy.getSpec().getIngress()).singleElement().satisfies(rule -> {
            assertThat(rule.getFrom()).singleElement().satisfies(peer -> {
                assertThat(peer.getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/name", "precis");
                assertThat(peer.getNamespaceSelector()).isNull();
            });
            assertThat(rule.getPorts()).extracting(port -> port.getPort().getIntVal()).containsExactly(6379);
        });
        NetworkPolicy precisPolicy = find(objects, NetworkPolicy.class, "precis");
        assertThat(precisPolicy.getSpec().getEgress()).anySatisfy(rule -> {
            assertThat(rule.getTo()).singleElement().satisfies(peer -> assertThat(peer.getPodSelector().getMatchLabels())
                    .containsEntry("app.kubernetes.io/name", "precis-redis"));
            assertThat(rule.getPorts()).extracting(port -> port.getPort().getIntVal()).containsExactly(6379);
        });

        Container precis = find(objects, Deployment.class, "precis").getSpec().getTemplate().getSpec().getContainers().get(0);
        List<io.fabric8.kubernetes.api.model.EnvVar> env = precis.getEnv();
        int password = indexOf(env, "REDIS_PASSWORD");
        int url = indexOf(env, "PRECIS_REDIS_URL");
        assertThat(password).as("defined before the URL that uses it").isLessThan(url);
        assertThat(env.get(password).getValueFrom().getSecretKeyRef().getName()).isEqualTo("precis-redis");
        String wired = env.get(url).getValue();
        assertThat(wired).contains("$(REDIS_PASSWORD)");
        dev.precis.config.RedisUrl parsed = dev.precis.config.RedisUrl.parse(wired.replace("$(REDIS_PASSWORD)",
                "0123456789abcdef"));
        assertThat(parsed.host()).isEqualTo(service.getMetadata().getName());
        assertThat(parsed.port()).isEqualTo(6379);
        assertThat(parsed.password()).contains("0123456789abcdef");
    }

    @ParameterizedTest
    @ValueSource(strings = {"k8s/overlays/ollama", "k8s/overlays/hosted"})
    void batchesAreKeptInThePostgresqlTheSecretNamesAndPrecisMayReachIt(String overlay) throws Exception {
        List<HasMetadata> objects = Manifests.render(overlay);
        Container precis = find(objects, Deployment.class, "precis").getSpec().getTemplate().getSpec().getContainers().get(0);
        List<io.fabric8.kubernetes.api.model.EnvVar> env = precis.getEnv();
        Map<String, String> keys = Map.of("PRECIS_DB_URL", "url", "PRECIS_DB_USER", "user", "PRECIS_DB_PASSWORD", "password");
        keys.forEach((variable, key) -> {
            io.fabric8.kubernetes.api.model.EnvVar var = env.get(indexOf(env, variable));
            assertThat(var.getValue()).as(variable + " comes from the Secret, never written here").isNull();
            assertThat(var.getValueFrom().getSecretKeyRef().getName()).isEqualTo("precis-db");
            assertThat(var.getValueFrom().getSecretKeyRef().getKey()).isEqualTo(key);
            assertThat(var.getValueFrom().getSecretKeyRef().getOptional()).as("no silent fallback to a file database on "
                    + "a read-only root").isNotEqualTo(Boolean.TRUE);
        });
        assertThat(settings(objects)).doesNotContainKeys("PRECIS_DB_URL", "PRECIS_DB_PASSWORD");
        // batch bodies are received into /tmp: eight of the largest at once must fit, or the pod would be evicted
        io.fabric8.kubernetes.api.model.Volume tmp = find(objects, Deployment.class, "precis").getSpec().getTemplate()
                .getSpec().getVolumes().stream().filter(volume -> volume.getName().equals("tmp")).findFirst().orElseThrow();
        long maxBytes = Long.parseLong(settings(objects).getOrDefault("PRECIS_BATCH_MAX_BYTES", "33554432"));
        assertThat(tmp.getEmptyDir().getSizeLimit().getNumericalAmount().longValue()).isGreaterThan(8 * maxBytes);
        NetworkPolicy policy = find(objects, NetworkPolicy.class, "precis");
        assertThat(policy.getSpec().getEgress()).anySatisfy(rule ->
                assertThat(rule.getPorts()).extracting(port -> port.getPort().getIntVal()).containsExactly(5432));
    }

    @ParameterizedTest
    @ValueSource(strings = {"k8s/overlays/ollama", "k8s/overlays/hosted"})
    void glossariesAreMountedFromAConfigMapThatKeepsItsNameSoEditsAreReloadedInPlace(String overlay) throws Exception {
        List<HasMetadata> objects = Manifests.render(overlay);
        assertThat(settings(objects)).containsEntry("PRECIS_GLOSSARIES_DIR", "/etc/precis/glossaries");
        io.fabric8.kubernetes.api.model.ConfigMap glossaries = find(objects, io.fabric8.kubernetes.api.model.ConfigMap.class,
                "precis-glossaries");
        String newsroom = glossaries.getData().get("newsroom.tsv");
        assertThat(dev.precis.glossary.GlossaryFile.parse(newsroom, false, 10).skipped()).isEmpty();
        io.fabric8.kubernetes.api.model.PodSpec pod = find(objects, Deployment.class, "precis").getSpec().getTemplate()
                .getSpec();
        assertThat(pod.getVolumes()).filteredOn(volume -> volume.getConfigMap() != null)
                .extracting(volume -> volume.getConfigMap().getName()).contains("precis-glossaries");
        assertThat(pod.getContainers().get(0).getVolumeMounts()).anySatisfy(mount -> {
            assertThat(mount.getMountPath()).isEqualTo("/etc/precis/glossaries");
            assertThat(mount.getReadOnly()).isTrue();
        });
    }

    /** Non-root (a user above 10000), no privilege, read-only, seccomp, every capability dropped, requests and limits. */
    private static void assertUnprivilegedAndBounded(PodSpec pod, Container container) {
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isGreaterThan(10_000L);
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getRunAsUser()).isGreaterThan(10_000L);
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(container.getResources().getLimits()).containsKeys("cpu", "memory");
    }

    private static int indexOf(List<io.fabric8.kubernetes.api.model.EnvVar> env, String name) {
        for (int i = 0; i < env.size(); i++) {
            if (env.get(i).getName().equals(name)) {
                return i;
            }
        }
        throw new AssertionError("no " + name + " in " + env);
    }

    @Test
    void theOllamaOverlayPointsAtOllamaAndPullsTheModel() throws Exception {
        List<HasMetadata> objects = Manifests.render("k8s/overlays/ollama");
        assertThat(settings(objects)).containsEntry("PRECIS_LLM_PROVIDER", "ollama")
                .containsEntry("PRECIS_LLM_BASE_URL", "http://ollama:11434");
        assertThat(objects).extracting(HasMetadata::getKind).contains("PersistentVolumeClaim", "Job");
        find(objects, Deployment.class, "ollama");
        // the Job pulls the model precis is set to use, read from the same settings ConfigMap (hashed name included)
        io.fabric8.kubernetes.api.model.Container pull = find(objects, io.fabric8.kubernetes.api.model.batch.v1.Job.class,
                "ollama-pull-model").getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(pull.getCommand()).containsExactly("ollama", "pull", "$(PRECIS_LLM_MODEL)");
        String settingsMap = objects.stream().filter(o -> o.getKind().equals("ConfigMap")
                && o.getMetadata().getName().startsWith("precis-settings")).findFirst().orElseThrow()
                .getMetadata().getName();
        assertThat(pull.getEnv()).anySatisfy(env -> {
            assertThat(env.getName()).isEqualTo("PRECIS_LLM_MODEL");
            assertThat(env.getValueFrom().getConfigMapKeyRef().getName()).isEqualTo(settingsMap);
            assertThat(env.getValueFrom().getConfigMapKeyRef().getKey()).isEqualTo("PRECIS_LLM_MODEL");
        });
        assertThat(find(objects, NetworkPolicy.class, "precis-to-ollama").getSpec().getEgress().get(0).getPorts()
                .get(0).getPort().getIntVal()).isEqualTo(11434);
    }

    /**
     * The Ingress component added to each overlay as the README says: TLS, only the API's port, and proxy limits that
     * leave precis's own answers to precis (its 413 below the proxy's body limit, its deadline below the proxy's).
     */
    @ParameterizedTest
    @ValueSource(strings = {"ollama", "hosted"})
    void theIngressComponentTerminatesTlsAndLetsPrecisAnswerFirst(String overlay) throws Exception {
        Path dir = Path.of("target/k8s-ingress-" + overlay);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - ../../k8s/overlays/%s
                components:
                  - ../../k8s/components/ingress
                """.formatted(overlay));
        List<HasMetadata> objects = Manifests.render(dir.toString());
        io.fabric8.kubernetes.api.model.networking.v1.Ingress ingress =
                find(objects, io.fabric8.kubernetes.api.model.networking.v1.Ingress.class, "precis");
        assertThat(Manifests.unknownFields(ingress)).isEmpty();
        assertThat(ingress.getSpec().getTls()).singleElement().satisfies(tls -> {
            assertThat(tls.getSecretName()).isNotBlank();
            assertThat(tls.getHosts()).containsExactlyElementsOf(
                    ingress.getSpec().getRules().stream().map(rule -> rule.getHost()).toList());
        });
        assertThat(ingress.getSpec().getRules()).allSatisfy(rule -> assertThat(rule.getHttp().getPaths())
                .allSatisfy(path -> {
                    assertThat(path.getBackend().getService().getName()).isEqualTo("precis");
                    assertThat(path.getBackend().getService().getPort().getName()).isEqualTo("http");
                }));
        Map<String, String> annotations = ingress.getMetadata().getAnnotations();
        assertThat(annotations).containsEntry("nginx.ingress.kubernetes.io/force-ssl-redirect", "true");
        Map<String, String> settings = settings(objects);
        long deadline = io.quarkus.runtime.configuration.DurationConverter
                .parseDuration(settings.getOrDefault("PRECIS_REQUEST_DEADLINE", "180s")).toSeconds();
        assertThat(Long.parseLong(annotations.get("nginx.ingress.kubernetes.io/proxy-read-timeout")))
                .as("the proxy waits longer than precis's deadline").isGreaterThan(deadline);
        long maxBody = Long.parseLong(settings.getOrDefault("PRECIS_MAX_BODY_BYTES", "1048576"));
        String proxyBody = annotations.get("nginx.ingress.kubernetes.io/proxy-body-size");
        assertThat(proxyBody).endsWith("m");
        assertThat(Long.parseLong(proxyBody.replace("m", "")) * 1024 * 1024)
                .as("the proxy takes more than precis does, so precis answers 413 itself").isGreaterThan(maxBody);
    }

    @Test
    void theHostedOverlayMayReachHttpsOutsideTheClusterOnly() throws Exception {
        List<HasMetadata> objects = Manifests.render("k8s/overlays/hosted");
        assertThat(settings(objects).get("PRECIS_LLM_BASE_URL")).startsWith("https://");
        assertThat(settings(objects)).containsEntry("PRECIS_LLM_PROVIDER", "anthropic");
        NetworkPolicy egress = find(objects, NetworkPolicy.class, "precis-to-hosted-llm");
        assertThat(egress.getSpec().getEgress().get(0).getPorts().get(0).getPort().getIntVal()).isEqualTo(443);
        assertThat(egress.getSpec().getEgress().get(0).getTo().get(0).getIpBlock().getExcept()).contains("10.0.0.0/8");
    }

    @Test
    void noSecretValueIsCommitted() throws Exception {
        for (String overlay : List.of("k8s/overlays/ollama", "k8s/overlays/hosted")) {
            assertThat(Manifests.render(overlay)).extracting(HasMetadata::getKind).doesNotContain("Secret");
        }
    }

    /**
     * The image makes a class-data archive with src/main/docker/class-archive.sh and starts with it: the same script,
     * run here on the packaged jar, gives an archive this JVM accepts (-Xshare:on refuses to start otherwise).
     */
    @Test
    void theClassDataArchiveTheImageMakesIsOneTheJvmStartsWith() throws Exception {
        String dockerfile = Files.readString(Path.of("Dockerfile"));
        assertThat(dockerfile).contains("class-archive.sh /deployments /deployments/app-cds.jsa",
                "-XX:SharedArchiveFile=/deployments/app-cds.jsa");
        Path archive = Path.of("target", "it-app-cds.jsa");
        Files.deleteIfExists(archive);
        ProcessBuilder make = new ProcessBuilder("sh", "src/main/docker/class-archive.sh", "target/quarkus-app",
                archive.toString()).redirectErrorStream(true);
        make.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"));
        make.environment().keySet().removeIf(name -> name.startsWith("PRECIS_") || name.startsWith("QUARKUS_"));
        Process maker = make.start();
        String made = new String(maker.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(maker.waitFor()).as(made).isZero();
        assertThat(Files.size(archive)).isGreaterThan(1_000_000);
        try (dev.precis.support.ServiceProcess service = dev.precis.support.ServiceProcess.start(Map.of(
                "JDK_JAVA_OPTIONS", "-Xshare:on -XX:SharedArchiveFile=" + archive))) {
            assertThat(service.port(java.time.Duration.ofSeconds(90))).isPositive();
        }
    }

    @Test
    void theDockerfileBuildsInOneStageAndRunsUnprivilegedInAnother() throws IOException {
        String dockerfile = Files.readString(Path.of("Dockerfile"));
        List<String> froms = dockerfile.lines().filter(l -> l.startsWith("FROM ")).toList();
        assertThat(froms).hasSize(2);
        assertThat(froms.get(0)).matches("FROM maven:\\d[\\w.-]*-eclipse-temurin-2[1-9] AS build");
        assertThat(froms.get(1)).matches("FROM eclipse-temurin:2[1-9][\\w.-]*-jre");
        assertThat(dockerfile).contains("USER 10001:10001", "EXPOSE 8080", "-XX:MaxRAMPercentage=")
                .doesNotContainPattern("(?i)(api[_-]?key|secret|password)\\s*=");
        assertThat(dockerfile.lines().filter(l -> l.startsWith("#")).toList())
                .anySatisfy(l -> assertThat(l).contains("docker build"))
                .anySatisfy(l -> assertThat(l).contains("docker run"));
        // the example runs with the default provider (ollama's native API), so its URL is the server's root, and
        // it publishes the management port the image exposes
        java.util.regex.Matcher url = java.util.regex.Pattern.compile("PRECIS_LLM_BASE_URL=(\\S+)").matcher(dockerfile);
        assertThat(url.find()).isTrue();
        assertThat(url.group(1)).doesNotEndWith("/v1").startsWith("http://");
        assertThat(dockerfile).contains("EXPOSE 8080 9000", "-p 9000:9000");
        // The runtime stage copies the libraries before the application, and each copied path exists after
        // `mvn package` (which ran before the integration tests).
        List<String> copies = dockerfile.lines().filter(l -> l.startsWith("COPY --from=build")).toList();
        assertThat(copies.get(0)).contains("lib/");
        assertThat(copies.get(copies.size() - 1)).contains("app/");
        for (String copy : copies) {
            String source = copy.split("\\s+")[2].replace("/build/", "");
            assertThat(Path.of(source)).as(copy).exists();
        }
        assertThat(Path.of(".dockerignore")).exists();
    }

    @Test
    void theKustomizeCopyOfThePromptsIsTheRepositorys() throws IOException {
        Map<String, String> copy = new TreeMap<>();
        try (Stream<Path> files = Files.list(Path.of("k8s/base/prompts"))) {
            for (Path file : files.toList()) {
                copy.put(file.getFileName().toString(), Files.readString(file));
            }
        }
        assertThat(copy).isEqualTo(promptFiles());
    }

    private static Map<String, String> promptFiles() throws IOException {
        Map<String, String> prompts = new TreeMap<>();
        try (Stream<Path> files = Files.list(PROMPTS)) {
            for (Path file : files.toList()) {
                prompts.put(file.getFileName().toString(), Files.readString(file));
            }
        }
        return prompts;
    }

    /** The settings ConfigMap: generated, so its name carries a hash of its content. */
    private static Map<String, String> settings(List<HasMetadata> objects) {
        return settingsMap(objects).getData();
    }

    private static ConfigMap settingsMap(List<HasMetadata> objects) {
        return objects.stream().filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast)
                .filter(o -> o.getMetadata().getName().startsWith("precis-settings-")).findFirst()
                .orElseThrow(() -> new AssertionError("no generated precis-settings ConfigMap"));
    }

    private static <T extends HasMetadata> T find(List<HasMetadata> objects, Class<T> type, String name) {
        return objects.stream().filter(type::isInstance).map(type::cast)
                .filter(o -> o.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
    }

    /** PRECIS_* names of every setting, as the service's own startup check knows them, plus the HTTP port. */
    static Set<String> environmentNames() {
        Set<String> names = new HashSet<>(dev.precis.config.SettingsCheck.variables());
        names.add("QUARKUS_HTTP_PORT");
        return names;
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
