/*
 * semantics-probe: which file semantics work in one directory (a shared folder as a guest sees
 * it, or a host directory), one line per check.
 *
 *   semantics-probe DIR [--only CHECK,...] [--timeout-ms N] [--peer-timeout-ms N] [--event-ms N] [--no-peer]
 *   semantics-probe --list
 *
 * Built as one static program so a guest can carry it without a library closure:
 *   cc -static -O2 -Wall -Wextra -Werror -o semantics-probe semantics-probe.c
 *
 * It works only inside DIR: it makes a fresh directory there (mkdtemp DIR/sharebench-probe-XXXXXX),
 * gives each check its own subdirectory, and removes the whole directory at the end.
 *
 * Each check runs in its own forked process, so a check that crashes (SIGBUS from a mapping a
 * shared file system cannot back) or blocks (a FUSE request that never returns) cannot take the
 * others down: the parent waits for its result at most --timeout-ms (default 10000; a two-sided
 * check gets --peer-timeout-ms and --event-ms on top), then kills it and reports
 * `fails ETIMEDOUT` with the step it was in. Checks run one after the other in the order below.
 *
 * ---- Protocol ----------------------------------------------------------------------------------
 * Line-oriented, so it runs over a pipe as well as over a guest's virtio-serial request loop (the
 * transport frames lines; nothing here depends on it). Every line ends in "\n"; fields are
 * separated by one TAB; a field never holds a TAB, CR or LF (they are replaced by spaces).
 *
 * stdout, probe -> runner:
 *   BEGIN    <protocol: 1> <workdir, relative to DIR> <kernel release> <euid>
 *   <check>  <result> <errno name, or empty> <detail>         one result row
 *   WAIT     <check> <path relative to DIR>                  request: create this file from your side
 *   HOSTSTAT <check> <path relative to DIR> <type> <uid> <gid> <mode>
 *                                                            request: lstat this path from your side and
 *                                                            emit row <check> yourself, comparing it with
 *                                                            what the probe sees (the four fields; mode in
 *                                                            octal); `fails` with the errno when lstat fails
 *   END      <rows printed> <clean|leftover> <detail>
 * stdin, runner -> probe, exactly one line per request, after the request is done:
 *   DONE   <check>
 *   FAILED <check> <reason>        (WAIT only: the runner could not act; the probe reports the check
 *                                   unsupported with the reason)
 * The reply names its check so that a late reply to a check that was cut by its bound is skipped
 * by the next request instead of answering it. Without a runner (stdin at EOF, no reply within
 * --peer-timeout-ms, or --no-peer) the two-sided checks are reported `unsupported`.
 *
 * A result is one of:
 *   ok           behaves as POSIX and a local file system do
 *   fails        an operation failed; the errno field names the error (empty when the process
 *                died from a signal, the signal is in the detail)
 *   differs      it worked, but not as a local file system does; the detail says what was seen
 *   unsupported  the check could not be made here (not root, no runner, a prerequisite failed)
 *
 * Exit status: 0 when every check ran (whatever their results), 1 when the probe could not do its
 * work (no work directory, stdout closed), 2 on a usage error, 128+N when stopped by signal N
 * (SIGTERM, SIGINT, SIGHUP): the running check is killed, its row says so, the work directory is
 * removed and END is printed before the probe exits.
 *
 * Test-only fault injection: SHAREBENCH_PROBE_HANG=<check> makes that check block on a FIFO no one
 * writes, so the bound that cuts it can be tested beside the real path.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <sys/un.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>

#define PROTOCOL 1
#define LINE_MAX_BYTES 4096
#define STEP_BYTES 240

static struct {
  const char *dir;
  int timeout_ms;
  int peer_timeout_ms;
  int event_ms;
  int no_peer;
} opt = {NULL, 10000, 30000, 2000, 0};

/* Shared with every check process: what it is doing (read by the parent after a kill or crash)
 * and whether a runner has been seen to be absent (so later two-sided checks do not wait again). */
struct shared {
  char step[STEP_BYTES];
  int peer_gone;
  char peer_gone_why[STEP_BYTES];
};
static struct shared *shared;

/* The check running in this (child) process. */
static struct {
  const char *name;
  char rel[128];      /* its directory, relative to DIR: sharebench-probe-XXXXXX/<check> */
  int out;            /* pipe to the parent, which prints the rows */
} cur;

static long long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static const char *errname(int e) {
  static char buf[16];
  const char *name = strerrorname_np(e);
  if (name) return name;
  snprintf(buf, sizeof buf, "E%d", e);
  return buf;
}

static void at(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(shared->step, STEP_BYTES, fmt, ap);
  va_end(ap);
}

/* Fields never carry the separators. */
static void clean_field(char *s) {
  for (; *s; s++)
    if (*s == '\t' || *s == '\n' || *s == '\r') *s = ' ';
}

static int write_all(int fd, const char *buf, size_t len) {
  while (len > 0) {
    ssize_t n = write(fd, buf, len);
    if (n < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    buf += n;
    len -= (size_t)n;
  }
  return 0;
}

/* One protocol line on stdout, or on the parent pipe for rows written by a check process. */
static void emit(int fd, const char *fmt, ...) {
  char line[LINE_MAX_BYTES];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(line, sizeof line - 1, fmt, ap);
  va_end(ap);
  if (n < 0) n = 0;
  if ((size_t)n > sizeof line - 2) n = (int)sizeof line - 2;
  line[n++] = '\n';
  if (write_all(fd, line, (size_t)n) < 0 && fd == STDOUT_FILENO) {
    fprintf(stderr, "semantics-probe: cannot write to stdout: %s\n", strerror(errno));
    _exit(1);
  }
}

static void row_to(int fd, const char *check, const char *result, int err, const char *detail) {
  char d[LINE_MAX_BYTES - 128];
  snprintf(d, sizeof d, "%s", detail);
  clean_field(d);
  emit(fd, "%s\t%s\t%s\t%s", check, result, err ? errname(err) : "", d);
}

/* A row for another check name than the running one (chown also answers owner_on_host). */
static void row(const char *check, const char *result, int err, const char *fmt, ...) {
  char detail[LINE_MAX_BYTES - 128];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(detail, sizeof detail, fmt, ap);
  va_end(ap);
  row_to(cur.out, check, result, err, detail);
}

/* The running check's row; ends its process. */
static _Noreturn void done(const char *result, int err, const char *fmt, ...) {
  char detail[LINE_MAX_BYTES - 128];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(detail, sizeof detail, fmt, ap);
  va_end(ap);
  row_to(cur.out, cur.name, result, err, detail);
  _exit(0);
}

#define OK(...) done("ok", 0, __VA_ARGS__)
#define DIFFERS(...) done("differs", 0, __VA_ARGS__)
#define UNSUPPORTED(...) done("unsupported", 0, __VA_ARGS__)
/* errno is read before anything else can change it. */
#define FAILS_ERRNO(what) \
  do { \
    int e_ = errno; \
    done("fails", e_, "%s: %s", what, strerror(e_)); \
  } while (0)
#define TRY(call, what) \
  do { \
    at("%s", what); \
    if ((call) < 0) FAILS_ERRNO(what); \
  } while (0)

/* ---- small file helpers --------------------------------------------------------------------- */

static int put(const char *path, const void *data, size_t len) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return -1;
  if (write_all(fd, data, len) < 0) {
    int e = errno;
    close(fd);
    errno = e;
    return -1;
  }
  return close(fd);
}

static ssize_t get(const char *path, char *buf, size_t cap) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  ssize_t n = read(fd, buf, cap);
  int e = errno;
  close(fd);
  errno = e;
  return n;
}

#define PUT(path, text) TRY(put(path, text, strlen(text)), "create " path)

static const char *type_word(mode_t m) {
  switch (m & S_IFMT) {
    case S_IFREG: return "file";
    case S_IFDIR: return "dir";
    case S_IFLNK: return "symlink";
    case S_IFIFO: return "fifo";
    case S_IFSOCK: return "socket";
    case S_IFCHR: return "char";
    case S_IFBLK: return "block";
    default: return "unknown";
  }
}

/* ---- the runner on the other side ----------------------------------------------------------- */

/* One line from stdin, waiting until `deadline`. 1: a line; 0: EOF; -1: timed out or error. */
static int read_line(char *buf, size_t cap, long long deadline) {
  size_t len = 0;
  for (;;) {
    long long left = deadline - now_ms();
    if (left <= 0) return -1;
    struct pollfd p = {STDIN_FILENO, POLLIN, 0};
    int r = poll(&p, 1, (int)(left > INT_MAX ? INT_MAX : left));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return -1;
    char c;
    ssize_t n = read(STDIN_FILENO, &c, 1); /* byte by byte: nothing read ahead is lost when this process ends */
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return -1;
    if (n == 0) return len > 0 ? 1 : 0;
    if (c == '\r') continue; /* a transport that ends lines in CRLF */
    if (c == '\n') {
      buf[len] = 0;
      return 1;
    }
    if (len + 1 < cap) buf[len++] = c;
  }
}

/*
 * Sends `request` (a WAIT or HOSTSTAT line for `check`) and waits for the runner's reply to it.
 * 1: DONE. 0: FAILED, the runner's reason in `why`. -1: no runner (the reason in `why`).
 */
static int ask(const char *check, const char *request, char *why, size_t whylen) {
  if (opt.no_peer) {
    snprintf(why, whylen, "no runner on the other side (--no-peer)");
    return -1;
  }
  if (shared->peer_gone) {
    snprintf(why, whylen, "%s", shared->peer_gone_why);
    return -1;
  }
  emit(STDOUT_FILENO, "%s", request);
  long long deadline = now_ms() + opt.peer_timeout_ms;
  char line[LINE_MAX_BYTES];
  for (;;) {
    int r = read_line(line, sizeof line, deadline);
    if (r <= 0) {
      if (r == 0)
        snprintf(why, whylen, "no runner on the other side (stdin closed)");
      else
        snprintf(why, whylen, "no reply from the runner within %d ms", opt.peer_timeout_ms);
      shared->peer_gone = 1;
      snprintf(shared->peer_gone_why, STEP_BYTES, "%s", why);
      return -1;
    }
    char *verb = line, *name = strchr(line, '\t');
    if (!name) continue;
    *name++ = 0;
    char *reason = strchr(name, '\t');
    if (reason) *reason++ = 0;
    if (strcmp(name, check) != 0) continue; /* a late reply to a check that was cut: not ours */
    if (strcmp(verb, "DONE") == 0) return 1;
    if (strcmp(verb, "FAILED") == 0) {
      snprintf(why, whylen, "the runner could not act: %s", reason ? reason : "(no reason given)");
      return 0;
    }
  }
}

/* HOSTSTAT for `path` (relative to this check's directory): the runner emits row `check`. */
static void hoststat(const char *check, const char *path) {
  struct stat st;
  if (lstat(path, &st) < 0) {
    row(check, "unsupported", 0, "the probe cannot lstat %s itself: %s", path, strerror(errno));
    return;
  }
  char request[LINE_MAX_BYTES], why[256];
  snprintf(request, sizeof request, "HOSTSTAT\t%s\t%s/%s\t%s\t%u\t%u\t%04o", check, cur.rel, path, type_word(st.st_mode),
           (unsigned)st.st_uid, (unsigned)st.st_gid, (unsigned)(st.st_mode & 07777));
  at("HOSTSTAT %s: waiting for the runner", check);
  if (ask(check, request, why, sizeof why) != 1) row(check, "unsupported", 0, "%s", why);
}

/* ---- checks ----------------------------------------------------------------------------------
 * Each runs in its own process, in its own empty directory (the working directory), and ends by
 * reporting its row. What it does and what counts as ok is said above each. */

/* mmap_shared_write: a 4096-byte file mapped MAP_SHARED read-write, written through the mapping,
 * msync(MS_SYNC), unmapped; ok when pread() and a fresh open()+read() return the bytes written.
 * (SQLite's WAL index, git's index and fio's mmap engine need this.) */
static void check_mmap_shared_write(void) {
  enum { N = 4096 };
  static char want[N], got[N];
  for (int i = 0; i < N; i++) want[i] = (char)('a' + i % 26);
  at("open");
  int fd = open("mapped", O_RDWR | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) FAILS_ERRNO("open");
  TRY(ftruncate(fd, N), "ftruncate to 4096 bytes");
  at("mmap(MAP_SHARED, PROT_READ|PROT_WRITE)");
  char *p = mmap(NULL, N, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (p == MAP_FAILED) FAILS_ERRNO("mmap(MAP_SHARED, PROT_READ|PROT_WRITE)");
  at("storing through the mapping");
  memcpy(p, want, N);
  TRY(msync(p, N, MS_SYNC), "msync(MS_SYNC)");
  TRY(munmap(p, N), "munmap");
  at("pread");
  ssize_t n = pread(fd, got, N, 0);
  if (n < 0) FAILS_ERRNO("pread after msync");
  if (n != N || memcmp(want, got, N) != 0) DIFFERS("pread after msync returned %zd bytes that differ from what was stored through the mapping", n);
  close(fd);
  memset(got, 0, N);
  n = get("mapped", got, N);
  if (n < 0) FAILS_ERRNO("open+read after munmap");
  if (n != N || memcmp(want, got, N) != 0) DIFFERS("a new open()+read() returned %zd bytes that differ from what was stored through the mapping", n);
  OK("4096 bytes stored through MAP_SHARED, msync(MS_SYNC); pread and a new open+read return them");
}

/* o_direct: open(O_DIRECT), a 4096-byte write and read at offset 0 from a 4096-aligned buffer;
 * ok when both succeed, the bytes match and fcntl(F_GETFL) still shows O_DIRECT. */
static void check_o_direct(void) {
  enum { N = 4096 };
  char *buf, *back;
  if (posix_memalign((void **)&buf, N, N) != 0 || posix_memalign((void **)&back, N, N) != 0) UNSUPPORTED("no aligned buffer");
  for (int i = 0; i < N; i++) buf[i] = (char)(i * 7);
  at("open(O_DIRECT)");
  int fd = open("direct", O_RDWR | O_CREAT | O_TRUNC | O_DIRECT, 0644);
  if (fd < 0) FAILS_ERRNO("open(O_DIRECT)");
  at("pwrite 4096 aligned bytes");
  ssize_t n = pwrite(fd, buf, N, 0);
  if (n < 0) FAILS_ERRNO("aligned 4096-byte pwrite with O_DIRECT");
  if (n != N) DIFFERS("aligned 4096-byte pwrite with O_DIRECT wrote %zd bytes", n);
  at("pread 4096 aligned bytes");
  n = pread(fd, back, N, 0);
  if (n < 0) FAILS_ERRNO("aligned 4096-byte pread with O_DIRECT");
  if (n != N || memcmp(buf, back, N) != 0) DIFFERS("aligned pread with O_DIRECT returned %zd bytes that differ from those written", n);
  int flags = fcntl(fd, F_GETFL);
  if (flags >= 0 && !(flags & O_DIRECT)) DIFFERS("the write and read worked but F_GETFL no longer shows O_DIRECT (the open dropped it)");
  OK("open(O_DIRECT), 4096-byte aligned pwrite and pread");
}

/* fallocate: fallocate(mode 0) of 1 MiB on an empty file; ok when st_size becomes 1 MiB and at
 * least 1 MiB is allocated (st_blocks * 512). */
static void check_fallocate(void) {
  const off_t len = 1 << 20;
  at("open");
  int fd = open("alloc", O_RDWR | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) FAILS_ERRNO("open");
  TRY(fallocate(fd, 0, 0, len), "fallocate(mode 0, 1 MiB)");
  struct stat st;
  TRY(fstat(fd, &st), "fstat");
  if (st.st_size != len) DIFFERS("st_size=%lld after fallocate of 1048576 bytes", (long long)st.st_size);
  if ((long long)st.st_blocks * 512 < len) DIFFERS("only %lld bytes allocated (st_blocks*512) after fallocate of 1048576 bytes", (long long)st.st_blocks * 512);
  OK("st_size=1048576, %lld bytes allocated", (long long)st.st_blocks * 512);
}

/* fallocate_punch_hole: 1 MiB written and fsync'ed, then FALLOC_FL_PUNCH_HOLE|KEEP_SIZE over
 * [256 KiB, 768 KiB); ok when the size stays 1 MiB, the hole reads zeros, the bytes around it are
 * intact and fewer bytes are allocated than before. */
static void check_fallocate_punch_hole(void) {
  enum { LEN = 1 << 20, OFF = 256 << 10, HOLE = 512 << 10 };
  static char buf[LEN];
  memset(buf, 0xab, LEN);
  at("open");
  int fd = open("punched", O_RDWR | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) FAILS_ERRNO("open");
  at("write 1 MiB");
  if (pwrite(fd, buf, LEN, 0) != LEN) FAILS_ERRNO("pwrite 1 MiB");
  TRY(fsync(fd), "fsync");
  struct stat before, after;
  TRY(fstat(fd, &before), "fstat");
  TRY(fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, OFF, HOLE), "fallocate(PUNCH_HOLE|KEEP_SIZE)");
  TRY(fstat(fd, &after), "fstat after the punch");
  if (after.st_size != LEN) DIFFERS("st_size=%lld after punching a hole with KEEP_SIZE (want 1048576)", (long long)after.st_size);
  at("read back");
  if (pread(fd, buf, LEN, 0) != LEN) FAILS_ERRNO("pread 1 MiB after the punch");
  for (int i = 0; i < LEN; i++) {
    int in_hole = i >= OFF && i < OFF + HOLE;
    if ((unsigned char)buf[i] != (in_hole ? 0 : 0xab))
      DIFFERS("byte %d reads 0x%02x after the punch (want 0x%02x)", i, (unsigned char)buf[i], in_hole ? 0 : 0xab);
  }
  if (after.st_blocks >= before.st_blocks)
    DIFFERS("the data reads right but allocation did not shrink: %lld bytes before, %lld after", (long long)before.st_blocks * 512,
            (long long)after.st_blocks * 512);
  OK("hole reads zeros, size kept; allocated %lld -> %lld bytes", (long long)before.st_blocks * 512, (long long)after.st_blocks * 512);
}

/* seek_hole: 64 KiB written at 0, the file extended to 1 MiB by ftruncate; ok when
 * lseek(SEEK_HOLE, 0) returns a position in [64 KiB, 1 MiB) and lseek(SEEK_DATA, 512 KiB) fails
 * with ENXIO. The generic fallback (whole file is data, SEEK_HOLE returns the size) is `differs`. */
static void check_seek_hole(void) {
  enum { DATA = 64 << 10, LEN = 1 << 20 };
  static char buf[DATA];
  memset(buf, 0x5a, DATA);
  at("open");
  int fd = open("sparse", O_RDWR | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) FAILS_ERRNO("open");
  at("write 64 KiB");
  if (pwrite(fd, buf, DATA, 0) != DATA) FAILS_ERRNO("pwrite 64 KiB");
  TRY(ftruncate(fd, LEN), "ftruncate to 1 MiB");
  TRY(fsync(fd), "fsync");
  at("lseek(SEEK_HOLE)");
  off_t hole = lseek(fd, 0, SEEK_HOLE);
  if (hole < 0) FAILS_ERRNO("lseek(SEEK_HOLE, 0)");
  if (hole == LEN) DIFFERS("SEEK_HOLE from 0 returns the end of the file (1048576): holes are not reported");
  if (hole < DATA || hole > LEN) DIFFERS("SEEK_HOLE from 0 returns %lld (want 65536..1048575)", (long long)hole);
  at("lseek(SEEK_DATA)");
  off_t data = lseek(fd, 512 << 10, SEEK_DATA);
  if (data >= 0) DIFFERS("SEEK_HOLE=%lld, but SEEK_DATA from 524288 returns %lld inside the hole", (long long)hole, (long long)data);
  if (errno != ENXIO) FAILS_ERRNO("lseek(SEEK_DATA, 524288)");
  OK("SEEK_HOLE from 0 = %lld; SEEK_DATA in the hole gives ENXIO", (long long)hole);
}

/* hard_link: link(a, b); ok when both names show st_nlink 2 and the same inode, and bytes
 * written through one name are read through the other. */
static void check_hard_link(void) {
  PUT("a", "first");
  TRY(link("a", "b"), "link");
  struct stat sa, sb;
  TRY(stat("a", &sa), "stat a");
  TRY(stat("b", &sb), "stat b");
  if (sa.st_ino != sb.st_ino) DIFFERS("the two names have different inodes (%llu, %llu)", (unsigned long long)sa.st_ino, (unsigned long long)sb.st_ino);
  if (sa.st_nlink != 2 || sb.st_nlink != 2) DIFFERS("st_nlink is %lu and %lu after link (want 2)", (unsigned long)sa.st_nlink, (unsigned long)sb.st_nlink);
  PUT("b", "second");
  char buf[32] = {0};
  at("read a");
  if (get("a", buf, sizeof buf - 1) < 0) FAILS_ERRNO("read a");
  if (strcmp(buf, "second") != 0) DIFFERS("a reads '%s' after writing 'second' through b", buf);
  OK("st_nlink=2, same inode, content shared");
}

/* symlink: symlink("target", "link"); ok when readlink returns "target", lstat shows a symlink,
 * stat and open through it reach the target. Then HOSTSTAT symlink_on_host: what the other side
 * sees at the link's path (9p's mapped security models store a link as a regular file). */
static void check_symlink(void) {
  PUT("target", "abc");
  TRY(symlink("target", "link"), "symlink");
  char buf[64] = {0};
  at("readlink");
  ssize_t n = readlink("link", buf, sizeof buf - 1);
  if (n < 0) FAILS_ERRNO("readlink");
  buf[n] = 0;
  struct stat sl, st, stt;
  TRY(lstat("link", &sl), "lstat link");
  hoststat("symlink_on_host", "link");
  if (strcmp(buf, "target") != 0) DIFFERS("readlink returns '%s' (want 'target')", buf);
  if (!S_ISLNK(sl.st_mode)) DIFFERS("lstat of the link shows a %s, not a symlink", type_word(sl.st_mode));
  TRY(stat("link", &st), "stat through the link");
  TRY(stat("target", &stt), "stat target");
  if (st.st_ino != stt.st_ino || st.st_size != 3) DIFFERS("stat through the link shows inode %llu size %lld; the target is inode %llu size 3",
                                                          (unsigned long long)st.st_ino, (long long)st.st_size, (unsigned long long)stt.st_ino);
  memset(buf, 0, sizeof buf);
  at("read through the link");
  if (get("link", buf, sizeof buf - 1) < 0) FAILS_ERRNO("open+read through the link");
  if (strcmp(buf, "abc") != 0) DIFFERS("reading through the link returns '%s' (want 'abc')", buf);
  OK("readlink, lstat (symlink), stat and read through the link");
}

/* rename_over_open: a is opened, b is renamed over a; ok when the open fd still reads a's old
 * content and a new open of a reads b's. */
static void check_rename_over_open(void) {
  PUT("a", "old content");
  at("open a");
  int fd = open("a", O_RDONLY);
  if (fd < 0) FAILS_ERRNO("open a");
  PUT("b", "new content");
  TRY(rename("b", "a"), "rename b over a");
  char buf[32] = {0};
  at("read the old fd");
  if (pread(fd, buf, sizeof buf - 1, 0) < 0) FAILS_ERRNO("pread on the fd opened before the rename");
  if (strcmp(buf, "old content") != 0) DIFFERS("the fd opened before the rename reads '%s' (want 'old content')", buf);
  memset(buf, 0, sizeof buf);
  at("read a again");
  if (get("a", buf, sizeof buf - 1) < 0) FAILS_ERRNO("open+read a after the rename");
  if (strcmp(buf, "new content") != 0) DIFFERS("a new open of a reads '%s' (want 'new content')", buf);
  OK("the old fd reads the old content, a new open the new one");
}

/* open_unlink_fstat: a file is opened, written and unlinked; ok when fstat works (st_nlink 0)
 * and the fd can still be read, written and ftruncate'd. */
static void check_open_unlink_fstat(void) {
  at("open");
  int fd = open("doomed", O_RDWR | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) FAILS_ERRNO("open");
  at("write");
  if (write(fd, "data", 4) != 4) FAILS_ERRNO("write");
  TRY(unlink("doomed"), "unlink");
  struct stat st;
  TRY(fstat(fd, &st), "fstat after unlink");
  char buf[16] = {0};
  at("pread after unlink");
  if (pread(fd, buf, sizeof buf - 1, 0) < 0) FAILS_ERRNO("pread after unlink");
  if (strcmp(buf, "data") != 0) DIFFERS("pread after unlink returns '%s' (want 'data')", buf);
  at("pwrite after unlink");
  if (pwrite(fd, "more", 4, 4) != 4) FAILS_ERRNO("pwrite after unlink");
  TRY(ftruncate(fd, 2), "ftruncate after unlink");
  TRY(fstat(fd, &st), "fstat after ftruncate");
  if (st.st_size != 2) DIFFERS("st_size=%lld after ftruncate to 2 on the unlinked file", (long long)st.st_size);
  if (st.st_nlink != 0) DIFFERS("fstat, read, write and ftruncate work, but st_nlink=%lu after unlink (want 0)", (unsigned long)st.st_nlink);
  OK("fstat (st_nlink=0), pread, pwrite and ftruncate work after unlink");
}

/* flock: LOCK_EX|LOCK_NB on one open file description; ok when a second open file description of
 * the same file is refused with EWOULDBLOCK, and gets the lock once the first unlocks. */
static void check_flock(void) {
  PUT("locked", "x");
  at("open twice");
  int fd1 = open("locked", O_RDWR), fd2 = open("locked", O_RDWR);
  if (fd1 < 0 || fd2 < 0) FAILS_ERRNO("open");
  TRY(flock(fd1, LOCK_EX | LOCK_NB), "flock(LOCK_EX|LOCK_NB) on the first description");
  at("flock on the second description");
  if (flock(fd2, LOCK_EX | LOCK_NB) == 0) DIFFERS("a second open file description also got LOCK_EX: the lock excludes nothing");
  if (errno != EWOULDBLOCK) FAILS_ERRNO("flock(LOCK_EX|LOCK_NB) on the second description");
  TRY(flock(fd1, LOCK_UN), "flock(LOCK_UN)");
  at("flock after unlock");
  if (flock(fd2, LOCK_EX | LOCK_NB) < 0) DIFFERS("the second description is still refused (%s) after the first unlocked", errname(errno));
  OK("a second open file description is refused with EWOULDBLOCK, and gets the lock after LOCK_UN");
}

/* fcntl_lock: F_SETLK write lock on the whole file; a forked child opens the file and asks for
 * the same lock with F_SETLK; ok when the child is refused (EAGAIN or EACCES) and F_GETLK shows
 * the parent's pid. */
static void check_fcntl_lock(void) {
  PUT("locked", "x");
  at("open");
  int fd = open("locked", O_RDWR);
  if (fd < 0) FAILS_ERRNO("open");
  struct flock wr = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
  TRY(fcntl(fd, F_SETLK, &wr), "fcntl(F_SETLK, F_WRLCK)");
  int p[2];
  TRY(pipe(p), "pipe");
  at("fork the contender");
  pid_t child = fork();
  if (child < 0) FAILS_ERRNO("fork");
  if (child == 0) {
    int answer[3] = {0, 0, 0}; /* F_SETLK's errno (0: granted), F_GETLK's l_type, l_pid */
    int fd2 = open("locked", O_RDWR);
    struct flock want = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
    if (fd2 < 0) answer[0] = -errno;
    else if (fcntl(fd2, F_SETLK, &want) < 0) answer[0] = errno;
    struct flock probe = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
    if (fd2 >= 0 && fcntl(fd2, F_GETLK, &probe) == 0) {
      answer[1] = probe.l_type;
      answer[2] = probe.l_pid;
    }
    if (write_all(p[1], (const char *)answer, sizeof answer) < 0) _exit(1);
    _exit(0);
  }
  close(p[1]);
  int answer[3];
  at("waiting for the contender");
  ssize_t n = read(p[0], answer, sizeof answer);
  waitpid(child, NULL, 0);
  if (n != (ssize_t)sizeof answer) UNSUPPORTED("the contending process gave no answer");
  if (answer[0] < 0) {
    errno = -answer[0];
    FAILS_ERRNO("open in the contending process");
  }
  if (answer[0] == 0) DIFFERS("a second process also got F_WRLCK on the whole file: the lock excludes nothing");
  if (answer[0] != EAGAIN && answer[0] != EACCES) {
    errno = answer[0];
    FAILS_ERRNO("fcntl(F_SETLK) in the contending process");
  }
  if (answer[1] != F_WRLCK || answer[2] != getpid())
    DIFFERS("the contender is refused (%s), but F_GETLK reports l_type=%d l_pid=%d (the holder is pid %d)", errname(answer[0]), answer[1],
            answer[2], (int)getpid());
  OK("a second process is refused with %s; F_GETLK names the holder", errname(answer[0]));
}

/* xattr_user: setxattr user.sharebench.probe, getxattr, listxattr, removexattr; ok when the value
 * reads back, the name is listed, and after removal getxattr fails with ENODATA. */
static void check_xattr_user(void) {
  const char *name = "user.sharebench.probe", *value = "value-1";
  PUT("attrs", "x");
  TRY(setxattr("attrs", name, value, strlen(value), 0), "setxattr user.sharebench.probe");
  char buf[256] = {0};
  at("getxattr");
  ssize_t n = getxattr("attrs", name, buf, sizeof buf - 1);
  if (n < 0) FAILS_ERRNO("getxattr user.sharebench.probe");
  if ((size_t)n != strlen(value) || memcmp(buf, value, (size_t)n) != 0) DIFFERS("getxattr returns %zd bytes '%.*s' (want 'value-1')", n, (int)n, buf);
  at("listxattr");
  n = listxattr("attrs", buf, sizeof buf);
  if (n < 0) FAILS_ERRNO("listxattr");
  int listed = 0;
  for (ssize_t i = 0; i < n; i += (ssize_t)strlen(buf + i) + 1)
    if (strcmp(buf + i, name) == 0) listed = 1;
  if (!listed) DIFFERS("getxattr works but listxattr does not list user.sharebench.probe");
  TRY(removexattr("attrs", name), "removexattr");
  at("getxattr after removal");
  if (getxattr("attrs", name, buf, sizeof buf) >= 0) DIFFERS("getxattr still returns a value after removexattr");
  if (errno != ENODATA) FAILS_ERRNO("getxattr after removexattr");
  OK("set, get, list and remove of user.sharebench.probe");
}

/* chown: as root, chown a 0640 file to 4242:4242; ok when stat shows 4242:4242 and mode 0640.
 * Then HOSTSTAT owner_on_host: which uid/gid/mode the other side sees for the same file (virtio-fs
 * passes ids through; 9p's mapped models keep them in xattrs and the host sees its own). */
static void check_chown(void) {
  PUT("owned", "x");
  TRY(chmod("owned", 0640), "chmod 0640");
  if (geteuid() != 0) {
    hoststat("owner_on_host", "owned");
    UNSUPPORTED("not root (euid %u): chown to another owner needs CAP_CHOWN", (unsigned)geteuid());
  }
  at("chown 4242:4242");
  int r = chown("owned", 4242, 4242), e = errno;
  hoststat("owner_on_host", "owned");
  if (r < 0) {
    errno = e;
    FAILS_ERRNO("chown 4242:4242");
  }
  struct stat st;
  TRY(stat("owned", &st), "stat");
  if (st.st_uid != 4242 || st.st_gid != 4242) DIFFERS("stat shows %u:%u after chown to 4242:4242", (unsigned)st.st_uid, (unsigned)st.st_gid);
  if ((st.st_mode & 07777) != 0640) DIFFERS("owner 4242:4242 as asked, but the mode changed from 0640 to %04o", (unsigned)(st.st_mode & 07777));
  OK("stat shows 4242:4242, mode 0640");
}

/* mode_bits: chmod a file to 0751, 0600, 0000, 04755 (setuid), 02755 (setgid) and a directory to
 * 01777 (sticky) and 02775 (setgid); ok when stat reads every mode back exactly. */
static void check_mode_bits(void) {
  PUT("f", "x");
  TRY(mkdir("d", 0755), "mkdir");
  static const struct { const char *path; unsigned mode; } cases[] = {
    {"f", 0751}, {"f", 0600}, {"f", 0000}, {"f", 04755}, {"f", 02755}, {"d", 01777}, {"d", 02775},
  };
  char seen[512] = "", wrong[512] = "";
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char what[64];
    snprintf(what, sizeof what, "chmod %s %04o", cases[i].path, cases[i].mode);
    TRY(chmod(cases[i].path, cases[i].mode), what);
    struct stat st;
    TRY(stat(cases[i].path, &st), "stat");
    unsigned got = st.st_mode & 07777;
    size_t len = strlen(seen);
    snprintf(seen + len, sizeof seen - len, "%s%s:%04o", len ? " " : "", cases[i].path, got);
    if (got != cases[i].mode) {
      len = strlen(wrong);
      snprintf(wrong + len, sizeof wrong - len, "%s%s set %04o read %04o", len ? "; " : "", cases[i].path, cases[i].mode, got);
    }
  }
  if (wrong[0]) DIFFERS("%s (euid %u)", wrong, (unsigned)geteuid());
  OK("read back exactly: %s", seen);
}

/* mtime_granularity: utimensat sets mtime 1700000000.987654321; ok when stat reads it back to the
 * nanosecond. Otherwise `differs`, with the coarsest power-of-ten resolution consistent with what
 * was read (1 us when 987654000 comes back). */
static void check_mtime_granularity(void) {
  const long want = 987654321;
  PUT("timed", "x");
  struct timespec ts[2] = {{1700000000, 123456789}, {1700000000, want}};
  TRY(utimensat(AT_FDCWD, "timed", ts, 0), "utimensat with nanoseconds");
  struct stat st;
  TRY(stat("timed", &st), "stat");
  long got = st.st_mtim.tv_nsec;
  if (st.st_mtim.tv_sec != 1700000000) DIFFERS("mtime seconds read back as %lld (set 1700000000)", (long long)st.st_mtim.tv_sec);
  if (got == want) OK("resolution_ns=1 (set and read 1700000000.987654321)");
  for (long res = 10; res <= 1000000000L; res *= 10)
    if (want / res * res == got) DIFFERS("resolution_ns=%ld (set .987654321, read .%09ld)", res, got);
  DIFFERS("set .987654321, read .%09ld: not a truncation to any power of ten", got);
}

/* case_sensitive: create Aa, look up aA; ok when aA does not exist (ENOENT), as on Linux file
 * systems without casefolding. */
static void check_case_sensitive(void) {
  PUT("Aa", "x");
  struct stat st, sa;
  at("stat aA");
  if (stat("aA", &st) == 0) {
    TRY(stat("Aa", &sa), "stat Aa");
    DIFFERS("aA resolves%s (case-insensitive lookup)", st.st_ino == sa.st_ino ? " to the file Aa" : " to another file");
  }
  if (errno != ENOENT) FAILS_ERRNO("stat aA");
  OK("aA does not exist after creating Aa");
}

static const char *fs_name(unsigned long type) {
  static const struct { unsigned long magic; const char *name; } names[] = {
    {0xef53, "ext2/3/4"}, {0x01021994, "tmpfs"}, {0x01021997, "v9fs"}, {0x65735546, "fuse"}, {0x794c7630, "overlayfs"},
    {0x58465342, "xfs"}, {0x9123683e, "btrfs"}, {0x6969, "nfs"}, {0xff534d42, "cifs"}, {0x2fc12fc1, "zfs"},
    {0x858458f6, "ramfs"}, {0x4d44, "msdos"}, {0x5346544e, "ntfs"}, {0xf2f52010, "f2fs"}, {0x73717368, "squashfs"},
  };
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (names[i].magic == type) return names[i].name;
  return "unknown";
}

/* The file system type /proc/self/mountinfo gives for the mount holding `st` (its last mount of
 * that device), or "unknown". 9p's statfs passes the server's f_type through, so f_type alone
 * names the host's file system, not the share's. */
static void mount_type(const struct stat *st, char *out, size_t outlen) {
  snprintf(out, outlen, "unknown");
  FILE *f = fopen("/proc/self/mountinfo", "re");
  if (!f) return;
  char line[4096], want[32];
  snprintf(want, sizeof want, "%u:%u", major(st->st_dev), minor(st->st_dev));
  while (fgets(line, sizeof line, f)) {
    char id[32];
    if (sscanf(line, "%*s %*s %31s", id) != 1 || strcmp(id, want) != 0) continue;
    char *dash = strstr(line, " - ");
    if (dash) sscanf(dash + 3, "%63s", out);
  }
  fclose(f);
}

/* statfs: statfs on the directory; always ok when it succeeds. The detail is key=value numbers
 * (f_type in hex and by name, sizes in bytes and counts) and the mount's type from
 * /proc/self/mountinfo, to be compared across configurations. */
static void check_statfs(void) {
  struct statfs s;
  struct stat st;
  char mtype[64];
  TRY(statfs(".", &s), "statfs");
  TRY(stat(".", &st), "stat");
  mount_type(&st, mtype, sizeof mtype);
  unsigned long type = (unsigned long)s.f_type & 0xffffffffUL;
  OK("mount_type=%s f_type=0x%lx fs=%s f_bsize=%ld f_frsize=%ld f_blocks=%llu f_bfree=%llu f_bavail=%llu f_files=%llu f_ffree=%llu f_namelen=%ld f_flags=0x%lx",
     mtype, type, fs_name(type), (long)s.f_bsize, (long)s.f_frsize, (unsigned long long)s.f_blocks, (unsigned long long)s.f_bfree,
     (unsigned long long)s.f_bavail, (unsigned long long)s.f_files, (unsigned long long)s.f_ffree, (long)s.f_namelen, (unsigned long)s.f_flags);
}

static struct file_handle *handle_of(const char *path, int *mount_id) {
  struct file_handle *fh = malloc(sizeof *fh + MAX_HANDLE_SZ);
  if (!fh) return NULL;
  fh->handle_bytes = MAX_HANDLE_SZ;
  if (name_to_handle_at(AT_FDCWD, path, fh, mount_id, 0) < 0) return NULL;
  return fh;
}

/* name_to_handle_at: a handle for a new file; ok when the call succeeds (the file system can
 * export file handles: NFS export, fanotify, backup tools and virtiofsd itself use them). */
static void check_name_to_handle_at(void) {
  PUT("handled", "handle me");
  int mount_id;
  at("name_to_handle_at");
  struct file_handle *fh = handle_of("handled", &mount_id);
  if (!fh) FAILS_ERRNO("name_to_handle_at");
  OK("handle_type=%d handle_bytes=%u mount_id=%d", fh->handle_type, fh->handle_bytes, mount_id);
}

/* open_by_handle_at: the handle of a new file opened again through open_by_handle_at on the
 * directory (needs CAP_DAC_READ_SEARCH); ok when it opens and reads the file's content. */
static void check_open_by_handle_at(void) {
  PUT("handled", "handle me");
  int mount_id;
  at("name_to_handle_at");
  struct file_handle *fh = handle_of("handled", &mount_id);
  if (!fh) UNSUPPORTED("no handle to open: name_to_handle_at fails with %s", errname(errno));
  at("open the mount directory");
  int mfd = open(".", O_RDONLY | O_DIRECTORY);
  if (mfd < 0) FAILS_ERRNO("open .");
  at("open_by_handle_at");
  int fd = open_by_handle_at(mfd, fh, O_RDONLY);
  if (fd < 0) FAILS_ERRNO("open_by_handle_at");
  char buf[32] = {0};
  at("read through the handle");
  if (read(fd, buf, sizeof buf - 1) < 0) FAILS_ERRNO("read through the handle");
  if (strcmp(buf, "handle me") != 0) DIFFERS("the file opened by handle reads '%s' (want 'handle me')", buf);
  OK("opened by handle and read");
}

/* Waits up to `ms` for inotify events about `name`, until IN_CLOSE_WRITE. The event names seen
 * go to `seen`; returns how many events there were. */
static int collect_events(int ifd, const char *name, int ms, char *seen, size_t seenlen, long long *first_ms) {
  long long start = now_ms(), deadline = start + ms;
  int count = 0, closed = 0;
  seen[0] = 0;
  *first_ms = -1;
  while (!closed) {
    long long left = deadline - now_ms();
    if (left <= 0) break;
    struct pollfd p = {ifd, POLLIN, 0};
    int r = poll(&p, 1, (int)left);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
    ssize_t n = read(ifd, buf, sizeof buf);
    if (n <= 0) break;
    for (char *q = buf; q < buf + n;) {
      struct inotify_event *ev = (struct inotify_event *)q;
      q += sizeof *ev + ev->len;
      if (ev->len == 0 || strcmp(ev->name, name) != 0) continue;
      if (*first_ms < 0) *first_ms = now_ms() - start;
      static const struct { uint32_t bit; const char *word; } bits[] = {
        {IN_CREATE, "CREATE"}, {IN_MODIFY, "MODIFY"}, {IN_CLOSE_WRITE, "CLOSE_WRITE"}, {IN_MOVED_TO, "MOVED_TO"}, {IN_ATTRIB, "ATTRIB"},
      };
      for (size_t i = 0; i < sizeof bits / sizeof bits[0]; i++) {
        if (!(ev->mask & bits[i].bit)) continue;
        size_t len = strlen(seen);
        snprintf(seen + len, seenlen - len, "%s%s", len ? "," : "", bits[i].word);
      }
      if (ev->mask & IN_CLOSE_WRITE) closed = 1;
      count++;
    }
  }
  return count;
}

static int watch(const char *dir) {
  int ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (ifd < 0) return -1;
  if (inotify_add_watch(ifd, dir, IN_CREATE | IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_TO | IN_ATTRIB) < 0) return -1;
  return ifd;
}

/* inotify_local: a watch on a directory, then this process creates and writes a file in it; ok
 * when IN_CREATE arrives within --event-ms. The baseline for `inotify`. */
static void check_inotify_local(void) {
  TRY(mkdir("watched", 0755), "mkdir");
  at("inotify watch");
  int ifd = watch("watched");
  if (ifd < 0) FAILS_ERRNO("inotify_init1/inotify_add_watch");
  PUT("watched/local", "made here");
  char seen[128];
  long long first;
  at("waiting for events");
  collect_events(ifd, "local", opt.event_ms, seen, sizeof seen, &first);
  if (!strstr(seen, "CREATE")) DIFFERS("no IN_CREATE within %d ms for a file this process made (events: %s)", opt.event_ms, seen[0] ? seen : "none");
  OK("events %s, first after %lld ms", seen, first);
}

/* inotify: a watch on a directory, then WAIT asks the runner to create a file in it from its side
 * of the share (the host, for a guest); ok when IN_CREATE arrives within --event-ms of DONE.
 * `differs` when no event comes: the detail says whether the file is visible by stat meanwhile. */
static void check_inotify(void) {
  TRY(mkdir("watched", 0755), "mkdir");
  at("inotify watch");
  int ifd = watch("watched");
  if (ifd < 0) FAILS_ERRNO("inotify_init1/inotify_add_watch");
  char request[LINE_MAX_BYTES], why[256];
  snprintf(request, sizeof request, "WAIT\tinotify\t%s/watched/from-runner", cur.rel);
  at("WAIT: waiting for the runner");
  int r = ask("inotify", request, why, sizeof why);
  if (r != 1) UNSUPPORTED("%s", why);
  char seen[128];
  long long first;
  at("waiting for events");
  collect_events(ifd, "from-runner", opt.event_ms, seen, sizeof seen, &first);
  if (strstr(seen, "CREATE")) OK("events %s, first after %lld ms", seen, first);
  struct stat st;
  if (stat("watched/from-runner", &st) == 0)
    DIFFERS("no IN_CREATE within %d ms of the runner's change (events: %s); the file is visible by stat", opt.event_ms, seen[0] ? seen : "none");
  DIFFERS("no IN_CREATE within %d ms of the runner's change (events: %s); stat does not see the file either (%s)", opt.event_ms,
          seen[0] ? seen : "none", errname(errno));
}

/* o_tmpfile: open(".", O_TMPFILE|O_RDWR), write, then give it a name with linkat (AT_EMPTY_PATH,
 * or through /proc/self/fd when that needs a capability we lack); ok when the name reads back. */
static void check_o_tmpfile(void) {
  at("open(O_TMPFILE)");
  int fd = open(".", O_TMPFILE | O_RDWR, 0600);
  if (fd < 0) FAILS_ERRNO("open(O_TMPFILE)");
  at("write");
  if (write(fd, "unnamed", 7) != 7) FAILS_ERRNO("write to the O_TMPFILE file");
  at("linkat");
  if (linkat(fd, "", AT_FDCWD, "named", AT_EMPTY_PATH) < 0) {
    char proc[64];
    snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
    TRY(linkat(AT_FDCWD, proc, AT_FDCWD, "named", AT_SYMLINK_FOLLOW), "linkat of the O_TMPFILE file");
  }
  char buf[16] = {0};
  at("read the linked name");
  if (get("named", buf, sizeof buf - 1) < 0) FAILS_ERRNO("open+read the linked name");
  if (strcmp(buf, "unnamed") != 0) DIFFERS("the linked O_TMPFILE file reads '%s' (want 'unnamed')", buf);
  OK("O_TMPFILE created, written and linked");
}

/* copy_file_range: 256 KiB copied from one file to another in as many calls as it takes; ok when
 * the copy is byte for byte the source. */
static void check_copy_file_range(void) {
  enum { LEN = 256 << 10 };
  static char src[LEN], dst[LEN];
  for (int i = 0; i < LEN; i++) src[i] = (char)(i * 31 + 7);
  TRY(put("src", src, LEN), "create src");
  at("open");
  int in = open("src", O_RDONLY), out = open("dst", O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (in < 0 || out < 0) FAILS_ERRNO("open");
  size_t left = LEN;
  int calls = 0;
  at("copy_file_range");
  while (left > 0) {
    ssize_t n = copy_file_range(in, NULL, out, NULL, left, 0);
    if (n < 0) FAILS_ERRNO("copy_file_range");
    if (n == 0) DIFFERS("copy_file_range stopped after %zu of %d bytes", (size_t)LEN - left, LEN);
    left -= (size_t)n;
    calls++;
  }
  close(out);
  at("read the copy");
  if (get("dst", dst, LEN) != LEN || memcmp(src, dst, LEN) != 0) DIFFERS("the copy differs from the source");
  OK("262144 bytes copied in %d call%s", calls, calls == 1 ? "" : "s");
}

/* renameat2_noreplace: renameat2(RENAME_NOREPLACE) of a onto an existing b; ok when it fails with
 * EEXIST leaving both, and a rename onto a free name works. */
static void check_renameat2_noreplace(void) {
  PUT("a", "A");
  PUT("b", "B");
  at("renameat2(RENAME_NOREPLACE) onto an existing name");
  if (renameat2(AT_FDCWD, "a", AT_FDCWD, "b", RENAME_NOREPLACE) == 0) DIFFERS("RENAME_NOREPLACE replaced the existing name");
  if (errno != EEXIST) FAILS_ERRNO("renameat2(RENAME_NOREPLACE) onto an existing name");
  TRY(renameat2(AT_FDCWD, "a", AT_FDCWD, "c", RENAME_NOREPLACE), "renameat2(RENAME_NOREPLACE) onto a free name");
  char buf[8] = {0};
  at("read b");
  if (get("b", buf, sizeof buf - 1) < 0) FAILS_ERRNO("read b");
  if (strcmp(buf, "B") != 0) DIFFERS("b reads '%s' after a refused RENAME_NOREPLACE", buf);
  OK("EEXIST onto an existing name; a free name works");
}

/* renameat2_exchange: renameat2(RENAME_EXCHANGE) of a and b; ok when their contents swap. */
static void check_renameat2_exchange(void) {
  PUT("a", "A");
  PUT("b", "B");
  TRY(renameat2(AT_FDCWD, "a", AT_FDCWD, "b", RENAME_EXCHANGE), "renameat2(RENAME_EXCHANGE)");
  char a[8] = {0}, b[8] = {0};
  at("read both");
  if (get("a", a, sizeof a - 1) < 0 || get("b", b, sizeof b - 1) < 0) FAILS_ERRNO("read after the exchange");
  if (strcmp(a, "B") != 0 || strcmp(b, "A") != 0) DIFFERS("after the exchange a reads '%s' and b '%s' (want B and A)", a, b);
  OK("a and b swapped atomically");
}

/* sync_file_range: 64 KiB written, then sync_file_range(WAIT_BEFORE|WRITE|WAIT_AFTER) over the
 * file; ok when the call succeeds. */
static void check_sync_file_range(void) {
  enum { LEN = 64 << 10 };
  static char buf[LEN];
  memset(buf, 1, LEN);
  at("open");
  int fd = open("synced", O_RDWR | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) FAILS_ERRNO("open");
  at("write");
  if (write(fd, buf, LEN) != LEN) FAILS_ERRNO("write 64 KiB");
  TRY(sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER), "sync_file_range");
  OK("sync_file_range(WAIT_BEFORE|WRITE|WAIT_AFTER) over 64 KiB");
}

/* fifo: mkfifo, then open it O_RDWR|O_NONBLOCK and pass a byte through it; ok when the byte
 * comes out (the node works as a pipe, not just as a name). */
static void check_fifo(void) {
  TRY(mkfifo("pipe", 0644), "mkfifo");
  struct stat st;
  TRY(lstat("pipe", &st), "lstat");
  if (!S_ISFIFO(st.st_mode)) DIFFERS("mkfifo made a %s", type_word(st.st_mode));
  at("open the FIFO");
  int fd = open("pipe", O_RDWR | O_NONBLOCK);
  if (fd < 0) FAILS_ERRNO("open the FIFO O_RDWR");
  at("write a byte");
  if (write(fd, "z", 1) != 1) FAILS_ERRNO("write to the FIFO");
  char c = 0;
  at("read a byte");
  if (read(fd, &c, 1) != 1) FAILS_ERRNO("read from the FIFO");
  if (c != 'z') DIFFERS("the FIFO returned 0x%02x (want 'z')", (unsigned char)c);
  OK("mkfifo, a byte through it");
}

/* unix_socket: bind an AF_UNIX socket at a path in the directory, connect to it, pass a byte;
 * ok when the byte arrives (tools put sockets in project trees: git's fsmonitor daemon, language
 * servers, docker.sock). */
static void check_unix_socket(void) {
  struct sockaddr_un addr = {.sun_family = AF_UNIX};
  snprintf(addr.sun_path, sizeof addr.sun_path, "sock");
  at("socket");
  int srv = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0), cli = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (srv < 0 || cli < 0) FAILS_ERRNO("socket(AF_UNIX)");
  TRY(bind(srv, (struct sockaddr *)&addr, sizeof addr), "bind at a path in the directory");
  TRY(listen(srv, 1), "listen");
  TRY(connect(cli, (struct sockaddr *)&addr, sizeof addr), "connect through the path");
  at("accept");
  int conn = accept(srv, NULL, NULL);
  if (conn < 0) FAILS_ERRNO("accept");
  at("send a byte");
  if (write(cli, "s", 1) != 1) FAILS_ERRNO("write");
  char c = 0;
  if (read(conn, &c, 1) != 1) FAILS_ERRNO("read");
  if (c != 's') DIFFERS("the socket returned 0x%02x (want 's')", (unsigned char)c);
  OK("bind, connect through the path, a byte across");
}

/* The checks, in the order they run. `peer`: it may talk to the runner (WAIT/HOSTSTAT), so its
 * bound includes the reply and event waits. Host-side rows (emitted by the runner) are listed
 * with no function: --list names them, --only refuses them. */
static const struct check {
  const char *name;
  void (*fn)(void);
  int peer;
} checks[] = {
  {"mmap_shared_write", check_mmap_shared_write, 0},
  {"o_direct", check_o_direct, 0},
  {"fallocate", check_fallocate, 0},
  {"fallocate_punch_hole", check_fallocate_punch_hole, 0},
  {"seek_hole", check_seek_hole, 0},
  {"hard_link", check_hard_link, 0},
  {"symlink", check_symlink, 1},
  {"symlink_on_host", NULL, 0},
  {"rename_over_open", check_rename_over_open, 0},
  {"open_unlink_fstat", check_open_unlink_fstat, 0},
  {"flock", check_flock, 0},
  {"fcntl_lock", check_fcntl_lock, 0},
  {"xattr_user", check_xattr_user, 0},
  {"chown", check_chown, 1},
  {"owner_on_host", NULL, 0},
  {"mode_bits", check_mode_bits, 0},
  {"mtime_granularity", check_mtime_granularity, 0},
  {"case_sensitive", check_case_sensitive, 0},
  {"statfs", check_statfs, 0},
  {"name_to_handle_at", check_name_to_handle_at, 0},
  {"open_by_handle_at", check_open_by_handle_at, 0},
  {"inotify_local", check_inotify_local, 0},
  {"inotify", check_inotify, 1},
  {"o_tmpfile", check_o_tmpfile, 0},
  {"copy_file_range", check_copy_file_range, 0},
  {"renameat2_noreplace", check_renameat2_noreplace, 0},
  {"renameat2_exchange", check_renameat2_exchange, 0},
  {"sync_file_range", check_sync_file_range, 0},
  {"fifo", check_fifo, 0},
  {"unix_socket", check_unix_socket, 0},
};
enum { NCHECKS = sizeof checks / sizeof checks[0] };

/* ---- the parent: one process per check, bounded ------------------------------------------------ */

static volatile sig_atomic_t stopping; /* the signal that asks the probe to stop, or 0 */
static void on_stop(int sig) { stopping = sig; }

static char workdir[PATH_MAX]; /* absolute or as given: DIR/sharebench-probe-XXXXXX */
static const char *workrel;    /* its last component, relative to DIR */
static int rows_printed;

/* Forwards the complete lines in buf[0..len) to stdout; says whether `name`'s own row was among them. */
static int forward_rows(char *buf, size_t len, const char *name) {
  int own = 0;
  size_t nl = strlen(name);
  char *line = buf;
  for (char *end; (end = memchr(line, '\n', len - (size_t)(line - buf))) != NULL; line = end + 1) {
    *end = 0;
    emit(STDOUT_FILENO, "%s", line);
    rows_printed++;
    if (strncmp(line, name, nl) == 0 && line[nl] == '\t') own = 1;
  }
  return own;
}

static void parent_row(const char *check, const char *result, int err, const char *fmt, ...) {
  char detail[LINE_MAX_BYTES - 128];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(detail, sizeof detail, fmt, ap);
  va_end(ap);
  row_to(STDOUT_FILENO, check, result, err, detail);
  rows_printed++;
}

/* Reaps `pid`, waiting at most `ms`; 1 when reaped (status set), 0 when it is still there (a process
 * stuck in an uninterruptible file system call outlives SIGKILL until the call returns). */
static int reap(pid_t pid, int *status, int ms) {
  long long deadline = now_ms() + ms;
  for (;;) {
    pid_t r = waitpid(pid, status, WNOHANG);
    if (r == pid) return 1;
    if (r < 0 && errno != EINTR) return 0;
    if (now_ms() >= deadline) return 0;
    struct timespec ts = {0, 5 * 1000 * 1000};
    nanosleep(&ts, NULL);
  }
}

static void hang_for_test(void) {
  at("blocked on a FIFO no one writes (SHAREBENCH_PROBE_HANG)");
  if (mkfifo("hang", 0600) == 0) open("hang", O_RDONLY);
  for (;;) pause();
}

static void run_check(const struct check *c) {
  char dir[PATH_MAX + 64];
  snprintf(dir, sizeof dir, "%s/%s", workdir, c->name);
  if (mkdir(dir, 0755) < 0) {
    parent_row(c->name, "fails", errno, "could not make the check's directory: %s", strerror(errno));
    return;
  }
  int p[2];
  if (pipe2(p, O_CLOEXEC) < 0) {
    parent_row(c->name, "unsupported", 0, "pipe2: %s", strerror(errno));
    return;
  }
  snprintf(shared->step, STEP_BYTES, "starting");
  pid_t pid = fork();
  if (pid < 0) {
    parent_row(c->name, "unsupported", 0, "fork: %s", strerror(errno));
    close(p[0]);
    close(p[1]);
    return;
  }
  if (pid == 0) {
    close(p[0]);
    cur.name = c->name;
    cur.out = p[1];
    snprintf(cur.rel, sizeof cur.rel, "%s/%s", workrel, c->name);
    signal(SIGPIPE, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGINT, SIG_DFL);
    signal(SIGHUP, SIG_DFL);
    if (chdir(dir) < 0) FAILS_ERRNO("chdir into the check's directory");
    const char *hang = getenv("SHAREBENCH_PROBE_HANG");
    if (hang && strcmp(hang, c->name) == 0) hang_for_test();
    c->fn();
    done("fails", 0, "the check ended without a result (a probe bug) at: %s", shared->step);
  }
  close(p[1]);
  int bound_ms = opt.timeout_ms + (c->peer ? opt.peer_timeout_ms + opt.event_ms : 0);
  long long deadline = now_ms() + bound_ms;
  static char buf[4 * LINE_MAX_BYTES];
  size_t len = 0;
  int timed_out = 0;
  for (;;) {
    long long left = deadline - now_ms();
    if (left <= 0 || stopping) {
      timed_out = 1;
      break;
    }
    struct pollfd pf = {p[0], POLLIN, 0};
    int r = poll(&pf, 1, (int)left);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) break;
    if (r == 0) continue;
    ssize_t n = read(p[0], buf + len, sizeof buf - 1 - len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    len += (size_t)n;
    if (len >= sizeof buf - 1) break;
  }
  close(p[0]);
  char step[STEP_BYTES];
  snprintf(step, sizeof step, "%s", shared->step);
  int status = 0, reaped;
  if (timed_out) {
    kill(pid, SIGKILL);
    reaped = reap(pid, &status, 2000);
  } else {
    reaped = reap(pid, &status, bound_ms);
  }
  int own = forward_rows(buf, len, c->name);
  const char *stuck = reaped ? "" : " (the process is stuck in the kernel and could not be reaped)";
  if (timed_out && stopping) {
    parent_row(c->name, "fails", EINTR, "the probe was stopped by SIG%s; the check was killed at: %s%s", sigabbrev_np(stopping), step, stuck);
  } else if (timed_out) {
    parent_row(c->name, "fails", ETIMEDOUT, "no result within %d ms; killed at: %s%s", bound_ms, step, stuck);
  } else if (!own) {
    if (reaped && WIFSIGNALED(status))
      parent_row(c->name, "fails", 0, "the check process died from SIG%s at: %s",
                 sigabbrev_np(WTERMSIG(status)) ? sigabbrev_np(WTERMSIG(status)) : "(unknown)", step);
    else
      parent_row(c->name, "fails", 0, "the check process ended without a result (status %d) at: %s", reaped ? WEXITSTATUS(status) : -1, step);
  }
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
  (void)st;
  (void)ftw;
  if (flag == FTW_DP || flag == FTW_D) return rmdir(path) < 0 ? -1 : 0;
  return unlink(path) < 0 ? -1 : 0;
}

/* Removes the work directory in a bounded child process. Returns 1 when it is gone. */
static int cleanup(char *why, size_t whylen) {
  pid_t pid = fork();
  if (pid == 0) {
    _exit(nftw(workdir, remove_entry, 16, FTW_DEPTH | FTW_PHYS) == 0 ? 0 : 1);
  }
  int status = 0;
  if (pid < 0 || !reap(pid, &status, opt.timeout_ms)) {
    if (pid > 0) kill(pid, SIGKILL);
    snprintf(why, whylen, "removing %s did not finish within %d ms", workdir, opt.timeout_ms);
    return 0;
  }
  struct stat st;
  if (lstat(workdir, &st) < 0 && errno == ENOENT) return 1;
  snprintf(why, whylen, "%s is still there after removal", workdir);
  return 0;
}

static _Noreturn void usage(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "semantics-probe: ");
  vfprintf(stderr, fmt, ap);
  fprintf(stderr, "\nusage: semantics-probe DIR [--only CHECK,...] [--timeout-ms N] [--peer-timeout-ms N] [--event-ms N] [--no-peer] | --list\n");
  va_end(ap);
  exit(2);
}

static int parse_ms(const char *flag, const char *value) {
  char *end;
  if (!value) usage("%s needs a number of milliseconds", flag);
  long v = strtol(value, &end, 10);
  if (*end || v < 1 || v > 3600000) usage("%s %s: want whole milliseconds between 1 and 3600000", flag, value);
  return (int)v;
}

int main(int argc, char **argv) {
  static int selected[NCHECKS];
  int only = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--list") == 0) {
      for (int k = 0; k < NCHECKS; k++) printf("%s\n", checks[k].name);
      return 0;
    } else if (strcmp(a, "--only") == 0) {
      if (++i >= argc) usage("--only needs a comma-separated list of checks (see --list)");
      char *list = strdup(argv[i]);
      for (char *save = NULL, *name = strtok_r(list, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
        int found = -1;
        for (int k = 0; k < NCHECKS; k++)
          if (strcmp(checks[k].name, name) == 0) found = k;
        if (found < 0) usage("--only: unknown check '%s' (see --list)", name);
        if (!checks[found].fn) usage("--only: %s is a row the runner emits, not a check the probe runs", name);
        selected[found] = 1;
        only = 1;
      }
      free(list);
    } else if (strcmp(a, "--timeout-ms") == 0) {
      opt.timeout_ms = parse_ms(a, i + 1 < argc ? argv[++i] : NULL);
    } else if (strcmp(a, "--peer-timeout-ms") == 0) {
      opt.peer_timeout_ms = parse_ms(a, i + 1 < argc ? argv[++i] : NULL);
    } else if (strcmp(a, "--event-ms") == 0) {
      opt.event_ms = parse_ms(a, i + 1 < argc ? argv[++i] : NULL);
    } else if (strcmp(a, "--no-peer") == 0) {
      opt.no_peer = 1;
    } else if (a[0] == '-') {
      usage("unknown option %s", a);
    } else if (opt.dir) {
      usage("one DIR only (got %s and %s)", opt.dir, a);
    } else {
      opt.dir = a;
    }
  }
  if (!opt.dir) usage("no DIR given");
  struct stat st;
  if (stat(opt.dir, &st) < 0) usage("DIR %s: %s", opt.dir, strerror(errno));
  if (!S_ISDIR(st.st_mode)) usage("DIR %s is not a directory", opt.dir);

  signal(SIGPIPE, SIG_IGN);
  struct sigaction sa = {.sa_handler = on_stop}; /* no SA_RESTART: the parent's poll returns EINTR */
  sigemptyset(&sa.sa_mask);
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGHUP, &sa, NULL);
  shared = mmap(NULL, sizeof *shared, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (shared == MAP_FAILED) {
    fprintf(stderr, "semantics-probe: mmap of the shared page: %s\n", strerror(errno));
    return 1;
  }
  size_t dl = strlen(opt.dir);
  while (dl > 1 && opt.dir[dl - 1] == '/') dl--;
  if (snprintf(workdir, sizeof workdir, "%.*s/sharebench-probe-XXXXXX", (int)dl, opt.dir) >= (int)sizeof workdir) usage("DIR %s is too long", opt.dir);
  if (!mkdtemp(workdir)) {
    fprintf(stderr, "semantics-probe: cannot make a work directory in %s: %s\n", opt.dir, strerror(errno));
    return 1;
  }
  workrel = strrchr(workdir, '/') + 1;
  struct utsname un;
  if (uname(&un) < 0) snprintf(un.release, sizeof un.release, "unknown");
  emit(STDOUT_FILENO, "BEGIN\t%d\t%s\t%s\t%u", PROTOCOL, workrel, un.release, (unsigned)geteuid());

  for (int k = 0; k < NCHECKS && !stopping; k++)
    if (checks[k].fn && (!only || selected[k])) run_check(&checks[k]);

  char why[PATH_MAX + 128] = "";
  int clean = cleanup(why, sizeof why);
  emit(STDOUT_FILENO, "END\t%d\t%s\t%s", rows_printed, clean ? "clean" : "leftover", clean ? "" : why);
  return stopping ? 128 + stopping : 0;
}
