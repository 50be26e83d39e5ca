/*
 * render.c -- reports as text (the grep/compiler form) and as JSON in the
 * shape DESIGN.md §6 fixes: keys may be added, never renamed.
 */
#include <string.h>

#include "dci.h"

/* Appends s with every line break and tab read as a space: one finding is
 * one line of the text form, whatever the rule's message holds. */
static void one_line(dci_buf *out, const char *s)
{
    while (*s) {
        size_t n = strcspn(s, "\r\n\t");
        dci_buf_append(out, s, n);
        s += n;
        if (*s) {
            dci_buf_putc(out, ' ');
            s++;
        }
    }
}

int dci_render_text(const digicheck_report *r, dci_buf *out)
{
    size_t i;

    for (i = 0; i < r->nfindings; i++) {
        const digicheck_finding *f = &r->findings[i];
        dci_buf_printf(out, "%s:%ld:%ld: %s: ", r->file, f->line, f->column,
                       dci_severity_name(f->severity));
        one_line(out, f->message);
        if (f->rule)
            dci_buf_printf(out, " [%s]", f->rule->id);
        if (f->path && *f->path)
            dci_buf_printf(out, " (%s)", f->path);
        dci_buf_putc(out, '\n');
    }
    return out->oom ? DIGICHECK_ENOMEM : DIGICHECK_OK;
}

static void key(dci_buf *b, const char *k)
{
    dci_buf_json_string(b, k, strlen(k));
    dci_buf_putc(b, ':');
}

static void str(dci_buf *b, const char *s)
{
    if (s)
        dci_buf_json_string(b, s, strlen(s));
    else
        dci_buf_puts(b, "null");
}

static void finding_json(dci_buf *b, const digicheck_finding *f)
{
    const dci_rule *rule = f->rule;
    size_t i;

    dci_buf_putc(b, '{');
    key(b, "rule");      str(b, rule ? rule->id : NULL);
    dci_buf_putc(b, ','); key(b, "principle"); str(b, rule ? rule->principle : NULL);
    dci_buf_putc(b, ','); key(b, "category");  str(b, rule ? rule->category : NULL);
    dci_buf_putc(b, ','); key(b, "severity");  str(b, dci_severity_name(f->severity));
    dci_buf_putc(b, ','); key(b, "kind");      str(b, dci_kind_name(f->kind));
    dci_buf_putc(b, ','); key(b, "message");   str(b, f->message);
    dci_buf_putc(b, ','); key(b, "suggestion");
    str(b, rule && f->kind != DCI_KIND_DIAGNOSTIC ? rule->suggestion : NULL);
    dci_buf_putc(b, ','); key(b, "references");
    dci_buf_putc(b, '[');
    for (i = 0; rule && f->kind != DCI_KIND_DIAGNOSTIC && i < rule->nreferences; i++) {
        if (i)
            dci_buf_putc(b, ',');
        str(b, rule->references[i]);
    }
    dci_buf_putc(b, ']');
    dci_buf_putc(b, ','); key(b, "path");      str(b, f->path);
    dci_buf_printf(b, ",\"line\":%ld,\"column\":%ld,\"end_line\":%ld,\"end_column\":%ld",
                   f->line, f->column, f->end_line, f->end_column);
    dci_buf_printf(b, ",\"offset\":%zu,\"length\":%zu", f->offset, f->length);
    dci_buf_putc(b, ','); key(b, "excerpt");   str(b, f->excerpt);
    dci_buf_putc(b, '}');
}

static void principles_json(dci_buf *b, const digicheck_report *r)
{
    const digicheck_ruleset *rs = r->rs;
    size_t p, i;

    dci_buf_putc(b, '{');
    for (p = 0; p < rs->nprinciples; p++) {
        size_t n = 0;
        for (i = 0; i < r->nfindings; i++) {
            const digicheck_finding *f = &r->findings[i];
            if (f->rule && f->kind != DCI_KIND_DIAGNOSTIC && f->rule->principle_index == p)
                n++;
        }
        if (p)
            dci_buf_putc(b, ',');
        key(b, rs->principles[p].id);
        dci_buf_putc(b, '{');
        key(b, "title");
        str(b, rs->principles[p].title);
        dci_buf_putc(b, ',');
        key(b, "status");
        str(b, n ? "findings" : "clean");
        dci_buf_printf(b, ",\"findings\":%zu,\"open_questions\":0}", n);
    }
    dci_buf_putc(b, '}');
}

int dci_render_json_file(const digicheck_report *r, dci_buf *b)
{
    size_t i;

    dci_buf_putc(b, '{');
    key(b, "file");
    str(b, r->file);
    dci_buf_putc(b, ',');
    key(b, "findings");
    dci_buf_putc(b, '[');
    for (i = 0; i < r->nfindings; i++) {
        if (i)
            dci_buf_putc(b, ',');
        finding_json(b, &r->findings[i]);
    }
    dci_buf_puts(b, "],");
    key(b, "principles");
    principles_json(b, r);
    dci_buf_putc(b, '}');
    return b->oom ? DIGICHECK_ENOMEM : DIGICHECK_OK;
}

int dci_render_json(const digicheck_report *r, dci_buf *b)
{
    size_t i, sev[4] = {0, 0, 0, 0};

    dci_buf_puts(b, "{\"version\":1,\"files\":[");
    dci_render_json_file(r, b);
    for (i = 0; i < r->nfindings; i++)
        if (r->findings[i].severity >= 1 && r->findings[i].severity <= 3)
            sev[r->findings[i].severity]++;
    dci_buf_printf(b,
                   "],\"summary\":{\"files\":1,\"findings\":%zu,\"errors\":0,"
                   "\"by_severity\":{\"info\":%zu,\"warning\":%zu,\"error\":%zu}}}\n",
                   r->nfindings, sev[DIGICHECK_SEVERITY_INFO], sev[DIGICHECK_SEVERITY_WARNING],
                   sev[DIGICHECK_SEVERITY_ERROR]);
    return b->oom ? DIGICHECK_ENOMEM : DIGICHECK_OK;
}
