/*
 * A fast fake LLM for the benchmark: an OpenAI-compatible chat-completions endpoint that answers each request with the
 * complete extraction of the article it carries, after a fixed latency. Plain JDK (com.sun.net.httpserver on virtual
 * threads), so what the benchmark measures is precis, not the stub; the stub's own latency is measured in the same run.
 *
 *   java bench/FakeLlm.java <port> <latency-ms> <answer.json | answers.tsv>
 *
 * answers.tsv (bench/bodies.py writes it): one line per article, "<marker> TAB <answer.json>"; a request is answered
 * with the answer whose marker (a run of plain text of the article) it contains, else with the first.
 * GET /stats returns {"calls": N}; POST /stats resets it.
 */

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

public class FakeLlm {

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        long latencyMs = Long.parseLong(args[1]);
        List<String> markers = new ArrayList<>();
        List<byte[]> completions = new ArrayList<>();
        if (args[2].endsWith(".tsv")) {
            for (String line : Files.readAllLines(Path.of(args[2]), StandardCharsets.UTF_8)) {
                String[] fields = line.split("\t", 2);
                markers.add(fields[0]);
                completions.add(completion(Files.readString(Path.of(fields[1]), StandardCharsets.UTF_8)));
            }
        } else {
            markers.add("");
            completions.add(completion(Files.readString(Path.of(args[2]), StandardCharsets.UTF_8)));
        }
        AtomicLong calls = new AtomicLong();

        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 8192);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/chat/completions", exchange -> {
            String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            calls.incrementAndGet();
            byte[] completion = completions.get(0);
            for (int i = 1; i < markers.size(); i++) {
                if (request.contains(markers.get(i))) {
                    completion = completions.get(i);
                    break;
                }
            }
            if (latencyMs > 0) {
                try {
                    Thread.sleep(latencyMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            send(exchange, completion);
        });
        server.createContext("/stats", exchange -> {
            exchange.getRequestBody().readAllBytes();
            if ("POST".equals(exchange.getRequestMethod())) {
                calls.set(0);
            }
            send(exchange, ("{\"calls\":" + calls.get() + "}").getBytes(StandardCharsets.UTF_8));
        });
        server.start();
        System.out.println("fake LLM on " + port + ", latency " + latencyMs + " ms");
    }

    private static void send(HttpExchange exchange, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** A chat completion whose message is the canned answer, with the token usage a backend would report. */
    private static byte[] completion(String answer) {
        String minified = answer.replaceAll("\\s*\\n\\s*", " ").strip();
        String json = "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":1770000000,"
                + "\"model\":\"fake-llm\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
                + quote(minified) + "},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":700,\"completion_tokens\":300,\"total_tokens\":1000}}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
