package dev.caravan.platform.config;

import java.util.List;

/**
 * {@code models[]} — a model name clients may request and the targets that serve it.
 *
 * @param alias    the name clients send as {@code model}
 * @param strategy how targets are chosen; {@code single} is the only strategy so far
 * @param targets  at least one target
 */
public record ModelAlias(String alias, String strategy, List<TargetConfig> targets) {

    public ModelAlias {
        targets = List.copyOf(targets);
    }
}
