package dev.caravan.platform.families;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.provider.StreamTranslator;

/** OpenAI Responses served by a chat completions target. */
final class ResponsesBridge implements ChatBridge {

    static final ResponsesBridge INSTANCE = new ResponsesBridge();

    @Override
    public ObjectNode toChat(ObjectNode request) {
        return ResponsesToChat.translate(request);
    }

    @Override
    public byte[] fromChat(ObjectNode request, byte[] chatCompletion) {
        return FamilyJson.bytes(ChatToResponse.translate(request, FamilyJson.parseObject(chatCompletion)));
    }

    @Override
    public StreamTranslator stream(ObjectNode request, StreamTranslator chatStream) {
        return new ChatToResponsesStream(chatStream, request);
    }
}
