#pragma once
// The small files that make an image bootable over the network: the init hook the toolchain adds
// (it reports the node on the console, which boot tests wait for).
#include <string>

namespace ssi::image {

// The line boot-test waits for on the serial console.
inline constexpr const char* kBootMarker = "ssi-oscar-boot: ready";
// On the kernel command line: the init hook powers the machine off after the marker.
inline constexpr const char* kBootTestParameter = "ssi_oscar.boot_test=1";

// On the command line of `image boot-test --usage` (=1): after its checks the node lists every file
// it opened, one kUsedPrefix line each, then the kUsageDone line with their number. In `cluster test
// --usage` the suite runner lists after its suites (=1 from the init hook; =container from a
// Kerrighed boot node's container, where the suites run), before "cluster ready".
inline constexpr const char* kUsageParameter = "ssi_oscar.usage";
inline constexpr const char* kUsedPrefix = "ssi-oscar-used: ";
inline constexpr const char* kUsageDone = "ssi-oscar-boot: usage: ";
// The listing, one script in the image for the init hook and the Kerrighed container alike.
inline constexpr const char* kListOpenedPath = "/usr/lib/ssi-oscar/list-opened";

// /init for an image without one: mounts proc, sys and dev, prints hostname, kernel release and the
// Kerrighed node file, then the marker, and hands over to /sbin/init.
std::string init_hook(const std::string& image_name);

// kListOpenedPath's content, added with the init hook.
std::string list_opened_script();

}  // namespace ssi::image
