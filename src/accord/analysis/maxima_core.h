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
} Ctx;

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
