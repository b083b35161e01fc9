package dev.caravan.platform.evidence;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.platform.exchange.HttpResponses;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Stage {@code evidencePublicKey}: {@code GET /v1/evidence/public-key}, the key that checks every checkpoint (public by design). */
public final class PublicKeyEndpoint implements Processor {

    private final byte[] body;

    public PublicKeyEndpoint(SigningKey key, String nodeId) {
        this.body = new ObjectMapper().createObjectNode().put("algorithm", "Ed25519").put("key_id", key.keyId())
                .put("node", nodeId).put("public_key", key.publicKeyPem()).toString()
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public void process(Exchange exchange) {
        HttpResponses.json(exchange, 200, body);
    }
}
