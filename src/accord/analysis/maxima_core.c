/*
 * The maxima of a set of vectors: Kung, Luccio & Preparata's multidimensional divide and
 * conquer (1975, "On finding the maxima of a set of vectors", JACM 22(4); Bentley 1980,
 * "Multidimensional divide-and-conquer", CACM 23(4)), the same algorithm as the numpy
 * version in nondominated.py, compiled so that its many small steps cost nanoseconds
 * instead of microseconds.
 *
 * Input: n distinct rows of d >= 2 doubles, row-major, sorted lexicographically
 * descending (_maxima.c sorts them and drops duplicates). Output: ctx->dead[i] = 1 for the
 * rows some other row is at least as large as in every column.
 *
 * maxima(rows): the upper half can only be dominated from inside itself (the order settles
 * column 0), so both halves are solved recursively and the lower half's survivors are then
 * filtered against the upper half's in columns 1..d-1. filter(U, L, c) marks the rows of L
 * that some row of U covers in columns c..d-1: one column is a maximum, two columns a sort
 * and a sweep, more columns split on column c at the median of both sets (lower rows above
 * the cut can only be covered by upper rows above it; lower rows below it by upper rows
 * below it, in all columns, or by upper rows above it, in one column fewer). Small cases
 * compare every pair.
 *
 * A call may be given a time limit (Ctx.stop_at): before every step larger than a leaf the
 * clock is read, and once it has passed every step returns at once and the caller is told
 * (the result is then incomplete and thrown away).
 */
#include "maxima_core.h"

#include <stdint.h>
#include <string.h>
#include <time.h>

#ifndef LEAF
#define LEAF 48          /* below this many rows, maxima compares every pair */
#endif
#ifndef PAIRS
#define PAIRS 16384      /* below this many row pairs, filter compares every pair */
#endif
#define CHUNK 64         /* upper rows compared with one lower row between two checks */

/* The two halves of the work may run in two threads (POSIX threads, where there are), and
   each half may split again while the call has threads to spare (Ctx.spare): up to the
   `threads` the caller allows, four by default (THREADS in nondominated.py). */
#if defined(__unix__) || defined(__APPLE__)
#include <pthread.h>
#define THREADS 1
#endif
#define PARALLEL 4096    /* below this many rows (or row pairs / 1024), no thread is started */

/* The pairwise comparisons are straight loops that the compiler vectorises; on x86-64
   with glibc an AVX2 copy is also compiled and picked at load time when the CPU has it. */
#if defined(__GNUC__) && defined(__x86_64__) && defined(__GLIBC__)
#define VECTOR_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define VECTOR_CLONES
#endif

typedef struct {
    double a, b;
    Py_ssize_t row;
} Pair;

static int by_a_descending(const void *x, const void *y) {
    double a = ((const Pair *)x)->a, b = ((const Pair *)y)->a;
    return (a < b) - (a > b);
}

static void filter(Ctx *ctx, const Py_ssize_t *up, Py_ssize_t nu, const Py_ssize_t *low, Py_ssize_t nl,
                   Py_ssize_t c);

double accord_now(void) {
    struct timespec ts;
#if defined(CLOCK_MONOTONIC)
    clock_gettime(CLOCK_MONOTONIC, &ts);
#else
    timespec_get(&ts, TIME_UTC);
#endif
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Every pair compared: mark the rows of low that some row of up covers from column c on. */
VECTOR_CLONES static void filter_pairs(Ctx *ctx, const Py_ssize_t *up, Py_ssize_t nu, const Py_ssize_t *low,
                                       Py_ssize_t nl, Py_ssize_t c) {
    /* The upper rows' columns c..d-1 gathered column by column, so that the comparisons of
       one lower row with every upper row run as straight loops the compiler vectorises. */
    Py_ssize_t width = ctx->d - c;
    double *columns = alloc(ctx, (size_t)(width * nu), sizeof(double));
    int64_t *hit = alloc(ctx, (size_t)nu, sizeof(int64_t));
    if (columns == NULL || hit == NULL) {
        free(columns);
        free(hit);
        return;
    }
    for (Py_ssize_t j = 0; j < nu; j++) {
        const double *x = row_of(ctx, up[j]);
        for (Py_ssize_t t = 0; t < width; t++) columns[t * nu + j] = x[c + t];
    }
    for (Py_ssize_t i = 0; i < nl; i++) {
        Py_ssize_t l = low[i];
        if (ctx->dead[l]) continue;
        const double *y = row_of(ctx, l) + c;
        int64_t any = 0;
        for (Py_ssize_t start = 0; start < nu && !any; start += CHUNK) {
            Py_ssize_t stop = start + CHUNK < nu ? start + CHUNK : nu;
            const double *col = columns;
            for (Py_ssize_t j = start; j < stop; j++) hit[j] = -(int64_t)(col[j] >= y[0]);
            for (Py_ssize_t t = 1; t < width; t++) {
                col += nu;
                double v = y[t];
                for (Py_ssize_t j = start; j < stop; j++) hit[j] &= -(int64_t)(col[j] >= v);
            }
            for (Py_ssize_t j = start; j < stop; j++) any |= hit[j];
        }
        if (any) ctx->dead[l] = 1;
    }
    free(columns);
    free(hit);
}

/* Two columns a = c, b = c + 1: sorted by a descending, a lower row is covered when the
   largest b among the upper rows whose a reaches its own reaches its b. */
static void filter_staircase(Ctx *ctx, const Py_ssize_t *up, Py_ssize_t nu, const Py_ssize_t *low,
                             Py_ssize_t nl, Py_ssize_t c) {
    Pair *u = alloc(ctx, (size_t)nu, sizeof(Pair));
    Pair *l = alloc(ctx, (size_t)nl, sizeof(Pair));
    if (u == NULL || l == NULL) {
        free(u);
        free(l);
        return;
    }
    for (Py_ssize_t j = 0; j < nu; j++) {
        const double *x = row_of(ctx, up[j]);
        u[j] = (Pair){x[c], x[c + 1], up[j]};
    }
    for (Py_ssize_t i = 0; i < nl; i++) {
        const double *y = row_of(ctx, low[i]);
        l[i] = (Pair){y[c], y[c + 1], low[i]};
    }
    qsort(u, (size_t)nu, sizeof(Pair), by_a_descending);
    qsort(l, (size_t)nl, sizeof(Pair), by_a_descending);
    Py_ssize_t j = 0;
    int any = 0;
    double best = 0.0;
    for (Py_ssize_t i = 0; i < nl; i++) {
        while (j < nu && u[j].a >= l[i].a) {
            if (!any || u[j].b > best) best = u[j].b;
            any = 1;
            j++;
        }
        if (any && best >= l[i].b) ctx->dead[l[i].row] = 1;
    }
    free(u);
    free(l);
}

static void swap(double *x, Py_ssize_t i, Py_ssize_t j) {
    double t = x[i];
    x[i] = x[j];
    x[j] = t;
}

/* The k-th smallest of x[0..n) (Hoare's selection; x is reordered). */
static double select_kth(double *x, Py_ssize_t n, Py_ssize_t k) {
    Py_ssize_t lo = 0, hi = n - 1;
    while (lo < hi) {
        Py_ssize_t mid = lo + (hi - lo) / 2;
        if (x[mid] < x[lo]) swap(x, mid, lo);
        if (x[hi] < x[lo]) swap(x, hi, lo);
        if (x[hi] < x[mid]) swap(x, hi, mid);
        double pivot = x[mid];
        Py_ssize_t i = lo, j = hi;
        while (i <= j) {
            while (x[i] < pivot) i++;
            while (x[j] > pivot) j--;
            if (i <= j) {
                swap(x, i, j);
                i++;
                j--;
            }
        }
        if (k <= j) hi = j;
        else if (k >= i) lo = i;
        else return x[k];
    }
    return x[k];
}

/* One of two independent halves of the work: a maxima or a filter call, with its own
   context so that two threads never write the same flag. The two halves always touch
   disjoint rows: maxima halves own their rows, filter halves their lower rows. */
typedef struct {
    Ctx ctx;
    Py_ssize_t *rows;
    const Py_ssize_t *up, *low;
    Py_ssize_t n, nu, nl, c;
} Task;

static void *run_task(void *arg) {
    Task *t = arg;
    if (t->rows != NULL) t->n = accord_maxima(&t->ctx, t->rows, t->n);
    else filter(&t->ctx, t->up, t->nu, t->low, t->nl, t->c);
    return NULL;
}

/* Run a and b: a in a new thread and b here when a thread may be started (each then gets
   half of the rest), else one after the other. */
static void run_both(Ctx *ctx, Task *a, Task *b, int large) {
    a->ctx = *ctx;
    b->ctx = *ctx;
#ifdef THREADS
    if (large && ctx->spare > 0) {
        pthread_t thread;
        a->ctx.spare = b->ctx.spare = (ctx->spare - 1) / 2;
        if (pthread_create(&thread, NULL, run_task, a) == 0) {
            run_task(b);
            pthread_join(thread, NULL);
            ctx->failed |= a->ctx.failed | b->ctx.failed;
            return;
        }
        a->ctx.spare = b->ctx.spare = ctx->spare;
    }
#else
    (void)large;
#endif
    run_task(a);
    run_task(b);
    ctx->failed |= a->ctx.failed | b->ctx.failed;
}

/* Split on column c at the median of both sets (see the file comment). */
static void filter_split(Ctx *ctx, const Py_ssize_t *up, Py_ssize_t nu, const Py_ssize_t *low, Py_ssize_t nl,
                         Py_ssize_t c) {
    Py_ssize_t total = nu + nl;
    double *values = alloc(ctx, (size_t)total, sizeof(double));
    if (values == NULL) return;
    double least = row_of(ctx, up[0])[c], most = least;
    for (Py_ssize_t j = 0; j < nu; j++) values[j] = row_of(ctx, up[j])[c];
    for (Py_ssize_t i = 0; i < nl; i++) values[nu + i] = row_of(ctx, low[i])[c];
    for (Py_ssize_t k = 0; k < total; k++) {
        if (values[k] < least) least = values[k];
        if (values[k] > most) most = values[k];
    }
    if (least == most) {
        free(values);
        filter(ctx, up, nu, low, nl, c + 1);
        return;
    }
    double cut = select_kth(values, total, total / 2);
    if (cut <= least) {
        cut = most;
        for (Py_ssize_t k = 0; k < total; k++) {
            if (values[k] > least && values[k] < cut) cut = values[k];
        }
    }
    free(values);
    Py_ssize_t *parts = alloc(ctx, (size_t)total, sizeof(Py_ssize_t));
    if (parts == NULL) return;
    Py_ssize_t *up_high = parts, *up_low = parts + nu, *low_high = parts + nu, *low_low = parts + total;
    Py_ssize_t nuh = 0, nul = 0, nlh = 0, nll = 0;
    for (Py_ssize_t j = 0; j < nu; j++) {
        if (row_of(ctx, up[j])[c] >= cut) up_high[nuh++] = up[j];
        else *--up_low = up[j], nul++;
    }
    for (Py_ssize_t i = 0; i < nl; i++) {
        if (ctx->dead[low[i]]) continue;
        if (row_of(ctx, low[i])[c] >= cut) low_high[nlh++] = low[i];
        else *--low_low = low[i], nll++;
    }
    /* up_high = parts[0, nuh), up_low = parts[nu - nul, nu), low_high = parts[nu, nu + nlh),
       low_low = parts[total - nll, total) */
    Task high = {.up = parts, .nu = nuh, .low = parts + nu, .nl = nlh, .c = c};
    Task low_part = {.up = parts + nu - nul, .nu = nul, .low = parts + total - nll, .nl = nll, .c = c};
    run_both(ctx, &high, &low_part, nuh * nlh > PARALLEL * 1024 && nul * nll > PARALLEL * 1024);
    filter(ctx, parts, nuh, parts + total - nll, nll, c + 1);
    free(parts);
}

/* Mark the rows of low that some row of up covers in columns c..d-1 (c <= d - 1). */
static void filter(Ctx *ctx, const Py_ssize_t *up, Py_ssize_t nu, const Py_ssize_t *low, Py_ssize_t nl,
                   Py_ssize_t c) {
    if (nu == 0 || nl == 0 || ctx->failed) return;
    if (nu * nl > PAIRS && out_of_time(ctx)) return;
    Py_ssize_t left = ctx->d - c;
    if (left == 1) {
        double best = row_of(ctx, up[0])[c];
        for (Py_ssize_t j = 1; j < nu; j++) {
            double x = row_of(ctx, up[j])[c];
            if (x > best) best = x;
        }
        for (Py_ssize_t i = 0; i < nl; i++) {
            if (row_of(ctx, low[i])[c] <= best) ctx->dead[low[i]] = 1;
        }
    } else if (nu * nl <= PAIRS) {
        filter_pairs(ctx, up, nu, low, nl, c);
    } else if (left == 2) {
        filter_staircase(ctx, up, nu, low, nl, c);
    } else {
        filter_split(ctx, up, nu, low, nl, c);
    }
}

/* Maxima of the rows rows[0..n) (lexicographically descending); the survivors are moved to
   the front of rows, in order, and counted. */
Py_ssize_t accord_maxima(Ctx *ctx, Py_ssize_t *rows, Py_ssize_t n) {
    if (ctx->failed) return 0;
    if (n <= LEAF) {
        Py_ssize_t kept = 0;
        for (Py_ssize_t i = 0; i < n; i++) {
            int beaten = 0;
            for (Py_ssize_t j = 0; j < kept && !beaten; j++) beaten = covers(ctx, rows[j], rows[i], 1);
            if (beaten) ctx->dead[rows[i]] = 1;
            else rows[kept++] = rows[i];
        }
        return kept;
    }
    if (out_of_time(ctx)) return 0;
    Py_ssize_t half = n / 2;
    Task a = {.rows = rows, .n = half}, b = {.rows = rows + half, .n = n - half};
    run_both(ctx, &a, &b, n > PARALLEL);
    Py_ssize_t upper = a.n, lower = b.n;
    filter(ctx, rows, upper, rows + half, lower, 1);
    Py_ssize_t kept = upper;
    for (Py_ssize_t i = 0; i < lower; i++) {
        if (!ctx->dead[rows[half + i]]) rows[kept++] = rows[half + i];
    }
    return kept;
}
