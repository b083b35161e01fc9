package dev.caravan.platform.plugins;

import static dev.caravan.platform.plugins.TestPluginSources.adapterPlugin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.api.provider.ProviderAdapter;
import dev.caravan.testkit.PluginJarBuilder;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pf4j.PluginClassLoader;

class PluginHostLoadingTest {

    @TempDir
    Path plugins;

    @Test
    void should_return_plugin_adapter_when_plugin_jar_is_in_plugins_folder() {
        Path jar = adapterPlugin("provider-echo", "com.example.echo.EchoAdapter", "echo").writeTo(plugins);

        try (PluginHost host = PluginHost.start(plugins)) {
            assertEquals(List.of(), host.problems());
            assertEquals(List.of("echo"), List.copyOf(host.providerAdapters().keySet()));
            assertEquals("com.example.echo.EchoAdapter", host.providerAdapters().get("echo").getClass().getName());
            assertEquals(List.of(new LoadedPlugin("provider-echo", "1.0.0", "STARTED", jar)), host.plugins());
            assertTrue(host.ready());
        }
    }

    @Test
    void should_return_same_instance_when_extensions_are_asked_for_twice() {
        adapterPlugin("provider-echo", "com.example.echo.EchoAdapter", "echo").writeTo(plugins);

        try (PluginHost host = PluginHost.start(plugins)) {
            List<ProviderAdapter> first = host.extensions(ProviderAdapter.class);
            assertEquals(1, first.size());
            assertSame(first.get(0), host.extensions(ProviderAdapter.class).get(0));
            assertSame(first.get(0), host.providerAdapters().get("echo"));
        }
    }

    @Test
    void should_load_classes_from_lib_when_plugin_is_a_folder(@TempDir Path work) {
        Path lib = PluginJarBuilder.plugin("lib").fileName("naming.jar")
                .source("com.example.lib.Naming", "package com.example.lib; public final class Naming { public static String id() { return \"from-lib\"; } }")
                .writeTo(work);
        PluginJarBuilder.plugin("provider-folder").classpath(lib)
                .source("com.example.folder.FolderAdapter", TestPluginSources.adapter(
                        "com.example.folder", "FolderAdapter", "com.example.lib.Naming.id()"))
                .writeFolderTo(plugins, lib);

        try (PluginHost host = PluginHost.start(plugins)) {
            assertEquals(List.of(), host.problems());
            assertTrue(host.providerAdapters().containsKey("from-lib"));
        }
    }

    @Test
    void should_start_without_plugins_when_folder_is_missing() {
        try (PluginHost host = PluginHost.start(plugins.resolve("absent"))) {
            assertEquals(List.of(), host.problems());
            assertEquals(List.of(), host.plugins());
            assertTrue(host.providerAdapters().isEmpty());
            assertTrue(host.ready());
        }
    }

    @Test
    void should_close_plugin_class_loaders_when_host_is_closed() {
        adapterPlugin("provider-echo", "com.example.echo.EchoAdapter", "echo").writeTo(plugins);
        PluginHost host = PluginHost.start(plugins);
        PluginClassLoader loader = (PluginClassLoader) host.providerAdapters().get("echo").getClass().getClassLoader();

        host.close();

        assertTrue(loader.isClosed());
        assertFalse(host.ready());
    }
}
