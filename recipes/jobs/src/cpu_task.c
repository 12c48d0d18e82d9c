/* One task of a bag of CPU-bound tasks: UNITS units of fixed integer work, STEPS steps each, so
 * the same task is the same work on every node and every cluster. It then prints one line:
 *   units=U cpu=SECONDS nodes=A>B migrations=M
 * NODE is where the task runs: Kerrighed's node id when the kernel is Kerrighed's (the file is
 * read on the node the task runs on now, so a migration shows), else the host name. It is looked
 * at after every tenth of a unit. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

static void current_node(char *out, size_t size) {
  FILE *f = fopen("/sys/kerrighed/node_id", "r");
  if (f) {
    if (!fgets(out, (int)size, f)) out[0] = '\0';
    fclose(f);
    out[strcspn(out, "\n")] = '\0';
    if (out[0]) return;
  }
  if (gethostname(out, size) != 0) snprintf(out, size, "?");
  out[size - 1] = '\0';
}

static unsigned long parse_count(const char *text, const char *what) {
  char *end;
  unsigned long value = strtoul(text, &end, 10);
  if (*text == '\0' || *end != '\0' || value == 0) {
    fprintf(stderr, "cpu-task: %s: not a positive number: %s\n", what, text);
    exit(2);
  }
  return value;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: cpu-task UNITS STEPS_PER_UNIT\n");
    return 2;
  }
  const unsigned long units = parse_count(argv[1], "UNITS");
  const unsigned long steps = parse_count(argv[2], "STEPS_PER_UNIT");
  char here[64], now[64], path[1024];
  current_node(here, sizeof here);
  snprintf(path, sizeof path, "%s", here);
  int migrations = 0;
  /* A 64-bit linear congruential generator: each step depends on the last, so nothing folds away. */
  volatile uint64_t x = 1;
  for (unsigned long tenth = 0; tenth < units * 10; tenth++) {
    uint64_t v = x;
    for (unsigned long i = 0; i < steps / 10; i++) v = v * 6364136223846793005ULL + 1442695040888963407ULL;
    x = v;
    current_node(now, sizeof now);
    if (strcmp(now, here) != 0) {
      migrations++;
      snprintf(here, sizeof here, "%s", now);
      size_t used = strlen(path);
      if (used + strlen(now) + 2 < sizeof path) snprintf(path + used, sizeof path - used, ">%s", now);
    }
  }
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  const double cpu = (double)usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + (double)usage.ru_stime.tv_sec +
                     usage.ru_stime.tv_usec / 1e6;
  printf("units=%lu cpu=%.2f nodes=%s migrations=%d\n", units, cpu, path, migrations);
  return 0;
}
