package io.chouette.core.storage;

/** A record key with its timestamp (unix seconds), as the {@code .keys} sorted set holds it. */
public record StoredKey(String key, double timestamp) {}
