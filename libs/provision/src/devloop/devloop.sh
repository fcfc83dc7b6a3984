#!/bin/sh
# One developer-loop operation (libs/core/src/devloop.ts says what each is and what one of its
# operations counts), in two phases. The same script runs in a guest (its init runs it, the kit in
# its RAM at /devloop) and on the host (the host session), under busybox sh with busybox's applets,
# git and sqlite3 (the host's binaries, which a guest carries too) on PATH:
#
#   devloop.sh prepare <op> <work> <kit> <state>   untimed: the workspace <work> made ready for <op>
#   devloop.sh run <op> <work> <kit> <state>       the timed operation; prints {"op","entries","elapsed_ms"}
#
# <work> is a directory on the measured share; <kit> what the host generated (kit.env,
# changed.list, repo.tar, packages/p<i>.tar, insert.sql); <state> a private directory off the
# share. The caller syncs and drops caches between the two phases. The run phase starts its
# clock after loading the tool (and, for the warm status, after the untimed status before it) and
# stops it when the tool exits. A failing tool exits the phase with its status, its own message on
# stderr. What an operation handles is known from the spec (kit.env; core's devloopCounts), the
# rows sqlite3 inserted are counted afterwards (untimed).
#
# The repository comes as a tarball whose index holds for the files as extracted (see
# generateRepo), so preparing a git operation runs no git: a mark says the repository is there,
# at its last commit and clean; an operation that changes it removes the mark, and the next
# preparation extracts it again.

set -f
PHASE=$1 OP=$2 WORK=$3 KIT=$4 STATE=$5
# shellcheck disable=SC1091 # the kit's constants: FIRST CHANGED_FILES PACKAGES INSTALL_WORKERS and the counts
. "$KIT/kit.env"
REPO=$WORK/repo
MODULES=$WORK/node_modules
DB=$WORK/db
# The same git everywhere: no system or user configuration, a fixed identity.
export LC_ALL=C HOME="$STATE" GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export GIT_CONFIG_COUNT=2 GIT_CONFIG_KEY_0=safe.directory GIT_CONFIG_VALUE_0='*' GIT_CONFIG_KEY_1=advice.detachedHead GIT_CONFIG_VALUE_1=false
export GIT_AUTHOR_NAME=sharebench GIT_AUTHOR_EMAIL=sharebench@localhost GIT_COMMITTER_NAME=sharebench GIT_COMMITTER_EMAIL=sharebench@localhost

# Monotonic microseconds without a fork: /proc/timer_list starts with "now at <ns> nsecs".
now_us() {
  while read -r w1 w2 w3 _; do
    if [ "$w1 $w2" = "now at" ]; then NOW_US=$((w3 / 1000)); return; fi
  done < /proc/timer_list
  read -r up _ < /proc/uptime
  NOW_US=$(( (${up%.*} * 100 + 1${up#*.} - 100) * 10000 ))
}

# The repository at its last commit, clean, its index matching the files (unless the mark says so already).
ensure_repo() {
  [ -e "$WORK/repo.ok" ] && return 0
  rm -rf "$REPO" && tar -x -f "$KIT/repo.tar" -C "$WORK" && : > "$WORK/repo.ok"
}

# Appends a line to the first CHANGED_FILES tracked files (changed.list).
change_files() {
  while read -r f; do
    echo "changed by sharebench" >> "$REPO/$f" || return
  done < "$KIT/changed.list"
}

# CHANGED_FILES new files in a new directory.
add_files() {
  mkdir -p "$REPO/new" || return
  i=0
  while [ "$i" -lt "$CHANGED_FILES" ]; do
    echo "new file $i" > "$REPO/new/n$i" || return
    i=$((i + 1))
  done
}

# Worker $1 of $2: packages $1, $1 + $2, ... unpacked into node_modules.
install_share() {
  i=$1
  while [ "$i" -lt "$PACKAGES" ]; do
    tar -x -f "$KIT/packages/p$i.tar" -C "$MODULES" || { echo "npm-install worker $1: tar -x of package p$i failed" >&2; return 1; }
    i=$((i + $2))
  done
}

# Every package, by $1 workers at once; fails when one worker did.
install_packages() {
  mkdir -p "$MODULES" || return
  pids='' w=0
  while [ "$w" -lt "$1" ]; do
    install_share "$w" "$1" &
    pids="$pids $!"
    w=$((w + 1))
  done
  irc=0
  for p in $pids; do wait "$p" || irc=$?; done
  return "$irc"
}

ensure_modules() {
  [ -e "$WORK/node_modules.ok" ] && return 0
  rm -rf "$MODULES" && install_packages 1 && : > "$WORK/node_modules.ok"
}

prepare() {
  mkdir -p "$WORK" "$STATE" || return
  case "$OP" in
    git-status-cold|git-status-warm) ensure_repo ;;
    git-diff) ensure_repo && rm -f "$WORK/repo.ok" && change_files ;;
    git-checkout) ensure_repo && rm -f "$WORK/repo.ok" ;;
    git-commit) ensure_repo && rm -f "$WORK/repo.ok" && change_files && add_files ;;
    npm-install) rm -f "$WORK/node_modules.ok" && rm -rf "$MODULES" ;;
    npm-rm) ensure_modules && rm -f "$WORK/node_modules.ok" ;;
    sqlite-insert) rm -rf "$DB" && mkdir -p "$DB" ;;
    *) echo "devloop.sh: unknown operation $OP" >&2; return 2 ;;
  esac
}

run() {
  # Untimed: the tool loaded (a guest has it in RAM; the host's page cache was just dropped).
  case "$OP" in
    git-*) git --version ;;
    sqlite-*) sqlite3 --version ;;
    npm-install) i=0; while [ "$i" -lt "$PACKAGES" ]; do cat "$KIT/packages/p$i.tar"; i=$((i + 1)); done ;;
  esac > /dev/null || return
  [ "$OP" != git-status-warm ] || git -C "$REPO" status --porcelain > /dev/null || return
  now_us; t0=$NOW_US
  case "$OP" in
    git-status-cold|git-status-warm) git -C "$REPO" status --porcelain > /dev/null ;;
    git-diff) git -C "$REPO" diff > /dev/null ;;
    git-checkout) git -C "$REPO" checkout -q "$FIRST" ;;
    git-commit) git -C "$REPO" add -A && git -C "$REPO" commit -q -m "sharebench devloop" ;;
    npm-install) install_packages "$INSTALL_WORKERS" ;;
    npm-rm) rm -rf "$MODULES" ;;
    sqlite-insert) sqlite3 -bail "$DB/devloop.db" < "$KIT/insert.sql" > "$STATE/sqlite.out" ;;
    *) echo "devloop.sh: unknown operation $OP" >&2; return 2 ;;
  esac
  rc=$?
  now_us; t1=$NOW_US
  [ "$rc" -eq 0 ] || return "$rc"
  case "$OP" in
    git-status-*|git-diff) n=$REPO_FILES ;;
    git-checkout) n=$CHECKOUT_FILES ;;
    git-commit) n=$COMMIT_PATHS ;;
    npm-install) n=$INSTALL_FILES; : > "$WORK/node_modules.ok" ;;
    npm-rm) n=$MODULES_ENTRIES ;;
    sqlite-insert)
      read -r mode < "$STATE/sqlite.out"
      if [ "$mode" != wal ]; then echo "sqlite3: PRAGMA journal_mode=WAL answered ${mode:-nothing}: WAL mode was not taken" >&2; return 1; fi
      n=$(sqlite3 "$DB/devloop.db" 'SELECT count(*) FROM t') || return ;;
  esac
  us=$((t1 - t0))
  printf '{"op":"%s","entries":%d,"elapsed_ms":%d.%03d}\n' "$OP" "$n" $((us / 1000)) $((us % 1000))
}

case "$PHASE" in
  prepare) prepare ;;
  run) run ;;
  *) echo "usage: devloop.sh prepare|run <op> <work> <kit> <state>" >&2; exit 2 ;;
esac
