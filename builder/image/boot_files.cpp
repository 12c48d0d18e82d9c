#include "image/boot_files.hpp"

namespace ssi::image {

std::string init_hook(const std::string& image_name) {
  return std::string(
             "#!/bin/sh\n"
             "# Added by ssi-oscar (this image had no /init): brings the node up from its initramfs,\n"
             "# says who it is on the console, then hands over to the image's own init.\n"
             "# The kernel starts init without PATH; programs that search it (mpirun for ssh) need one.\n"
             "export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n"
             "mount -t proc proc /proc 2>/dev/null\n"
             "mount -t sysfs sysfs /sys 2>/dev/null\n"
             "# Kernels before 2.6.32 have no devtmpfs: make the few nodes a node needs, then give\n"
             "# this script the console the kernel could not open without them.\n"
             "if ! mount -t devtmpfs devtmpfs /dev 2>/dev/null; then\n"
             "  mount -t tmpfs -o mode=0755 dev /dev\n"
             "  mknod /dev/console c 5 1; mknod /dev/null c 1 3; mknod /dev/zero c 1 5; mknod /dev/tty c 5 0\n"
             "  mknod /dev/random c 1 8; mknod /dev/urandom c 1 9; mknod /dev/ptmx c 5 2; ln -s /proc/self/fd /dev/fd\n"
             "  chmod 600 /dev/console; chmod 666 /dev/null /dev/zero /dev/tty /dev/random /dev/urandom /dev/ptmx\n"
             "  exec </dev/console >/dev/console 2>&1\n"
             "fi\n"
             "mkdir -p /dev/pts /dev/shm && mount -t devpts devpts /dev/pts 2>/dev/null\n"
             "if [ -s /etc/hostname ]; then hostname \"$(cat /etc/hostname)\"; else hostname ") +
         image_name +
         "; fi\n"
         "echo \"ssi-oscar-boot: hostname=$(hostname) kernel=$(uname -r) image=" + image_name + "\"\n"
         "if [ -f /etc/kerrighed/kerrighed_nodes ]; then\n"
         "  while read -r line; do echo \"ssi-oscar-boot: kerrighed_nodes: $line\"; done < /etc/kerrighed/kerrighed_nodes\n"
         "fi\n"
         "# The image's node services (a Kerrighed node joins its cluster), then, in test boots,\n"
         "# the boot checks it carries (boot-test.d), before the marker.\n"
         "for service in /etc/ssi-oscar/init.d/*; do [ -x \"$service\" ] && \"$service\"; done\n"
         "# (A cluster test boot runs the cluster's checks instead, inside the Kerrighed container.)\n"
         "case \" $(cat /proc/cmdline) \" in *\" ssi_oscar.nodes=\"[2-9]*|*\" ssi_oscar.nodes=\"[1-9][0-9]*) ;;\n"
         "  *\" " + kBootTestParameter + " \"*)\n"
         "    for check in /etc/ssi-oscar/boot-test.d/*.sh; do [ -f \"$check\" ] && sh \"$check\"; done ;;\n"
         "esac\n"
         "echo \"" + kBootMarker + "\"\n"
         "# A single-node test boot ends here; a cluster test boot keeps its nodes up.\n"
         "case \" $(cat /proc/cmdline) \" in *\" ssi_oscar.nodes=\"[2-9]*|*\" ssi_oscar.nodes=\"[1-9][0-9]*) ;;\n"
         "  *\" " + kBootTestParameter + " \"*) poweroff -f ;; esac\n"
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
