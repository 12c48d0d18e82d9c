#pragma once
// Network boot entries in the two formats a node's firmware reads: a pxelinux configuration
// (pxelinux.cfg/default or 01-<mac>) and an iPXE script.
#include <string>

namespace ssi::cluster {

struct BootEntry {
  std::string label, kernel, initrd, cmdline;  // kernel and initrd relative to the TFTP/HTTP root
  // More initramfs archives after `initrd`, unpacked over it (a cluster's own files).
  std::string overlay;
};
std::string pxelinux_config(const BootEntry& entry);
std::string ipxe_script(const BootEntry& entry);

}  // namespace ssi::cluster
