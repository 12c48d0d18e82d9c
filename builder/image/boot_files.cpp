#include "image/boot_files.hpp"

namespace ssi::image {

std::string init_hook(const std::string& image_name) {
  return std::string(
             "#!/bin/sh\n"
             "# Added by ssi-oscar (this image had no /init): brings the node up from its initramfs,\n"
             "# says who it is on the console, then hands over to the image's own init.\n"
             "mount -t proc proc /proc 2>/dev/null\n"
             "mount -t sysfs sysfs /sys 2>/dev/null\n"
             "mount -t devtmpfs devtmpfs /dev 2>/dev/null\n"
             "if [ -s /etc/hostname ]; then hostname \"$(cat /etc/hostname)\"; else hostname ") +
         image_name +
         "; fi\n"
         "echo \"ssi-oscar-boot: hostname=$(hostname) kernel=$(uname -r) image=" + image_name + "\"\n"
         "if [ -f /etc/kerrighed/kerrighed_nodes ]; then\n"
         "  while read -r line; do echo \"ssi-oscar-boot: kerrighed_nodes: $line\"; done < /etc/kerrighed/kerrighed_nodes\n"
         "fi\n"
         "echo \"" + kBootMarker + "\"\n"
         "case \" $(cat /proc/cmdline) \" in *\" " + kBootTestParameter + " \"*) poweroff -f ;; esac\n"
         "[ -x /sbin/init ] && exec /sbin/init \"$@\"\n"
         "exec /bin/sh\n";
}

std::string pxelinux_config(const BootEntry& e) {
  std::string s = "DEFAULT " + e.label + "\nLABEL " + e.label + "\n  KERNEL " + e.kernel + "\n";
  if (!e.initrd.empty()) s += "  INITRD " + e.initrd + "\n";
  if (!e.cmdline.empty()) s += "  APPEND " + e.cmdline + "\n";
  return s;
}

std::string ipxe_script(const BootEntry& e) {
  std::string s = "#!ipxe\nkernel " + e.kernel + (e.cmdline.empty() ? "" : " " + e.cmdline) + "\n";
  if (!e.initrd.empty()) s += "initrd " + e.initrd + "\n";
  return s + "boot\n";
}

}  // namespace ssi::image
