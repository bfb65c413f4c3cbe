# precis — container image, built in two stages: Maven and a JDK build the application, a JRE runs it.
#
#   docker build -t registry.example.com/newsroom/precis:0.1.0 .
#   docker run --rm -p 8080:8080 -p 9000:9000 --add-host=host.docker.internal:host-gateway \
#       -e PRECIS_LLM_BASE_URL=http://host.docker.internal:11434 registry.example.com/newsroom/precis:0.1.0
#
# (an Ollama on the host, through its native API; 9000 is the management port: health and metrics)
#
# The image holds no secret: the LLM key and the API keys file come from the environment or a mounted volume at run
# time (see k8s/). It runs as the unprivileged user 10001 and needs no writable path but /tmp.

# --- build: the project's JDK (21) and Maven, dependencies cached in their own layer -------------------------------
FROM maven:3.9.9-eclipse-temurin-21 AS build
WORKDIR /build
COPY pom.xml .
RUN mvn -B -ntp -q dependency:go-offline
COPY prompts prompts
COPY examples examples
COPY src src
RUN mvn -B -ntp -q package -DskipTests

# --- runtime: a JRE only; dependencies first and the application last, so a code change rebuilds one thin layer ----
FROM eclipse-temurin:21.0.5_11-jre
WORKDIR /deployments
COPY --from=build /build/target/quarkus-app/lib/ lib/
COPY --from=build /build/target/quarkus-app/quarkus-run.jar quarkus-run.jar
COPY --from=build /build/target/quarkus-app/quarkus/ quarkus/
COPY --from=build /build/target/quarkus-app/app/ app/
# Class-data sharing: a training start records the classes a start loads; every later start maps them (ready in
# about 1.3 s instead of 1.8 s on a 2-core machine, BENCHMARKS.md). Made here, with this stage's JVM and jars, as the
# archive is only valid for those.
COPY src/main/docker/class-archive.sh /tmp/class-archive.sh
RUN sh /tmp/class-archive.sh /deployments /deployments/app-cds.jsa && rm /tmp/class-archive.sh
EXPOSE 8080 9000
USER 10001:10001
# Size the heap from the container's memory limit, not the node's; die on OOM so Kubernetes restarts the pod.
ENV JAVA_OPTS="-XX:MaxRAMPercentage=60 -XX:+ExitOnOutOfMemoryError -XX:SharedArchiveFile=/deployments/app-cds.jsa -Djava.io.tmpdir=/tmp"
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /deployments/quarkus-run.jar"]
