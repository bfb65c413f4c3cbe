package dev.precis.fleet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Quotas every replica reads and writes in Redis, each check one atomic script and one round trip: requests per
 * sliding minute, tokens per sliding minute and per UTC day, with the reservation of an estimate and its settlement
 * against the real count. Time is Redis's own clock, so replicas whose clocks disagree still share one window.
 */
@ApplicationScoped
public class SharedQuotas {

    /** What a check decided: allowed, or refused with what is left and how long until there is room. */
    public record Decision(boolean allowed, long now, String quota, long left, long waitMillis) {
    }

    private static final RedisScript ADMIT = RedisScript.load("admit.lua");
    private static final RedisScript RESERVE = RedisScript.load("quota-lib.lua", "reserve.lua");
    private static final RedisScript SETTLE = RedisScript.load("quota-lib.lua", "settle.lua");
    private static final RedisScript CHARGE = RedisScript.load("quota-lib.lua", "charge.lua");

    private final RedisLink link;
    /** The time scripts are given; null: Redis's clock. Tests give their own. */
    private final LongSupplier clock;

    @Inject
    SharedQuotas(RedisLink link) {
        this(link, null);
    }

    public SharedQuotas(RedisLink link, LongSupplier clock) {
        this.link = link;
        this.clock = clock;
    }

    public boolean enabled() {
        return link.enabled();
    }

    /** Counts one request of {@code client} against {@code limit} per minute. */
    public Decision admit(String client, int limit, String requestId) {
        // the answer is read inside the call: an answer of another shape counts as a failure of Redis
        return link.call(redis -> {
            List<?> reply = (List<?>) ADMIT.run(redis, List.of(requests(client)),
                    List.of(String.valueOf(limit), requestId, now(), ""));
            boolean allowed = number(reply.get(0)) == 1;
            return new Decision(allowed, number(reply.get(1)), "requests", 0, allowed ? 0 : number(reply.get(2)));
        });
    }

    /**
     * Counts a request a replica admitted on its own while Redis was down, {@code ageMillis} ago (an age, not a time:
     * the window is on Redis's clock, whatever the replica's says).
     */
    public void handOverRequest(String client, String requestId, long ageMillis) {
        link.call(redis -> ADMIT.run(redis, List.of(requests(client)),
                List.of("0", requestId, now(), String.valueOf(Math.max(0, ageMillis)))));
    }

    /** Holds {@code estimate} tokens, or says which quota has no room. */
    public Decision reserve(String client, long perMinute, long perDay, long estimate, String spendId) {
        return link.call(redis -> {
            List<?> reply = (List<?>) RESERVE.run(redis, tokenKeys(client), List.of(String.valueOf(perMinute),
                    String.valueOf(perDay), String.valueOf(estimate), spendId, now()));
            if (number(reply.get(0)) == 1) {
                return new Decision(true, number(reply.get(1)), "", 0, 0);
            }
            return new Decision(false, number(reply.get(1)), text(reply.get(2)), number(reply.get(3)),
                    number(reply.get(4)));
        });
    }

    /** Corrects the reservation {@code spendId} with the real count; settling twice changes nothing. */
    public void settle(String client, String spendId, long estimate, long actual) {
        link.call(redis -> SETTLE.run(redis, tokenKeys(client), List.of(spendId, String.valueOf(estimate),
                String.valueOf(actual), now(), spendId + "+")));
    }

    /**
     * Hands over tokens spent {@code ageMillis} ago while Redis was down, once however often it is retried. If the
     * reservation of that spend reached Redis after all (its answer was lost), the hand-over settles it instead.
     */
    public void handOverTokens(String client, String spendId, long ageMillis, long tokens) {
        List<String> keys = new java.util.ArrayList<>(tokenKeys(client));
        keys.add(link.key("q:handed:" + spendId));
        link.call(redis -> CHARGE.run(redis, keys, List.of(spendId, String.valueOf(Math.max(0, ageMillis)),
                String.valueOf(tokens), now())));
    }

    private List<String> tokenKeys(String client) {
        String base = "q:{" + client + "}:";
        return List.of(link.key(base + "spends"), link.key(base + "amounts"), link.key(base + "minute"),
                link.key(base + "day:"));
    }

    private String requests(String client) {
        return link.key("q:{" + client + "}:requests");
    }

    private String now() {
        return clock == null ? "" : String.valueOf(clock.getAsLong());
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : Long.parseLong(text(value));
    }

    private static String text(Object value) {
        return value instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8)
                : String.valueOf(value);
    }
}
