package dev.precis.support;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A hostile Redis: it speaks enough of the protocol for a client to connect (every setup command is answered +OK,
 * PING +PONG, SET +OK), and answers each script call with the bytes the test chose — of a wrong shape, announcing an
 * impossible size — optionally one byte at a time, slowly.
 */
public final class FakeRedis implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> connections = new ArrayList<>();
    private volatile byte[] scriptAnswer = ":1\r\n".getBytes(StandardCharsets.US_ASCII);
    private volatile long millisPerByte;

    public FakeRedis() throws IOException {
        server = new ServerSocket(0);
        Thread.ofVirtual().start(this::accept);
    }

    public String url() {
        return "redis://127.0.0.1:" + server.getLocalPort() + "/0";
    }

    /** What every EVAL/EVALSHA gets back, raw. */
    public FakeRedis answersScripts(String raw) {
        this.scriptAnswer = raw.getBytes(StandardCharsets.US_ASCII);
        return this;
    }

    /** Sends script answers one byte at a time, this many milliseconds apart. */
    public FakeRedis trickles(long millisPerByte) {
        this.millisPerByte = millisPerByte;
        return this;
    }

    private void accept() {
        try {
            while (true) {
                Socket socket = server.accept();
                synchronized (connections) {
                    connections.add(socket);
                }
                Thread.ofVirtual().start(() -> serve(socket));
            }
        } catch (IOException e) {
            // closed
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (true) {
                List<String> command = readCommand(in);
                if (command == null) {
                    return;
                }
                String name = command.get(0).toUpperCase(java.util.Locale.ROOT);
                if (name.equals("EVAL") || name.equals("EVALSHA")) {
                    byte[] answer = scriptAnswer;
                    if (millisPerByte > 0) {
                        for (byte b : answer) {
                            out.write(b);
                            out.flush();
                            Thread.sleep(millisPerByte);
                        }
                    } else {
                        out.write(answer);
                    }
                } else if (name.equals("PING")) {
                    out.write("+PONG\r\n".getBytes(StandardCharsets.US_ASCII));
                } else {
                    out.write("+OK\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // the client left
        }
    }

    private static List<String> readCommand(InputStream in) throws IOException {
        String header = line(in);
        if (header == null || !header.startsWith("*")) {
            return null;
        }
        int count = Integer.parseInt(header.substring(1));
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int length = Integer.parseInt(line(in).substring(1));
            byte[] data = in.readNBytes(length + 2);
            parts.add(new String(data, 0, length, StandardCharsets.UTF_8));
        }
        return parts;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder text = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\r') {
                in.read();
                return text.toString();
            }
            text.append((char) c);
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
        synchronized (connections) {
            for (Socket socket : connections) {
                socket.close();
            }
        }
    }
}
