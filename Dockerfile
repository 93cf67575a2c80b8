# syntax=docker/dockerfile:1
# Build: docker build -t seqwatch .
# Run:   docker run -p 8080:8080 -v seqwatch-data:/data seqwatch

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -B -q dependency:go-offline
COPY src src
RUN ./mvnw -B -q package -Dmaven.test.skip=true \
 && cp target/seqwatch-*.jar /src/seqwatch.jar

FROM eclipse-temurin:17-jre
# curl only for the container health check below.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app seqwatch \
 && mkdir -p /app /data /rules \
 && chown seqwatch /data
WORKDIR /app
COPY --from=build /src/seqwatch.jar /app/seqwatch.jar
USER seqwatch
# Extra rule files can be mounted at /rules and enabled with SEQWATCH_RULES_PATH=/rules.
VOLUME /data
EXPOSE 8080
# ParallelGC: on two cores G1's concurrent work cost up to 40% of ingest throughput in our
# benchmarks (docs/benchmarks.md); SeqWatch is throughput-bound and its pauses stay short.
# InitialRAMPercentage = MaxRAMPercentage: the heap starts at the size sustained load grows it to,
# so the young generation is large from the first minute; the correlation state lives seconds, and
# in a small young generation every collection copies it (README, Memory sizing).
# UseTransparentHugePages: the heap in 2 MB pages where the host allows it (THP "madvise" or
# "always"); the collector walks and copies the correlation state through far fewer TLB entries and
# page faults (docs/benchmarks.md, "Huge pages"). With THP "never" the JVM warns once and goes on.
# -UseAdaptiveSizePolicy: eden and the survivor spaces keep their sizes. Resizing them after each
# collection shrank the survivor spaces under the correlation state, which then overflowed into the
# old generation, and put survivors on pages never touched before ("Fixed generation sizes").
# CompileThresholdScaling at a tenth for the packages SeqWatch has C1 compile only
# (seqwatch.jit.c1-only-packages, README "The JIT compilers"): that code runs once per request, so at
# the default thresholds it ran interpreted, then as C1's slower profiling tier, for the first
# thousand requests and more, and was still being compiled under load. At a tenth it reaches C1's
# final tier within the first few hundred requests. Of it, C2 compiles only H2's B-trees and values
# (seqwatch.jit.c2-kept-packages), now sooner. "quiet" keeps the JVM from printing each command.
# Tier4LoadFeedback=100, Tier3DelayOn=100: C2's thresholds no longer grow with its queue, and new
# methods skip C1's counting tier, until a hundred methods wait. On two cores C2's one thread had a
# long queue through the first million events, so code reached C2 late and hundreds of methods were
# compiled twice by C1; the steady state is the same, reached sooner (README "The JIT compilers").
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:InitialRAMPercentage=75 -XX:+UseParallelGC -XX:+UseTransparentHugePages -XX:-UseAdaptiveSizePolicy -XX:Tier4LoadFeedback=100 -XX:Tier3DelayOn=100 -XX:CompileCommand=quiet -XX:CompileCommand=CompileThresholdScaling,org/apache/catalina/*.*,0.1 -XX:CompileCommand=CompileThresholdScaling,org/apache/coyote/*.*,0.1 -XX:CompileCommand=CompileThresholdScaling,org/apache/tomcat/*.*,0.1 -XX:CompileCommand=CompileThresholdScaling,org/springframework/*.*,0.1 -XX:CompileCommand=CompileThresholdScaling,org/h2/*.*,0.1 -XX:CompileCommand=CompileThresholdScaling,com/zaxxer/*.*,0.1 -XX:CompileCommand=CompileThresholdScaling,io/micrometer/*.*,0.1 -XX:CompileCommand=CompileThresholdScaling,io/prometheus/*.*,0.1 -XX:CompileCommand=CompileThresholdScaling,jakarta/*.*,0.1 -XX:CompileCommand=CompileThresholdScaling,ch/qos/*.*,0.1 -XX:CompileCommand=CompileThresholdScaling,org/slf4j/*.*,0.1" \
    SEQWATCH_DATA_DIR=/data
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD curl -fsS http://localhost:8080/actuator/health/readiness || exit 1
ENTRYPOINT ["java", "-jar", "/app/seqwatch.jar"]
