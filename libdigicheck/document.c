/*
 * document.c -- the "Dokumentation der Digitaltauglichkeit" of a draft.
 *
 * A ministry files this documentation with its draft, and the
 * Normenkontrollrat reads it (DOMAIN.md §3.1, §5): the draft (title, kind,
 * date), the Vorprüfung with its result, per principle the rating ("Ja,
 * gänzlich oder teilweise", "Nein", "Nicht relevant") with its Begründung,
 * the aspects that apply and for each the Paragrafen -- aggregated to the
 * Absatz, as the official data model ties principles to an Absatz -- with
 * the explanation, the interoperability assessment, and what is still open.
 * Everything comes from the report: its findings are the evidence of the
 * aspects (by the aspects' rules and categories), the places of relevance
 * rules show where an aspect matters without a defect, the drafter's
 * answers and Begründungen give the rest. Nothing is invented: a rating nobody gave is
 * open, a "Nein" or "Nicht relevant" without a Begründung incomplete.
 *
 * This module builds the document as a list of blocks (document.h) and
 * renders it as Markdown or as one self-contained HTML page (A4 print
 * CSS); odf.c writes the same blocks as an OpenDocument text.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "dci.h"
#include "ruleset.h"
#include "report.h"
#include "questions.h"
#include "document.h"

/* ---- blocks ---------------------------------------------------------------- */

static void add(dci_doc *d, int kind, const char *label, const char *text, int open)
{
    dci_doc_block *b;

    if (d->oom || dci_grow((void **)&d->blocks, &d->cap, d->nblocks + 1, sizeof *d->blocks)) {
        d->oom = 1;
        return;
    }
    b = &d->blocks[d->nblocks++];
    b->kind = kind;
    b->label = label;
    b->text = text ? text : "";
    b->open = open;
}

/* A formatted string in the document's arena ("" when out of memory). */
static const char *fmt(dci_doc *d, const char *f, ...) DCI_PRINTF(2, 3);
static const char *fmt(dci_doc *d, const char *f, ...)
{
    char buf[2048], *s;
    va_list ap;

    va_start(ap, f);
    vsnprintf(buf, sizeof buf, f, ap);
    va_end(ap);
    if (!(s = dci_arena_strdup(&d->arena, buf))) {
        d->oom = 1;
        return "";
    }
    return s;
}

static void doc_free(dci_doc *d)
{
    dci_free(d->blocks);
    dci_arena_free(&d->arena);
}

/* ---- words ----------------------------------------------------------------- */

/* The documentation's words for an answer or rating. */
static const char *answer_de(const char *a)
{
    if (!a)
        return "offen";
    if (strcmp(a, "yes") == 0)
        return "Ja";
    if (strcmp(a, "no") == 0)
        return "Nein";
    if (strcmp(a, "unsure") == 0)
        return "Unsicher";
    if (strcmp(a, "not-relevant") == 0)
        return "Nicht relevant";
    return a;
}

static const char *rating_de(const char *a)
{
    return a && strcmp(a, "yes") == 0 ? "Ja, gänzlich oder teilweise" : answer_de(a);
}

/* The path of a finding aggregated to its Absatz: "§ 3 Abs. 2 Satz 1" is
 * "§ 3 Abs. 2" (the official model ties principles to an Absatz). */
static const char *absatz(dci_doc *d, const char *path)
{
    static const char *const finer[] = { " Satz ", " Nr. ", " Buchst. ", NULL };
    size_t i, n = strlen(path);

    for (i = 0; finer[i]; i++) {
        const char *at = strstr(path, finer[i]);
        if (at && (size_t)(at - path) < n)
            n = (size_t)(at - path);
    }
    if (!n)
        return "Entwurf insgesamt";
    return fmt(d, "%.*s", (int)n, path);
}

/* ---- the draft and the Vorprüfung ------------------------------------------ */

static void build_head(dci_doc *d, const digicheck_report *r)
{
    const dci_about *a = &r->about;

    d->title = a->title ? a->title : r->file;
    add(d, DCI_DOC_TITLE, NULL, "Dokumentation der Digitaltauglichkeit", 0);
    add(d, DCI_DOC_FIELD, "Regelungsvorhaben", d->title, 0);
    add(d, DCI_DOC_FIELD, "Art", a->kind ? a->kind : "offen (nicht angegeben)", !a->kind);
    add(d, DCI_DOC_FIELD, "Datum", a->date ? a->date : "offen (nicht angegeben)", !a->date);
    if (a->jurisdiction)
        add(d, DCI_DOC_FIELD, "Geltungsbereich", a->jurisdiction, 0);
    add(d, DCI_DOC_FIELD, "Datei", r->file, 0);
    add(d, DCI_DOC_FIELD, "Regelwerk", fmt(d, "%s%s%s", r->rs->title, r->rs->version ? ", "
                                           : "", r->rs->version ? r->rs->version : ""), 0);
}

/* "Vorschlag aus dem Text: Ja (§ 3 Abs. 1, § 4)" for an unanswered question
 * with evidence, else "". */
static const char *suggestion(dci_doc *d, const dci_question *q)
{
    char where[400] = "";
    size_t i;

    if (q->answer || !q->nevidence || !q->suggested)
        return "";
    for (i = 0; i < q->nevidence && i < 3; i++)
        snprintf(where + strlen(where), sizeof where - strlen(where), "%s%s", i ? ", " : "",
                 *q->evidence[i].path ? absatz(d, q->evidence[i].path) : "Entwurf");
    return fmt(d, "; Hinweis aus dem Text: %s (%s)", answer_de(q->suggested), where);
}

/* One question with its answer and Begründung, as an item of kind `kind`;
 * an open question is listed as open. */
static void question_item(dci_doc *d, const dci_question *q, int kind)
{
    int rating = q->rule->stage == DCI_STAGE_INTEROPERABILITAET;
    const char *text = fmt(d, "%s — %s: %s%s%s%s", q->rule->message,
                           rating ? "Bewertung" : "Antwort",
                           rating ? rating_de(q->answer) : answer_de(q->answer),
                           suggestion(d, q), q->reason ? ". Begründung: " : "",
                           q->reason ? q->reason : "");
    add(d, kind, q->rule->id, text, !q->answer);
}

static void build_vorpruefung(dci_doc *d, const digicheck_report *r)
{
    size_t i;

    add(d, DCI_DOC_H2, NULL, "1. Vorprüfung: Digitalbezug", 0);
    for (i = 0; i < r->nquestions; i++)
        if (r->questions[i].rule->stage == DCI_STAGE_VORPRUEFUNG)
            question_item(d, &r->questions[i], DCI_DOC_ITEM);
    add(d, DCI_DOC_FIELD, "Ergebnis: Digitalbezug", dci_label(&dci_verdicts, r->vp.result),
        r->vp.result == DCI_VERDICT_OPEN);
    add(d, DCI_DOC_FIELD, "Interoperabilität (EU)",
        dci_label(&dci_verdicts, r->vp.interoperability),
        r->vp.interoperability == DCI_VERDICT_OPEN);
    if (r->vp.contradiction)
        add(d, DCI_DOC_PARA, NULL, "Widerspruch in den Angaben: kein Datenaustausch, aber ein "
            "Austausch mit anderen Mitgliedstaaten der EU.", 1);
    if (r->vp.result == DCI_VERDICT_NEGATIVE)
        add(d, DCI_DOC_PARA, NULL, "Die Vorprüfung ergibt keinen Digitalbezug: eine "
            "Dokumentation der Prinzipien ist nicht erforderlich.", 0);
}

/* ---- principles and aspects ------------------------------------------------- */

static int has(const char *const *list, size_t n, const char *s)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (strcmp(list[i], s) == 0)
            return 1;
    return 0;
}

/* Is finding f evidence for aspect a of principle p (index pi)? By the
 * aspect's rules (of any principle), or by its categories within p. */
static int evidence_for(const digicheck_finding *f, const dci_aspect *a, size_t pi)
{
    if (f->kind == DCI_KIND_DIAGNOSTIC)
        return 0;
    return has(a->rules, a->nrules, f->rule->id) ||
           (f->rule->principle_index == pi && has(a->categories, a->ncategories,
                                                   f->rule->category));
}

/* The Paragrafen of aspect a: each Absatz once, with the distinct messages
 * of its findings. Returns how many Absätze. */
static size_t aspect_paragraphs(dci_doc *d, const digicheck_report *r, const dci_aspect *a,
                                size_t pi)
{
    size_t i, j, n = 0;

    for (i = 0; i < r->nfindings; i++) {
        const digicheck_finding *f = &r->findings[i];
        const char *where = absatz(d, f->path), *msgs = "";
        int seen = 0;
        if (!evidence_for(f, a, pi))
            continue;
        for (j = 0; j < i && !seen; j++)
            seen = evidence_for(&r->findings[j], a, pi) &&
                   strcmp(absatz(d, r->findings[j].path), where) == 0;
        if (seen)
            continue;
        for (j = i; j < r->nfindings; j++) {
            const digicheck_finding *g = &r->findings[j];
            const dci_finding_more *m = dci_finding_more_of(g);
            if (!evidence_for(g, a, pi) || strcmp(absatz(d, g->path), where) != 0)
                continue;
            if (!strstr(msgs, g->message))
                msgs = fmt(d, "%s%s%s", msgs, *msgs ? " " : "", g->message);
            if (m->jreason)     /* accepted with a reason: the reason is the explanation */
                msgs = fmt(d, "%s Begründung%s%s: %s", msgs, m->jby ? " von " : "",
                           m->jby ? m->jby : "", m->jreason);
        }
        add(d, DCI_DOC_ITEM, where, msgs, 0);
        n++;
    }
    return n;
}

/* Is there an item labelled `label` among the blocks from `from` on? */
static int listed(const dci_doc *d, size_t from, const char *label)
{
    size_t i;

    for (i = from; i < d->nblocks; i++)
        if (d->blocks[i].kind == DCI_DOC_ITEM && d->blocks[i].label &&
            strcmp(d->blocks[i].label, label) == 0)
            return 1;
    return 0;
}

/* The Absätze where aspect a matters without a defect (the places of the
 * relevance rules of the aspect), those not listed since `from`. */
static size_t aspect_relevant(dci_doc *d, const digicheck_report *r, const dci_aspect *a,
                              size_t from)
{
    size_t i, j, n = 0;

    for (i = 0; i < r->nrelevant; i++) {
        const dci_relevant *v = &r->relevant[i];
        if (v->rule->aspect != a->id)
            continue;
        for (j = 0; j < v->nplaces; j++) {
            const char *where = absatz(d, v->places[j].path);
            if (listed(d, from, where))
                continue;
            add(d, DCI_DOC_ITEM, where, v->rule->message, 0);
            n++;
        }
    }
    return n;
}

/* The check questions of aspect a that were answered or where the text
 * gives a hint; the open ones are counted in *open. */
static size_t aspect_questions(dci_doc *d, const digicheck_report *r, const dci_aspect *a,
                               size_t *open)
{
    size_t i, n = 0;

    for (i = 0; i < r->nquestions; i++) {
        const dci_question *q = &r->questions[i];
        if (q->rule->aspect != a->id || q->rule->stage != DCI_STAGE_ASPEKT || !q->applicable)
            continue;
        *open += !q->answer;
        if (q->answer || (q->nevidence && q->suggested)) {
            if (!n)
                add(d, DCI_DOC_ITEM, "Prüffragen", "beantwortet oder mit Hinweis aus dem Text", 0);
            question_item(d, q, DCI_DOC_SUBITEM);
            n++;
        }
    }
    return n;
}

/* One aspect, if it applies: it has Paragrafen or answered questions. */
static void build_aspect(dci_doc *d, const digicheck_report *r, const dci_aspect *a, size_t pi,
                         size_t *open)
{
    size_t mark = d->nblocks, n;

    add(d, DCI_DOC_H4, a->number, a->title, 0);
    n = aspect_paragraphs(d, r, a, pi);
    n += aspect_relevant(d, r, a, mark);
    n += aspect_questions(d, r, a, open);
    if (!n && !d->oom)
        d->nblocks = mark;              /* the aspect does not apply */
}

/* The rating of principle i: given, open, or incomplete (no Begründung). */
static void build_rating(dci_doc *d, const digicheck_report *r, size_t i)
{
    const dci_rating *g = r->ratings ? &r->ratings[i] : NULL;
    const char *a = g ? g->answer : NULL;
    int needs = a && strcmp(a, "yes") != 0;

    if (!a)
        add(d, DCI_DOC_FIELD, "Bewertung", "offen: noch nicht bewertet (der Text allein "
            "entscheidet die Bewertung nicht)", 1);
    else if (needs && !g->reason)
        add(d, DCI_DOC_FIELD, "Bewertung", fmt(d, "%s — unvollständig: die Begründung fehlt",
                                                rating_de(a)), 1);
    else
        add(d, DCI_DOC_FIELD, "Bewertung", rating_de(a), 0);
    if (g && g->reason)
        add(d, DCI_DOC_FIELD, "Begründung", g->reason, 0);
}

static void build_principle(dci_doc *d, const digicheck_report *r, size_t i)
{
    const dci_principle *p = &r->rs->principles[i];
    size_t j, open = 0, mark;
    int rated_out;

    add(d, DCI_DOC_H3, p->id, p->title, 0);
    if (r->vp.result == DCI_VERDICT_NEGATIVE) {
        add(d, DCI_DOC_FIELD, "Bewertung", "nicht erforderlich (kein Digitalbezug)", 0);
        return;
    }
    build_rating(d, r, i);
    /* a principle rated "Nein" or "Nicht relevant" owes no Paragrafen */
    rated_out = r->ratings && r->ratings[i].answer && strcmp(r->ratings[i].answer, "yes") != 0;
    mark = d->nblocks;
    for (j = 0; j < p->naspects; j++)
        build_aspect(d, r, &p->aspects[j], i, &open);
    if (d->nblocks == mark && !rated_out)
        add(d, DCI_DOC_PARA, NULL, "Der Text gibt zu keinem Schwerpunkt dieses Prinzips "
            "einen Hinweis; Paragrafen sind noch nicht benannt.", 1);
    if (open && !rated_out)
        add(d, DCI_DOC_PARA, NULL, fmt(d, "%zu Prüffragen dieses Prinzips sind noch offen.",
                                       open), 1);
}

/* ---- interoperability and open points ----------------------------------------- */

static void build_interop(dci_doc *d, const digicheck_report *r)
{
    size_t i;

    add(d, DCI_DOC_H2, NULL, "3. Interoperabilitätsbewertung (Verordnung (EU) 2024/903)", 0);
    if (r->vp.eu != DCI_VERDICT_POSITIVE) {
        add(d, DCI_DOC_PARA, NULL, r->vp.eu == DCI_VERDICT_OPEN
            ? "Offen: die Vorprüfung sagt noch nicht, ob Daten mit Verwaltungen anderer "
              "Mitgliedstaaten ausgetauscht werden."
            : "Nicht erforderlich: kein Austausch mit Verwaltungen anderer Mitgliedstaaten.",
            r->vp.eu == DCI_VERDICT_OPEN);
        return;
    }
    for (i = 0; i < r->nquestions; i++)
        if (r->questions[i].rule->stage == DCI_STAGE_INTEROPERABILITAET)
            question_item(d, &r->questions[i], DCI_DOC_ITEM);
}

/* Everything marked open so far, once more as a list at the end. */
static void build_open(dci_doc *d)
{
    size_t i, n = d->nblocks, count = 0;
    const char *where = "Entwurf";

    add(d, DCI_DOC_H2, NULL, "4. Offene Punkte", 0);
    for (i = 0; i < n && !d->oom; i++) {
        const dci_doc_block *b = &d->blocks[i];
        if (b->kind == DCI_DOC_H2 || b->kind == DCI_DOC_H3)
            where = b->label ? b->label : b->text;
        if (!b->open)
            continue;
        add(d, DCI_DOC_ITEM, fmt(d, "%s%s%s", where, b->label ? ", " : "",
                                 b->label ? b->label : ""), b->text, 1);
        count++;
    }
    if (!count)
        add(d, DCI_DOC_PARA, NULL, "Keine.", 0);
}

static void build(dci_doc *d, const digicheck_report *r)
{
    size_t i;

    build_head(d, r);
    build_vorpruefung(d, r);
    add(d, DCI_DOC_H2, NULL, "2. Prinzipien", 0);
    for (i = 0; i < r->rs->nprinciples; i++)
        build_principle(d, r, i);
    build_interop(d, r);
    build_open(d);
}

/* ---- Markdown ------------------------------------------------------------------ */

static int is_item(int kind)
{
    return kind == DCI_DOC_ITEM || kind == DCI_DOC_SUBITEM;
}

static void md_block(dci_buf *b, const dci_doc_block *k, int prev_item)
{
    static const char *const heads[] = { "# ", "## ", "### ", "#### " };

    if (prev_item && !is_item(k->kind))
        dci_buf_putc(b, '\n');
    if (k->kind <= DCI_DOC_H4) {
        dci_buf_puts(b, heads[k->kind - DCI_DOC_TITLE]);
        if (k->label) {
            dci_buf_markdown(b, k->label);
            dci_buf_putc(b, ' ');
        }
        dci_buf_markdown(b, k->text);
        dci_buf_puts(b, "\n\n");
        return;
    }
    if (is_item(k->kind))
        dci_buf_puts(b, k->kind == DCI_DOC_SUBITEM ? "  - " : "- ");
    if (is_item(k->kind) && k->open)
        dci_buf_puts(b, "[ ] ");
    if (k->label) {
        dci_buf_puts(b, "**");
        dci_buf_markdown(b, k->label);
        dci_buf_puts(b, ":** ");
    }
    if (k->open && !is_item(k->kind))
        dci_buf_puts(b, "⚠ ");
    dci_buf_markdown(b, k->text);
    dci_buf_puts(b, is_item(k->kind) ? "\n" : "\n\n");
}

static void render_markdown(dci_buf *b, const dci_doc *d)
{
    size_t i;

    for (i = 0; i < d->nblocks; i++)
        md_block(b, &d->blocks[i], i && is_item(d->blocks[i - 1].kind));
    if (d->nblocks && is_item(d->blocks[d->nblocks - 1].kind))
        dci_buf_putc(b, '\n');
}

/* ---- HTML ---------------------------------------------------------------------- */

static void html_text(dci_buf *b, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': dci_buf_puts(b, "&amp;"); break;
        case '<': dci_buf_puts(b, "&lt;"); break;
        case '>': dci_buf_puts(b, "&gt;"); break;
        case '"': dci_buf_puts(b, "&quot;"); break;
        default: dci_buf_putc(b, *s);
        }
    }
}

static const char HTML_STYLE[] =
    "body{font-family:'Liberation Sans',Arial,sans-serif;font-size:11pt;line-height:1.4;"
    "max-width:48em;margin:2em auto;color:#111}\n"
    "h1{font-size:18pt;border-bottom:2px solid #333;padding-bottom:.2em}\n"
    "h2{font-size:14pt;margin-top:1.6em}h3{font-size:12pt;margin-top:1.2em}\n"
    "h4{font-size:11pt;margin:.8em 0 .3em}\n"
    "p.field{margin:.2em 0}p.field b{display:inline-block;min-width:11em}\n"
    ".open{background:#fff3cd}li.open::marker{content:'\\2610  '}\n"
    "ul{margin:.2em 0 .6em}ul ul{margin:.1em 0}\n"
    "@page{size:A4;margin:2cm 2cm 2.2cm 2.5cm}\n"
    "@media print{body{margin:0;max-width:none;font-size:10.5pt}"
    "h2,h3,h4{break-after:avoid}li{break-inside:avoid}.open{background:none;"
    "border-left:3px solid #999;padding-left:.3em}}\n";

/* Moves from lists `*depth` deep to `want` deep: each open list holds an
 * open item, closed with it; an item on the same level closes the one
 * before it. */
static void html_lists(dci_buf *b, int *depth, int want)
{
    for (; *depth > want; (*depth)--)
        dci_buf_puts(b, "</li></ul>\n");
    if (want && *depth == want)
        dci_buf_puts(b, "</li>\n");
    for (; *depth < want; (*depth)++)
        dci_buf_puts(b, "<ul>\n");
}

static void html_block(dci_buf *b, const dci_doc_block *k, int *depth)
{
    static const char *const tags[] = { "h1", "h2", "h3", "h4" };
    int want = k->kind == DCI_DOC_ITEM ? 1 : k->kind == DCI_DOC_SUBITEM ? 2 : 0;
    int head = k->kind <= DCI_DOC_H4;

    html_lists(b, depth, want);
    if (head)
        dci_buf_printf(b, "<%s>", tags[k->kind]);
    else if (want)
        dci_buf_puts(b, k->open ? "<li class=\"open\">" : "<li>");
    else
        dci_buf_printf(b, "<p class=\"%s%s\">", k->kind == DCI_DOC_FIELD ? "field" : "text",
                       k->open ? " open" : "");
    if (k->label) {
        dci_buf_puts(b, head ? "" : "<b>");
        html_text(b, k->label);
        dci_buf_puts(b, head ? " " : ":</b> ");
    }
    html_text(b, k->text);
    if (head)
        dci_buf_printf(b, "</%s>\n", tags[k->kind]);
    else if (!want)
        dci_buf_puts(b, "</p>\n");
}

static void render_html(dci_buf *b, const dci_doc *d)
{
    size_t i;
    int depth = 0;

    dci_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"de\">\n<head>\n<meta charset=\"utf-8\">\n"
                    "<title>Dokumentation der Digitaltauglichkeit: ");
    html_text(b, d->title ? d->title : "");
    dci_buf_printf(b, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", HTML_STYLE);
    for (i = 0; i < d->nblocks; i++)
        html_block(b, &d->blocks[i], &depth);
    html_lists(b, &depth, 0);
    dci_buf_puts(b, "</body>\n</html>\n");
}

/* ---- entry ---------------------------------------------------------------------- */

void dci_document_markdown(dci_buf *b, const digicheck_report *r)
{
    dci_doc d;

    memset(&d, 0, sizeof d);
    build(&d, r);
    if (d.oom)
        b->oom = 1;
    else
        render_markdown(b, &d);
    doc_free(&d);
}

int digicheck_report_document(const digicheck_report *r, int form, char **out, size_t *len,
                              digicheck_error *err)
{
    dci_doc d;
    dci_buf b = {0};
    int rc = DIGICHECK_OK;

    if (out)
        *out = NULL;
    if (len)
        *len = 0;
    if (!r || !out)
        return dci_error(err, DIGICHECK_EINVAL, "", 0, 0, "argument '%s' is NULL",
                         r ? "out" : "r");
    if (form < DIGICHECK_DOCUMENT_MARKDOWN || form > DIGICHECK_DOCUMENT_ODT)
        return dci_error(err, DIGICHECK_EINVAL, r->file, 0, 0, "argument 'form' is %d, not a "
                         "DIGICHECK_DOCUMENT_* value (MARKDOWN, HTML, ODT)", form);
    memset(&d, 0, sizeof d);
    build(&d, r);
    if (d.oom) {
        rc = dci_error(err, DIGICHECK_ENOMEM, r->file, 0, 0, "out of memory documenting");
        goto done;
    }
    if (form == DIGICHECK_DOCUMENT_ODT) {
        rc = dci_odf_write(&d, out, len, err);
        goto done;
    }
    if (form == DIGICHECK_DOCUMENT_HTML)
        render_html(&b, &d);
    else
        render_markdown(&b, &d);
    if (!(*out = dci_buf_detach(&b, len)))
        rc = dci_error(err, DIGICHECK_ENOMEM, r->file, 0, 0, "out of memory documenting");
done:
    doc_free(&d);
    return rc;
}
