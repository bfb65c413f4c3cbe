package dev.precis.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The jar {@code mvn package} built, started as its own process the way an operator starts it ({@code java -jar}),
 * with the environment given; its output (stdout and stderr) is kept line by line.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("Listening on: http://[^:]+:(\\d+)");
    private static final Pattern MANAGEMENT = Pattern.compile("[Mm]anagement interface listening on:? https?://[^:]+:(\\d+)");

    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;

    private ServiceProcess(Process process) {
        this.process = process;
        BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.reader = Thread.ofVirtual().start(() -> output.lines().forEach(line -> {
            synchronized (lines) {
                lines.add(line);
            }
        }));
    }

    /** Starts the jar on free ports (API and management) with these environment variables added. */
    public static ServiceProcess start(Map<String, String> env, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-jar", "target/quarkus-app/quarkus-run.jar"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("PRECIS_") || name.startsWith("QUARKUS_"));
        builder.environment().put("QUARKUS_HTTP_PORT", "0");
        builder.environment().put("QUARKUS_MANAGEMENT_PORT", "0");
        // each process its own embedded batch database, unless the test says where batches are kept
        builder.environment().put("PRECIS_DATA_DIR", Files.createTempDirectory("precis-data").toString());
        builder.environment().putAll(env);
        return new ServiceProcess(builder.start());
    }

    /** The API's port, once the service says it listens. */
    public int port(Duration within) {
        Eventually.until(within, () -> portOrZero() > 0 || !process.isAlive());
        if (portOrZero() == 0) {
            throw new AssertionError("the service did not start; its output:\n" + text());
        }
        return portOrZero();
    }

    /** The management port (health, metrics), once the service says it listens there. */
    public int managementPort(Duration within) {
        Eventually.until(within, () -> find(MANAGEMENT) > 0 || !process.isAlive());
        if (find(MANAGEMENT) == 0) {
            throw new AssertionError("no management port; the output:\n" + text());
        }
        return find(MANAGEMENT);
    }

    private int find(Pattern pattern) {
        for (String line : output()) {
            Matcher matcher = pattern.matcher(line);
            if (matcher.find()) {
                return Integer.parseInt(matcher.group(1));
            }
        }
        return 0;
    }

    /** SIGKILL, as when a node dies: no shutdown of any kind. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    private int portOrZero() {
        for (String line : output()) {
            Matcher listening = LISTENING.matcher(line);
            if (listening.find()) {
                return Integer.parseInt(listening.group(1));
            }
        }
        return 0;
    }

    /** The exit code, waiting at most this long (generous: only a hang fails). */
    public int exitCode(Duration within) throws InterruptedException {
        if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the service did not exit within " + within + "; its output:\n" + text());
        }
        reader.join(Duration.ofSeconds(10)); // the last lines
        return process.exitValue();
    }

    public List<String> output() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    public String text() {
        return String.join("\n", output());
    }

    /** SIGTERM, as Kubernetes sends it. */
    public void terminate() {
        process.destroy();
    }

    public boolean exited(Duration within) throws InterruptedException {
        return process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
