/*
 * The native sender of DogStatsdLoadGenerator (--sender native): offers a pool of DogStatsD
 * datagrams round-robin at a fixed rate of metric lines per second for a fixed time, the same
 * offer as the generator's Java sender threads for less CPU per datagram, then prints one line:
 *
 *   sent <lines> lines in <datagrams> datagrams, <skipped> lines skipped, <errors> send errors,
 *   <elapsed> s, <cpu> s CPU
 *
 * (<cpu>: this process's user + system time, the sender's own cost.)
 *
 * Usage: dogstatsd-sender --transport udp|uds|uds_stream --target <port|socket path>
 *          --pool <file> --rate <lines/s> --seconds <n> [--first <i>] [--step <k>]
 *
 * The pool file is a sequence of records: uint32 little-endian byte length, uint32 little-endian
 * line count, the datagram's bytes. This process sends the entries first, first + step, ... (the
 * split of the Java senders between their threads; one process per sending thread).
 *
 * Transports: udp, a connected datagram socket to 127.0.0.1:<port>, one send() per datagram; uds,
 * a connected Unix datagram socket, one send() per datagram (blocking: a full receive queue holds
 * the sender back, it does not drop); uds_stream, a Unix stream socket, each datagram a frame of
 * its 32-bit little-endian length then its bytes, consecutive frames written together (at most
 * 64 KiB a write).
 *
 * Rate: the lines due are elapsed * rate minus the lines skipped; when the sender falls behind by
 * more than rate / 100 lines (10 ms of traffic), the excess is skipped, not caught up in a burst;
 * when it is ahead it sleeps 1 ms, a tenth of that lag (waking up often costs the sender more CPU
 * than its sends; the receive queue absorbs a millisecond's burst). Bad arguments, an unreadable
 * pool or a failed connect: a message on stderr, exit status 2.
 *
 * Plain C99 and POSIX, Linux: gcc -O2 -Wall -Wextra -Werror -o dogstatsd-sender dogstatsd-sender.c
 */
#define _GNU_SOURCE /* sendmmsg */

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define MAX_BATCH_BYTES (64 * 1024)
#define NANOS_PER_SECOND 1000000000LL
#define IDLE_NANOS 1000000L

enum transport { UDP, UDS, UDS_STREAM };

/* One pool entry as written on the socket (framed for uds_stream), inside one shared buffer. */
struct entry {
  size_t offset;
  size_t length;
  long long lines;
};

static void usage(const char *problem) {
  fprintf(stderr,
          "dogstatsd-sender: %s\n"
          "usage: dogstatsd-sender --transport udp|uds|uds_stream --target <port|socket path>"
          " --pool <file> --rate <lines/s> --seconds <n> [--first <i>] [--step <k>]\n",
          problem);
  exit(2);
}

static void fail(const char *what, const char *detail) {
  fprintf(stderr, "dogstatsd-sender: %s %s: %s\n", what, detail, strerror(errno));
  exit(2);
}

static void corrupt(const char *what, const char *path) {
  fprintf(stderr, "dogstatsd-sender: %s in the pool %s\n", what, path);
  exit(2);
}

/* A whole decimal number in [min, max], or exit 2. */
static long long number(const char *name, const char *text, long long min, long long max) {
  char *end;
  errno = 0;
  long long value = strtoll(text, &end, 10);
  if (errno != 0 || end == text || *end != '\0' || value < min || value > max) {
    char message[256];
    snprintf(message, sizeof message, "--%s: expected a whole number in [%lld, %lld], not '%s'",
             name, min, max, text);
    usage(message);
  }
  return value;
}

static long long now_nanos(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (long long)now.tv_sec * NANOS_PER_SECOND + now.tv_nsec;
}

static uint32_t little_endian(const unsigned char *bytes) {
  return (uint32_t)bytes[0] | (uint32_t)bytes[1] << 8 | (uint32_t)bytes[2] << 16 |
         (uint32_t)bytes[3] << 24;
}

/*
 * Reads this sender's entries of the pool (first, first + step, ...) into *data, framed when
 * framed; returns their number, the entries in *entries.
 */
static size_t read_pool(const char *path, long long first, long long step, int framed,
                        unsigned char **data, struct entry **entries) {
  FILE *file = fopen(path, "rb");
  if (file == NULL) {
    fail("cannot open the pool", path);
  }
  size_t capacity = 1 << 16;
  size_t used = 0;
  size_t count = 0;
  size_t entries_capacity = 1024;
  unsigned char *buffer = malloc(capacity);
  struct entry *list = malloc(entries_capacity * sizeof *list);
  if (buffer == NULL || list == NULL) {
    fail("out of memory reading", path);
  }
  for (long long index = 0;; index++) {
    unsigned char header[8];
    size_t got = fread(header, 1, sizeof header, file);
    if (got == 0 && feof(file)) {
      break;
    }
    if (got != sizeof header) {
      corrupt(ferror(file) ? "a read error" : "a truncated record header", path);
    }
    uint32_t length = little_endian(header);
    uint32_t lines = little_endian(header + 4);
    int mine = index >= first && (index - first) % step == 0;
    if (!mine) {
      if (fseek(file, (long)length, SEEK_CUR) != 0) {
        fail("cannot skip a record of the pool", path);
      }
      continue;
    }
    size_t size = (size_t)length + (framed ? 4 : 0);
    while (used + size > capacity) {
      capacity *= 2;
      buffer = realloc(buffer, capacity);
      if (buffer == NULL) {
        fail("out of memory reading", path);
      }
    }
    if (count == entries_capacity) {
      entries_capacity *= 2;
      list = realloc(list, entries_capacity * sizeof *list);
      if (list == NULL) {
        fail("out of memory reading", path);
      }
    }
    unsigned char *at = buffer + used;
    if (framed) {
      memcpy(at, header, 4); /* the frame's length prefix: the record's, little-endian too */
      at += 4;
    }
    if (fread(at, 1, length, file) != length) {
      corrupt(ferror(file) ? "a read error" : "a truncated record", path);
    }
    list[count].offset = used;
    list[count].length = size;
    list[count].lines = lines;
    used += size;
    count++;
  }
  fclose(file);
  *data = buffer;
  *entries = list;
  return count;
}

static int connect_to(enum transport transport, const char *target) {
  int fd;
  if (transport == UDP) {
    struct sockaddr_in address;
    memset(&address, 0, sizeof address);
    address.sin_family = AF_INET;
    address.sin_port = htons((uint16_t)number("target", target, 1, 65535));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (fd < 0) {
      fail("cannot open a UDP socket for", target);
    }
    if (connect(fd, (struct sockaddr *)&address, sizeof address) != 0) {
      fail("cannot connect to 127.0.0.1 port", target);
    }
    return fd;
  }
  struct sockaddr_un address;
  memset(&address, 0, sizeof address);
  address.sun_family = AF_UNIX;
  if (strlen(target) >= sizeof address.sun_path) {
    usage("--target: socket path too long");
  }
  strcpy(address.sun_path, target);
  fd = socket(AF_UNIX, transport == UDS ? SOCK_DGRAM : SOCK_STREAM, 0);
  if (fd < 0) {
    fail("cannot open a Unix socket for", target);
  }
  if (connect(fd, (struct sockaddr *)&address, sizeof address) != 0) {
    fail("cannot connect to", target);
  }
  return fd;
}

/* One message header per entry, each pointing at the entry's bytes, for sendmmsg. */
static struct mmsghdr *messages_of(unsigned char *data, const struct entry *entries, size_t count) {
  struct mmsghdr *messages = calloc(count, sizeof *messages);
  struct iovec *vectors = calloc(count, sizeof *vectors);
  if (messages == NULL || vectors == NULL) {
    fail("out of memory for", "the message headers");
  }
  for (size_t i = 0; i < count; i++) {
    vectors[i].iov_base = data + entries[i].offset;
    vectors[i].iov_len = entries[i].length;
    messages[i].msg_hdr.msg_iov = &vectors[i];
    messages[i].msg_hdr.msg_iovlen = 1;
  }
  return messages;
}

/* Datagrams, up to the whole count in one system call; the number that failed to send (EINTR
 * retried, a failed datagram skipped). */
static long long send_datagrams(int fd, struct mmsghdr *messages, unsigned int count) {
  long long errors = 0;
  unsigned int done = 0;
  while (done < count) {
    int sent = sendmmsg(fd, messages + done, count - done, 0);
    if (sent > 0) {
      done += (unsigned int)sent;
    } else if (sent < 0 && errno == EINTR) {
      continue;
    } else {
      errors++;
      done++;
    }
  }
  return errors;
}

/* Consecutive frames at once, partial writes continued; the bytes written. */
static size_t write_frames(int fd, const unsigned char *bytes, size_t length) {
  size_t written = 0;
  while (written < length) {
    ssize_t n = send(fd, bytes + written, length - written, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      break;
    }
    written += (size_t)n;
  }
  return written;
}

int main(int argc, char **argv) {
  const char *transport_name = NULL;
  const char *target = NULL;
  const char *pool = NULL;
  const char *rate_text = NULL;
  const char *seconds_text = NULL;
  const char *first_text = "0";
  const char *step_text = "1";
  const char *batch_text = "1";
  for (int i = 1; i < argc; i += 2) {
    if (i + 1 >= argc) {
      usage("every option needs a value");
    }
    const char *name = argv[i];
    const char *value = argv[i + 1];
    if (strcmp(name, "--transport") == 0) {
      transport_name = value;
    } else if (strcmp(name, "--target") == 0) {
      target = value;
    } else if (strcmp(name, "--pool") == 0) {
      pool = value;
    } else if (strcmp(name, "--rate") == 0) {
      rate_text = value;
    } else if (strcmp(name, "--seconds") == 0) {
      seconds_text = value;
    } else if (strcmp(name, "--first") == 0) {
      first_text = value;
    } else if (strcmp(name, "--step") == 0) {
      step_text = value;
    } else if (strcmp(name, "--batch") == 0) {
      batch_text = value;
    } else {
      char message[256];
      snprintf(message, sizeof message, "unknown option '%s'", name);
      usage(message);
    }
  }
  if (transport_name == NULL || target == NULL || pool == NULL || rate_text == NULL ||
      seconds_text == NULL) {
    usage("--transport, --target, --pool, --rate and --seconds are required");
  }
  enum transport transport = UDP;
  if (strcmp(transport_name, "udp") == 0) {
    transport = UDP;
  } else if (strcmp(transport_name, "uds") == 0) {
    transport = UDS;
  } else if (strcmp(transport_name, "uds_stream") == 0) {
    transport = UDS_STREAM;
  } else {
    usage("--transport: udp, uds or uds_stream");
  }
  long long rate = number("rate", rate_text, 1, 1000000000LL);
  long long seconds = number("seconds", seconds_text, 0, 1000000LL);
  long long step = number("step", step_text, 1, 1000000LL);
  long long first = number("first", first_text, 0, step - 1);
  unsigned int batch = (unsigned int)number("batch", batch_text, 1, 1024);

  unsigned char *data;
  struct entry *entries;
  size_t count = read_pool(pool, first, step, transport == UDS_STREAM, &data, &entries);
  if (count == 0) {
    fprintf(stderr, "dogstatsd-sender: no entry of the pool %s for --first %lld --step %lld\n",
            pool, first, step);
    return 2;
  }
  struct mmsghdr *messages = messages_of(data, entries, count);
  signal(SIGPIPE, SIG_IGN);
  int fd = connect_to(transport, target);

  long long start = now_nanos();
  long long end = start + seconds * NANOS_PER_SECOND;
  long long sent_lines = 0;
  long long sent_datagrams = 0;
  long long skipped_lines = 0;
  long long send_errors = 0;
  long long max_lag = rate / 100 > 1 ? rate / 100 : 1; /* 10 ms of traffic */
  size_t next = 0;
  const struct timespec idle = {0, IDLE_NANOS};
  for (;;) {
    long long now = now_nanos();
    if (now >= end) {
      break;
    }
    long long elapsed = now - start;
    long long due = elapsed / NANOS_PER_SECOND * rate +
                    elapsed % NANOS_PER_SECOND * rate / NANOS_PER_SECOND - skipped_lines;
    if (due - sent_lines > max_lag) {
      /* This sender stalled (scheduling): a fixed-rate offer does not catch up in a burst; the
       * lines it could not offer in time are reported as skipped. */
      skipped_lines += due - sent_lines - max_lag;
      due = sent_lines + max_lag;
    }
    if (sent_lines >= due) {
      clock_nanosleep(CLOCK_MONOTONIC, 0, &idle, NULL);
      continue;
    }
    while (sent_lines < due) {
      if (transport != UDS_STREAM) {
        /* The datagrams due, consecutive in the pool (up to its end), at most --batch. */
        unsigned int batched = 0;
        long long batch_lines = 0;
        do {
          batch_lines += entries[next + batched].lines;
          batched++;
        } while (batched < batch && next + batched < count && sent_lines + batch_lines < due);
        send_errors += send_datagrams(fd, messages + next, batched);
        sent_lines += batch_lines;
        sent_datagrams += batched;
        next = next + batched == count ? 0 : next + batched;
        continue;
      }
      /* The frames due, consecutive in the pool's buffer (up to its end), at most 64 KiB. */
      size_t from = next;
      size_t bytes = 0;
      long long batch_lines = 0;
      do {
        bytes += entries[next].length;
        batch_lines += entries[next].lines;
        next++;
      } while (next < count && sent_lines + batch_lines < due &&
               bytes + entries[next].length <= MAX_BATCH_BYTES);
      size_t written = write_frames(fd, data + entries[from].offset, bytes);
      for (size_t i = from; i < next; i++) {
        if (entries[i].offset + entries[i].length > entries[from].offset + written) {
          send_errors++; /* a frame not written whole */
        }
      }
      sent_lines += batch_lines;
      sent_datagrams += (long long)(next - from);
      if (next == count) {
        next = 0;
      }
    }
  }
  double elapsed_seconds = (double)(now_nanos() - start) / NANOS_PER_SECOND;
  close(fd);
  struct rusage usage;
  double cpu_seconds = 0;
  if (getrusage(RUSAGE_SELF, &usage) == 0) {
    cpu_seconds = usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
                  (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  }
  printf("sent %lld lines in %lld datagrams, %lld lines skipped, %lld send errors, %.3f s,"
         " %.2f s CPU\n",
         sent_lines, sent_datagrams, skipped_lines, send_errors, elapsed_seconds, cpu_seconds);
  free(messages->msg_hdr.msg_iov);
  free(messages);
  free(entries);
  free(data);
  return 0;
}
