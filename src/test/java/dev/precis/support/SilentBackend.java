package dev.precis.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * A backend that reads a chat request and never answers, recording when the caller gives up and closes the
 * connection: the way to see, from the backend's side, that a cancelled request's LLM call was aborted.
 */
public final class SilentBackend {

    private final ServerSocket server;
    private final CountDownLatch received = new CountDownLatch(1);
    private final CountDownLatch abandoned = new CountDownLatch(1);

    private SilentBackend(ServerSocket server) {
        this.server = server;
        Thread.ofVirtual().start(this::serve);
    }

    public static SilentBackend start() {
        try {
            return new SilentBackend(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String baseUrl() {
        return "http://localhost:" + server.getLocalPort() + "/v1";
    }

    /** The server's root, for providers whose paths start there (Ollama). */
    public String root() {
        return "http://localhost:" + server.getLocalPort();
    }

    /** Counted down once a whole chat request has arrived. */
    public CountDownLatch received() {
        return received;
    }

    /** Counted down once the caller closed the connection without waiting for an answer. */
    public CountDownLatch abandoned() {
        return abandoned;
    }

    private void serve() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread.ofVirtual().start(() -> hold(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void hold(Socket socket) {
        try (socket; InputStream in = socket.getInputStream()) {
            int length = contentLength(readHeaders(in));
            in.readNBytes(length);
            received.countDown();
            while (in.read() >= 0) {
                // Nothing is ever sent back; wait for the caller to close.
            }
            abandoned.countDown();
        } catch (IOException e) {
            abandoned.countDown();
        }
    }

    private static String readHeaders(InputStream in) throws IOException {
        StringBuilder headers = new StringBuilder();
        while (!headers.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed in headers");
            }
            headers.append((char) b);
        }
        return headers.toString();
    }

    private static int contentLength(String headers) {
        for (String line : headers.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring(line.indexOf(':') + 1).strip());
            }
        }
        return 0;
    }

}
