package com.example.provider;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The plugin's one Jackson mapper: thread-safe once configured, and configured here only. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}
}
