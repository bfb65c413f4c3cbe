package dev.precis.security;

/** Who is calling: the name of their API key (never the key) and their quotas. */
public record Client(String name, Limits limits) {
}
