/* A bag of CPU-bound tasks started at once, then waited for.
 *   bag-of-tasks [--hosts H1,H2,...] [--rsh COMMAND] STEPS_PER_UNIT UNITS...
 * Each UNITS starts one cpu-task. With --hosts, task i runs on host i mod n, over ssh (COMMAND)
 * unless that host is this one: static placement, as mpirun or a batch system without load figures
 * places work (both fork their local processes too). Without it
 * every task is forked here; on a Kerrighed cluster the system then places them (distant fork,
 * migration), as this process's Kerrighed capabilities allow. Each task runs in a session of its
 * own: Kerrighed migrates only session leaders' processes.
 * Prints one line per task, in the order they ended, then the bag's:
 *   task I seconds=S host=H units=U cpu=C nodes=A>B migrations=M
 *   bag tasks=N makespan=S cpu=C migrations=M launcher=A[>B] failed=F
 * (H: the host it was sent to, or "here"; launcher: this process's Kerrighed node at the start
 * and, when it differs, at the end, "-" off Kerrighed.)
 * SECONDS are on this process's clock (CLOCK_MONOTONIC), from the start of the bag. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { kMaxTasks = 64 };

struct task {
  pid_t pid;
  int out;  /* read end of the task's stdout */
  const char *units, *host;
};

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + t.tv_nsec / 1e9;
}

static void node_of_launcher(char *out, size_t size) {
  FILE *f = fopen("/sys/kerrighed/node_id", "r");
  if (!f || !fgets(out, (int)size, f)) snprintf(out, size, "-");
  if (f) fclose(f);
  out[strcspn(out, "\n")] = '\0';
}

static pid_t start_task(struct task *t, const char *rsh, const char *steps) {
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) return -1;
  pid_t pid = fork();
  if (pid == 0) {
    close(pipe_fds[0]);
    dup2(pipe_fds[1], STDOUT_FILENO);
    close(pipe_fds[1]);
    setsid();
    if (t->host)
      execlp(rsh, rsh, t->host, "cpu-task", t->units, steps, (char *)NULL);
    else
      execlp("cpu-task", "cpu-task", t->units, steps, (char *)NULL);
    fprintf(stderr, "bag-of-tasks: cannot run %s: %s\n", t->host ? rsh : "cpu-task", strerror(errno));
    _exit(127);
  }
  close(pipe_fds[1]);
  t->out = pipe_fds[0];
  t->pid = pid;
  return pid;
}

static double field(const char *line, const char *key) {
  const char *at = strstr(line, key);
  return at ? atof(at + strlen(key)) : 0;
}

int main(int argc, char **argv) {
  char *hosts[kMaxTasks];
  int nhosts = 0, arg = 1;
  const char *rsh = "ssh";
  for (; arg + 1 < argc && strncmp(argv[arg], "--", 2) == 0; arg += 2) {
    if (strcmp(argv[arg], "--rsh") == 0) {
      rsh = argv[arg + 1];
    } else if (strcmp(argv[arg], "--hosts") == 0) {
      for (char *h = strtok(argv[arg + 1], ","); h && nhosts < kMaxTasks; h = strtok(NULL, ",")) hosts[nhosts++] = h;
    } else {
      fprintf(stderr, "bag-of-tasks: unknown option %s\n", argv[arg]);
      return 2;
    }
  }
  if (argc - arg < 2 || argc - arg - 1 > kMaxTasks) {
    fprintf(stderr, "usage: bag-of-tasks [--hosts H1,H2,...] [--rsh COMMAND] STEPS_PER_UNIT UNITS... (at most %d tasks)\n", kMaxTasks);
    return 2;
  }
  const char *steps = argv[arg++];
  struct task tasks[kMaxTasks];
  const int ntasks = argc - arg;
  char launcher_start[32], launcher_end[32];
  node_of_launcher(launcher_start, sizeof launcher_start);
  const double start = now();
  char self[256] = "";
  gethostname(self, sizeof self - 1);
  for (int i = 0; i < ntasks; i++) {
    tasks[i].units = argv[arg + i];
    tasks[i].host = nhosts && strcmp(hosts[i % nhosts], self) != 0 ? hosts[i % nhosts] : NULL;
    if (start_task(&tasks[i], rsh, steps) < 0) {
      fprintf(stderr, "bag-of-tasks: cannot start task %d: %s\n", i + 1, strerror(errno));
      return 1;
    }
  }
  double cpu = 0;
  int migrations = 0, failed = 0;
  for (int done = 0; done < ntasks; done++) {
    int status;
    pid_t pid = wait(&status);
    if (pid < 0) break;
    const double seconds = now() - start;
    int i = 0;
    while (i < ntasks && tasks[i].pid != pid) i++;
    if (i == ntasks) continue;
    char line[1024] = "";
    ssize_t got = read(tasks[i].out, line, sizeof line - 1);
    line[got > 0 ? got : 0] = '\0';
    line[strcspn(line, "\n")] = '\0';
    close(tasks[i].out);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || !strstr(line, "cpu=")) {
      printf("task %d units=%s seconds=%.2f host=%s failed: status %d%s%s\n", i + 1, tasks[i].units, seconds,
             tasks[i].host ? tasks[i].host : "here", status, line[0] ? ", said " : "", line);
      failed++;
      continue;
    }
    cpu += field(line, "cpu=");
    migrations += (int)field(line, "migrations=");
    printf("task %d seconds=%.2f host=%s %s\n", i + 1, seconds, tasks[i].host ? tasks[i].host : "here", line);
    fflush(stdout);
  }
  node_of_launcher(launcher_end, sizeof launcher_end);
  printf("bag tasks=%d makespan=%.2f cpu=%.2f migrations=%d launcher=%s%s%s failed=%d\n", ntasks, now() - start, cpu,
         migrations, launcher_start, strcmp(launcher_start, launcher_end) ? ">" : "",
         strcmp(launcher_start, launcher_end) ? launcher_end : "", failed);
  return failed ? 1 : 0;
}
