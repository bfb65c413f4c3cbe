package dev.precis.fleet;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import redis.clients.jedis.JedisSocketFactory;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * Sockets to Redis whose every operation is bounded as a whole, not read by read: a Redis that answers one byte at a
 * time, or announces more than any answer of ours can be, is cut off at {@code PRECIS_REDIS_TIMEOUT} or at
 * {@link #MAX_REPLY_BYTES} like one that does not answer. The bound of the operation under way is set by
 * {@link RedisLink#call} on the calling thread.
 */
final class GuardedSockets implements JedisSocketFactory {

    /** Most bytes one operation may read: far above a stored answer (tens of KB), far below harm. */
    static final long MAX_REPLY_BYTES = 8L << 20;

    /** What the operation under way on this thread may still take. */
    static final class Budget {
        final long deadline;
        long bytesLeft = MAX_REPLY_BYTES;

        Budget(long timeoutNanos) {
            this.deadline = System.nanoTime() + timeoutNanos;
        }
    }

    static final ThreadLocal<Budget> CURRENT = new ThreadLocal<>();

    private final String host;
    private final int port;
    private final int timeoutMillis;
    private final boolean tls;

    GuardedSockets(String host, int port, int timeoutMillis, boolean tls) {
        this.host = host;
        this.port = port;
        this.timeoutMillis = timeoutMillis;
        this.tls = tls;
    }

    @Override
    public Socket createSocket() {
        Socket raw = new Guarded(timeoutMillis);
        try {
            raw.setTcpNoDelay(true);
            raw.setKeepAlive(true);
            raw.connect(new InetSocketAddress(host, port), timeoutMillis);
            raw.setSoTimeout(timeoutMillis);
            if (!tls) {
                return raw;
            }
            SSLSocket secure = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault())
                    .createSocket(raw, host, port, true);
            SSLParameters parameters = secure.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host
            secure.setSSLParameters(parameters);
            secure.startHandshake();
            return secure;
        } catch (IOException e) {
            try {
                raw.close();
            } catch (IOException ignored) {
                // closing what failed to open
            }
            throw new JedisConnectionException("cannot connect to " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** A socket whose reads stop at the operation's deadline and byte budget. */
    private static final class Guarded extends Socket {
        private final int timeoutMillis;
        private InputStream in;

        Guarded(int timeoutMillis) {
            this.timeoutMillis = timeoutMillis;
        }

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (in == null) {
                in = new BoundedReads(super.getInputStream(), this);
            }
            return in;
        }

        /** Before each read: no later than the operation's deadline, and never more than its bytes. */
        void beforeRead() throws IOException {
            Budget budget = CURRENT.get();
            if (budget == null) {
                setSoTimeout(timeoutMillis);
                return;
            }
            long left = budget.deadline - System.nanoTime();
            if (left <= 0) {
                throw new SocketTimeoutException("no complete answer from Redis within " + timeoutMillis + " ms");
            }
            setSoTimeout((int) Math.max(1, Math.min(timeoutMillis, left / 1_000_000)));
        }

        void afterRead(int bytes) throws IOException {
            Budget budget = CURRENT.get();
            if (budget != null && bytes > 0) {
                budget.bytesLeft -= bytes;
                if (budget.bytesLeft < 0) {
                    throw new IOException("Redis answered with more than " + MAX_REPLY_BYTES + " bytes");
                }
            }
        }
    }

    private static final class BoundedReads extends FilterInputStream {
        private final Guarded socket;

        BoundedReads(InputStream in, Guarded socket) {
            super(in);
            this.socket = socket;
        }

        @Override
        public int read() throws IOException {
            socket.beforeRead();
            int b = super.read();
            socket.afterRead(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            socket.beforeRead();
            int n = super.read(buffer, offset, length);
            socket.afterRead(n);
            return n;
        }
    }
}
