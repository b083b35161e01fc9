package dev.caravan.platform.pipeline;

import dev.caravan.platform.ratelimit.RateLimiter;
import java.nio.file.Path;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

/** A Camel context running only the shipped {@code routes/finish.yaml}, with a recorder's steps. */
final class FinishRouteContext {

    private FinishRouteContext() {}

    static CamelContext start(ReceiptRecorder recorder) {
        DefaultCamelContext context = new DefaultCamelContext();
        recorder.finishSteps().forEach((name, step) -> context.getRegistry().bind(name, step));
        context.getRegistry().bind("settleRateLimits", new SettleRateLimitsStep(new RateLimiter(List.of(), System::nanoTime)));
        Path file = Path.of(System.getProperty("caravan.test.routes", "../routes"), "finish.yaml").toAbsolutePath().normalize();
        try {
            context.build();
            PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.resolveResource(context, "file:" + file));
        } catch (Exception e) {
            throw new IllegalStateException("cannot load " + file, e);
        }
        recorder.finishRoute().bind(context);
        context.start();
        return context;
    }
}
