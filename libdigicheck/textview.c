/*
 * textview.c -- the text view of a word-processor draft (see textview.h):
 * paragraphs written as the lines of a Markdown statute, their places
 * kept, and the draft built from it.
 */
#include <string.h>

#include "textview.h"

#define HEADING_MAX 200         /* bytes: a longer paragraph is text, not a heading */

/* Does the text after a unit's number go on citing ("§ 25 Absatz 1 …",
 * "§ 3 gilt …"), or hold a sentence's end: then it is not a heading. */
static int reads_as_text(const char *q, const char *e)
{
    static const char *const words[] = {
        "Abs.", "Absatz", "Satz", "Nr.", "Nummer", "Buchst.", "Buchstabe", "bis", "und",
        "oder", "gilt", "gelten", "ist", "sind", "wird", "werden", "findet", "des", "der",
        "in", "ff.", "f.", NULL
    };
    const char *p;
    size_t i, n;

    while (q < e && ((*q >= '0' && *q <= '9') || (*q >= 'a' && *q <= 'z' && q[-1] >= '0' &&
                                                  q[-1] <= '9')))
        q++;                    /* the number, "27a" */
    while (q < e && (*q == ' ' || *q == '\t'))
        q++;
    for (i = 0; words[i]; i++) {
        n = strlen(words[i]);
        if ((size_t)(e - q) >= n && memcmp(q, words[i], n) == 0 &&
            ((size_t)(e - q) == n || q[n] == ' ' || q[n] == ','))
            return 1;
    }
    for (p = q; p + 2 < e; p++)
        if (p[0] == '.' && p[1] == ' ' && p[2] >= 'A' && p[2] <= 'Z')
            return 1;           /* ". Wurde …": sentences */
    return 0;
}

/* Does a paragraph read as the heading of a unit: "§ 3 …", "Artikel 2 …",
 * "Anlage 1", short, not ending like a sentence nor going on like one?
 * ("Art. 2" is not: it starts citations as often.) Returns the Markdown
 * level it gets when its style gives none. */
static int unit_heading(const char *s, size_t n)
{
    static const char *const words[] = { "Artikel ", "Anlage ", NULL };
    const char *e = s + n, *q = NULL;
    size_t i;
    int level = 0;

    while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
        e--;
    if (e == s || (size_t)(e - s) > HEADING_MAX || strchr(".:;,", e[-1]))
        return 0;
    if (e - s >= 3 && memcmp(s, "\xC2\xA7", 2) == 0 && s[2] != '\xC2') {
        q = s + 2;
        while (q < e && (*q == ' ' || *q == '\t' || (unsigned char)*q == 0xC2 ||
                         (unsigned char)*q == 0xA0))
            q++;
        level = q < e && *q >= '0' && *q <= '9' ? 3 : 0;
    }
    for (i = 0; words[i] && !level; i++) {
        size_t k = strlen(words[i]);
        if ((size_t)(e - s) > k && memcmp(s, words[i], k) == 0) {
            q = s + k;
            level = (*q >= '0' && *q <= '9') || strchr("IVX", *q) ? 2 : 0;
        }
    }
    return level && !reads_as_text(q, e) ? level : 0;
}

void dci_textview_number(dci_buf *b, long n, int fmt)
{
    static const char *const ones[] = { "", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii",
                                        "ix" };
    static const char *const tens[] = { "", "x", "xx", "xxx", "xl", "l", "lx", "lxx", "lxxx",
                                        "xc" };
    size_t from = b->len, i;

    if (n < 1) {                /* a start value below 1: as the number it is */
        dci_buf_printf(b, "%ld", n);
    } else if (fmt == 'a' || fmt == 'A') {
        long k;             /* a..z, then aa..zz: Word repeats the letter */
        for (k = 0; k <= (n - 1) / 26 && k < 8; k++)
            dci_buf_putc(b, (char)((fmt == 'a' ? 'a' : 'A') + (n - 1) % 26));
    } else if ((fmt == 'i' || fmt == 'I') && n < 400) {
        for (i = 0; i < (size_t)(n / 100); i++)
            dci_buf_putc(b, 'c');
        dci_buf_puts(b, tens[(n / 10) % 10]);
        dci_buf_puts(b, ones[n % 10]);
        for (i = from; fmt == 'I' && !b->oom && i < b->len; i++)
            b->data[i] = (char)(b->data[i] - 'a' + 'A');
    } else {
        dci_buf_printf(b, "%ld", n);
    }
}

void dci_textview_begin(dci_textview *v)
{
    v->para.len = 0;
    if (v->para.data)
        v->para.data[0] = '\0';
}

void dci_textview_put(dci_textview *v, const char *s, size_t n)
{
    dci_buf *b = &v->para;
    size_t from = b->len, i;

    dci_buf_append(b, s, n);
    for (i = from; !b->oom && i < b->len; i++)
        if (b->data[i] == '\n' || b->data[i] == '\r')
            b->data[i] = ' ';
}

void dci_textview_end(dci_textview *v, const char *label, size_t llen, int level, long index)
{
    dci_buf line = {0};
    int unit;

    if (!v->para.len || v->para.oom) {
        v->oom |= v->para.oom;
        return;
    }
    /* "§ 3" as a label of its own ("§ %1") or typed by hand */
    dci_buf_append(&line, label, llen);
    dci_buf_append(&line, v->para.data, v->para.len);
    v->oom |= line.oom;
    unit = line.oom ? 0 : unit_heading(line.data, line.len);
    dci_buf_free(&line);
    if (!level)
        level = unit;
    if (level > 0) {
        dci_buf_append(&v->text, "######", level < 6 ? (size_t)level : 6);
        dci_buf_putc(&v->text, ' ');
    }
    dci_buf_append(&v->text, label, llen);
    if (dci_grow((void **)&v->paras, &v->cparas, v->nparas + 1, sizeof *v->paras)) {
        v->oom = 1;
        return;
    }
    v->paras[v->nparas++] = (dci_para){ v->text.len, v->para.len, index };
    dci_buf_append(&v->text, v->para.data, v->para.len);
    dci_buf_puts(&v->text, "\n\n");
}

int dci_textview_draft(dci_textview *v, digicheck_draft **out, const char *name, int fmt,
                       char *data, size_t len, digicheck_error *err)
{
    char *text;
    size_t tlen;
    int rc;

    if (!v->text.len)
        dci_buf_append(&v->text, "", 0);
    if (v->oom || !(text = dci_buf_detach(&v->text, &tlen))) {
        dci_free(data);
        return dci_error(err, DIGICHECK_ENOMEM, name ? name : "<input>", 0, 0,
                         "out of memory reading a draft");
    }
    /* the view is Markdown as far as the segmenter is concerned */
    if ((rc = dci_draft_build(out, text, tlen, name, DIGICHECK_FORMAT_MARKDOWN, err))) {
        dci_free(data);
        return rc;
    }
    dci_draft_take_package(*out, fmt, &data, len, &v->paras, v->nparas);
    return DIGICHECK_OK;
}

void dci_textview_free(dci_textview *v)
{
    dci_buf_free(&v->text);
    dci_buf_free(&v->para);
    dci_free(v->paras);
    v->paras = NULL;
}
