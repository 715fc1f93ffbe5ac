/* xalloc.h: allocation that never returns NULL. On out-of-memory it calls the die
 * callback (the UI installs one that ends curses first) and aborts. The only code
 * that calls malloc directly. */
#ifndef WINNOW_XALLOC_H
#define WINNOW_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Returned string is the caller's (free()). */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Called before the process aborts on OOM; NULL to clear. */
void xalloc_set_die_callback(void (*fn)(void));

#endif
