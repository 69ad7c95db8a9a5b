"""User-facing words the pipeline itself writes (not study labels, which come from the codebook): words,
column headings of the result tables and the words standing for a few coded values."""

from __future__ import annotations

import re

WORDS = {
    "total": {"nb": "Totalt", "en": "Total"},
    "percent_of_valid": {"nb": "Prosent av gyldige svar", "en": "Percent of valid answers"},
    "percent_of_all": {"nb": "Prosent av alle svar", "en": "Percent of all answers"},
    "dont_know": {"nb": "Vet ikke", "en": "Don't know"},
    "no_answer": {"nb": "Ikke svart", "en": "No answer"},
    "table": {"nb": "Tabell", "en": "Table"},
    "note": {"nb": "Merknad", "en": "Note"},
    "yes": {"nb": "Ja", "en": "Yes"},
    "no": {"nb": "Nei", "en": "No"},
    "and": {"nb": "og", "en": "and"},
    "or": {"nb": "eller", "en": "or"},
    # figures
    "all_respondents": {"nb": "Alle respondenter", "en": "All respondents"},
    "mean_rank": {"nb": "Gjennomsnittlig rang", "en": "Mean rank"},
    "expected_rank": {"nb": "stiplet: forventet rang uten forskjell, (n + 1)/2",
                      "en": "dashed: expected rank with no difference, (n + 1)/2"},
    "mean_ci": {"nb": "Gjennomsnitt med 95 % konfidensintervall", "en": "Mean with 95% confidence interval"},
    "wave": {"nb": "Bølge", "en": "Wave"},
    "statements": {"nb": "Antall utsagn (respondenter i parentes)",
                   "en": "Number of statements (respondents in parentheses)"},
    "omitted_levels": {"nb": "Ikke vist, for å verne respondentene (grupper med under {min_cell} svar og den nest "
                             "minste): {levels}",
                       "en": "Not shown, to protect respondents (groups under {min_cell} and the next smallest): "
                             "{levels}"},
    "hidden_level": {"nb": ": vises ikke (for få svar i gruppen)", "en": ": not shown (too few answers in the group)"},
    "significant": {"nb": "* p < {alpha} ({adjustment}); parvis utelatelse, n = {n}",
                    "en": "* p < {alpha} ({adjustment}); pairwise deletion, n = {n}"},
    "p": {"nb": "ujustert", "en": "unadjusted"},
    "p_holm": {"nb": "Holm-justert", "en": "Holm-adjusted"},
    "p_bh": {"nb": "Benjamini-Hochberg-justert", "en": "Benjamini-Hochberg-adjusted"},
    "p_bonferroni": {"nb": "Bonferroni-justert", "en": "Bonferroni-adjusted"},
    "rho": {"nb": "Spearmans rho", "en": "Spearman's rho"},
    "tau_b": {"nb": "Kendalls tau-b", "en": "Kendall's tau-b"},
}


def word(key: str, language: str) -> str:
    """The pipeline's word for `key` in `language`, English when the language is not translated."""
    entry = WORDS[key]
    return entry.get(language, entry["en"])


def _both(nb: str, en: str) -> dict[str, str]:
    return {"nb": nb, "en": en}


# Column headings of every result table (README "Outputs" documents the columns).
HEADINGS = {
    # codes and labels
    "item": _both("Spørsmål", "Item"),
    "label": _both("Beskrivelse", "Description"),
    "item_label": _both("Spørsmålstekst", "Item text"),
    "factor": _both("Faktor", "Factor"),
    "factor_label": _both("Faktornavn", "Factor name"),
    "group": _both("Gruppe", "Group"),
    "group_label": _both("Gruppenavn", "Group name"),
    "wave": _both("Bølge", "Wave"),
    "wave_label": _both("Bølgenavn", "Wave name"),
    "index": _both("Indeks", "Index"),
    "index_label": _both("Indeksnavn", "Index name"),
    "variable": _both("Variabel", "Variable"),
    "var1": _both("Variabel 1", "Variable 1"),
    "var2": _both("Variabel 2", "Variable 2"),
    "var1_label": _both("Variabel 1, tekst", "Variable 1, text"),
    "var2_label": _both("Variabel 2, tekst", "Variable 2, text"),
    "kind": _both("Type", "Kind"),
    "level1": _both("Nivå A", "Level A"),
    "level2": _both("Nivå B", "Level B"),
    "level1_label": _both("Nivå A, navn", "Level A, name"),
    "level2_label": _both("Nivå B, navn", "Level B, name"),
    "code": _both("Kode", "Code"),
    "level": _both("Nivå", "Level"),
    "status": _both("Status", "Status"),
    "column": _both("Felt", "Field"),
    "comment": _both("Regnes som kommentar", "Counts as comment"),
    "reversed": _both("Reversert", "Reversed"),
    "dropped_levels": _both("Utelatte nivåer", "Dropped levels"),
    "dimension": _both("Dimensjon", "Dimension"),
    "theme": _both("Tema", "Theme"),
    "concept": _both("Begrep", "Concept"),
    # counts
    "n": _both("n", "n"),
    "k": _both("k", "k"),
    "df": _both("df", "df"),
    "n_valid": _both("Gyldige svar", "Valid answers"),
    "n_missing": _both("Manglende", "Missing"),
    "n_dont_know": _both("Vet ikke", "Don't know"),
    "n1": _both("n A", "n A"),
    "n2": _both("n B", "n B"),
    "first_wave": _both("Første bølge", "First wave"),
    "last_wave": _both("Siste bølge", "Last wave"),
    "n_first": _both("n første bølge", "n first wave"),
    "n_last": _both("n siste bølge", "n last wave"),
    "count": _both("Antall", "Count"),
    "sent": _both("Sendt", "Sent"),
    "responded": _both("Svarte", "Responded"),
    "answered": _both("Besvart", "Answered"),
    "min_answered": _both("Minst besvart", "Minimum answered"),
    "statements": _both("Utsagn", "Statements"),
    "respondents": _both("Respondenter", "Respondents"),
    # statistics
    "mean": _both("Gjennomsnitt", "Mean"),
    "median": _both("Median", "Median"),
    "sd": _both("SD", "SD"),
    "mode": _both("Typetall", "Mode"),
    "q1": _both("1. kvartil", "Q1"),
    "q3": _both("3. kvartil", "Q3"),
    "iqr": _both("Kvartilbredde", "IQR"),
    "percent": _both("Prosent", "Percent"),
    "valid_percent": _both("Gyldig prosent", "Valid percent"),
    "agree_percent": _both("Øverste nivåer (%)", "Top levels (%)"),
    "agree_ci_low": _both("Øverste nivåer, KI nedre", "Top levels, CI low"),
    "agree_ci_high": _both("Øverste nivåer, KI øvre", "Top levels, CI high"),
    "disagree_percent": _both("Nederste nivåer (%)", "Bottom levels (%)"),
    "dont_know_percent": _both("Vet ikke (%)", "Don't know (%)"),
    "mean_weighted": _both("Gjennomsnitt, vektet", "Mean, weighted"),
    "sd_weighted": _both("SD, vektet", "SD, weighted"),
    "agree_percent_weighted": _both("Øverste nivåer (%), vektet", "Top levels (%), weighted"),
    "n_effective": _both("Effektiv n", "Effective n"),
    "deff": _both("Designeffekt", "Design effect"),
    "H": _both("H", "H"),
    "p": _both("p", "p"),
    "p_holm": _both("p (Holm)", "p (Holm)"),
    "p_bh": _both("p (BH)", "p (BH)"),
    "p_holm_test": _both("p (Holm, i testen)", "p (Holm, within test)"),
    "p_bonferroni_test": _both("p (Bonferroni, i testen)", "p (Bonferroni, within test)"),
    "epsilon_sq": _both("ε²", "ε²"),
    "eta_sq_h": _both("η²H", "η²H"),
    "mean_rank1": _both("Middelrang A", "Mean rank A"),
    "mean_rank2": _both("Middelrang B", "Mean rank B"),
    "z": _both("z", "z"),
    "rho": _both("ρ", "ρ"),
    "tau_b": _both("τb", "τb"),
    "ci_low": _both("KI nedre", "CI low"),
    "ci_high": _both("KI øvre", "CI high"),
    "alpha": _both("Cronbachs α", "Cronbach's α"),
    "alpha_ci_low": _both("α, KI nedre", "α, CI low"),
    "alpha_ci_high": _both("α, KI øvre", "α, CI high"),
    "item_rest_r": _both("r spørsmål–rest", "Item-rest r"),
    "alpha_if_deleted": _both("α uten spørsmålet", "α if deleted"),
    "median_first": _both("Median første bølge", "Median first wave"),
    "median_last": _both("Median siste bølge", "Median last wave"),
    "mean_first": _both("Gjennomsnitt første bølge", "Mean first wave"),
    "mean_last": _both("Gjennomsnitt siste bølge", "Mean last wave"),
    "U": _both("U", "U"),
    "r": _both("r", "r"),
    "rank_biserial": _both("Rangbiseriell r", "Rank-biserial r"),
}

# Columns not listed above, by name pattern (per-level columns such as n_3, adjusted p-values); the heading
# of anything else is the column name itself, so a new column never breaks a table.
HEADING_PATTERNS = (
    (r"^n_(.+)$", _both("n {0}", "n {0}")),
    (r"^mean_rank_(.+)$", _both("Middelrang {0}", "Mean rank {0}")),
    (r"^p_(.+)$", _both("p ({0})", "p ({0})")),
)

# Coded values shown as words, per column; booleans become yes/no.
VALUES = {
    "kind": {"item-item": _both("spørsmål–spørsmål", "item–item"),
             "item-covariate": _both("spørsmål–kovariat", "item–covariate")},
    "status": {"valid": _both("gyldig", "valid"), "dont_know": _both("vet ikke", "don't know"),
               "declared_missing": _both("oppgitt manglende", "declared missing"),
               "blank": _both("ikke svart", "no answer")},
    "level": {"dimension": _both("dimensjon", "dimension"), "theme": _both("tema", "theme"),
              "concept": _both("begrep", "concept")},
}


def heading(column: str, language: str) -> str:
    """The heading of a result-table column in `language` (English when untranslated)."""
    if column in HEADINGS:
        return HEADINGS[column].get(language, HEADINGS[column]["en"])
    for pattern, entry in HEADING_PATTERNS:
        match = re.match(pattern, column)
        if match:
            return entry.get(language, entry["en"]).format(*match.groups())
    return column


def value_word(column: str, value: str, language: str) -> str:
    """The word for a coded value of `column` (VALUES), the value itself when it has none."""
    entry = VALUES.get(column, {}).get(value)
    return entry.get(language, entry["en"]) if entry else value
