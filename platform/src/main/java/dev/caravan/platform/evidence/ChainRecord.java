package dev.caravan.platform.evidence;

/**
 * One link of a chain: the canonical JSON of a receipt, its predecessor's hash and its own.
 *
 * @param body the canonical JSON that was hashed; null once retention purged it (the hash stays)
 */
public record ChainRecord(String nodeId, String chain, long seq, String recordId, String body, String prevHash, String hash) {}
