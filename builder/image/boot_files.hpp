#pragma once
// The small files that make an image bootable over the network: the init hook the toolchain adds
// (it reports the node on the console, which boot tests wait for).
#include <string>

namespace ssi::image {

// The line boot-test waits for on the serial console.
inline constexpr const char* kBootMarker = "ssi-oscar-boot: ready";
// On the kernel command line: the init hook powers the machine off after the marker.
inline constexpr const char* kBootTestParameter = "ssi_oscar.boot_test=1";

// On the command line of `image boot-test --usage`: after its checks the node lists every file it
// opened, one kUsedPrefix line each, then the kUsageDone line with their number.
inline constexpr const char* kUsageParameter = "ssi_oscar.usage";
inline constexpr const char* kUsedPrefix = "ssi-oscar-used: ";
inline constexpr const char* kUsageDone = "ssi-oscar-boot: usage: ";

// /init for an image without one: mounts proc, sys and dev, prints hostname, kernel release and the
// Kerrighed node file, then the marker, and hands over to /sbin/init.
std::string init_hook(const std::string& image_name);

}  // namespace ssi::image
