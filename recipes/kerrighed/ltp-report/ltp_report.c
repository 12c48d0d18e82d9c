#include "ltp_report.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *TCID = "unnamed";
int TST_TOTAL = 1;
int tst_count = 0;

static int exit_bits;

static const struct {
  int type;
  const char *name;
} types[] = {{TPASS, "TPASS"}, {TFAIL, "TFAIL"}, {TBROK, "TBROK"}, {TWARN, "TWARN"},
             {TRETR, "TRETR"}, {TINFO, "TINFO"}, {TCONF, "TCONF"}};

const char *ltp_type_name(int type) {
  for (size_t i = 0; i < sizeof types / sizeof types[0]; ++i)
    if (types[i].type == type) return types[i].name;
  return NULL;
}

int ltp_type_of(const char *name) {
  for (size_t i = 0; i < sizeof types / sizeof types[0]; ++i)
    if (strcmp(types[i].name, name) == 0 || strcmp(types[i].name + 1, name) == 0) return types[i].type;
  return -1;
}

static void report(int type, int count, const char *message) {
  const char *name = ltp_type_name(type);
  /* As LTP: informational and warning lines belong to no case. */
  if (type == TINFO || type == TWARN) count = 0;
  printf("%-8s %4d  %s  :  %s\n", TCID, count, name ? name : "TBROK", message);
  fflush(stdout);
  /* TINFO reports but does not decide; an unknown type is a broken test. */
  if (!name) exit_bits |= TBROK;
  else if (type != TINFO) exit_bits |= type;
}

void tst_resm(int type, const char *format, ...) {
  char message[4096];
  va_list args;
  va_start(args, format);
  vsnprintf(message, sizeof message, format, args);
  va_end(args);
  /* Informational lines do not count as a case. */
  report(type, type == TINFO || type == TWARN ? 0 : ++tst_count, message);
}

void tst_brkm(int type, void (*cleanup)(void), const char *format, ...) {
  char message[4096];
  va_list args;
  va_start(args, format);
  vsnprintf(message, sizeof message, format, args);
  va_end(args);
  /* As LTP: a break after the last case has nothing left to report. */
  if (tst_count < TST_TOTAL) {
    report(type, ++tst_count, message);
    while (tst_count < TST_TOTAL) report(TBROK, ++tst_count, "Remaining cases broken");
  }
  if (cleanup) cleanup();
  tst_exit();
}

int tst_exit_status(void) { return exit_bits; }

void tst_exit(void) {
  fflush(stdout);
  exit(exit_bits);
}
