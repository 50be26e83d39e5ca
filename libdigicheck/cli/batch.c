/*
 * batch.c -- `digicheck check`: finds the drafts, checks them on N threads
 * and writes one document in the order the drafts were named.
 *
 * The files are listed first (walk.c), so the order is fixed before any
 * check starts, and each draft's profile (profile.c: its config's rule set,
 * answers, fail-on) is made before any check starts too, so a bad config
 * stops the run with nothing checked. Workers take the next file, each
 * with its own checker per rule set, and put the report into a
 * slot of a window; the main thread writes the slots strictly in order and
 * frees them. A worker that runs more than a window ahead of the writer, or
 * whose file would make the drafts checked but not yet written exceed
 * HELD_BYTES, waits (the next file to be written is always taken). So the
 * memory held is bounded whatever the batch size, a large slow file does
 * not stall the other workers after a few small ones, and the document is
 * the same for every number of threads.
 *
 * A file that cannot be read or parsed is reported on stderr and in the
 * document, and the batch goes on; the exit code says so. Output that
 * cannot be written (a full disk, a closed pipe) stops the batch: main.c
 * says why when it closes standard output.
 */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "walk.h"

/* ---- checking one draft -------------------------------------------------------- */

typedef struct result {
    digicheck_report *report;   /* or NULL, and then err says why */
    digicheck_error err;
    char *text;                 /* the report rendered by the worker, or NULL */
    size_t len;
} result;

static void fail_item(result *res, const cli_item *it, int code, const char *why)
{
    memset(&res->err, 0, sizeof res->err);
    res->err.code = code;
    snprintf(res->err.source, sizeof res->err.source, "%s", it->path);
    snprintf(res->err.message, sizeof res->err.message, "%s", why);
}

/* The library's output: the format, and whether the text shows findings
 * accepted with a reason. */
static int output_of(const cli_batch *b)
{
    return b->output | (b->look.show_justified ? DIGICHECK_OUTPUT_SHOW_JUSTIFIED : 0);
}

static void check_one(const cli_batch *b, digicheck_checker *c, const cli_item *it,
                      const char *stdin_buf, size_t stdin_len, result *res)
{
    const cli_profile *p = cli_profiles_at(b->profiles, it->profile);
    digicheck_draft *d = NULL;
    int rc;

    res->report = NULL;
    if (!c) {                   /* no checker for its rule set: res->err says why */
        snprintf(res->err.source, sizeof res->err.source, "%s", it->path);
        return;
    }
    if (it->why) {
        fail_item(res, it, DIGICHECK_EIO, it->why);
        return;
    }
    if (it->is_stdin && stdin_len > (size_t)DIGICHECK_LIMIT_DRAFT_SIZE) {
        char why[160];
        snprintf(why, sizeof why, "more than %ld bytes, the size limit of a draft; not read "
                 "further", (long)DIGICHECK_LIMIT_DRAFT_SIZE);
        fail_item(res, it, DIGICHECK_ELIMIT, why);
        return;
    }
    /* a description on standard input reads its text_file in the current
     * directory, the one place the user named by running the command there */
    rc = it->is_stdin
         ? digicheck_draft_parse_in(&d, stdin_buf, stdin_len, it->path, DIGICHECK_FORMAT_AUTO,
                                    ".", &res->err)
         : digicheck_draft_load(&d, it->path, DIGICHECK_FORMAT_AUTO, &res->err);
    if (rc == DIGICHECK_OK && p->answers)
        rc = digicheck_record_apply(p->answers, d, &res->err);
    if (rc == DIGICHECK_OK)
        rc = digicheck_check(c, d, &res->report, &res->err);
    digicheck_draft_free(d);
    if (res->report && digicheck_report_keep(res->report, b->filter.min_severity,
                                             b->filter.categories, b->filter.ncategories,
                                             b->filter.rules, b->filter.nrules,
                                             &res->err) != DIGICHECK_OK) {
        digicheck_report_free(res->report);     /* main() checked the names: no memory */
        res->report = NULL;
    }
    /* SARIF says what is unchanged (baselineState); the other forms leave it out */
    if (res->report && b->baseline &&
        digicheck_report_compare(res->report, b->baseline, b->output == DIGICHECK_OUTPUT_SARIF,
                                 &res->err) != DIGICHECK_OK) {
        digicheck_report_free(res->report);
        res->report = NULL;
    }
    /* Text and JSONL give each report a piece of its own, the same as the
     * report alone: rendered here, on the worker's thread, the writer only
     * writes it. Without memory the writer renders it. */
    res->text = NULL;
    res->len = 0;
    if (res->report && !b->statistics &&
        (b->output == DIGICHECK_OUTPUT_TEXT || b->output == DIGICHECK_OUTPUT_JSONL) &&
        digicheck_report_render(res->report, output_of(b), &res->text, &res->len, NULL) !=
            DIGICHECK_OK)
        res->text = NULL;
}

/* ---- progress --------------------------------------------------------------------- */

typedef struct progress {
    int on;
    size_t files;
    uint64_t bytes, done_bytes;
    size_t done;
    double start, last;
} progress;

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void progress_show(progress *p, int final)
{
    double t = now(), elapsed = t - p->start, rate;
    char eta[32] = "";
    int filled, i;

    if (!p->on || (!final && t - p->last < 0.1))
        return;
    p->last = t;
    rate = elapsed > 0 ? (double)p->done_bytes / elapsed : 0;
    if (final) {
        fprintf(stderr, "\r\033[K");
        return;
    }
    if (rate > 0 && p->bytes > p->done_bytes) {
        long s = (long)((double)(p->bytes - p->done_bytes) / rate);
        snprintf(eta, sizeof eta, ", %ld:%02ld left", s / 60, s % 60);
    }
    filled = p->files ? (int)(30 * p->done / p->files) : 30;
    fputc('\r', stderr);
    fputc('[', stderr);
    for (i = 0; i < 30; i++)
        fputc(i < filled ? '=' : ' ', stderr);
    fprintf(stderr, "] %zu/%zu files, %.1f MB/s%s\033[K", p->done, p->files, rate / 1e6, eta);
    fflush(stderr);
}

/* ---- writing the document ------------------------------------------------------------ */

typedef struct writer {
    const cli_batch *b;
    digicheck_output *o;
    progress prog;
    size_t nfiles, nfailed, nfindings, ncut;
    int over;                   /* a finding at or above --fail-on, or an open question */
    int unwritable;             /* a write failed: nothing more is checked */
    int unrendered;             /* the library could not render a piece */
    const char *sbuf;           /* standard input, if a draft came from there */
    size_t slen;
    cli_stats *stats;           /* --statistics: counted instead of written */
    cli_tally tally;            /* what the text form for people summed up */
} writer;

static void put(writer *w, char *text, size_t len)
{
    if (!w->unwritable && text && cli_write(w->b->out, text, len) != 0)
        w->unwritable = 1;
    digicheck_free(text);
}

static void unrendered(writer *w, const digicheck_error *err)
{
    if (!w->unrendered++)
    {
        fputs("digicheck: could not render the output: ", stderr);
        cli_escaped(stderr, err->message, strlen(err->message), DIGICHECK_ESCAPE_LINE);
        fputc('\n', stderr);
    }
}

/* Is the text form decorated for people (pretty.c)? */
static int decorated(const cli_batch *b)
{
    return b->output == DIGICHECK_OUTPUT_TEXT &&
           (b->look.color || b->look.carets || b->look.summary || b->look.quiet);
}

/* The draft's text again, for its source lines: NULL if it cannot be read
 * (the lines are then left out). */
static char *read_source(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    char *buf = NULL;
    long n;

    if (!fp)
        return NULL;
    if (fseek(fp, 0, SEEK_END) == 0 && (n = ftell(fp)) >= 0 &&
        n <= DIGICHECK_LIMIT_DRAFT_SIZE && fseek(fp, 0, SEEK_SET) == 0 &&
        (buf = malloc((size_t)n + 1)) && fread(buf, 1, (size_t)n, fp) == (size_t)n) {
        *len = (size_t)n;
    } else {
        free(buf);
        buf = NULL;
    }
    fclose(fp);
    return buf;
}

/* Writes report r's text form, text[0..len) as the library rendered it, in
 * the look asked for; text is released. */
static void put_decorated(writer *w, const cli_item *it, const digicheck_report *r, char *text,
                          size_t len)
{
    const cli_look *look = &w->b->look;
    char *src = NULL, *out;
    const char *s = NULL;
    size_t srclen = 0, n = 0;

    if (look->carets && digicheck_report_count(r)) {
        if (it->is_stdin) {
            s = w->sbuf;
            srclen = w->slen;
        } else if ((src = read_source(digicheck_report_file(r), &srclen))) {
            s = src;
        }
    }
    out = cli_pretty_report(look, r, text ? text : "", text ? len : 0, s, srclen, &w->tally,
                            &n);
    free(src);
    digicheck_free(text);
    if (w->prog.on && look->carets)
        fputs("\r\033[K", stderr);        /* the progress bar shares the terminal */
    if (!out)
        fputs("digicheck: out of memory writing a report\n", stderr);
    else if (!w->unwritable && cli_write(w->b->out, out, n) != 0)
        w->unwritable = 1;
    free(out);
}

static void emit(writer *w, const cli_item *it, result *res)
{
    digicheck_error err;
    char *text = NULL;
    size_t len = 0, i;

    w->nfiles++;
    if (res->report) {
        int cut = 0;
        for (i = 0; i < digicheck_report_count(res->report); i++) {
            const digicheck_finding *f = digicheck_report_get(res->report, i);
            w->nfindings++;
            if (!digicheck_finding_justified(f) &&
                strcmp(digicheck_finding_baseline_state(f), "unchanged") != 0 &&
                digicheck_finding_severity(f) >=
                    cli_profiles_at(w->b->profiles, it->profile)->fail_on)
                w->over = 1;
            /* an error-level diagnostic: a limit cut the check short */
            cut |= digicheck_finding_severity(f) == DIGICHECK_SEVERITY_ERROR &&
                   strcmp(digicheck_finding_kind(f), "diagnostic") == 0;
        }
        if (cut && !w->b->keep_going) {
            w->ncut++;
            fputs(w->prog.on ? "\r\033[K" : "", stderr);
            cli_escaped(stderr, it->path, strlen(it->path), 0);
            fputs(": not checked to the end (a limit was reached; --keep-going accepts that)\n",
                  stderr);
        }
        if (w->b->fail_on_open && cli_open_questions(res->report))
            w->over = 1;
        if (w->b->record && digicheck_baseline_add(w->b->record, res->report, &err) != 0) {
            cli_print_error("digicheck", &err);
            w->unwritable = 1;
        }
        if (w->stats) {
            cli_stats_add(w->stats, res->report);
        } else if (res->text) {
            text = res->text;
            len = res->len;
            res->text = NULL;
        } else if (digicheck_output_add(w->o, res->report, &text, &len, &err) != DIGICHECK_OK) {
            unrendered(w, &err);
        }
        if (decorated(w->b) && !w->stats) {
            put_decorated(w, it, res->report, text, len);
            text = NULL;
        }
        digicheck_report_free(res->report);
        res->report = NULL;
    } else {
        w->nfailed++;
        if (w->prog.on)
            fprintf(stderr, "\r\033[K");
        cli_print_error(it->path, &res->err);
        if (!w->stats && digicheck_output_add_error(w->o, it->path, &res->err, &text, &len,
                                                    &err) != DIGICHECK_OK)
            unrendered(w, &err);
        /* the text document has its line "file: error: message" too, as
         * every format has the file; on a terminal, where stderr shows
         * beside it, it is said once */
        if (w->b->output == DIGICHECK_OUTPUT_TEXT && w->b->look.carets) {
            digicheck_free(text);
            text = NULL;
        }
    }
    put(w, text, len);
    w->prog.done++;
    w->prog.done_bytes += it->size;
    progress_show(&w->prog, 0);
}

/* ---- threads ---------------------------------------------------------------------------- */

enum { SLOT_FREE, SLOT_BUSY, SLOT_READY };

#define WINDOW_PER_THREAD 64
#define HELD_BYTES ((uint64_t)16 << 20)

typedef struct slot {
    int state;
    result res;
} slot;

typedef struct pool {
    const cli_batch *b;
    const cli_list *files;
    const char *stdin_buf;
    size_t stdin_len;
    pthread_mutex_t mu;
    pthread_cond_t ready, space;
    size_t next, emitted, window;
    uint64_t held;              /* input bytes of the files taken, not yet written */
    slot *slots;
    int started, dead;          /* workers started; those that could not make a checker */
} pool;

/* The checkers of one thread, one per profile, each made when a draft
 * under it comes first. */
typedef struct checkers {
    const cli_batch *b;
    digicheck_checker **v;
} checkers;

static int checkers_open(checkers *cs, const cli_batch *b)
{
    cs->b = b;
    cs->v = calloc(cli_profiles_count(b->profiles), sizeof *cs->v);
    return cs->v ? 0 : -1;
}

static void checkers_close(checkers *cs)
{
    size_t i;

    for (i = 0; cs->v && i < cli_profiles_count(cs->b->profiles); i++)
        digicheck_checker_free(cs->v[i]);
    free(cs->v);
}

/* Checks one item with the checker of its profile. */
static void check_with(checkers *cs, const cli_item *it, const char *sbuf, size_t slen,
                       result *res)
{
    digicheck_checker **c = &cs->v[it->profile];

    if (!*c && digicheck_checker_new(c, cli_profiles_at(cs->b->profiles, it->profile)->rs,
                                     &res->err) != DIGICHECK_OK)
        *c = NULL;
    check_one(cs->b, *c, it, sbuf, slen, res);
}

static void *worker(void *arg)
{
    pool *p = arg;
    checkers cs;

    if (checkers_open(&cs, p->b) != 0) {
        checkers_close(&cs);
        pthread_mutex_lock(&p->mu);
        p->dead++;
        pthread_cond_broadcast(&p->ready);
        pthread_mutex_unlock(&p->mu);
        return NULL;
    }
    pthread_mutex_lock(&p->mu);
    while (p->next < p->files->n) {
        size_t i = p->next;
        slot *s = &p->slots[i % p->window];
        if (i >= p->emitted + p->window ||
            (i > p->emitted && p->held + p->files->v[i].size > HELD_BYTES)) {
            pthread_cond_wait(&p->space, &p->mu);
            continue;
        }
        p->next++;
        p->held += p->files->v[i].size;
        s->state = SLOT_BUSY;
        pthread_mutex_unlock(&p->mu);
        check_with(&cs, &p->files->v[i], p->stdin_buf, p->stdin_len, &s->res);
        pthread_mutex_lock(&p->mu);
        s->state = SLOT_READY;
        pthread_cond_broadcast(&p->ready);
    }
    pthread_mutex_unlock(&p->mu);
    checkers_close(&cs);
    return NULL;
}

static int run_threads(writer *w, const cli_list *files, const char *sbuf, size_t slen)
{
    pool p;
    pthread_t *tids;
    int n = w->b->jobs, started = 0, i, rc = 0;
    size_t k;

    memset(&p, 0, sizeof p);
    p.b = w->b;
    p.files = files;
    p.stdin_buf = sbuf;
    p.stdin_len = slen;
    p.window = (size_t)n * WINDOW_PER_THREAD;
    p.slots = calloc(p.window, sizeof *p.slots);
    tids = calloc((size_t)n, sizeof *tids);
    if (!p.slots || !tids) {
        free(p.slots);
        free(tids);
        return -1;
    }
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.ready, NULL);
    pthread_cond_init(&p.space, NULL);
    pthread_mutex_lock(&p.mu);          /* the workers see p.started complete */
    for (i = 0; i < n; i++)
        if (pthread_create(&tids[started], NULL, worker, &p) == 0)
            started++;
    p.started = started;
    pthread_mutex_unlock(&p.mu);
    if (!started)
        rc = -1;
    for (k = 0; k < files->n && rc == 0 && !w->unwritable; k++) {
        slot *s = &p.slots[k % p.window];
        pthread_mutex_lock(&p.mu);
        while (s->state != SLOT_READY && p.dead < p.started)
            pthread_cond_wait(&p.ready, &p.mu);
        if (s->state != SLOT_READY) {
            pthread_mutex_unlock(&p.mu);
            rc = -1;
            break;
        }
        pthread_mutex_unlock(&p.mu);
        emit(w, &files->v[k], &s->res);
        pthread_mutex_lock(&p.mu);
        s->state = SLOT_FREE;
        p.emitted = k + 1;
        p.held -= files->v[k].size;
        pthread_cond_broadcast(&p.space);
        pthread_mutex_unlock(&p.mu);
    }
    if (k < files->n) {         /* stop the workers: nothing more will be taken */
        pthread_mutex_lock(&p.mu);
        p.next = files->n;
        pthread_cond_broadcast(&p.space);
        pthread_mutex_unlock(&p.mu);
    }
    for (i = 0; i < started; i++)
        pthread_join(tids[i], NULL);
    for (k = 0; k < p.window; k++) {
        digicheck_report_free(p.slots[k].res.report);
        digicheck_free(p.slots[k].res.text);
    }
    pthread_mutex_destroy(&p.mu);
    pthread_cond_destroy(&p.ready);
    pthread_cond_destroy(&p.space);
    free(p.slots);
    free(tids);
    return rc;
}

static int run_inline(writer *w, const cli_list *files, const char *sbuf, size_t slen)
{
    checkers cs;
    size_t k;

    if (checkers_open(&cs, w->b) != 0) {
        checkers_close(&cs);
        return -1;
    }
    for (k = 0; k < files->n && !w->unwritable; k++) {
        result res;
        check_with(&cs, &files->v[k], sbuf, slen, &res);
        emit(w, &files->v[k], &res);
    }
    checkers_close(&cs);
    return 0;
}

/* ---- the batch -------------------------------------------------------------------------- */

/* Standard input, read to one byte more than a draft may hold: what is
 * longer is refused without being read to its end (*len tells). */
static char *read_stdin(size_t *len)
{
    const size_t max = (size_t)DIGICHECK_LIMIT_DRAFT_SIZE + 1;
    size_t cap = 65536, n = 0, got;
    char *buf = malloc(cap);

    while (buf && n < max && (got = fread(buf + n, 1, cap - n, stdin)) > 0) {
        n += got;
        if (n == cap && cap < max) {
            size_t more = cap * 2 < max ? cap * 2 : max;
            char *nb = realloc(buf, more);
            if (!nb) {
                free(buf);
                return NULL;
            }
            buf = nb;
            cap = more;
        }
    }
    if (buf && ferror(stdin)) {
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

/* What ends the output: the document's tail and the run's summary, or the
 * statistics instead of the document. */
static void write_tail(writer *w)
{
    digicheck_error err;
    char *text = NULL;
    size_t len = 0;

    if (w->stats) {
        if (cli_stats_print(w->b->out, w->stats) != 0)
            w->unrendered = 1;
        return;
    }
    if (digicheck_output_finish(w->o, &text, &len, &err) != DIGICHECK_OK)
        unrendered(w, &err);
    put(w, text, len);
    if (decorated(w->b) && !w->unwritable)
        cli_pretty_run(w->b->out, &w->b->look, &w->tally);
}

/* The findings kept (--category, --rule), tried on an empty draft with
 * rule set rs: the library checks the names against it, so that a typo is a
 * usage error naming the valid ones, not an empty report. */
static int filter_known(const cli_filter *f, const digicheck_ruleset *rs)
{
    digicheck_draft *d = NULL;
    digicheck_checker *c = NULL;
    digicheck_report *r = NULL;
    digicheck_error err;
    int rc;

    if (!f->ncategories && !f->nrules)
        return 0;
    if ((rc = digicheck_draft_parse(&d, "", 0, NULL, DIGICHECK_FORMAT_TEXT, &err)) == 0 &&
        (rc = digicheck_checker_new(&c, rs, &err)) == 0 &&
        (rc = digicheck_check(c, d, &r, &err)) == 0)
        rc = digicheck_report_keep(r, f->min_severity, f->categories, f->ncategories,
                                   f->rules, f->nrules, &err);
    digicheck_report_free(r);
    digicheck_checker_free(c);
    digicheck_draft_free(d);
    if (rc == DIGICHECK_EINVAL)
        fprintf(stderr, "digicheck: %s\nTry 'digicheck --help'.\n", err.message);
    else if (rc)
        cli_print_error("digicheck", &err);
    return rc ? EXIT_TROUBLE : 0;
}

/* Where profile p's format came from, for a message. */
static const char *format_source(const cli_profile *p)
{
    return p->config && p->config->format.text ? p->config->file : "the default (text)";
}

/* The run's format (-f, else the configs', which must agree: one run writes
 * one document), and what it asks of the profiles: a document other than
 * text or JSONL is made of one rule set. */
static int choose_output(cli_batch *b)
{
    const cli_profile *p = cli_profiles_at(b->profiles, 0), *q;
    size_t i, n = cli_profiles_count(b->profiles);

    b->output = p->output;
    for (i = 1; i < n; i++) {
        q = cli_profiles_at(b->profiles, i);
        if (q->output != p->output) {
            fprintf(stderr, "digicheck: the configs of these drafts ask for different formats "
                            "(%s, %s); one run writes one document: give -f\n",
                    format_source(p), format_source(q));
            return EXIT_TROUBLE;
        }
        if (q->rs != p->rs && b->output != DIGICHECK_OUTPUT_TEXT &&
            b->output != DIGICHECK_OUTPUT_JSONL) {
            fprintf(stderr, "digicheck: the drafts fall under configs with different rule "
                            "sets (%s, %s), and this format makes one document of one rule "
                            "set: check them in separate runs, or use -f jsonl or text\n",
                    p->config ? p->config->file : "no config",
                    q->config ? q->config->file : "no config");
            return EXIT_TROUBLE;
        }
    }
    if (b->max_results && b->output != DIGICHECK_OUTPUT_SARIF) {
        fputs("digicheck: --max-results applies to -f sarif only\nTry 'digicheck --help'.\n",
              stderr);
        return EXIT_TROUBLE;
    }
    return 0;
}

/* The drafts listed, each with its profile; the run's format; the filter's
 * names known to every rule set. Nothing is checked before all of it holds. */
static int prepare(cli_batch *b, cli_list *files, char **paths, int npaths)
{
    size_t i;
    int rc = cli_list_drafts(files, b, paths, npaths);

    if (rc) {
        if (rc == -1)
            fprintf(stderr, "digicheck: out of memory listing the drafts\n");
        return EXIT_TROUBLE;
    }
    if (files->n == 0) {
        fprintf(stderr, "digicheck: no drafts found (looked for .txt .md .xml files and "
                        ".yaml .yml .json draft descriptions in what was named)\n");
        return EXIT_TROUBLE;
    }
    for (i = 0; i < files->n; i++)
        if ((rc = cli_profiles_get(b->profiles, files->v[i].config, &files->v[i].profile)))
            return rc;
    if ((rc = choose_output(b)))
        return rc;
    for (i = 0; i < cli_profiles_count(b->profiles); i++)
        if ((rc = filter_known(&b->filter, cli_profiles_at(b->profiles, i)->rs)))
            return rc;
    return 0;
}

/* What the walks excluded, in one line: -v names each. */
static void say_excluded(const cli_list *files)
{
    const size_t *x = files->excluded;

    if (x[0] || x[1])
        fprintf(stderr, "digicheck: excluded %zu file%s and %zu director%s (-v names them)\n",
                x[0], x[0] == 1 ? "" : "s", x[1], x[1] == 1 ? "y" : "ies");
}

int cli_batch_run(cli_batch *b, char **paths, int npaths)
{
    cli_list files = { 0 };
    writer w;
    digicheck_error err;
    char *sbuf = NULL;
    size_t slen = 0, i;
    int rc, status;

    memset(&w, 0, sizeof w);
    w.b = b;
    if (prepare(b, &files, paths, npaths)) {
        cli_list_free(&files);
        return EXIT_TROUBLE;
    }
    for (i = 0; i < files.n; i++)
        if (files.v[i].is_stdin && !(sbuf = read_stdin(&slen))) {
            fprintf(stderr, "digicheck: cannot read standard input\n");
            cli_list_free(&files);
            return EXIT_TROUBLE;
        }
    if (slen > (size_t)DIGICHECK_LIMIT_DRAFT_SIZE) {
        free(sbuf);                 /* too long: check_one says so */
        sbuf = NULL;
    }
    if (digicheck_output_new(&w.o, cli_profiles_at(b->profiles, 0)->rs, output_of(b),
                             &err) != DIGICHECK_OK ||
        (b->max_results &&
         digicheck_output_set_max_results(w.o, b->max_results, &err) != DIGICHECK_OK)) {
        digicheck_output_free(w.o);
        cli_print_error("digicheck", &err);
        free(sbuf);
        cli_list_free(&files);
        return EXIT_TROUBLE;
    }
    w.prog.on = files.n > 1 && (b->progress > 0 || (b->progress < 0 && isatty(2)));
    w.prog.files = files.n;
    for (i = 0; i < files.n; i++)
        w.prog.bytes += files.v[i].size;
    w.prog.start = now();
    w.sbuf = sbuf;
    w.slen = slen;
    if (b->statistics && !(w.stats = cli_stats_new())) {
        fprintf(stderr, "digicheck: out of memory\n");
        digicheck_output_free(w.o);
        free(sbuf);
        cli_list_free(&files);
        return EXIT_TROUBLE;
    }
    rc = b->jobs > 1 && files.n > 1 ? run_threads(&w, &files, sbuf, slen)
                                   : run_inline(&w, &files, sbuf, slen);
    write_tail(&w);
    if (ferror(b->out))         /* main() flushes it and says why */
        w.unwritable = 1;
    progress_show(&w.prog, 1);
    if (w.prog.on)
        fprintf(stderr, "digicheck: %zu files (%.1f MB) in %.2f s: %zu findings, %zu not "
                        "checked\n", w.nfiles, (double)w.prog.done_bytes / 1e6,
                now() - w.prog.start, w.nfindings, w.nfailed);
    if (rc)
        fprintf(stderr, "digicheck: could not start checking (out of memory or threads)\n");
    say_excluded(&files);
    status = rc || w.unwritable || w.unrendered || w.nfailed || w.ncut ? EXIT_TROUBLE
             : w.over ? EXIT_FINDINGS : EXIT_CLEAN;
    digicheck_output_free(w.o);
    cli_stats_free(w.stats);
    free(sbuf);
    cli_list_free(&files);
    return status;
}
