package dev.caravan.platform.plugins;

import dev.caravan.testkit.PluginJarBuilder;

/** Java sources of small test plugins, written as a third party would write them. */
final class TestPluginSources {

    private TestPluginSources() {}

    /** A provider adapter {@code pkg.simpleName} whose {@code id()} returns the Java expression {@code idExpression}. */
    static String adapter(String pkg, String simpleName, String idExpression) {
        return adapter(pkg, simpleName, idExpression, "");
    }

    /** As {@link #adapter(String, String, String)}, with extra members (e.g. a constructor). */
    static String adapter(String pkg, String simpleName, String idExpression, String members) {
        return """
                package %1$s;

                import dev.caravan.api.ApiFamily;
                import dev.caravan.api.Usage;
                import dev.caravan.api.provider.*;
                import java.util.List;
                import java.util.Set;
                import org.pf4j.Extension;

                @Extension
                public final class %2$s implements ProviderAdapter {
                    %4$s
                    @Override public String id() { return %3$s; }
                    @Override public Set<ApiFamily> families() { return Set.of(ApiFamily.CHAT_COMPLETIONS); }
                    @Override public UpstreamRequest prepare(ProviderCall call) { throw new UnsupportedOperationException(); }
                    @Override public ProviderResponse translateResponse(ProviderCall call, byte[] body) {
                        return new ProviderResponse(body, Usage.NONE);
                    }
                    @Override public StreamTranslator openStream(ProviderCall call) { throw new UnsupportedOperationException(); }
                    @Override public ProviderError translateError(ProviderCall call, int status, byte[] body) {
                        return new ProviderError(status, "api_error", null, null, "upstream returned " + status, null);
                    }
                }
                """.formatted(pkg, simpleName, idExpression, members);
    }

    /** A plugin with one provider adapter, class {@code className}, whose id is {@code adapterId}. */
    static PluginJarBuilder adapterPlugin(String pluginId, String className, String adapterId) {
        int dot = className.lastIndexOf('.');
        return PluginJarBuilder.plugin(pluginId)
                .source(className, adapter(className.substring(0, dot), className.substring(dot + 1), "\"" + adapterId + "\""));
    }
}
