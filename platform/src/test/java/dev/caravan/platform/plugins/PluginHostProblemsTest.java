package dev.caravan.platform.plugins;

import static dev.caravan.platform.plugins.TestPluginSources.adapterPlugin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.api.PluginApi;
import dev.caravan.testkit.PluginJarBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginHostProblemsTest {

    @TempDir
    Path plugins;

    @Test
    void should_reject_plugin_with_clear_message_when_it_requires_another_plugin_api() {
        adapterPlugin("provider-x", "com.example.x.XAdapter", "x").version("1.0").requires(">=2.0.0").writeTo(plugins);
        adapterPlugin("provider-good", "com.example.good.GoodAdapter", "good").writeTo(plugins);

        try (PluginHost host = PluginHost.start(plugins)) {
            assertEquals(List.of("plugin 'provider-x' (provider-x-1.0.jar) requires plugin-api >=2.0.0, but this Caravan provides "
                    + PluginApi.VERSION), host.problems());
            assertEquals(Set.of("good"), host.providerAdapters().keySet());
            assertEquals("DISABLED", stateOf(host, "provider-x"));
        }
    }

    @Test
    void should_reject_plugin_when_it_requires_an_older_minor_range() {
        adapterPlugin("provider-old", "com.example.old.OldAdapter", "old").requires(">=0.0.1 & <0.1.0").writeTo(plugins);

        try (PluginHost host = PluginHost.start(plugins)) {
            assertEquals(List.of("plugin 'provider-old' (provider-old-1.0.0.jar) requires plugin-api >=0.0.1 & <0.1.0, "
                    + "but this Caravan provides " + PluginApi.VERSION), host.problems());
            assertTrue(host.providerAdapters().isEmpty());
        }
    }

    @Test
    void should_record_problem_and_load_others_when_a_jar_is_corrupt() throws IOException {
        Files.write(plugins.resolve("broken.jar"), new byte[] {1, 2, 3, 4, 5});
        adapterPlugin("provider-good", "com.example.good.GoodAdapter", "good").writeTo(plugins);

        try (PluginHost host = PluginHost.start(plugins)) {
            assertEquals(1, host.problems().size());
            assertTrue(host.problems().get(0).startsWith("plugin file 'broken.jar' cannot be loaded: not a readable jar"),
                    host.problems().get(0));
            assertEquals(Set.of("good"), host.providerAdapters().keySet());
        }
    }

    @Test
    void should_record_problem_when_jar_has_no_plugin_id() {
        adapterPlugin("ignored", "com.example.anon.AnonAdapter", "anon").manifest("Plugin-Id", null).fileName("anon.jar")
                .writeTo(plugins);

        try (PluginHost host = PluginHost.start(plugins)) {
            assertEquals(List.of("plugin file 'anon.jar' cannot be loaded: its descriptor has no Plugin-Id"), host.problems());
        }
    }

    @Test
    void should_record_problem_when_plugin_requires_is_not_a_version_expression() {
        adapterPlugin("provider-odd", "com.example.odd.OddAdapter", "odd").requires("at least two").writeTo(plugins);

        try (PluginHost host = PluginHost.start(plugins)) {
            assertEquals(1, host.problems().size());
            assertTrue(host.problems().get(0).startsWith(
                    "plugin 'provider-odd' (provider-odd-1.0.0.jar) has an invalid Plugin-Requires 'at least two'"), host.problems().get(0));
            assertTrue(host.providerAdapters().isEmpty());
        }
    }

    @Test
    void should_keep_first_adapter_and_record_problem_when_two_plugins_share_an_adapter_id() {
        adapterPlugin("provider-a", "com.example.a.AAdapter", "same").writeTo(plugins);
        adapterPlugin("provider-b", "com.example.b.BAdapter", "same").writeTo(plugins);

        try (PluginHost host = PluginHost.start(plugins)) {
            assertEquals(List.of("plugin 'provider-b' (provider-b-1.0.0.jar) provides provider adapter 'same' (com.example.b.BAdapter), "
                    + "already provided by plugin 'provider-a' (provider-a-1.0.0.jar); the first one is used"), host.problems());
            assertEquals("com.example.a.AAdapter", host.providerAdapters().get("same").getClass().getName());
            assertTrue(host.ready());
        }
    }

    @Test
    void should_load_first_jar_only_when_two_jars_share_a_plugin_id() {
        adapterPlugin("provider-twin", "com.example.t1.T1Adapter", "t1").fileName("a-twin.jar").writeTo(plugins);
        adapterPlugin("provider-twin", "com.example.t2.T2Adapter", "t2").fileName("b-twin.jar").writeTo(plugins);

        try (PluginHost host = PluginHost.start(plugins)) {
            assertEquals(List.of("plugin file 'b-twin.jar' cannot be loaded: plugin id 'provider-twin' is already used by 'a-twin.jar'"),
                    host.problems());
            assertEquals(Set.of("t1"), host.providerAdapters().keySet());
        }
    }

    @Test
    void should_mark_plugin_failed_and_host_not_ready_when_an_extension_cannot_be_created() {
        PluginJarBuilder.plugin("provider-faulty")
                .source("com.example.faulty.FaultyAdapter", TestPluginSources.adapter("com.example.faulty", "FaultyAdapter", "\"faulty\"",
                        "public FaultyAdapter() { throw new IllegalStateException(\"no config\"); }"))
                .writeTo(plugins);
        adapterPlugin("provider-good", "com.example.good.GoodAdapter", "good").writeTo(plugins);

        try (PluginHost host = PluginHost.start(plugins)) {
            assertEquals(List.of("plugin 'provider-faulty' (provider-faulty-1.0.0.jar) cannot create its extension "
                    + "com.example.faulty.FaultyAdapter: no config"), host.problems());
            assertEquals(Set.of("good"), host.providerAdapters().keySet());
            assertEquals("FAILED", stateOf(host, "provider-faulty"));
            assertFalse(host.ready());
        }
    }

    @Test
    void should_mark_plugin_failed_when_its_plugin_class_is_missing() {
        adapterPlugin("provider-classless", "com.example.cl.ClAdapter", "cl").manifest("Plugin-Class", "com.example.cl.Missing")
                .writeTo(plugins);

        try (PluginHost host = PluginHost.start(plugins)) {
            assertEquals(List.of("plugin 'provider-classless' (provider-classless-1.0.0.jar) failed to start: "
                    + "cannot create its Plugin-Class 'com.example.cl.Missing'"), host.problems());
            assertEquals("FAILED", stateOf(host, "provider-classless"));
            assertFalse(host.ready());
        }
    }

    private static String stateOf(PluginHost host, String pluginId) {
        return host.plugins().stream().filter(p -> p.id().equals(pluginId)).findFirst().orElseThrow().state();
    }
}
