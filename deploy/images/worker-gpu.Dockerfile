# GPU worker image, built by the user's CI on a machine with Docker (or buildah/kaniko):
#   docker build -f deploy/images/worker-gpu.Dockerfile -t REGISTRY/screening-worker-gpu:0.1.0 .
# Not buildable on the project's own machines (no CUDA toolkit, no cuDNN, no registry pull);
# deploy/check lints it. Both bases are NVIDIA's CUDA 12.4.1 + cuDNN 9 images, pinned by the
# digests their Docker Hub tags had when this file was written; check them before a build.

# Build stage: the -Pgpu build (TensorFlow's linux-x86_64-gpu native library) and the op
# library with its CUDA kernel (the Makefile adds it when nvcc is on the PATH).
FROM nvidia/cuda:12.4.1-cudnn-devel-ubuntu22.04@sha256:622e78a1d02c0f90ed900e3985d6c975d8e2dc9ee5e61643aed587dcf9129f42 AS build
ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends openjdk-17-jdk-headless maven make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY pom.xml ./
COPY broker broker
COPY schemas schemas
COPY workers workers
COPY gateway gateway
COPY launcher launcher
COPY deploy/pom.xml deploy/pom.xml
RUN command -v nvcc \
 && mvn -B -Pgpu -DskipTests -pl workers -am package \
 && mkdir -p /out/lib \
 && cp workers/target/screening-workers.jar /out/ \
 && cp workers/target/lib/*.jar /out/lib/

# Runtime stage: CUDA and cuDNN runtime libraries, a headless JRE, the worker alone.
FROM nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04@sha256:2fcc4280646484290cc50dce5e65f388dd04352b07cbe89a635703bd1f9aedb6
ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends openjdk-17-jre-headless \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --gid 10001 screening \
 && useradd --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent screening \
 && mkdir -p /var/cache/screening \
 && chown 10001:10001 /var/cache/screening
COPY --from=build /out/ /opt/screening/
COPY models/ /opt/screening/models/
WORKDIR /opt/screening
USER 10001:10001
ENV TF_CPP_MIN_LOG_LEVEL=1 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp -Dorg.bytedeco.javacpp.cachedir=/var/cache/screening/javacpp -Dscreening.ops.cacheDir=/var/cache/screening/ops"
EXPOSE 8081
ENTRYPOINT ["java", "-cp", "/opt/screening/screening-workers.jar:/opt/screening/lib/*", "org.screening.workers.cli.WorkerCommand"]
CMD ["--config", "/etc/screening/config/worker.json"]
