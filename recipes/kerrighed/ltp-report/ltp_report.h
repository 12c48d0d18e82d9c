/* Result reporting compatible with the Linux Test Project's classic API (tst_resm, tst_brkm,
 * tst_exit), which Kerrighed's test suite calls. Only the reporting: LTP itself is not packaged
 * by Debian, and the suite needs nothing else of it.
 *
 * A result line reads "TCID  COUNT  TYPE  :  message"; the exit status of a test is the OR of
 * the bits of every result type it reported (TPASS and TINFO add none). */
#ifndef LTP_REPORT_H
#define LTP_REPORT_H

#define TPASS 0
#define TFAIL 1
#define TBROK 2
#define TWARN 4
#define TRETR 8
#define TINFO 16
#define TCONF 32

extern const char *TCID;  /* the test case's name */
extern int TST_TOTAL;     /* how many cases the test has */
extern int tst_count;     /* the case being run, counted from 1 by tst_resm */

/* The name of a result type ("TPASS"), or NULL when the number is not one. */
const char *ltp_type_name(int type);
/* The result type named NAME ("TFAIL" or "FAIL"), or -1. */
int ltp_type_of(const char *name);

void tst_resm(int type, const char *format, ...) __attribute__((format(printf, 2, 3)));
/* Reports TYPE for this case and every case not reached yet, runs CLEANUP if any, and exits. */
void tst_brkm(int type, void (*cleanup)(void), const char *format, ...)
    __attribute__((format(printf, 3, 4), noreturn));
/* Exits with the OR of the result bits reported so far. */
void tst_exit(void) __attribute__((noreturn));
/* The same exit status, without exiting. */
int tst_exit_status(void);

#endif
