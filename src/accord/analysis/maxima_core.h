/*
 * The maxima kernel's shared parts: the work context, the row helpers, and the divide and
 * conquer of maxima_core.c, called by the Python module in _maxima.c.
 */
#ifndef ACCORD_MAXIMA_CORE_H
#define ACCORD_MAXIMA_CORE_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdlib.h>

typedef struct {
    const double *v;     /* the rows */
    Py_ssize_t d;        /* columns */
    unsigned char *dead; /* dead[i]: row i is dominated */
    int failed;          /* an allocation failed */
    int spare;           /* more threads this call may start */
    int ascending;       /* sort_rows: ascending instead of descending */
    double stop_at;      /* give up at this time of accord_now() (seconds); ignored when stopped is NULL */
    int *stopped;        /* shared by every thread of a call: set once stop_at has passed */
} Ctx;

/* A monotonic clock in seconds (CLOCK_MONOTONIC where there is one). */
double accord_now(void);

/* Whether the call has run out of time: reads the shared flag, and the clock only for
   large steps (the callers check before steps of thousands of rows), so the check costs
   nothing measurable. The flag may be set by several threads at once; it only ever goes
   from 0 to 1. */
static inline int out_of_time(const Ctx *ctx) {
    if (ctx->stopped == NULL) return 0;
#if defined(__GNUC__)
    if (__atomic_load_n(ctx->stopped, __ATOMIC_RELAXED)) return 1;
    if (accord_now() < ctx->stop_at) return 0;
    __atomic_store_n(ctx->stopped, 1, __ATOMIC_RELAXED);
#else
    if (*(volatile int *)ctx->stopped) return 1;
    if (accord_now() < ctx->stop_at) return 0;
    *(volatile int *)ctx->stopped = 1;
#endif
    return 1;
}

static inline const double *row_of(const Ctx *ctx, Py_ssize_t i) { return ctx->v + i * ctx->d; }

/* Whether row u is at least as large as row l in every column from c on. */
static inline int covers(const Ctx *ctx, Py_ssize_t u, Py_ssize_t l, Py_ssize_t c) {
    const double *x = row_of(ctx, u), *y = row_of(ctx, l);
    for (Py_ssize_t k = c; k < ctx->d; k++) {
        if (x[k] < y[k]) return 0;
    }
    return 1;
}

static inline void *alloc(Ctx *ctx, size_t count, size_t size) {
    void *p = malloc(count * size + 1);
    if (p == NULL) ctx->failed = 1;
    return p;
}

/* Maxima of rows[0..n), rows sorted lexicographically descending and distinct: the
   survivors are moved to the front of rows, in order, and counted; the others are marked
   in ctx->dead. */
Py_ssize_t accord_maxima(Ctx *ctx, Py_ssize_t *rows, Py_ssize_t n);

#endif
