package dev.caravan.platform.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.provider.ProviderAdapter;
import dev.caravan.testkit.PluginJarBuilder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pf4j.ExtensionPoint;
import org.slf4j.Logger;

class PluginClassLoadingTest {

    @TempDir
    Path plugins;

    @Test
    void should_implement_the_host_adapter_interface_when_plugin_is_loaded() throws Exception {
        TestPluginSources.adapterPlugin("provider-echo", "com.example.echo.EchoAdapter", "echo").writeTo(plugins);

        try (PluginHost host = PluginHost.start(plugins)) {
            Class<?> adapterClass = host.providerAdapters().get("echo").getClass();
            ClassLoader pluginLoader = adapterClass.getClassLoader();

            assertTrue(Arrays.asList(adapterClass.getInterfaces()).contains(ProviderAdapter.class));
            assertSame(ProviderAdapter.class, pluginLoader.loadClass(ProviderAdapter.class.getName()));
            assertSame(ExtensionPoint.class, pluginLoader.loadClass(ExtensionPoint.class.getName()));
            assertSame(ObjectNode.class, pluginLoader.loadClass(ObjectNode.class.getName()));
            assertSame(Logger.class, pluginLoader.loadClass(Logger.class.getName()));
            assertNotSame(getClass().getClassLoader(), pluginLoader);
        }
    }

    @Test
    void should_load_other_classes_from_plugin_first_when_host_has_the_same_class() {
        PluginJarBuilder.plugin("provider-probe")
                .source(ChildFirstProbe.class.getName(), """
                        package dev.caravan.platform.plugins;
                        public final class ChildFirstProbe { public static String origin() { return "plugin"; } }
                        """)
                .source("com.example.probe.ProbeAdapter", TestPluginSources.adapter(
                        "com.example.probe", "ProbeAdapter", "\"probe-\" + dev.caravan.platform.plugins.ChildFirstProbe.origin()"))
                .writeTo(plugins);

        try (PluginHost host = PluginHost.start(plugins)) {
            assertEquals(List.of(), host.problems());
            assertTrue(host.providerAdapters().containsKey("probe-plugin"), host.providerAdapters().keySet().toString());
            assertEquals("host", ChildFirstProbe.origin());
        }
    }

    @Test
    void should_not_see_host_extensions_when_plugin_has_no_extension_index() {
        PluginJarBuilder.plugin("plain").source("com.example.plain.Plain", "package com.example.plain; public class Plain {}")
                .writeTo(plugins);

        try (PluginHost host = PluginHost.start(plugins)) {
            assertEquals(List.of(), host.problems());
            assertEquals(List.of(), host.extensions(ProviderAdapter.class));
        }
    }
}
