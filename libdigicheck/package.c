/*
 * package.c -- zip packages (Word .docx, OpenDocument .odt) read from
 * memory with libzip, and the limits that keep a hostile one harmless.
 *
 * The whole archive is checked when it is opened (libzip's consistency
 * check, the number of entries, encryption, macros), and each part is
 * checked again when it is read: its declared size and compression ratio
 * first, then the bytes that really come out, since a header may lie.
 * Macros are never read: a package that holds a VBA project is refused as
 * a whole, before any of its parts is touched.
 */
#include <string.h>
#include <strings.h>

#include <zip.h>

#include "package.h"

/* A part this big is not a draft's text any more, however it compresses. */
#define RATIO_FLOOR (1024L * 1024)

struct dci_package {
    zip_t *zip;
    const char *name;
    size_t count;
};

int dci_package_magic(const char *s, size_t len)
{
    static const char ole[8] = { '\xD0', '\xCF', '\x11', '\xE0', '\xA1', '\xB1', '\x1A', '\xE1' };

    if (len >= 4 && memcmp(s, "PK", 2) == 0 &&
        ((s[2] == 3 && s[3] == 4) || (s[2] == 5 && s[3] == 6)))
        return DCI_MAGIC_ZIP;
    if (len >= 8 && memcmp(s, ole, 8) == 0)
        return DCI_MAGIC_OLE;
    return DCI_MAGIC_NONE;
}

int dci_package_refuse_ole(const char *s, size_t len, const char *name, digicheck_error *err)
{
    /* an encrypted .docx is an OLE file too: its stream is "EncryptedPackage" (UTF-16) */
    static const char enc[] = "E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0";

    if (dci_memmem(s, len, enc, sizeof enc - 1))
        return dci_error(err, DIGICHECK_EUNSUPPORTED, name, 0, 0,
                         "the document is encrypted (password-protected); remove the password "
                         "in Word or LibreOffice and save it again as .docx");
    return dci_error(err, DIGICHECK_EUNSUPPORTED, name, 0, 0,
                     "an old binary Word document (.doc) cannot be read; convert it to .docx "
                     "first, e.g. libreoffice --headless --convert-to docx FILE.doc");
}

/* Does the entry name a VBA project ("word/vbaProject.bin") or other macros? */
static int is_macro_part(const char *entry)
{
    const char *slash = strrchr(entry, '/');
    const char *base = slash ? slash + 1 : entry;

    return strcasecmp(base, "vbaProject.bin") == 0 || strncasecmp(entry, "Basic/", 6) == 0 ||
           strncasecmp(entry, "Scripts/", 8) == 0;     /* OpenDocument's macros */
}

/* Each entry: not encrypted, not macros. */
static int check_entries(dci_package *p, digicheck_error *err)
{
    size_t i;

    for (i = 0; i < p->count; i++) {
        zip_stat_t st;
        const char *entry;

        if (zip_stat_index(p->zip, (zip_uint64_t)i, 0, &st) != 0 || !(st.valid & ZIP_STAT_NAME))
            return dci_error(err, DIGICHECK_ESYNTAX, p->name, 0, 0,
                             "corrupt zip archive: entry %zu cannot be read", i);
        entry = st.name;
        if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
            return dci_error(err, DIGICHECK_EUNSUPPORTED, p->name, 0, 0,
                             "the document is encrypted (part %s); remove the password and "
                             "save it again", entry);
        if (is_macro_part(entry))
            return dci_error(err, DIGICHECK_EUNSUPPORTED, p->name, 0, 0,
                             "the document contains macros (%s); macro-enabled documents are "
                             "not read: save it as a .docx without macros", entry);
    }
    return DIGICHECK_OK;
}

int dci_package_open(dci_package **out, const char *data, size_t len, const char *name,
                     digicheck_error *err)
{
    dci_package *p = NULL;
    zip_source_t *src = NULL;
    zip_error_t ze;
    zip_int64_t n;
    int rc;

    *out = NULL;
    zip_error_init(&ze);
    if (!(p = dci_malloc(sizeof *p))) {
        rc = dci_error(err, DIGICHECK_ENOMEM, name, 0, 0, "out of memory opening a zip");
        goto done;
    }
    memset(p, 0, sizeof *p);
    p->name = name;
    if (!(src = zip_source_buffer_create(data, (zip_uint64_t)len, 0, &ze))) {
        rc = dci_error(err, DIGICHECK_ENOMEM, name, 0, 0, "out of memory opening a zip");
        goto done;
    }
    if (!(p->zip = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze))) {
        rc = dci_error(err, zip_error_code_zip(&ze) == ZIP_ER_MEMORY ? DIGICHECK_ENOMEM
                       : DIGICHECK_ESYNTAX, name, 0, 0, "corrupt zip archive: %s",
                       zip_error_strerror(&ze));
        goto done;
    }
    src = NULL;     /* the archive owns it now */
    n = zip_get_num_entries(p->zip, 0);
    if (n < 0 || n > DIGICHECK_LIMIT_PACKAGE_ENTRIES) {
        rc = dci_error(err, DIGICHECK_ELIMIT, name, 0, 0, "the zip archive has %lld entries; "
                       "the limit is %ld", (long long)n, (long)DIGICHECK_LIMIT_PACKAGE_ENTRIES);
        goto done;
    }
    p->count = (size_t)n;
    if ((rc = check_entries(p, err)) != DIGICHECK_OK)
        goto done;
    *out = p;
    p = NULL;
done:
    zip_source_free(src);
    dci_package_close(p);
    zip_error_fini(&ze);
    return rc;
}

void dci_package_close(dci_package *p)
{
    if (!p)
        return;
    if (p->zip)
        zip_discard(p->zip);
    dci_free(p);
}

size_t dci_package_count(const dci_package *p)
{
    return p->count;
}

const char *dci_package_name(const dci_package *p, size_t i)
{
    const char *s = zip_get_name(p->zip, (zip_uint64_t)i, 0);

    return s ? s : "";
}

long dci_package_find(const dci_package *p, const char *entry)
{
    zip_int64_t i = zip_name_locate(p->zip, entry, 0);

    return i < 0 ? -1 : (long)i;
}

/* The declared sizes of entry i, against the limits. */
static int check_size(dci_package *p, size_t i, zip_uint64_t *size, digicheck_error *err)
{
    zip_stat_t st;
    const char *entry = dci_package_name(p, i);

    if (zip_stat_index(p->zip, (zip_uint64_t)i, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE))
        return dci_error(err, DIGICHECK_ESYNTAX, p->name, 0, 0,
                         "corrupt zip archive: part %s cannot be read", entry);
    if (st.size > (zip_uint64_t)DIGICHECK_LIMIT_PACKAGE_PART)
        return dci_error(err, DIGICHECK_ELIMIT, p->name, 0, 0, "part %s of the zip archive "
                         "unpacks to %llu bytes; the limit is %ld bytes", entry,
                         (unsigned long long)st.size, (long)DIGICHECK_LIMIT_PACKAGE_PART);
    if ((st.valid & ZIP_STAT_COMP_SIZE) && st.size > (zip_uint64_t)RATIO_FLOOR &&
        st.size / (st.comp_size ? st.comp_size : 1) > (zip_uint64_t)DIGICHECK_LIMIT_PACKAGE_RATIO)
        return dci_error(err, DIGICHECK_ELIMIT, p->name, 0, 0, "part %s of the zip archive "
                         "unpacks %llu times its size (a zip bomb?); the limit is %ld", entry,
                         (unsigned long long)(st.size / (st.comp_size ? st.comp_size : 1)),
                         (long)DIGICHECK_LIMIT_PACKAGE_RATIO);
    *size = st.size;
    return DIGICHECK_OK;
}

int dci_package_read_index(dci_package *p, size_t i, char **out, size_t *len,
                           digicheck_error *err)
{
    const char *entry = dci_package_name(p, i);
    zip_file_t *f = NULL;
    zip_uint64_t size = 0;
    zip_int64_t got;
    char *buf = NULL;
    int rc;

    *out = NULL;
    *len = 0;
    if ((rc = check_size(p, i, &size, err)) != DIGICHECK_OK)
        goto done;
    if (!(buf = dci_malloc((size_t)size + 2))) {
        rc = dci_error(err, DIGICHECK_ENOMEM, p->name, 0, 0, "out of memory reading %s", entry);
        goto done;
    }
    if (!(f = zip_fopen_index(p->zip, (zip_uint64_t)i, 0))) {
        rc = dci_error(err, DIGICHECK_ESYNTAX, p->name, 0, 0, "corrupt zip archive: part %s: "
                       "%s", entry, zip_strerror(p->zip));
        goto done;
    }
    /* one byte more than declared: a part that gives more lied about its size */
    got = zip_fread(f, buf, size + 1);
    if (got < 0 || (zip_uint64_t)got != size) {
        rc = dci_error(err, DIGICHECK_ESYNTAX, p->name, 0, 0, "corrupt zip archive: part %s: "
                       "%s", entry, got < 0 ? zip_file_strerror(f) : "not the size it declares");
        goto done;
    }
    buf[size] = '\0';
    *out = buf;
    *len = (size_t)size;
    buf = NULL;
done:
    if (f)
        zip_fclose(f);
    dci_free(buf);
    return rc;
}

int dci_package_read(dci_package *p, const char *entry, int required, char **out, size_t *len,
                     digicheck_error *err)
{
    long i = dci_package_find(p, entry);

    *out = NULL;
    *len = 0;
    if (i < 0)
        return required ? dci_error(err, DIGICHECK_ESCHEMA, p->name, 0, 0,
                                    "the document has no part %s", entry)
                        : DIGICHECK_OK;
    return dci_package_read_index(p, (size_t)i, out, len, err);
}
