/*
 * The Python module accord.analysis._maxima: nondominated() (sort, drop duplicates, then
 * the divide and conquer of maxima_core.c) and order() (the lexicographic order). Plain C
 * against Python's C API, no numpy headers; see nondominated.py.
 */
#include "maxima_core.h"

#include <string.h>

/* Whether row a comes before row b: lexicographically larger (smaller when ascending), or
   equal and first. */
static inline int before(const Ctx *ctx, Py_ssize_t a, Py_ssize_t b) {
    const double *x = row_of(ctx, a), *y = row_of(ctx, b);
    for (Py_ssize_t k = 0; k < ctx->d; k++) {
        if (x[k] != y[k]) return (x[k] > y[k]) != ctx->ascending;
    }
    return a < b;
}

/* Sort rows[0..n) by before() (merge sort, tmp holds n entries). */
static void sort_rows(const Ctx *ctx, Py_ssize_t *rows, Py_ssize_t *tmp, Py_ssize_t n) {
    if (n < 2) return;
    if (n <= 16) {
        for (Py_ssize_t i = 1; i < n; i++) {
            Py_ssize_t r = rows[i], j = i;
            while (j > 0 && before(ctx, r, rows[j - 1])) {
                rows[j] = rows[j - 1];
                j--;
            }
            rows[j] = r;
        }
        return;
    }
    if (n > 65536 && out_of_time(ctx)) return; /* the caller throws the order away */
    Py_ssize_t half = n / 2;
    sort_rows(ctx, rows, tmp, half);
    sort_rows(ctx, rows + half, tmp, n - half);
    if (before(ctx, rows[half - 1], rows[half])) return;
    memcpy(tmp, rows, (size_t)half * sizeof(Py_ssize_t));
    Py_ssize_t i = 0, j = half, k = 0;
    while (i < half && j < n) rows[k++] = before(ctx, rows[j], tmp[i]) ? rows[j++] : tmp[i++];
    while (i < half) rows[k++] = tmp[i++];
}

static int equal_rows(const Ctx *ctx, Py_ssize_t a, Py_ssize_t b) {
    return memcmp(row_of(ctx, a), row_of(ctx, b), (size_t)ctx->d * sizeof(double)) == 0 ||
           (covers(ctx, a, b, 0) && covers(ctx, b, a, 0));
}

/* keep[i] = 1 for the non-dominated rows, the first of equal rows only. Returns 1 when
   done, 0 when memory ran out, -1 when `seconds` (when >= 0) passed first. */
static int nondominated(const double *values, Py_ssize_t n, Py_ssize_t d, unsigned char *keep, int threads,
                        double seconds) {
    if (n <= 0) return 1;
    int stopped = 0;
    double stop_at = seconds >= 0 ? accord_now() + seconds : 0.0;
    int *stop = seconds >= 0 ? &stopped : NULL;
    Ctx given = {values, d, NULL, 0, 0, 0, stop_at, stop};
    Py_ssize_t *order = alloc(&given, (size_t)n, sizeof(Py_ssize_t));
    Py_ssize_t *tmp = alloc(&given, (size_t)n, sizeof(Py_ssize_t));
    double *ranked = alloc(&given, (size_t)n * (size_t)d, sizeof(double));
    unsigned char *dead = alloc(&given, (size_t)n, 1);
    int ok = !given.failed;
    if (ok) {
        for (Py_ssize_t i = 0; i < n; i++) order[i] = i;
        sort_rows(&given, order, tmp, n);
        Py_ssize_t m = 0, sorted = out_of_time(&given) ? 0 : n; /* an unfinished sort stops here */
        for (Py_ssize_t i = 0; i < sorted; i++) {
            if (i > 0 && equal_rows(&given, order[i], order[m - 1])) continue;
            memcpy(ranked + m * d, row_of(&given, order[i]), (size_t)d * sizeof(double));
            order[m++] = order[i];
        }
        Ctx ctx = {ranked, d, dead, 0, threads > 1 ? threads - 1 : 0, 0, stop_at, stop};
        memset(dead, 0, (size_t)n);
        for (Py_ssize_t i = 0; i < m; i++) tmp[i] = i;
        accord_maxima(&ctx, tmp, m);
        ok = ctx.failed ? 0 : stopped ? -1 : 1;
        memset(keep, 0, (size_t)n);
        if (ok == 1) {
            for (Py_ssize_t i = 0; i < m; i++) keep[order[i]] = !dead[i];
        }
    }
    free(order);
    free(tmp);
    free(ranked);
    free(dead);
    return ok;
}

static PyObject *py_nondominated(PyObject *self, PyObject *args) {
    Py_buffer values, keep;
    Py_ssize_t n, d;
    int threads = 1;
    double seconds = -1.0;
    (void)self;
    if (!PyArg_ParseTuple(args, "y*nnw*|id", &values, &n, &d, &keep, &threads, &seconds)) return NULL;
    PyObject *result = NULL;
    if (n < 0 || d < 2 || values.len != n * d * (Py_ssize_t)sizeof(double) || keep.len != n) {
        PyErr_SetString(PyExc_ValueError, "nondominated: expected n*d doubles, d >= 2, and n bytes to write");
    } else {
        int ok;
        Py_BEGIN_ALLOW_THREADS
        ok = nondominated((const double *)values.buf, n, d, (unsigned char *)keep.buf, threads, seconds);
        Py_END_ALLOW_THREADS
        if (ok) {
            result = ok == 1 ? Py_True : Py_False;
            Py_INCREF(result);
        } else {
            PyErr_NoMemory();
        }
    }
    PyBuffer_Release(&values);
    PyBuffer_Release(&keep);
    return result;
}

static PyObject *py_order(PyObject *self, PyObject *args) {
    Py_buffer values, out;
    Py_ssize_t n, d;
    (void)self;
    if (!PyArg_ParseTuple(args, "y*nnw*", &values, &n, &d, &out)) return NULL;
    PyObject *result = NULL;
    if (n < 0 || d < 1 || values.len != n * d * (Py_ssize_t)sizeof(double) ||
        out.len != n * (Py_ssize_t)sizeof(Py_ssize_t)) {
        PyErr_SetString(PyExc_ValueError, "order: expected n*d doubles, d >= 1, and n indices to write");
    } else {
        Ctx ctx = {(const double *)values.buf, d, NULL, 0, 0, 1, 0.0, NULL};
        Py_ssize_t *rows = out.buf, *tmp = malloc((size_t)n * sizeof(Py_ssize_t) + 1);
        if (tmp == NULL) {
            PyErr_NoMemory();
        } else {
            Py_BEGIN_ALLOW_THREADS
            for (Py_ssize_t i = 0; i < n; i++) rows[i] = i;
            sort_rows(&ctx, rows, tmp, n);
            Py_END_ALLOW_THREADS
            free(tmp);
            result = Py_None;
            Py_INCREF(result);
        }
    }
    PyBuffer_Release(&values);
    PyBuffer_Release(&out);
    return result;
}

static PyMethodDef methods[] = {
    {"nondominated", py_nondominated, METH_VARARGS,
     "nondominated(values, n, d, keep, threads=1, seconds=-1.0) -> bool: keep[i] = 1 when row i of the "
     "n x d float64 rows in values is not dominated and is the first of its equals, else 0; up to threads "
     "threads. With seconds >= 0, gives up after about that many seconds and returns False (keep all 0); "
     "True when done. The values must be finite (NaN compares false and would break the order)."},
    {"order", py_order, METH_VARARGS,
     "order(values, n, d, out): out = the row indices of the n x d float64 rows in values, sorted "
     "lexicographically ascending (equal rows by position)."},
    {NULL, NULL, 0, NULL},
};

/* Multi-phase initialisation with no module state, so that the module may be imported
   again in the same process (as some test runners do). */
static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_maxima", "Compiled maxima of a set of vectors (see nondominated.py).", 0, methods,
    NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__maxima(void) { return PyModuleDef_Init(&module); }
