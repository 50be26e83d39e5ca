/*
 * language.c -- the words of the rule language: the names of severities,
 * levels, scopes, groups, the places of `absent_in`, rule types and stages
 * (the enums of ruleset.h, with their German labels), and the categories a
 * rule may have, with the public
 * digicheck_category(). Every module that reads or writes these words uses
 * these tables; this module uses no other.
 */
#include "dci.h"
#include "ruleset.h"

static const char *const severity_names[] = { "info", "warning", "error", NULL };
const dci_names dci_severities = { DIGICHECK_SEVERITY_INFO, severity_names, NULL };
/* The levels of `levels:` and digicheck_ruleset_set_level(): off, then the
 * severities (0 is off; the others are DIGICHECK_SEVERITY_*). */
static const char *const level_names[] = { "off", "info", "warning", "error", NULL };
const dci_names dci_levels = { 0, level_names, NULL };
static const char *const group_names[] = { "sentence", "section", NULL };
const dci_names dci_groups = { DCI_GROUP_SENTENCE, group_names, NULL };
static const char *const place_names[] = { "scope", "cited", "definitions", "draft", NULL };
static const char *const place_labels[] = {
    "im Geltungsbereich", "in den zitierten Paragrafen", "in den Begriffsbestimmungen",
    "im ganzen Entwurf", NULL
};
const dci_names dci_absent_places = { DCI_IN_SCOPE, place_names, place_labels };
static const char *const scope_names[] = { "sentence", "paragraph", "section", "document", NULL };
static const char *const scope_labels[] = { "Satz", "Absatz", "Paragraf", "Dokument", NULL };
const dci_names dci_scopes = { DCI_SCOPE_SENTENCE, scope_names, scope_labels };
static const char *const type_names[] = {
    "pattern", "absence", "lua", "question", "relevance", NULL
};
const dci_names dci_rule_types = { DCI_RULE_PATTERN, type_names, NULL };
static const char *const stage_names[] = {
    "vorpruefung", "praxischeck", "aspekt", "interoperabilitaet", NULL
};
static const char *const stage_labels[] = {
    "Vorprüfung", "Praxischeck", "Prüffrage eines Schwerpunkts", "Interoperabilitätsbewertung",
    NULL
};
const dci_names dci_stages = { DCI_STAGE_VORPRUEFUNG, stage_names, stage_labels };

static const char *const categories[] = {
    "written-form", "signature", "personal-appearance", "original-document",
    "paper-or-post", "technology-lock-in", "proof-submission", "data-reuse", "vague-term",
    "discretion", "personal-data", "it-security", "accessibility", "interoperability",
    "question", NULL
};
/* Categories are kept as strings: the table only says which exist. */
const dci_names dci_categories = { 0, categories, NULL };

const char *digicheck_category(size_t i)
{
    return i < sizeof categories / sizeof *categories - 1 ? categories[i] : NULL;
}
