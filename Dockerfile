# syntax=docker/dockerfile:1
# Chouette container image: a Maven build, then a small runtime made with jlink.
# Builds for linux/amd64 and linux/arm64 (Raspberry Pi 4/5, Jetson) with buildx.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY chouette-core/pom.xml chouette-core/
COPY chouette-redis/pom.xml chouette-redis/
COPY chouette-storage-redis/pom.xml chouette-storage-redis/
COPY chouette-storage-sqlite/pom.xml chouette-storage-sqlite/
COPY chouette-collectors/pom.xml chouette-collectors/
COPY chouette-app/pom.xml chouette-app/
COPY chouette-dist/pom.xml chouette-dist/
RUN mvn -B -q dependency:go-offline -DexcludeGroupIds=io.chouette || true
COPY . .
RUN mvn -B -q package -DskipTests

# Only the JDK modules the agent uses: `jdeps --ignore-missing-deps --print-module-deps
# --multi-release 17 chouette.jar`, plus what is loaded reflectively (java.xml for the logging
# configuration, java.logging, jdk.crypto.ec for TLS to Datadog, jdk.management). ImageRuntimeIT
# checks this list against jdeps and runs the agent limited to these modules with these flags.
FROM eclipse-temurin:17-jdk AS jre
RUN jlink \
      --add-modules java.base,java.compiler,java.desktop,java.logging,java.management,java.naming,java.rmi,java.security.jgss,java.sql,java.xml,jdk.crypto.ec,jdk.httpserver,jdk.jfr,jdk.management,jdk.unsupported \
      --strip-debug --no-man-pages --no-header-files --compress=2 --generate-cds-archive \
      --output /jre

FROM debian:bookworm-slim
RUN groupadd --system --gid 10001 chouette \
 && useradd --system --uid 10001 --gid chouette --no-create-home --shell /usr/sbin/nologin chouette \
 && mkdir -p /var/lib/chouette && chown chouette:chouette /var/lib/chouette
COPY --from=jre /jre /opt/java
# The tarball's tree: bin/chouette (the launcher), lib/chouette.jar, conf/jvm.options (the JVM
# flags, the same on every kind of install), conf/chouette.env (unused here: the container's
# environment holds the settings).
COPY --from=build /src/chouette-dist/target/chouette/ /opt/chouette/
ENV JAVA_HOME=/opt/java \
    PATH="/opt/java/bin:/opt/chouette/bin:${PATH}" \
    DOGSTATSD_HOST=0.0.0.0 \
    HEALTH_PORT=8080
# AppCDS: a short training run with the launcher's flags records the classes Chouette loads; at
# run time they are mapped from this archive instead of being parsed again, which shortens startup.
RUN API_KEY=cds-training GLOBAL_TAGS='[]' CHOUETTE_STORAGE_TYPE=memory COLLECTOR_PLUGINS='["host"]' \
      DOGSTATSD_PORT=0 DATADOG_URL=http://127.0.0.1:9/api DATADOG_LOGS_URL=http://127.0.0.1:9 \
      JAVA_OPTS=-XX:ArchiveClassesAtExit=/opt/chouette/lib/chouette.jsa \
      timeout -s TERM 20 /opt/chouette/bin/chouette > /dev/null 2>&1 || true; \
    test -s /opt/chouette/lib/chouette.jsa \
 && printf '%s\n' '# AppCDS archive of this image' '-XX:SharedArchiveFile=/opt/chouette/lib/chouette.jsa' \
      >> /opt/chouette/conf/jvm.options
USER chouette
# The sqlite engine's database (CHOUETTE_STORAGE_TYPE=sqlite, CHOUETTE_DATA_DIR's default).
VOLUME /var/lib/chouette
EXPOSE 8125/udp 8080/tcp
# No curl in the image: bash's /dev/tcp asks the health endpoint.
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${HEALTH_PORT} && printf 'GET /health/live HTTP/1.0\\r\\n\\r\\n' >&3 && head -n1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["/opt/chouette/bin/chouette"]
