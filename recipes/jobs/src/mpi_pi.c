/* OSCAR's classic MPI test: pi as the integral of 4/(1+x^2) over [0,1] by the midpoint rule, its
 * INTERVALS dealt to the ranks in turn and the partial sums reduced on rank 0, which prints
 *   pi=3.141592653589793 error=E ranks=N seconds=S where=A,B threads=T,U
 * SECONDS: from a barrier after start-up to the reduced sum, on rank 0's clock. WHERE: each rank's
 * node as it ends (Kerrighed's node id on a Kerrighed kernel, else the host name); THREADS: each
 * rank's thread count then (/proc/self/status), which decides whether Kerrighed may migrate it. */
#define _GNU_SOURCE
#include <math.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { kNameSize = 64 };

static void where(char *out) {
  FILE *f = fopen("/sys/kerrighed/node_id", "r");
  if (f) {
    char id[16] = "";
    if (fgets(id, sizeof id, f)) snprintf(out, kNameSize, "node%s", id);
    fclose(f);
  } else if (gethostname(out, kNameSize) != 0) {
    snprintf(out, kNameSize, "?");
  }
  out[kNameSize - 1] = '\0';
  out[strcspn(out, "\n")] = '\0';
}

static int threads(void) {
  FILE *f = fopen("/proc/self/status", "r");
  char line[256];
  int n = 0;
  while (f && fgets(line, sizeof line, f))
    if (sscanf(line, "Threads: %d", &n) == 1) break;
  if (f) fclose(f);
  return n;
}

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  int rank, size;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  const long long intervals = argc > 1 ? atoll(argv[1]) : 100000000LL;
  if (intervals <= 0) {
    if (rank == 0) fprintf(stderr, "mpi-pi: INTERVALS must be a positive number: %s\n", argv[1]);
    MPI_Abort(MPI_COMM_WORLD, 2);
  }
  MPI_Barrier(MPI_COMM_WORLD);
  const double start = MPI_Wtime();
  const double h = 1.0 / (double)intervals;
  double sum = 0;
  for (long long i = rank; i < intervals; i += size) {
    const double x = h * ((double)i + 0.5);
    sum += 4.0 / (1.0 + x * x);
  }
  double local = h * sum, pi = 0;
  MPI_Reduce(&local, &pi, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
  const double seconds = MPI_Wtime() - start;

  char name[kNameSize];
  where(name);
  int nthreads = threads();
  char *names = rank == 0 ? malloc((size_t)size * kNameSize) : NULL;
  int *counts = rank == 0 ? malloc((size_t)size * sizeof *counts) : NULL;
  MPI_Gather(name, kNameSize, MPI_CHAR, names, kNameSize, MPI_CHAR, 0, MPI_COMM_WORLD);
  MPI_Gather(&nthreads, 1, MPI_INT, counts, 1, MPI_INT, 0, MPI_COMM_WORLD);
  if (rank == 0) {
    printf("pi=%.15f error=%.1e ranks=%d seconds=%.2f where=", pi, fabs(pi - M_PI), size, seconds);
    for (int r = 0; r < size; r++) printf("%s%s", r ? "," : "", names + (size_t)r * kNameSize);
    printf(" threads=");
    for (int r = 0; r < size; r++) printf("%s%d", r ? "," : "", counts[r]);
    printf("\n");
    free(names);
    free(counts);
  }
  MPI_Finalize();
  return 0;
}
