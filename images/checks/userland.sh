# Boot check of a compute image (run by the init hook in test boots): the ordinary commands a
# node's users and daemons run. Each prints "ssi-oscar-boot: check NAME: ok" or
# "...: FAILED (what it said)"; `image boot-test` fails on any FAILED line.
check() {
  name=$1; shift
  if out=$("$@" 2>&1); then echo "ssi-oscar-boot: check $name: ok ($(echo "$out" | tail -n 1 | cut -c1-60))"
  else echo "ssi-oscar-boot: check $name: FAILED ($(echo "$out" | tail -n 2 | tr '\n' ' '))"; fi
}
ip link set lo up 2>/dev/null
check ls-l ls -l /etc/passwd /usr/bin
check ps ps ax
check mount sh -c 'mount | grep -q " /proc "'
check ip-addr ip addr show lo
check ulimit bash -c 'ulimit -a >/dev/null && ulimit -n 512 && [ "$(ulimit -n)" = 512 ]'
check su su -s /bin/sh -c 'id -un' nobody
check redirections bash -c 'f=$(mktemp); { echo one; echo two >&2; } >"$f" 2>&1; sort -r <"$f" | head -n 1 | grep -qx two'
check perl perl -e 'use POSIX; print uname() ? "ok\n" : die'
check python3 python3 -c 'import os, subprocess; assert subprocess.run(["true"]).returncode == 0; print(os.uname().release)'
check ssh-keygen sh -c 'rm -f /tmp/key /tmp/key.pub; ssh-keygen -q -t ed25519 -N "" -f /tmp/key'
check ssh-login sh -c '
  ssh-keygen -A >/dev/null && mkdir -p /root/.ssh /run/sshd && cp /tmp/key.pub /root/.ssh/authorized_keys &&
  /usr/sbin/sshd -o PermitRootLogin=prohibit-password -o ListenAddress=127.0.0.1 &&
  sleep 1 && ssh -i /tmp/key -o StrictHostKeyChecking=no -o BatchMode=yes root@127.0.0.1 hostname'
check mpirun sh -c 'mpirun --allow-run-as-root --oversubscribe -np 2 /bin/echo rank | grep -c rank | grep -qx 2'
