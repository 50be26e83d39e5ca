/*
 * hsdb.c -- Hyperscan databases of pattern approximations (hsshape.c), the
 * question where the first end of one lies, and the cache of compiled
 * databases.
 *
 * Every match of a pattern that has an approximation ends where the
 * approximation reports an end, and Hyperscan finds those at a few cycles
 * per byte, where a PCRE2 search costs tens of thousands of cycles per
 * window. So before PCRE2 searches a window the literal path chose, the
 * approximation of that one pattern is asked whether it ends anywhere in
 * reach (search.c); in most windows it does not. One database per
 * expression, not one for all: a database of all patterns costs as much as
 * its patterns together on every byte of every draft, while a question
 * costs only where the literal path would have run PCRE2.
 *
 * Compiling takes from milliseconds to a quarter of a second per
 * expression, so the databases are kept in a cache: $XDG_CACHE_HOME/
 * digicheck (else ~/.cache/digicheck), one file per set of expressions,
 * named by a hash of the expressions, the Hyperscan version and the CPU
 * features they were compiled for. The file holds the expressions
 * themselves besides the databases, and a load compares them, so a hash
 * that collides costs a compile, never a wrong database; a cache that
 * cannot be read or written costs the same. Hyperscan checks the version,
 * platform and checksum of what it deserializes. The directory keeps the
 * newest CACHE_FILES databases.
 *
 * Optional at build time (DCI_HAVE_HYPERSCAN, from `pkg-config libhs`):
 * without it no database is built and every pattern keeps the literal
 * path alone, with the same findings.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dci.h"
#include "hsdb.h"

#ifdef DCI_HAVE_HYPERSCAN
#include <dirent.h>
#include <hs.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

struct dci_hsdb {
    hs_database_t **db;         /* per expression; NULL: it did not compile */
    size_t n;
    hs_scratch_t *proto;        /* a scratch space for all, cloned per thread */
};

#define CACHE_MAGIC "digicheck-hs 2\n"
#define CACHE_MAX (64u << 20)           /* a larger file is no cache of ours */
#define HS_FLAGS (HS_FLAG_CASELESS | HS_FLAG_DOTALL | HS_FLAG_PREFILTER)

int dci_hsdb_available(void)
{
    return hs_valid_platform() == HS_SUCCESS;
}

/* The key of a set of databases: the expressions, the Hyperscan version
 * and the platform, in one string (*key) and its hash. */
static int cache_key(char *const *exprs, size_t n, dci_buf *key, uint64_t h[2])
{
    hs_platform_info_t plat;
    size_t i;

    memset(&plat, 0, sizeof plat);
    if (hs_populate_platform(&plat) != HS_SUCCESS)
        return -1;
    dci_buf_printf(key, "%s\n%u %llu\n%zu\n", hs_version(), plat.tune,
                   (unsigned long long)plat.cpu_features, n);
    for (i = 0; i < n; i++)
        dci_buf_append(key, exprs[i], strlen(exprs[i]) + 1);
    if (key->oom)
        return -1;
    h[0] = 0xCBF29CE484222325u;
    h[1] = 0x84222325CBF29CE4u;
    for (i = 0; i < key->len; i++) {
        h[0] = (h[0] ^ (unsigned char)key->data[i]) * 0x100000001B3u;
        h[1] = (h[1] ^ (unsigned char)key->data[i]) * 0x9E3779B97F4A7C15u;
    }
    return 0;
}

/* The cache file for hash h into path (cap bytes); with mkdirs, the
 * directories are made. 0, or -1 when there is no cache directory. */
static int cache_path(const uint64_t h[2], int mkdirs, char *path, size_t cap)
{
    const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    char dir[4096];
    int k;

    if (xdg && *xdg == '/')
        k = snprintf(dir, sizeof dir, "%s/digicheck", xdg);
    else if (home && *home == '/')
        k = snprintf(dir, sizeof dir, "%s/.cache/digicheck", home);
    else
        return -1;
    if (k < 0 || (size_t)k >= sizeof dir)
        return -1;
    if (mkdirs) {
        char *slash = strrchr(dir, '/');
        *slash = '\0';                      /* the cache directory first */
        (void)mkdir(dir, 0700);
        *slash = '/';
        (void)mkdir(dir, 0700);
    }
    k = snprintf(path, cap, "%s/hs-%016llx%016llx.db", dir, (unsigned long long)h[0],
                 (unsigned long long)h[1]);
    return k < 0 || (size_t)k >= cap ? -1 : 0;
}

/* A file of the cache is the magic line, the key, then per expression the
 * length of its serialized database (8 bytes, little-endian; 0: none) and
 * the database. */
static uint64_t get64(const unsigned char *p)
{
    uint64_t v = 0;
    int i;

    for (i = 7; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

static void put64(dci_buf *b, uint64_t v)
{
    char p[8];
    int i;

    for (i = 0; i < 8; i++, v >>= 8)
        p[i] = (char)(v & 0xFF);
    dci_buf_append(b, p, 8);
}

/* Fills db->db from the cache file for key; 0, or -1 when it holds none
 * for key (then db->db holds no database). */
static int cache_load(const dci_buf *key, const char *path, dci_hsdb *db)
{
    char *data = NULL;
    size_t len, at = strlen(CACHE_MAGIC) + key->len, i;
    digicheck_error err;
    int rc = -1;

    if (dci_read_file(&data, &len, path, CACHE_MAX, &err) != DIGICHECK_OK)
        return -1;
    if (len < at || memcmp(data, CACHE_MAGIC, strlen(CACHE_MAGIC)) != 0 ||
        memcmp(data + strlen(CACHE_MAGIC), key->data, key->len) != 0)
        goto done;
    for (i = 0; i < db->n; i++) {
        uint64_t k;
        if (len - at < 8 || (k = get64((const unsigned char *)data + at)) > len - at - 8)
            goto done;
        at += 8;
        if (k && hs_deserialize_database(data + at, (size_t)k, &db->db[i]) != HS_SUCCESS)
            goto done;
        at += (size_t)k;
    }
    rc = at == len ? 0 : -1;
done:
    for (i = 0; rc < 0 && i < db->n; i++) {
        hs_free_database(db->db[i]);
        db->db[i] = NULL;
    }
    dci_free(data);
    return rc;
}

/* Keeps the cache directory of path (the file just written) at most
 * CACHE_FILES databases: the oldest others go. A rule set edited again and
 * again (the rule workshop) would otherwise leave a file per version. */
#define CACHE_FILES 32

static void cache_prune(const char *path)
{
    char dir[4096], name[4200], oldest[4200] = "";
    const char *slash = strrchr(path, '/');
    time_t when = 0;
    struct dirent *e;
    struct stat st;
    size_t count = 0;
    DIR *d;

    if (!slash || (size_t)(slash - path) >= sizeof dir)
        return;
    memcpy(dir, path, (size_t)(slash - path));
    dir[slash - path] = '\0';
    if (!(d = opendir(dir)))
        return;
    while ((e = readdir(d))) {
        size_t k = strlen(e->d_name);
        if (strncmp(e->d_name, "hs-", 3) != 0 || k < 6 || strcmp(e->d_name + k - 3, ".db") != 0)
            continue;
        count++;
        if (snprintf(name, sizeof name, "%s/%s", dir, e->d_name) >= (int)sizeof name)
            continue;
        if (strcmp(name, path) != 0 && stat(name, &st) == 0 && (!*oldest || st.st_mtime < when)) {
            when = st.st_mtime;
            strcpy(oldest, name);
        }
    }
    closedir(d);
    if (count > CACHE_FILES && *oldest)
        (void)remove(oldest);
}

/* Writes db into the cache for key: into a file of its own, renamed into
 * place, so that a reader never sees half of one. */
static void cache_store(const dci_buf *key, const char *path, const dci_hsdb *db)
{
    dci_buf out;
    char tmp[4200];
    size_t i;
    FILE *f;
    int written;

    memset(&out, 0, sizeof out);
    dci_buf_puts(&out, CACHE_MAGIC);
    dci_buf_append(&out, key->data, key->len);
    for (i = 0; i < db->n; i++) {
        char *bytes = NULL;
        size_t len = 0;
        if (db->db[i] && hs_serialize_database(db->db[i], &bytes, &len) != HS_SUCCESS)
            len = 0, bytes = NULL;
        put64(&out, len);
        dci_buf_append(&out, bytes, len);
        free(bytes);
    }
    if (out.oom || snprintf(tmp, sizeof tmp, "%s.%ld", path, (long)getpid()) >= (int)sizeof tmp ||
        !(f = fopen(tmp, "wb"))) {
        dci_buf_free(&out);
        return;
    }
    written = fwrite(out.data, 1, out.len, f) == out.len;
    written = fclose(f) == 0 && written;
    if (!written || rename(tmp, path) != 0)
        (void)remove(tmp);
    else
        cache_prune(path);
    dci_buf_free(&out);
}

/* Compiles each expression into its database; one Hyperscan refuses keeps
 * none. */
static void compile(char *const *exprs, dci_hsdb *db)
{
    size_t i;

    for (i = 0; i < db->n; i++) {
        hs_compile_error_t *cerr = NULL;
        if (hs_compile(exprs[i], HS_FLAGS, HS_MODE_BLOCK, NULL, &db->db[i], &cerr) !=
            HS_SUCCESS) {
            hs_free_compile_error(cerr);
            db->db[i] = NULL;
        }
    }
}

/* A scratch space that serves every database of db. */
static int make_proto(dci_hsdb *db)
{
    size_t i;

    for (i = 0; i < db->n; i++)
        if (db->db[i] && hs_alloc_scratch(db->db[i], &db->proto) != HS_SUCCESS)
            return -1;
    return 0;
}

int dci_hsdb_build(char *const *exprs, size_t n, unsigned char *ok, dci_hsdb **out)
{
    dci_buf key;
    uint64_t h[2];
    char path[4200];
    dci_hsdb *db = NULL;
    int rc = DIGICHECK_ENOMEM;
    size_t i;

    *out = NULL;
    memset(&key, 0, sizeof key);
    memset(ok, 0, n);
    if (!n || !dci_hsdb_available())
        return DIGICHECK_OK;
    if (!(db = dci_malloc(sizeof *db)) || !(db->db = dci_malloc(n * sizeof *db->db)))
        goto done;
    memset(db->db, 0, n * sizeof *db->db);
    db->n = n;
    db->proto = NULL;
    if (cache_key(exprs, n, &key, h) < 0)
        goto done;
    if (cache_path(h, 0, path, sizeof path) < 0 || cache_load(&key, path, db) < 0) {
        compile(exprs, db);
        if (cache_path(h, 1, path, sizeof path) == 0)
            cache_store(&key, path, db);
    }
    if (make_proto(db) < 0)
        goto done;
    for (i = 0; i < n; i++)
        ok[i] = db->db[i] != NULL;
    *out = db;
    db = NULL;
    rc = DIGICHECK_OK;
done:
    dci_hsdb_free(db);
    dci_buf_free(&key);
    return rc;
}

void dci_hsdb_free(dci_hsdb *db)
{
    size_t i;

    if (!db)
        return;
    for (i = 0; db->db && i < db->n; i++)
        hs_free_database(db->db[i]);
    if (db->proto)
        hs_free_scratch(db->proto);
    dci_free(db->db);
    dci_free(db);
}

/* Stops the scan at the first end. */
static int on_end(unsigned id, unsigned long long from, unsigned long long to,
                  unsigned flags, void *arg)
{
    (void)id;
    (void)from;
    (void)flags;
    *(unsigned long long *)arg = to;
    return 1;
}

int dci_hsdb_first_end(const dci_hsdb *db, size_t i, void **scratch, const char *view,
                       size_t start, size_t end, size_t *at)
{
    unsigned long long to = 0;
    hs_error_t rc;

    if (end - start > 0xFFFFFFFFu)
        return -1;                          /* Hyperscan scans at most 4 GB at once */
    if (!*scratch && hs_clone_scratch(db->proto, (hs_scratch_t **)scratch) != HS_SUCCESS) {
        *scratch = NULL;
        return -1;
    }
    rc = hs_scan(db->db[i], view + start, (unsigned)(end - start), 0, *scratch, on_end, &to);
    if (rc == HS_SCAN_TERMINATED) {
        *at = start + (size_t)to;
        return 1;
    }
    return rc == HS_SUCCESS ? 0 : -1;
}

void dci_hsdb_scratch_free(void *scratch)
{
    if (scratch)
        hs_free_scratch(scratch);
}

#else /* no Hyperscan: no database, every pattern keeps the literal path */

int dci_hsdb_available(void)
{
    return 0;
}

int dci_hsdb_build(char *const *exprs, size_t n, unsigned char *ok, dci_hsdb **out)
{
    (void)exprs;
    memset(ok, 0, n);
    *out = NULL;
    return DIGICHECK_OK;
}

void dci_hsdb_free(dci_hsdb *db)
{
    (void)db;
}

int dci_hsdb_first_end(const dci_hsdb *db, size_t i, void **scratch, const char *view,
                       size_t start, size_t end, size_t *at)
{
    (void)db, (void)i, (void)scratch, (void)view, (void)start, (void)end, (void)at;
    return -1;
}

void dci_hsdb_scratch_free(void *scratch)
{
    (void)scratch;
}

#endif
