# Cluster check of the SSI image (run on the boot node inside the Kerrighed container, in test
# boots, once the other nodes were added): every node is online, a process started here moves
# to node 2 with `migrate` and runs there, and a checkpoint/restart round trip restores one.
# Each prints "ssi-oscar-boot: check NAME: ok" or "...: FAILED (...)".
report() { echo "ssi-oscar-boot: check $1: FAILED ($2)"; }
passed() { echo "ssi-oscar-boot: check $1: ok ($2)"; }
total=$(sed -n 's/.* ssi_oscar\.nodes=\([0-9]*\).*/\1/p' /proc/cmdline)
online=$(krgadm nodes status | grep -c online)
[ "$online" = "${total:-0}" ] && passed nodes-online "$online of $total" || report nodes-online "$online of ${total:-?} nodes online"

# A worker in its own session, with the migration capability, that says where it runs; its
# output file stays on this node (Kerrighed forwards the writes after migration).
sh -c 'krgcapset -d +CAN_MIGRATE && krgcapset -e +CAN_MIGRATE &&
       exec setsid sh -c "while :; do echo node \$(cat /sys/kerrighed/node_id); sleep 1; done"' >/tmp/worker.out 2>&1 &
worker=$!
sleep 3
before=$(tail -n 1 /tmp/worker.out)
if out=$(migrate "$worker" 2 2>&1); then
  # Under software emulation a loaded node takes a while: wait for the worker's next words.
  for wait in $(seq 60); do after=$(tail -n 1 /tmp/worker.out); [ "$after" = "node 2" ] && break; sleep 1; done
  # Kerrighed's one process space: the worker, now on node 2, is still seen from this node.
  seen=no; [ -r "/proc/$worker/status" ] && grep -q "^Pid:[[:space:]]*$worker\$" "/proc/$worker/status" && seen=yes
  if [ "$before" = "node 1" ] && [ "$after" = "node 2" ] && [ "$seen" = yes ]; then
    passed migrate "pid $worker said '$before', then '$after', and node 1 still sees it"
  elif [ "$seen" = no ]; then report migrate "pid $worker ran on node 2 but node 1 no longer sees it"
  else report migrate "before: $before, after: $after"; fi
else
  report migrate "migrate $worker 2: $out"
fi
kill "$worker" 2>/dev/null

# Checkpoint a counter, kill it, restart it from the checkpoint: it counts on from there.
sh -c 'krgcapset -d +CHECKPOINTABLE && krgcapset -e +CHECKPOINTABLE &&
       exec setsid sh -c "i=0; while :; do i=\$((i+1)); echo \$i; sleep 1; done"' >/tmp/counter.out 2>&1 &
counter=$!
# Pids repeat from one cluster boot to the next and /var/chkpt is the head node's: an earlier
# cluster's checkpoints of this pid would be restarted instead.
rm -rf "/var/chkpt/$counter"
sleep 3
if out=$(checkpoint -k "$counter" 2>&1); then
  at=$(tail -n 1 /tmp/counter.out)
  version=$(echo "$out" | sed -n -e 's/.*version:* *\([0-9][0-9]*\).*/\1/p' -e 's|.*/'"$counter"'/v\([0-9][0-9]*\).*|\1|p' | tail -n 1)
  if rout=$(restart "$counter" "${version:-1}" 2>&1); then
    for wait in $(seq 60); do now=$(tail -n 1 /tmp/counter.out); [ "${now:-0}" -gt "${at:-0}" ] && break; sleep 1; done
    if [ "${now:-0}" -gt "${at:-0}" ]; then passed checkpoint-restart "counted to $at, checkpointed as version ${version:-1}, restarted, counted on to $now"
    else report checkpoint-restart "counter at $at, then $now"; fi
  else
    report checkpoint-restart "restart $counter ${version:-1}: $rout"
  fi
else
  report checkpoint-restart "checkpoint -k $counter: $out"
fi
