/*
 * walk.c -- which drafts `digicheck check` takes, in which order, and under
 * which project config: the paths named, directories walked in name order.
 *
 * A walk takes statutes (.txt .md .xml .docx .odt) and those YAML and JSON
 * files that are draft descriptions (sniff.c), and skips hidden entries,
 * what --exclude names and what the `exclude:` of the config in effect
 * names; a file named on the command line is always checked. Each draft
 * keeps the config it falls under: the nearest .digicheck.yaml, so a walk
 * that enters a directory with its own config takes that one for the
 * subtree (config.c reads each file once).
 */
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "cli.h"
#include "walk.h"

static int push(cli_list *l, const char *path, uint64_t size, int is_stdin, const char *why,
                const cli_config *config)
{
    cli_item *it;

    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 64;
        cli_item *v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return -1;
        l->v = v;
        l->cap = cap;
    }
    it = &l->v[l->n];
    memset(it, 0, sizeof *it);
    it->path = strdup(path);
    it->why = why ? strdup(why) : NULL;
    if (!it->path || (why && !it->why)) {
        free(it->path);
        free(it->why);
        return -1;
    }
    it->size = size;
    it->is_stdin = is_stdin;
    it->config = config;
    l->n++;
    return 0;
}

void cli_list_free(cli_list *l)
{
    size_t i;

    for (i = 0; i < l->n; i++) {
        free(l->v[i].path);
        free(l->v[i].why);
    }
    free(l->v);
}

/* The extensions a directory walk takes (any file named directly is
 * taken): 1 a statute, 2 a draft description if it is one, 0 neither. */
static int draft_name(const char *name)
{
    static const char *const ext[] = { ".txt", ".md", ".xml", ".docx", ".odt", ".yaml",
                                       ".yml", ".json" };
    enum { STATUTES = 5 };      /* the first five; then what may be a description */
    const char *dot = strrchr(name, '.');
    size_t i;

    if (!dot || dot == name)
        return 0;
    for (i = 0; i < sizeof ext / sizeof *ext; i++)
        if (strcasecmp(dot, ext[i]) == 0)
            return i < STATUTES ? 1 : 2;
    return 0;
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *join(const char *dir, const char *name)
{
    size_t n = strlen(dir);
    char *p = malloc(n + strlen(name) + 2);

    if (p)
        sprintf(p, "%s%s%s", dir, n && dir[n - 1] == '/' ? "" : "/", name);
    return p;
}

/* A directory walk: where the drafts go, and what decides which are taken. */
typedef struct walker {
    cli_list *l;
    const cli_batch *b;
    size_t root;                /* length of the directory named: --exclude paths start there */
} walker;

/* Where a walk stands: the config in effect, and the directory's path
 * relative to that config's directory ("" for the directory itself). */
typedef struct spot {
    const cli_config *config;
    const char *rel;
} spot;

/* Says under -v why a file or directory is not checked. */
static void skipped(const walker *w, const char *path, const char *why, const char *arg)
{
    if (w->b->verbose) {
        fputs("digicheck: skipped ", stderr);
        cli_escaped(stderr, path, strlen(path), 0);
        fputs(": ", stderr);
        fprintf(stderr, why, arg);
        fputc('\n', stderr);
    }
}

/* The --exclude pattern that names path (name its last part), or NULL. A
 * pattern with a '/' matches the path below the directory named. */
static const char *excluded(const walker *w, const char *path, const char *name)
{
    const char *rel = path + w->root;
    int i;

    rel += *rel == '/';
    for (i = 0; i < w->b->nexcludes; i++) {
        const char *p = w->b->excludes[i];
        if (strchr(p, '/') ? fnmatch(p, rel, FNM_PATHNAME) == 0 : fnmatch(p, name, 0) == 0)
            return p;
    }
    return NULL;
}

/* Is the entry excluded, by --exclude or the config's exclude:? Said under
 * -v and counted for the summary. */
static int excluded_entry(const walker *w, const char *path, const char *name, const char *rel,
                          const spot *at, int is_dir)
{
    const char *p = excluded(w, path, name);
    char why[128];

    if (p) {
        skipped(w, path, "excluded by --exclude '%s'", p);
    } else if ((p = cli_config_excluded(at->config, rel)) != NULL) {
        snprintf(why, sizeof why, "excluded by exclude: '%%s' of %.80s", at->config->file);
        skipped(w, path, why, p);
    } else {
        return 0;
    }
    w->l->excluded[is_dir]++;
    return 1;
}

/* Takes one regular file of a walk, if it is a draft. */
static int take_file(const walker *w, const char *path, const char *name, uint64_t size,
                     const cli_config *config)
{
    int kind = draft_name(name);

    if (kind == 2 && cli_is_description(path) == 0) {
        skipped(w, path, "not a draft description (no 'text' or 'text_file'%s)", "");
        return 0;
    }
    return kind ? push(w->l, path, size, 0, NULL, config) : 0;
}

static int walk_entry(const walker *w, const char *dir, const char *name, int depth,
                      const spot *at);

/* Directory levels a walk goes down (each holds an open directory). */
#define MAX_DEPTH 64

/* Adds the drafts below dir, in name order. Links to directories are not
 * followed (a link may close a circle); links to files are. */
static int walk(const walker *w, const char *dir, int depth, const spot *at)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char **names = NULL;
    size_t n = 0, cap = 0, i;
    int rc = 0;

    if (!d) {
        char why[512];
        snprintf(why, sizeof why, "cannot read the directory: %s", strerror(errno));
        return push(w->l, dir, 0, 0, why, at->config);
    }
    while ((e = readdir(d)) != NULL) {
        char **nn;
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 32;
            nn = realloc(names, cap * sizeof *names);
            if (!nn) {
                rc = -1;
                break;
            }
            names = nn;
        }
        if (!(names[n] = strdup(e->d_name))) {
            rc = -1;
            break;
        }
        n++;
    }
    closedir(d);
    if (n > 1)
        qsort(names, n, sizeof *names, cmp_name);
    for (i = 0; i < n && rc == 0; i++)
        rc = walk_entry(w, dir, names[i], depth, at);
    for (i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return rc;
}

/* Goes down into directory path (rel below the config in effect): with the
 * config it holds, if it has one. */
static int walk_down(const walker *w, const char *path, const char *rel, int depth,
                     const spot *at)
{
    spot below = { at->config, rel };

    if (depth >= MAX_DEPTH) {       /* said even without -v: drafts may be lost here */
        fputs("digicheck: skipped ", stderr);
        cli_escaped(stderr, path, strlen(path), 0);
        fprintf(stderr, ": deeper than %d directory levels\n", MAX_DEPTH);
        return 0;
    }
    if (w->b->configs && cli_configs_enter(w->b->configs, path, at->config, &below.config))
        return -2;
    if (below.config != at->config)
        below.rel = "";
    return walk(w, path, depth + 1, &below);
}

static int walk_entry(const walker *w, const char *dir, const char *name, int depth,
                      const spot *at)
{
    char *path = join(dir, name), *rel = *at->rel ? join(at->rel, name) : strdup(name);
    struct stat st, lst;
    int rc = 0, there, is_link, is_dir;

    if (!path || !rel) {
        rc = -1;
        goto done;
    }
    there = lstat(path, &lst) == 0;
    is_link = there && S_ISLNK(lst.st_mode);
    is_dir = there && S_ISDIR(lst.st_mode);
    if (name[0] == '.') {
        skipped(w, path, "hidden%s", "");       /* .git, .cache, editor files */
    } else if (excluded_entry(w, path, name, rel, at, is_dir)) {
        ;
    } else if (is_link && stat(path, &st) != 0) {
        if (draft_name(name))       /* a broken link to a draft: say so */
            rc = push(w->l, path, 0, 0, "a broken symbolic link", at->config);
    } else if (is_dir) {
        rc = walk_down(w, path, rel, depth, at);
    } else if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
        rc = take_file(w, path, name, (uint64_t)st.st_size, at->config);
    }
done:
    free(path);
    free(rel);
    return rc;
}

/* Where directory dir stands below config c: its path relative to c's
 * directory, into buf. */
static const char *below_config(const cli_config *c, const char *dir, char *buf, size_t cap)
{
    char abs[PATH_MAX];
    size_t n;

    buf[0] = '\0';
    if (!c || !realpath(dir, abs))
        return buf;
    n = strlen(c->dir);
    if (n == 1)                     /* a config in "/" */
        snprintf(buf, cap, "%s", abs + 1);
    else if (strncmp(abs, c->dir, n) == 0 && (abs[n] == '/' || abs[n] == '\0'))
        snprintf(buf, cap, "%s", abs + n + (abs[n] == '/'));
    return buf;
}

/* One path named on the command line. -2: a bad config (said), -1: out of memory. */
static int collect_one(cli_list *l, const cli_batch *b, const char *path)
{
    const cli_config *config = NULL;
    struct stat st;
    char why[512], rel[PATH_MAX];

    if (b->configs && cli_configs_for_path(b->configs, path, &config))
        return -2;
    if (strcmp(path, "-") == 0)
        return push(l, "<stdin>", 0, 1, NULL, config);
    if (stat(path, &st) != 0) {
        snprintf(why, sizeof why, "cannot open: %s", strerror(errno));
        return push(l, path, 0, 0, why, config);
    }
    if (S_ISDIR(st.st_mode)) {
        walker w = { l, b, strlen(path) };
        spot at = { config, below_config(config, path, rel, sizeof rel) };
        return walk(&w, path, 0, &at);
    }
    return push(l, path, (uint64_t)st.st_size, 0, NULL, config);   /* named: never excluded */
}

int cli_list_drafts(cli_list *l, const cli_batch *b, char **paths, int npaths)
{
    int i, seen_stdin = 0, rc;

    for (i = 0; i < npaths; i++) {
        if (strcmp(paths[i], "-") == 0 && seen_stdin++) {
            fprintf(stderr, "digicheck: '-' (standard input) may be named once\n");
            return -2;
        }
        if ((rc = collect_one(l, b, paths[i])))
            return rc;
    }
    return 0;
}

/* The walk alone, for `serve`: the drafts of one directory as `check` would
 * take them, without excludes; failed entries are left out. */
char **cli_walk_drafts(const char *dir, size_t *n)
{
    cli_batch b;
    cli_list l = { 0 };
    walker w = { &l, &b, strlen(dir) };
    spot at = { NULL, "" };
    char **paths = NULL;
    size_t i, k = 0;

    memset(&b, 0, sizeof b);
    if (walk(&w, dir, 0, &at) == 0 && (paths = calloc(l.n + 1, sizeof *paths)) != NULL)
        for (i = 0; i < l.n; i++)
            if (!l.v[i].why) {
                paths[k++] = l.v[i].path;
                l.v[i].path = NULL;
            }
    cli_list_free(&l);
    *n = k;
    return paths;
}

void cli_walk_free(char **paths, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
}
