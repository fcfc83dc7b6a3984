#!/bin/sh
# The guest's /init (busybox sh). It reads its settings from the kernel command line (values
# base64-encoded), loads the modules, mounts the share, checks the mount in /proc/mounts and only
# then tells the host it is ready. After that it serves the host's requests on the virtio-serial
# port named @CHANNEL_PORT_NAME@, which is the only channel fio's output travels on.
#
# The words in at-signs are constants, written in when the image is built (init-script.ts).
#
# Guest -> host lines: `SB READY <mount> <uname -r> <fio --version> <cpus/memory>` (each base64),
# `SB FAIL <reason b64>`, `SB REFUSED <id> <reason b64>` (the mount changed since boot),
# `SB PREPARED <id> <layout exit> <layout ms>`, `SB RESULT <id> <exit> <ms>`,
# `SB DATA <name>` + base64 lines + `SB ENDDATA <name>`, `SB LINE <id> <b64>` (the probe's stdout), `SB END <id>`.
# Host -> guest lines: `RUN <id> <b64 of the fio arguments, each NUL-terminated> <layout|laidout|none>
# [<workdir> <fresh|keep>]`, `TREE <id> <untar|walk|read|delete>`, `DEVLOOP <id> <op>`, `GO <id>`
# (caches dropped on the host: start the timed run), `PROBE <id> <b64 of its arguments>` and
# `REPLY <id> <b64 line>` (the semantics probe and the host's answers to it), `QUIT`.
#
# TREE works on the tree whose tarball the host appended to the initramfs (@TREE_TAR@, in RAM):
# untimed, untar removes the tree and the others extract it unless the mark says it is there
# complete (delete also counts it); sync and drop caches; then the timed busybox command of
# tree-commands.ts; its JSON result ({"op", "entries", "elapsed_ms", "tick_ms"}) comes back as stdout.
#
# DEVLOOP runs a developer-loop operation with the kit the host appended to the initramfs
# (@DEVLOOP_KIT@): devloop.sh prepare (untimed), sync and drop caches, GO, devloop.sh run, whose
# JSON result comes back as stdout; the host env runs the same script with the same tools.
#
# PROBE runs the semantics probe (@PROBE@, appended to the initramfs like the kit) on the share:
# its lines go to the host as they come, and the host's replies to its two-sided checks (the host
# creates or lstat()s a file on its side of the share) come back to its stdin. Then SQLite's WAL
# mode on the share with the guest's sqlite3 (DATA sqlite: its output, then `exit <status>`).
#
# The arguments are decoded once into a file and handed to fio by `xargs -0` through a constant
# `sh -c` script that only expands "$@": no argument is ever parsed, split or eval'd by a shell.
# (One decode per run instead of one per argument: each fork costs milliseconds under TCG.)
#
# Run as anything but PID 1 (the tests' harness, init.system.test.ts, on the host), it sets up no
# kernel and never powers off: the channel is its inherited fd 3, the share is the directory
# $SB_MNT, and it goes straight to the request loop, which is the same code as in a guest.

if [ "$$" -eq 1 ]; then AS_INIT=1; else AS_INIT=; fi
[ -z "$AS_INIT" ] || export PATH=/bin:/sbin:/usr/bin:/usr/sbin
export MNT=@GUEST_MOUNT@
PORT_NAME=@CHANNEL_PORT_NAME@
TREE_TAR=@TREE_TAR@
DEVLOOP_KIT=@DEVLOOP_KIT@
export PROBE=@PROBE@
DROP_CACHES=/proc/sys/vm/drop_caches

say() { echo "sharebench: $*"; }
b64d() { printf '%s' "$1" | base64 -d; }
b64e() { printf '%s' "$1" | base64 -w 0; }
halt_now() {
  say "powering off: $*"
  # Not the guest's init: never power off the machine the tests run on.
  [ -n "$AS_INIT" ] || exit 0
  sync
  poweroff -f
  while :; do sleep 1; done
}
# Monotonic milliseconds (NOW_MS) and microseconds (NOW_US, whose tick TICK_US is) without a fork:
# /proc/timer_list starts with "now at <ns> nsecs"; /proc/uptime's centiseconds otherwise.
now_ms() {
  while read -r w1 w2 w3 _; do
    if [ "$w1 $w2" = "now at" ]; then NOW_MS=$((w3 / 1000000)) NOW_US=$((w3 / 1000)) TICK_US=1; return; fi
  done < /proc/timer_list
  read -r up _ < /proc/uptime
  NOW_MS=$(( ${up%.*} * 1000 + 1${up#*.}0 - 1000 ))
  NOW_US=$((NOW_MS * 1000)) TICK_US=10000
}
send() { printf '%s\n' "$*" >&3; }
fail() { say "$*"; send "SB FAIL $(b64e "$*")"; halt_now "$*"; }
send_file() { send "SB DATA $1"; base64 "$2" >&3; send "SB ENDDATA $1"; }
announce() {
  MEM=$(grep MemTotal /proc/meminfo)
  send "SB READY $(b64e "$LINE") $(b64e "$(uname -r)") $(b64e "$(fio --version 2>&1)") $(b64e "cpus=$(nproc) $MEM")"
}

# The guest's boot: kernel settings, modules, the channel on fd 3, the share mounted and checked.
boot() {
  # shellcheck disable=SC1091 # written by the image build: MODULES and the libraries' LD_LIBRARY_PATH
  . /etc/sharebench/env
  mount -t proc proc /proc
  mount -t sysfs sysfs /sys
  mount -t devtmpfs devtmpfs /dev

  set -f
  read -r CMDLINE < /proc/cmdline
  FS='' TAG='' OPTS='' FAULT=''
  for w in $CMDLINE; do
    case "$w" in
      sharebench.fs=*) FS=${w#*=} ;;
      sharebench.tag=*) TAG=$(b64d "${w#*=}") ;;
      sharebench.opts=*) OPTS=$(b64d "${w#*=}") ;;
      sharebench.fault=*) FAULT=${w#*=} ;;
    esac
  done
  set +f

  # Test-only fault injection (sharebench.fault=...): the real path below is unchanged without it.
  case "$FAULT" in
    panic) say "fault injection: kernel panic"; echo c > /proc/sysrq-trigger ;;
    hang) say "fault injection: hanging before the mount"; while :; do sleep 3600; done ;;
  esac

  for m in $MODULES; do
    insmod "/lib/modules/$m.ko" || halt_now "insmod $m failed"
  done
  say "modules loaded: $MODULES"

  PORT=
  tries=0
  while [ -z "$PORT" ]; do
    for d in /sys/class/virtio-ports/*; do
      if [ -r "$d/name" ] && [ "$(cat "$d/name")" = "$PORT_NAME" ] && [ -c "/dev/${d##*/}" ]; then PORT=/dev/${d##*/}; fi
    done
    if [ -z "$PORT" ]; then
      tries=$((tries + 1))
      [ $tries -gt 1000 ] && halt_now "no virtio-serial port named $PORT_NAME appeared"
      usleep 10000
    fi
  done
  exec 3<>"$PORT"
  # From here on no word is ever glob-expanded: arguments come from the host.
  set -f

  mkdir -p "$MNT"
  if ! out=$(mount -t "$FS" -o "$OPTS" "$TAG" "$MNT" 2>&1); then
    fail "mount -t $FS -o $OPTS $TAG $MNT failed: $out"
  fi
  LINE=$(grep " $MNT " /proc/mounts)
  # shellcheck disable=SC2086 # split into the mount line's fields on purpose
  set -- $LINE
  if [ "$2" != "$MNT" ] || [ "$3" != "$FS" ]; then
    fail "after mounting, /proc/mounts shows ${LINE:-nothing} for $MNT instead of a $FS mount of $TAG"
  fi
  say "mounted: $LINE"
  announce
}

# The tests' harness on the host: the channel is fd 3, the share a directory, nothing to mount.
attach() {
  set -f
  MNT=${SB_MNT:?the harness names the share directory in SB_MNT}
  LINE=${SB_MOUNT_LINE-}
  FS=${SB_FS:-test}
  FAULT=''
  DROP_CACHES=${SB_DROP_CACHES:?the harness names a file standing in for drop_caches in SB_DROP_CACHES}
  TREE_TAR=${SB_TREE_TAR:-$TREE_TAR}
  DEVLOOP_KIT=${SB_DEVLOOP_KIT:-$DEVLOOP_KIT}
  PROBE=${SB_PROBE:-$PROBE}
  announce
}

# A share that went away would let fio write to the RAM disk instead: check before every job.
share_gone() {
  now=$(grep " $MNT " /proc/mounts)
  [ "$now" = "$LINE" ] && return 1
  send "SB REFUSED $1 $(b64e "$MNT is no longer the $FS mount checked at boot (/proc/mounts: ${now:-nothing}); $2 was not started")"
}

# After a run's untimed preparation: sync, drop the guest's caches, report PREPARED (exit code and
# time since $3), then wait for the host's GO (it drops its own caches meanwhile). Returns 1 when
# the run ends here: the preparation failed (its output $5 goes back as DATA $4) or no GO came.
await_go() {
  sync
  echo 3 > "$DROP_CACHES"
  now_ms
  send "SB PREPARED $1 $2 $((NOW_MS - $3))"
  if [ "$2" -ne 0 ]; then
    send_file "$4" "$5"
    send "SB END $1"
    return 1
  fi
  read -r go gid <&3
  if [ "$go" != GO ] || [ "$gid" != "$1" ]; then
    say "expected GO $1 from the host, got: $go $gid"
    send "SB END $1"
    return 1
  fi
}

run_job() {
  id=$1
  [ "$FAULT" = run-unmounted ] && umount "$MNT" && say "fault injection: share unmounted before a run"
  share_gone "$id" fio && return
  case "$4" in
    .|..|*[!A-Za-z0-9._-]*) send "SB REFUSED $id $(b64e "workdir $4 is not one safe name")"; return ;;
  esac
  b64d "$2" > /tmp/args
  case "$FAULT" in
    run-panic) say "fault injection: kernel panic during a run"; echo c > /proc/sysrq-trigger ;;
    run-hang) say "fault injection: hanging during a run"; while :; do sleep 3600; done ;;
  esac
  now_ms; t0=$NOW_MS
  rm -f /tmp/fio.rc
  lrc=0
  : > /tmp/layout.out
  if [ -n "$4" ]; then
    { [ "$5" != fresh ] || rm -rf "${MNT:?}/$4"; } && mkdir -p "$MNT/$4" || lrc=$?
  fi > /tmp/layout.out 2>&1
  if [ "$lrc" -eq 0 ] && [ "$3" = layout ]; then
    # shellcheck disable=SC2016 # $@ and $MNT are for the inner sh, not this one
    xargs -0 -x -a /tmp/args sh -c 'fio "$@" --directory="$MNT" --create_only=1; echo $? > /tmp/fio.rc' fio > /tmp/layout.out 2>&1
    read -r lrc < /tmp/fio.rc
  fi
  await_go "$id" "${lrc:-127}" "$t0" layout /tmp/layout.out || return
  now_ms; t1=$NOW_MS
  rm -f /tmp/fio.rc
  # shellcheck disable=SC2016 # as above
  xargs -0 -x -a /tmp/args sh -c 'fio "$@" --directory="$MNT" --output-format=json+; echo $? > /tmp/fio.rc' fio > /tmp/fio.out 2> /tmp/fio.err
  now_ms
  read -r rc < /tmp/fio.rc
  send "SB RESULT $id ${rc:-127} $((NOW_MS - t1))"
  send_file stdout /tmp/fio.out
  send_file stderr /tmp/fio.err
  rm -f /tmp/fio.out /tmp/fio.err /tmp/layout.out /tmp/fio.rc /tmp/args
  send "SB END $id"
}

# Lines find prints for the tree (one per entry; with -type f, per file): what an operation handled.
count_tree() { n=$(find "$TREE" "$@" 2>/dev/null | wc -l); COUNT=$((n)); }

tree_job() {
  id=$1 op=$2
  [ "$FAULT" = run-unmounted ] && umount "$MNT" && say "fault injection: share unmounted before a tree operation"
  share_gone "$id" "tree $op" && return
  case "$op" in
    untar|walk|read|delete) ;;
    *) send "SB REFUSED $id $(b64e "unknown tree operation $op")"; return ;;
  esac
  if [ ! -f "$TREE_TAR" ]; then
    send "SB REFUSED $id $(b64e "this guest was booted without a tree ($TREE_TAR is not in its initramfs)")"
    return
  fi
  now_ms; t0=$NOW_MS
  prc=0 COUNT=0
  if [ "$op" = untar ]; then
    rm -f "$TREE_MARK" && rm -rf "$TREE" || prc=$?
  elif [ ! -e "$TREE_MARK" ]; then
    rm -rf "$TREE" && tar -x -f "$TREE_TAR" -C "$MNT" && : > "$TREE_MARK" || prc=$?
  fi > /tmp/prep.out 2>&1
  if [ "$prc" -eq 0 ] && [ "$op" = delete ]; then
    count_tree
    rm -f "$TREE_MARK" 2>> /tmp/prep.out || prc=$?
  fi
  await_go "$id" "$prc" "$t0" prepare /tmp/prep.out || return
  now_ms; t1=$NOW_MS u1=$NOW_US
  # The timed commands: tree-commands.ts's treeCommand with the paths as these variables.
  case "$op" in
    untar) /bin/busybox tar -x -f "$TREE_TAR" -C "$MNT" ;;
    walk) /bin/busybox find "$TREE" > /tmp/walk.out ;;
    read) /bin/busybox find "$TREE" -type f -exec /bin/busybox cat {} + > /dev/null ;;
    delete) /bin/busybox rm -rf "$TREE" ;;
  esac 2> /tmp/tree.err
  rc=$?
  now_ms
  ms=$((NOW_MS - t1)) us=$((NOW_US - u1))
  case "$op" in
    untar) [ "$rc" -eq 0 ] && : > "$TREE_MARK"; count_tree ;;
    walk) n=$(wc -l < /tmp/walk.out); COUNT=$((n)) ;;
    read) count_tree -type f ;;
  esac
  # elapsed_ms to the microsecond, and the clock's tick: a fast walk takes a few ms, which whole ms would round by tens of percent.
  printf '{"op":"%s","entries":%d,"elapsed_ms":%d.%03d,"tick_ms":%d.%03d}\n' "$op" "$COUNT" $((us / 1000)) $((us % 1000)) \
    $((TICK_US / 1000)) $((TICK_US % 1000)) > /tmp/tree.out
  send "SB RESULT $id $rc $ms"
  send_file stdout /tmp/tree.out
  send_file stderr /tmp/tree.err
  rm -f /tmp/tree.out /tmp/tree.err /tmp/walk.out /tmp/prep.out
  send "SB END $id"
}

devloop_job() {
  id=$1 op=$2
  [ "$FAULT" = run-unmounted ] && umount "$MNT" && say "fault injection: share unmounted before a developer loop"
  share_gone "$id" "$op" && return
  case "$op" in
    ''|*[!a-z0-9-]*) send "SB REFUSED $id $(b64e "$op is not a developer-loop operation")"; return ;;
  esac
  if [ ! -f "$DEVLOOP_KIT/devloop.sh" ]; then
    send "SB REFUSED $id $(b64e "this guest was booted without the developer loops' kit ($DEVLOOP_KIT is not in its initramfs)")"
    return
  fi
  now_ms; t0=$NOW_MS
  sh "$DEVLOOP_KIT/devloop.sh" prepare "$op" "$DEVLOOP_WORK" "$DEVLOOP_KIT" /tmp/devloop > /tmp/prep.out 2>&1
  await_go "$id" "$?" "$t0" prepare /tmp/prep.out || return
  now_ms; t1=$NOW_MS
  sh "$DEVLOOP_KIT/devloop.sh" run "$op" "$DEVLOOP_WORK" "$DEVLOOP_KIT" /tmp/devloop > /tmp/devloop.out 2> /tmp/devloop.err
  rc=$?
  now_ms
  send "SB RESULT $id $rc $((NOW_MS - t1))"
  send_file stdout /tmp/devloop.out
  send_file stderr /tmp/devloop.err
  rm -f /tmp/devloop.out /tmp/devloop.err /tmp/prep.out
  send "SB END $id"
}

# The host's replies to the probe, from the channel to the probe's stdin (a FIFO), until killed.
relay_replies() {
  exec 4> /tmp/probe.in
  while read -r cmd rid text <&3; do
    if [ "$cmd" = REPLY ] && [ "$rid" = "$1" ]; then
      { b64d "$text"; echo; } >&4
    else
      say "ignored during the probe: $cmd $rid"
    fi
  done
}

# SQLite's WAL mode on the share (semantics-run.ts's SQLITE_WAL_SQL), then `exit <status>`.
sqlite_wal() {
  db=$MNT/@SQLITE_WAL_DB@
  rm -f "$db" "$db-wal" "$db-shm"
  sqlite3 -bail "$db" 'PRAGMA journal_mode=WAL; CREATE TABLE t(x); INSERT INTO t VALUES(1); SELECT count(*) FROM t;' 2>&1
  echo "exit $?"
  rm -f "$db" "$db-wal" "$db-shm"
}

probe_job() {
  id=$1
  share_gone "$id" "the semantics probe" && return
  if [ ! -x "$PROBE" ]; then
    send "SB REFUSED $id $(b64e "this guest was booted without the semantics probe ($PROBE is not in its initramfs)")"
    return
  fi
  b64d "$2" > /tmp/probe.args
  rm -f /tmp/probe.in /tmp/probe.rc
  if ! mkfifo /tmp/probe.in; then send "SB REFUSED $id $(b64e "mkfifo /tmp/probe.in failed")"; return; fi
  relay_replies "$id" &
  relay=$!
  now_ms; t0=$NOW_MS
  # shellcheck disable=SC2016 # $PROBE, $MNT and $@ are for the inner sh
  xargs -0 -x -a /tmp/probe.args sh -c '"$PROBE" "$MNT" "$@" < /tmp/probe.in; echo $? > /tmp/probe.rc' probe 2> /tmp/probe.err |
    while IFS= read -r line; do send "SB LINE $id $(b64e "$line")"; done
  now_ms
  kill "$relay" 2> /dev/null
  wait "$relay" 2> /dev/null
  read -r rc < /tmp/probe.rc
  sqlite_wal > /tmp/sqlite.out
  send "SB RESULT $id ${rc:-127} $((NOW_MS - t0))"
  send_file stderr /tmp/probe.err
  send_file sqlite /tmp/sqlite.out
  rm -f /tmp/probe.in /tmp/probe.rc /tmp/probe.args /tmp/probe.err /tmp/sqlite.out
  send "SB END $id"
}

if [ -n "$AS_INIT" ]; then boot; else attach; fi
TREE=$MNT/@TREE_DIR@
TREE_MARK=$MNT/@TREE_MARK@
DEVLOOP_WORK=$MNT/@DEVLOOP_DIR@

# shellcheck disable=SC2086 # a request's fields are split into the job's arguments on purpose
while read -r cmd rest <&3; do
  case "$cmd" in
    RUN) run_job $rest ;;
    TREE) tree_job $rest ;;
    DEVLOOP) devloop_job $rest ;;
    PROBE) probe_job $rest ;;
    QUIT) break ;;
    *) say "unknown request from the host: $cmd" ;;
  esac
done
# QUIT, or the host closed the channel (read sees EOF): nothing should outlive the host.
cd / || true
[ -z "$AS_INIT" ] || umount "$MNT" 2>/dev/null
halt_now "host closed the channel"
