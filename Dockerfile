# Caravan container image (docs/deploy.md).
#   docker build -t caravan:dev .
#   docker run -p 8080:8080 -v "$PWD/caravan.yaml:/etc/caravan/caravan.yaml:ro" caravan:dev
# DeployManifestsTest checks this file: a JRE 17 run stage, a non-root user, a health check on
# /health, and a command line the CLI accepts.

# --- build stage: the distribution (platform/target/caravan) from the sources -------------------
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q package -DskipTests

# --- run stage: a JRE, the distribution, nothing else of the build -------------------------------
FROM eclipse-temurin:17-jre
# curl for the HEALTHCHECK only; the gateway itself needs nothing beyond the JRE and bash.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 caravan \
 && useradd --system --uid 10001 --gid caravan --home-dir /var/lib/caravan --shell /usr/sbin/nologin caravan \
 && mkdir -p /etc/caravan /var/lib/caravan/data \
 && chown -R caravan:caravan /var/lib/caravan
COPY --from=build /src/platform/target/caravan /opt/caravan
# The working directory holds ./data (H2 file, receipt journal, spill file): mount a volume there.
WORKDIR /var/lib/caravan
USER 10001:10001
# The heap the benchmarks ran with (docs/benchmarks.md); the launcher adds G1 with a 20 ms pause goal.
ENV CARAVAN_JAVA_OPTS="-Xms256m -Xmx256m" \
    CARAVAN_PORT=8080
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD curl -fsS -o /dev/null "http://127.0.0.1:${CARAVAN_PORT}/health" || exit 1
ENTRYPOINT ["/opt/caravan/bin/caravan"]
CMD ["serve", "--config", "/etc/caravan/caravan.yaml"]
