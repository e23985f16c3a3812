package io.chouette.core.storage;

/** A record as stored: its key and its JSON text, byte for byte. */
public record StoredRecord(String key, String json) {}
