/*
 * tap.h - the smallest TAP producer: ok/not ok lines tests/run counts.
 */
#ifndef TAP_H
#define TAP_H

#include <stdio.h>

static int tap_n, tap_failed;

#define TAP_OK(cond, ...)                                                     \
	do {                                                                  \
		int tap_c_ = !!(cond);                                        \
		printf("%sok %d - ", tap_c_ ? "" : "not ", ++tap_n);          \
		printf(__VA_ARGS__);                                          \
		printf("\n");                                                 \
		if (!tap_c_) {                                                \
			tap_failed++;                                         \
			printf("#   failed at %s:%d: %s\n", __FILE__,         \
			       __LINE__, #cond);                              \
		}                                                             \
	} while (0)

static inline int tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
