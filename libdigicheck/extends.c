/*
 * extends.c -- where the rule sets named in `extends:` are.
 *
 * A name without a slash is a rule set beside the extending one (a sibling
 * directory: rules/thueringen extends rules/digitalcheck as `extends:
 * digitalcheck`, in the build tree and in the installed one alike), else
 * one in a directory of DIGICHECK_RULESET_PATH (colon-separated, searched
 * in order). A path -- holding a slash or starting with a dot -- is
 * relative to the directory of the extending ruleset.yaml, or absolute.
 * The rule set a name leads to is read by ruleset.c; this module only says
 * where it is -- its directory and main file -- or, for a name that leads
 * nowhere, what is there instead: the sibling directory holding a
 * ruleset.yaml nearest to the name; and it words the error of an
 * `extends:` that leads back in a circle.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dci.h"
#include "yaml.h"
#include "ruleset.h"
#include "loader.h"
#include "extends.h"

/* dir/name into a new string of the rule set's arena, or NULL. */
static char *join(dci_loader *L, const char *dir, size_t ndir, const char *name)
{
    size_t n = strlen(name);
    char *s = dci_arena_alloc(&L->rs->arena, ndir + n + 2);

    if (!s)
        return NULL;
    memcpy(s, dir, ndir);
    s[ndir] = '/';
    memcpy(s + ndir + 1, name, n + 1);
    return s;
}

/* Is path a rule set: a regular file, or a directory with ruleset.yaml? */
static int holds_ruleset(const char *path, int file_too)
{
    struct stat st;
    char buf[4096];

    if (stat(path, &st) != 0)
        return 0;
    if (S_ISREG(st.st_mode))
        return file_too;
    if (!S_ISDIR(st.st_mode) ||
        (size_t)snprintf(buf, sizeof buf, "%s/ruleset.yaml", path) >= sizeof buf)
        return 0;
    return stat(buf, &st) == 0 && S_ISREG(st.st_mode);
}

/* The directory that holds the rule set directory dir: "rules" for
 * "rules/thueringen", ".." for ".". */
static const char *parent_of(dci_loader *L, const char *dir)
{
    const char *slash = strrchr(dir, '/'), *last = slash ? slash + 1 : dir;

    if (strcmp(last, ".") == 0 || strcmp(last, "..") == 0)
        return join(L, dir, strlen(dir), "..");
    if (!slash)
        return ".";
    if (slash == dir)
        return "/";
    return dci_arena_strndup(&L->rs->arena, dir, (size_t)(slash - dir));
}

/* The sibling rule set nearest to name (not the extending one), into out. */
static void nearest_sibling(const char *parent, const char *self, const char *name, char *out,
                            size_t cap)
{
    DIR *d = opendir(parent);
    struct dirent *e;
    size_t best_d = 4;
    char path[4096];

    out[0] = '\0';
    while (d && (e = readdir(d))) {
        size_t dist;
        if (e->d_name[0] == '.' || strcmp(e->d_name, self) == 0 ||
            (size_t)snprintf(path, sizeof path, "%s/%s", parent, e->d_name) >= sizeof path ||
            !holds_ruleset(path, 0))
            continue;
        dist = dci_edit_distance(name, e->d_name);
        if (dist < best_d) {
            best_d = dist;
            snprintf(out, cap, "%s", e->d_name);
        }
    }
    if (d)
        closedir(d);
}

static int not_found(dci_loader *L, const dci_yaml_node *at, const char *name,
                     const char *parent)
{
    const char *self = strrchr(L->dir, '/');
    char near[256];

    self = self ? self + 1 : L->dir;
    nearest_sibling(parent, self, name, near, sizeof near);
    return dci_load_fail(L, DIGICHECK_EIO, at, "cannot find rule set '%s' named in 'extends': "
                         "'%s/%s' holds no ruleset.yaml, nor does a directory of "
                         "DIGICHECK_RULESET_PATH%s%s%s", name, parent, name,
                         near[0] ? "; did you mean '" : "", near, near[0] ? "'?" : "");
}

/* A name: beside the extending rule set, then on DIGICHECK_RULESET_PATH. */
static int find_name(dci_loader *L, const dci_yaml_node *at, const char *name,
                     const char **path)
{
    const char *parent = parent_of(L, L->dir), *list = getenv("DIGICHECK_RULESET_PATH");
    char *p;

    if (!parent || !(p = join(L, parent, strlen(parent), name)))
        return dci_load_oom(L);
    while (!holds_ruleset(p, 0) && list && *list) {
        size_t n = strcspn(list, ":");
        if (n && !(p = join(L, list, n, name)))
            return dci_load_oom(L);
        list += n + (list[n] == ':');
    }
    if (!holds_ruleset(p, 0))
        return not_found(L, at, name, parent);
    *path = p;
    return DIGICHECK_OK;
}

int dci_extends_find(dci_loader *L, const dci_yaml_node *at, const char *name,
                     const char **path)
{
    const char *p;

    if (!name[0])
        return dci_load_fail(L, DIGICHECK_ESCHEMA, at, "empty rule set name in 'extends'");
    if (!strchr(name, '/') && name[0] != '.')
        return find_name(L, at, name, path);
    p = name[0] == '/' ? dci_load_strdup(L, name) : join(L, L->dir, strlen(L->dir), name);
    if (!p)
        return dci_load_oom(L);
    if (!holds_ruleset(p, 1))
        return dci_load_fail(L, DIGICHECK_EIO, at, "cannot find rule set '%s' named in "
                             "'extends': '%s' is neither a directory with a ruleset.yaml nor "
                             "a file", name, p);
    *path = p;
    return DIGICHECK_OK;
}

/* Splits path into the rule set directory and its main file. */
int dci_extends_locate(dci_loader *L, const char *path, const char **main_file,
                       const char **dir)
{
    dci_arena *a = &L->rs->arena;
    struct stat st;
    size_t n = strlen(path);

    if (stat(path, &st) != 0)
        return dci_error(L->err, DIGICHECK_EIO, path, 0, 0, "cannot open rule set '%s': %s",
                         path, strerror(errno));
    while (n > 1 && path[n - 1] == '/')
        n--;
    if (S_ISDIR(st.st_mode)) {
        char *file = dci_arena_alloc(a, n + sizeof "/ruleset.yaml");
        *dir = dci_arena_strndup(a, path, n);
        if (!file || !*dir)
            return dci_load_oom(L);
        strcpy(file, *dir);
        strcat(file, strcmp(*dir, "/") ? "/ruleset.yaml" : "ruleset.yaml");
        *main_file = file;
    } else {
        const char *slash = strrchr(path, '/');
        *main_file = dci_load_strdup(L, path);
        *dir = slash == path ? dci_arena_strdup(a, "/")
             : slash ? dci_arena_strndup(a, path, (size_t)(slash - path))
                     : dci_arena_strdup(a, ".");
        if (!*main_file || !*dir)
            return dci_load_oom(L);
    }
    return DIGICHECK_OK;
}

/* "rules/a -> rules/b -> rules/a": the rule sets being read from part k on,
 * and k again. */
int dci_extends_cycle(dci_loader *L, const dci_yaml_node *at, size_t k)
{
    char chain[600];
    size_t i, used = 0;

    for (i = 0; i < L->nchain && L->chain[i] != k; i++)
        ;
    for (; i < L->nchain && used < sizeof chain; i++)
        used += (size_t)snprintf(chain + used, sizeof chain - used, "%s -> ",
                                 L->parts[L->chain[i]].path);
    if (used < sizeof chain)
        snprintf(chain + used, sizeof chain - used, "%s", L->parts[k].path);
    return dci_load_fail(L, DIGICHECK_ESCHEMA, at, "'extends' leads in a circle: %s; a rule set "
                         "cannot extend itself, directly or through others", chain);
}
