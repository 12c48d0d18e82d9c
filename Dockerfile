# A container that builds ssi-oscar and runs the main job; the same install script as the README.
FROM debian:12
COPY . /src
WORKDIR /src
RUN bash scripts/install-deps \
 && cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF \
 && cmake --build build \
 && install -m 0755 build/builder/ssi-oscar /usr/local/bin/ssi-oscar
CMD ["bash", "scripts/demo"]
