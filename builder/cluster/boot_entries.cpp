#include "cluster/boot_entries.hpp"

namespace ssi::cluster {

std::string pxelinux_config(const BootEntry& e) {
  std::string s = "DEFAULT " + e.label + "\nLABEL " + e.label + "\n  KERNEL " + e.kernel + "\n";
  // pxelinux loads a comma-separated list of initrds one after the other.
  if (!e.initrd.empty()) s += "  INITRD " + e.initrd + (e.overlay.empty() ? "" : "," + e.overlay) + "\n";
  if (!e.cmdline.empty()) s += "  APPEND " + e.cmdline + "\n";
  return s;
}

std::string ipxe_script(const BootEntry& e) {
  std::string s = "#!ipxe\nkernel " + e.kernel + (e.cmdline.empty() ? "" : " " + e.cmdline) + "\n";
  if (!e.initrd.empty()) s += "initrd " + e.initrd + "\n";
  if (!e.overlay.empty()) s += "initrd " + e.overlay + "\n";
  return s + "boot\n";
}

}  // namespace ssi::cluster
