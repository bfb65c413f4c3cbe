package dev.precis.fleet;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * A Lua script of this package's resources, run atomically in Redis in one round trip: by its SHA-1, sent whole the
 * first time a server does not know it (after a restart, say). {@code quota-lib.lua} is put in front of the quota
 * scripts so they share one definition of the window.
 */
final class RedisScript {

    private final String text;
    private final String sha;
    private final byte[] binarySha;

    private RedisScript(String text) {
        this.text = text;
        this.sha = sha1(text);
        this.binarySha = sha.getBytes(StandardCharsets.US_ASCII);
    }

    static RedisScript load(String... names) {
        StringBuilder text = new StringBuilder();
        for (String name : names) {
            try (InputStream in = RedisScript.class.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException("missing script " + name);
                }
                text.append(new String(in.readAllBytes(), StandardCharsets.UTF_8)).append('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new RedisScript(text.toString());
    }

    Object run(JedisPooled redis, List<String> keys, List<String> args) {
        try {
            return redis.evalsha(sha, keys, args);
        } catch (JedisNoScriptException e) {
            return redis.eval(text, keys, args);
        }
    }

    Object runBinary(JedisPooled redis, List<byte[]> keys, List<byte[]> args) {
        try {
            return redis.evalsha(binarySha, keys, args);
        } catch (JedisNoScriptException e) {
            return redis.eval(text.getBytes(StandardCharsets.UTF_8), keys, args);
        }
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
