package dev.caravan.platform.server;

import dev.caravan.platform.config.CaravanConfig;
import dev.caravan.platform.config.ServerConfig;
import java.util.Properties;
import org.apache.camel.component.netty.http.NettyHttpComponent;
import org.apache.camel.component.netty.http.NettyHttpConfiguration;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.RestConfiguration;
import org.apache.camel.support.RouteWatcherReloadStrategy;

/**
 * Builds the Camel context: stage beans in the registry, the shared netty-http listener settings,
 * the {@code {{caravan.listen}}} placeholder route files use, the route files themselves and,
 * when {@code routes.reload} is on, a watcher that reloads changed files.
 */
public final class CamelPipeline {

    private CamelPipeline() {}

    public static DefaultCamelContext start(CaravanConfig config, PipelineBeans beans) {
        return start(config, beans, new RouteControls());
    }

    /** {@link #start(CaravanConfig, PipelineBeans)}, checking that the routes run the stages of the configured controls. */
    static DefaultCamelContext start(CaravanConfig config, PipelineBeans beans, RouteControls controls) {
        return start(config, beans, controls, null);
    }

    /**
     * {@link #start(CaravanConfig, PipelineBeans, RouteControls)} with the custom stages (plugin
     * stages, stage scripts) that route steps may name besides the platform's; null for none.
     */
    static DefaultCamelContext start(CaravanConfig config, PipelineBeans beans, RouteControls controls,
            dev.caravan.platform.stage.CustomStages customStages) {
        return start(config, beans, controls, customStages, null);
    }

    /** With the {@link ShutdownDrain} that counts the listener's requests and closes it at shutdown; null for none. */
    static DefaultCamelContext start(CaravanConfig config, PipelineBeans beans, RouteControls controls,
            dev.caravan.platform.stage.CustomStages customStages, ShutdownDrain drain) {
        DefaultCamelContext context = new DefaultCamelContext();
        context.getCamelContextExtension().setName("caravan");
        beans.byName().forEach((name, bean) -> context.getRegistry().bind(name, bean));
        if (customStages != null) {
            if (!(context.getRegistry() instanceof org.apache.camel.support.DefaultRegistry registry)) {
                throw new IllegalStateException("the Camel registry takes no bean repository: custom stages cannot be bound");
            }
            registry.addBeanRepository(customStages);
        }
        context.getPropertiesComponent().setInitialProperties(placeholders(config.server()));
        dev.caravan.platform.exchange.RequestHeaders headers = new dev.caravan.platform.exchange.RequestHeaders(config.routes().unmappedHeaders());
        context.addComponent("netty-http", nettyHttp(config.server(), config.cors(), headers, drain));
        context.setRestConfiguration(restConfiguration(config.server()));
        context.getShutdownStrategy().setTimeout(10);
        if (config.routes().reload()) {
            RouteWatcherReloadStrategy watcher = new RouteWatcherReloadStrategy(config.routes().dir().toString(), false);
            watcher.setPattern("*.yaml");
            // Reload only the routes of the changed file; the others keep serving.
            watcher.setRemoveAllRoutes(false);
            try {
                context.addService(watcher);
            } catch (Exception e) {
                throw new IllegalStateException("cannot watch " + config.routes().dir(), e);
            }
        }
        try {
            context.build();
            RouteFiles.load(context, config.routes().dir());
            controls.check(context);
            if (customStages != null) {
                requireStages(customStages.problems(context, beans.byName().keySet()), config.routes().dir());
            }
            beans.finishRoute().bind(context);
            context.start();
            requireFinishRoute(context, config.routes().dir());
        } catch (RouteFileException | dev.caravan.platform.config.ConfigException e) {
            context.stop();
            throw e;
        } catch (RuntimeException e) {
            context.stop();
            java.net.BindException bind = ListenException.bindFailure(e);
            if (bind != null) {
                throw new ListenException(config.server().host(), config.server().port(), bind);
            }
            throw new RouteFileException(config.routes().dir(), RouteFileException.describe(e));
        }
        return context;
    }

    /** A step naming a stage that does not exist stops start-up, naming the first such file and every such step. */
    private static void requireStages(java.util.List<dev.caravan.platform.stage.CustomStages.Problem> problems, java.nio.file.Path dir) {
        if (!problems.isEmpty()) {
            java.nio.file.Path file = problems.get(0).file() == null ? dir : problems.get(0).file();
            throw new RouteFileException(file, String.join("; ", problems.stream().map(p -> p.message()
                    + (p.file() == null || p.file().equals(file) ? "" : " (" + p.file() + ")")).toList()));
        }
    }

    /**
     * Without the finish route no request would be priced, settled or receipted: a routes folder
     * that lacks it does not start.
     */
    private static void requireFinishRoute(DefaultCamelContext context, java.nio.file.Path dir) {
        boolean present = context.getRoutes().stream()
                .anyMatch(route -> route.getEndpoint().getEndpointUri().equals("direct://caravan-finish"));
        if (!present) {
            throw new RouteFileException(dir, "no route starts from " + dev.caravan.platform.pipeline.FinishRoute.URI
                    + ": every request is finished there (priced, settled, receipted); copy finish.yaml from the routes/ folder of the distribution");
        }
    }

    private static Properties placeholders(ServerConfig server) {
        Properties properties = new Properties();
        properties.setProperty("caravan.listen", "http://" + server.host() + ":" + server.port());
        properties.setProperty("caravan.port", Integer.toString(server.port()));
        return properties;
    }

    /**
     * The REST DSL ({@code rest:} in a route file, the admin API) on the gateway's own netty-http
     * listener, so its paths are matched exactly like every other route's. No binding: the stages
     * read and write JSON themselves, in the API's error shape.
     */
    private static RestConfiguration restConfiguration(ServerConfig server) {
        RestConfiguration rest = new RestConfiguration();
        rest.setComponent("netty-http");
        rest.setHost(server.host());
        rest.setPort(server.port());
        rest.setBindingMode(RestConfiguration.RestBindingMode.off);
        rest.setClientRequestValidation(false);
        rest.setEnableCORS(false);
        return rest;
    }

    private static NettyHttpComponent nettyHttp(ServerConfig server, dev.caravan.platform.config.CorsConfig cors,
            dev.caravan.platform.exchange.RequestHeaders headers, ShutdownDrain drain) {
        NettyHttpConfiguration http = new NettyHttpConfiguration();
        if (drain != null) {
            // The drain's own accept loop: shut down at the signal, it closes the listening socket only.
            http.setBossGroup(drain.acceptLoop());
        }
        http.setWorkerCount(server.ioThreads());
        // The body limit itself is the aggregator's (BoundedBodyAggregator): 413 in the API's shape.
        http.setChunkedMaxContentLength((int) server.maxBodyBytes());
        http.setMaxHeaderSize(server.wire().maxHeaderBytes());
        http.setMaxInitialLineLength(server.wire().maxRequestLineBytes());
        // Camel maps the request line (path and query parameters) into headers; the request's own
        // headers are mapped by the ingress stage (RequestLineBinding).
        http.setMapHeaders(true);
        http.setDisableStreamCache(true);
        http.setMuteException(true);
        http.setKeepAlive(true);
        http.setReuseAddress(true);
        NettyHttpComponent component = new ExactPathNettyHttpComponent(server.wire(), (int) server.maxBodyBytes(), cors, drain);
        component.setConfiguration(http);
        component.setNettyHttpBinding(new RequestLineBinding(headers));
        component.setMuteException(true);
        component.setHeaderFilterStrategy(new dev.caravan.platform.pipeline.ResponseHeaderFilter());
        component.setMaximumPoolSize(server.workerThreads());
        return component;
    }
}
