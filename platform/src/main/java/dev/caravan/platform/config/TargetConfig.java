package dev.caravan.platform.config;

/** {@code models[].targets[]} — a provider and the upstream model name to send it. */
public record TargetConfig(String provider, String model) {}
