/* LTP's reporting commands for shell tests, one program called by the names tst_resm, tst_res,
 * tst_brkm, tst_brk and tst_exit. As in LTP, the test's name, its case number and case count come
 * from the environment (TCID, TST_COUNT, TST_TOTAL):
 *   tst_resm TYPE MESSAGE...           tst_res TYPE FILE MESSAGE...
 *   tst_brkm TYPE CLEANUP MESSAGE...   tst_brk TYPE FILE CLEANUP MESSAGE...
 * tst_brkm and tst_brk exit with the type's bit, the others with 0. FILE and CLEANUP are
 * accepted and ignored (a shell test has no C cleanup function; FILE names a log to append). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ltp_report.h"

static int usage(const char *name, const char *form) {
  fprintf(stderr, "%s: usage: %s %s\n", name, name, form);
  return 2;
}

static void join(char *out, size_t size, int argc, char **argv, int first) {
  out[0] = '\0';
  for (int i = first; i < argc; ++i) {
    if (i > first) strncat(out, " ", size - strlen(out) - 1);
    strncat(out, argv[i], size - strlen(out) - 1);
  }
}

static int number(const char *variable, int fallback) {
  const char *text = getenv(variable);
  return text && *text ? atoi(text) : fallback;
}

int main(int argc, char **argv) {
  const char *name = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
  if (getenv("TCID") && *getenv("TCID")) TCID = getenv("TCID");
  TST_TOTAL = number("TST_TOTAL", 1);
  /* The shell test counts its cases itself: report the one it says it is in. */
  const int count = number("TST_COUNT", 1);

  if (strcmp(name, "tst_exit") == 0) return 0;
  const int is_res = strcmp(name, "tst_res") == 0, is_brk = strcmp(name, "tst_brk") == 0;
  const int is_brkm = strcmp(name, "tst_brkm") == 0, is_resm = strcmp(name, "tst_resm") == 0;
  if (!is_res && !is_brk && !is_brkm && !is_resm) {
    fprintf(stderr, "%s: call me as tst_resm, tst_res, tst_brkm, tst_brk or tst_exit\n", name);
    return 2;
  }
  const int skipped = is_brk ? 2 : is_res || is_brkm ? 1 : 0;  /* FILE and CLEANUP */
  if (argc < 2 + skipped) return usage(name, is_brk ? "TYPE FILE CLEANUP MESSAGE" : is_brkm ? "TYPE CLEANUP MESSAGE" : is_res ? "TYPE FILE MESSAGE" : "TYPE MESSAGE");
  const int type = ltp_type_of(argv[1]);
  if (type < 0) {
    fprintf(stderr, "%s: %s: not a result type (TPASS, TFAIL, TBROK, TWARN, TRETR, TINFO, TCONF)\n", name, argv[1]);
    return 2;
  }
  char message[4096];
  join(message, sizeof message, argc, argv, 2 + skipped);
  tst_count = count - 1;
  if (is_brk || is_brkm) tst_brkm(type, NULL, "%s", message);
  tst_resm(type, "%s", message);
  return 0;
}
