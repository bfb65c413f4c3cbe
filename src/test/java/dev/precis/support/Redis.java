package dev.precis.support;

import dev.precis.config.RedisUrl;
import dev.precis.fleet.RedisLink;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The machine's Redis (127.0.0.1:6379, started by {@code .ci/run} when none answers) for tests: each test takes its
 * own key prefix, so runs never see each other's keys, and deletes its keys when done. {@link Server} is a Redis of
 * a test's own, on a port of its own, for tests that stop and start it.
 */
public final class Redis {

    public static final String URL = "redis://127.0.0.1:6379/0";

    private Redis() {
    }

    /**
     * Skips the test, saying why, when the machine's Redis does not answer or Debian's redis-server is missing
     * ({@code .ci/run} installs and starts it).
     */
    public static void assumeAvailable() {
        boolean binary = java.util.stream.Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "redis-server")));
        org.junit.jupiter.api.Assumptions.assumeTrue(binary && answers(),
                "needs Redis at 127.0.0.1:6379 and redis-server (apt-get install redis-server); .ci/run starts it");
    }

    private static boolean answers() {
        try (Socket socket = new Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", 6379), 1_000);
            socket.setSoTimeout(1_000);
            socket.getOutputStream().write("PING\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            byte[] reply = socket.getInputStream().readNBytes(7);
            return new String(reply, java.nio.charset.StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    /** A key prefix no other test run uses. */
    public static String prefix() {
        return "precis-test:" + UUID.randomUUID() + ":";
    }

    /** A link as a replica has it, to the machine's Redis, under {@code prefix}. */
    public static RedisLink link(String url, String prefix) {
        return new RedisLink(Optional.of(RedisUrl.parse(url)), Duration.ofMillis(500), 16, prefix,
                new SimpleMeterRegistry());
    }

    /** A plain client, to look at what precis stored. */
    public static JedisPooled client(String url) {
        RedisUrl address = RedisUrl.parse(url);
        return new JedisPooled(address.host(), address.port());
    }

    /** Deletes every key under {@code prefix}. */
    public static void clean(String url, String prefix) {
        try (JedisPooled redis = client(url)) {
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = redis.scan(cursor, new ScanParams().match(prefix + "*").count(500));
                if (!page.getResult().isEmpty()) {
                    redis.del(page.getResult().toArray(String[]::new));
                }
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        }
    }

    /** The keys under {@code prefix}. */
    public static List<String> keys(String url, String prefix) {
        try (JedisPooled redis = client(url)) {
            return List.copyOf(redis.keys(prefix + "*"));
        }
    }

    /** A redis-server process of a test's own (Debian's redis-server), nothing kept on disk; stopped and started at will. */
    public static final class Server implements AutoCloseable {
        private final int port;
        private final Path dir;
        private final List<String> options;
        private Process process;

        public Server(String... options) throws IOException {
            this.options = List.of(options);
            try (ServerSocket socket = new ServerSocket(0)) {
                this.port = socket.getLocalPort();
            }
            this.dir = Files.createTempDirectory("precis-redis");
        }

        public String url() {
            return "redis://127.0.0.1:" + port + "/0";
        }

        public int port() {
            return port;
        }

        public Server start() throws IOException {
            List<String> command = new java.util.ArrayList<>(List.of("redis-server", "--port", String.valueOf(port),
                    "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString()));
            command.addAll(options);
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
            Eventually.until(Duration.ofSeconds(20), () -> {
                try (Socket socket = new Socket("127.0.0.1", port)) {
                    return true;
                } catch (IOException e) {
                    return false;
                }
            });
            return this;
        }

        /** Kills it (SIGKILL: what it held is gone, as after a crash). */
        public void stop() throws InterruptedException {
            if (process != null) {
                process.destroyForcibly();
                process.waitFor();
                process = null;
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop();
        }
    }
}
