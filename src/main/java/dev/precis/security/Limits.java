package dev.precis.security;

/** A client's quotas; 0 means no limit. */
public record Limits(int requestsPerMinute, long tokensPerMinute, long tokensPerDay) {

    public static final Limits NONE = new Limits(0, 0, 0);
}
