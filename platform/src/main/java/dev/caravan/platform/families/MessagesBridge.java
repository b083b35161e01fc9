package dev.caravan.platform.families;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.provider.StreamTranslator;

/** Anthropic Messages served by a chat completions target. */
final class MessagesBridge implements ChatBridge {

    static final MessagesBridge INSTANCE = new MessagesBridge();

    @Override
    public ObjectNode toChat(ObjectNode request) {
        return MessagesToChat.translate(request);
    }

    @Override
    public byte[] fromChat(ObjectNode request, byte[] chatCompletion) {
        return FamilyJson.bytes(ChatToMessage.translate(FamilyJson.parseObject(chatCompletion)));
    }

    @Override
    public StreamTranslator stream(ObjectNode request, StreamTranslator chatStream) {
        return new ChatToMessagesStream(chatStream, request.path("model").asText());
    }
}
