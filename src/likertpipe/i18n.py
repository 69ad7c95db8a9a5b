"""Every user-facing word the pipeline itself writes, in every language, and the locale rules.

Study labels are not here: they come from the codebook (likertpipe.codebook.text). Everything else a reader
sees in a rendering is: words of figures and cells (WORDS), column headings (HEADINGS, HEADING_PATTERNS), coded
values shown as words (VALUES), table titles and notes (TITLES, NOTES), figure notes (FIGURE_NOTES) and the
sentences of the results text (SENTENCES), each entry in every language of LANGUAGES (tests/test_i18n.py checks
that). A language not in LANGUAGES falls back to FALLBACK.

The locale rules (decimal mark, separator between numbers, quotes, percent) are written once, below, as
functions the formatting code calls (likertpipe.tables, likertpipe.figures.style, likertpipe.summary); no
other module knows which language writes a decimal comma. Thousands are not grouped in any language
(counts are printed as plain digits: "1234"). Adding a language means adding its entry to every catalogue
here and to the rules, nothing else.

Nothing of likertpipe is imported here: this module is the bottom of the rendering layer.
"""

from __future__ import annotations

import re

LANGUAGES = ("nb", "en")
FALLBACK = "en"


def _in(entry: dict[str, str], language: str):
    """`entry` in `language`, FALLBACK when the language is not translated."""
    return entry.get(language, entry[FALLBACK])


def _both(nb: str, en: str) -> dict[str, str]:
    return {"nb": nb, "en": en}


# --- Locale rules -------------------------------------------------------------------------------------------

DECIMAL_MARK = {"nb": ",", "en": "."}
# Between numbers in one line ("H = 3,20; df = 2"): a semicolon where the comma is the decimal mark.
NUMBER_SEPARATOR = {"nb": "; ", "en": ", "}
QUOTES = {"nb": ("«", "»"), "en": ("“", "”")}
# Quotation marks within a quotation (Språkrådet; Chicago Manual of Style 6.11).
INNER_QUOTES = {"nb": ("‘", "’"), "en": ("‘", "’")}
PERCENT = {"nb": "{} %", "en": "{}%"}


def with_decimal_mark(number: str, language: str) -> str:
    """A number written with "." (as Python writes it) in `language`'s decimal mark: the one place a
    decimal comma is produced."""
    return number.replace(".", _in(DECIMAL_MARK, language))


def number_separator(language: str) -> str:
    """What separates numbers written in one line, e.g. the statistics of a figure panel's title."""
    return _in(NUMBER_SEPARATOR, language)


def quote(label: str, language: str) -> str:
    """`label` in `language`'s quotation marks; quotation marks inside it become its INNER_QUOTES («Stillingstittel
    ‘kommunalsjef’»), straight double quotes taken as opening and closing in turn."""
    left, right = _in(QUOTES, language)
    inner_left, inner_right = _in(INNER_QUOTES, language)
    for opening, closing in QUOTES.values():
        label = label.replace(opening, inner_left).replace(closing, inner_right)
    parts = label.split('"')
    if len(parts) % 2:  # pairs of straight quotes
        label = "".join(part + (inner_left if i % 2 == 0 else inner_right) * (i < len(parts) - 1)
                        for i, part in enumerate(parts))
    return f"{left}{label}{right}"


def percent(number: str, language: str) -> str:
    """An already formatted number as a percent in `language` ("68,8 %", "68.8%")."""
    return _in(PERCENT, language).format(number)


# --- Words of figures and cells -----------------------------------------------------------------------------

WORDS = {
    "total": {"nb": "Totalt", "en": "Total"},
    "percent_of_valid": {"nb": "Prosent av gyldige svar", "en": "Percent of valid answers"},
    "percent_of_all": {"nb": "Prosent av alle svar", "en": "Percent of all answers"},
    "dont_know": {"nb": "Vet ikke", "en": "Don't know"},
    "no_answer": {"nb": "Ikke svart", "en": "No answer"},
    "table": {"nb": "Tabell", "en": "Table"},
    "figure": {"nb": "Figur", "en": "Figure"},
    "note": {"nb": "Merknad", "en": "Note"},
    "yes": {"nb": "Ja", "en": "Yes"},
    "no": {"nb": "Nei", "en": "No"},
    "holm_adjusted": {"nb": "Holm-justert", "en": "Holm-adjusted"},
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
    "omitted_levels": {"nb": "Ikke vist, for å verne respondentene (grupper med under {min_cell} svar, og grupper "
                             "skjult så de ikke kan regnes ut av de andre): {levels}",
                       "en": "Not shown, to protect respondents (groups under {min_cell}, and groups hidden so "
                             "that those cannot be worked out from the others): {levels}"},
    "hidden_level": {"nb": ": vises ikke (for få svar i gruppen, eller skjult for å verne en annen gruppe)",
                     "en": ": not shown (too few answers in the group, or hidden to protect another group)"},
    "significant": {"nb": "* p < {alpha} ({adjustment}); parvis utelatelse, n = {n}",
                    "en": "* p < {alpha} ({adjustment}); pairwise deletion, n = {n}"},
    "p": {"nb": "ujustert", "en": "unadjusted"},
    "p_holm": {"nb": "Holm-justert", "en": "Holm-adjusted"},
    "p_bh": {"nb": "Benjamini-Hochberg-justert", "en": "Benjamini-Hochberg-adjusted"},
    "p_bonferroni": {"nb": "Bonferroni-justert", "en": "Bonferroni-adjusted"},
    "rho": {"nb": "Spearmans ρ", "en": "Spearman's ρ"},
    "tau_b": {"nb": "Kendalls τb", "en": "Kendall's τb"},
    "neutral": {"nb": "Midtpunktet: prosent av gyldige svar", "en": "Midpoint: percent of valid answers"},
    "nothing_shown": {"nb": "Ingen grupper kan vises.", "en": "No group can be shown."},
    "rank_interval": {"nb": "strek: gjennomsnittlig rang ± 1,96 standardfeil når gruppene ikke er forskjellige "
                            "(normaltilnærming, uten korreksjon for like svar; ujustert); n: svar i gruppen; aksen "
                            "viser hele rangområdet, 1 til n",
                      "en": "line: mean rank ± 1.96 standard errors when the groups do not differ (normal "
                            "approximation, no correction for ties; unadjusted); n: answers in the group; the axis "
                            "spans the full range of ranks, 1 to n"},
    "codes_only": {"nb": "Spørsmålene ved koden; teksten står i fordelingsfiguren og tabellene.",
                   "en": "Items by their code; their wording is in the distribution figure and the tables."},
    "more_themes": {"nb": "{count} temaer til med færre utsagn står i tabellen.",
                    "en": "{count} more themes with fewer statements are in the table."},
    "part": {"nb": "del {page} av {pages}", "en": "part {page} of {pages}"},
    "percent_yes": {"nb": "Prosent ja av gyldige svar, med 95 % KI (Wilson)",
                    "en": "Percent yes of valid answers, with 95% CI (Wilson)"},
    # the sample table
    "characteristic": {"nb": "Kjennetegn", "en": "Characteristic"},
    "missing_answer": {"nb": "Mangler", "en": "Missing"},
    "mean_sd": {"nb": "Gjennomsnitt (SD)", "en": "Mean (SD)"},
    "median_quartiles": {"nb": "Median (kvartiler)", "en": "Median (quartiles)"},
    "everyone": {"nb": "Alle", "en": "All"},
    # the results page (likertpipe.results_page) and the labels of the figures in the Snakemake report
    "tables": {"nb": "Tabeller", "en": "Tables"},
    "figures": {"nb": "Figurer", "en": "Figures"},
    "title": {"nb": "Tittel", "en": "Title"},
    "data": {"nb": "Datagrunnlag", "en": "Data"},
    "answer_states": {"nb": "Svar per spørsmål etter status, slik rensingen fant dem",
                      "en": "Answers per item by state, as the cleaning found them"},
}


# --- Result tables: headings and coded values ------------------------------------------------------------

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
    "pooled_levels": _both("Sammenslåtte skjulte nivåer", "Pooled hidden levels"),
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
    "n_declared_missing": _both("Oppgitt manglende", "Declared missing"),  # tables.answer_states
    "n_blank": _both("Ikke svart", "No answer"),
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
    "mean_rank": _both("Middelrang", "Mean rank"),
    "magnitude": _both("Effekt", "Effect"),
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
    "n_yes": _both("n ja", "n yes"),
    "percent_yes": _both("Prosent ja", "Percent yes"),
    "n_group": _both("n i gruppen", "n in group"),
    "n_test": _both("n i testen", "n in the test"),
    "test": _both("Test", "Test"),
    "statistic": _both("Testobservator", "Statistic"),
    "cramers_v": _both("Cramérs V", "Cramér's V"),
    "note": _both("Merknad", "Note"),
    "test_note": _both("Merknad til testen", "Note on the test"),
    # models (likertpipe.ordinal_models, trend, change_models)
    "outcome": _both("Utfall", "Outcome"),
    "outcome_label": _both("Utfall, tekst", "Outcome, text"),
    "predictor": _both("Forklaringsvariabel", "Predictor"),
    "predictor_label": _both("Forklaringsvariabel, navn", "Predictor, name"),
    "level_label": _both("Nivå, navn", "Level, name"),
    "reference": _both("Referanse", "Reference"),
    "reference_label": _both("Referanse, navn", "Reference, name"),
    "estimate": _both("Estimat", "Estimate"),
    "se": _both("SE", "SE"),
    "odds_ratio": _both("Oddsratio", "Odds ratio"),
    "chi2": _both("Kjikvadrat", "Chi-square"),
    "J": _both("J", "J"),
    "expected": _both("E(J)", "E(J)"),
    "variance": _both("Var(J)", "Var(J)"),
    "direction": _both("Retning", "Direction"),
    "contrast": _both("Kontrast", "Contrast"),
    "comparison": _both("Sammenligning", "Comparison"),
    "role": _both("Rolle", "Role"),
    "clusters": _both("Klynger", "Clusters"),
    "p_cr1": _both("p (CR1)", "p (CR1)"),
    "ci_low_cr1": _both("KI nedre (CR1)", "CI low (CR1)"),
    "ci_high_cr1": _both("KI øvre (CR1)", "CI high (CR1)"),
    "weights": _both("Bootstrapvekter", "Bootstrap weights"),
    "draws": _both("Trekninger", "Draws"),
    "r": _both("r", "r"),
    "rank_biserial": _both("Rangbiseriell r", "Rank-biserial r"),
}

# The headings of the tables shown narrow enough for a portrait page (likertpipe.tables.shown_columns,
# yes_no_reading): APA's symbols (n, M, Mdn, SD, V) where HEADINGS has words.
SHORT_HEADINGS = {
    "n_valid": _both("n", "n"),
    "n_missing": _both("Mangler", "Missing"),
    "mean": _both("M", "M"),
    "median": _both("Mdn", "Mdn"),
    "percent_yes": _both("% ja", "% yes"),
    "cramers_v": _both("V", "V"),
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
    "test": {"chi_square": _both("kjikvadrat", "chi-square"), "fisher": _both("Fishers eksakte", "Fisher's exact"),
             "kruskal_wallis": _both("Kruskal-Wallis", "Kruskal-Wallis"),
             "lr": _both("likelihood-ratio", "likelihood ratio"),
             "proportional_odds": _both("proporsjonale odds", "proportional odds")},
    "direction": {"increasing": _both("stigende", "increasing"), "decreasing": _both("synkende", "decreasing"),
                  "none": _both("ingen", "none")},
    "contrast": {"first_last": _both("første mot siste bølge", "first against last wave"),
                 "trend": _both("lineær trend over bølgene", "linear trend over the waves")},
    "comparison": {"difference": _both("forskjell i endring", "difference in change"),
                   "change": _both("gruppens endring", "the group's change")},
    "role": {"primary": _both("hovedsammenligning", "primary"), "secondary": _both("sekundær", "secondary")},
    "weights": {"webb": _both("Webb", "Webb"), "rademacher": _both("Rademacher", "Rademacher")},
    "note": {"no_respondents": _both("ingen respondenter", "no respondents"),
             "no_answers": _both("ingen svar", "no answers"),
             "too_few": _both("under to svar", "fewer than two answers"),
             "one_level": _both("bare ett nivå har svar", "one level only has answers"),
             "pooled_one_group": _both("bare én gruppe når de skjulte nivåene slås sammen",
                                       "one group only once the hidden levels are pooled"),
             "no_variation": _both("alle svar er like", "every answer is equal"),
             "exact_too_large": _both("for stor for eksakt test: kjikvadrat",
                                      "too large for the exact test: chi-square"),
             "by_factor": _both("faktoren tabellen er delt etter", "the factor the table is broken down by")},
}
VALUES["test_note"] = VALUES["note"]
# Why a proportional-odds model (likertpipe.ordinal_models) has no estimate or a test of it none: the tables'
# `note` holds the English sentence (`model_note(key, "en", ...)`), the renderings show it in their language
# (`value_word("note", ...)` recognises the English sentence; a {reason} is itself one of these notes).
MODEL_NOTES = {
    "answer_levels": _both("{used} svarnivå brukt: ingen modell", "{used} answer level used: no model"),
    "too_few": _both("{n} respondenter for {parameters} parametre: for få (minst {min_n} og to per parameter)",
                     "{n} respondents for {parameters} parameters: too few (at least {min_n} and two per "
                     "parameter)"),
    "no_reference": _both("ingen på referansenivået for {factors}: velg en annen referanse",
                          "nobody at the reference level of {factors}: choose another reference"),
    "separation_highest": _both("separasjon: alle svar på nivå {level} av {factor} er på det høyeste svarnivået, "
                                "så oddsratioen er uendelig; ikke estimert",
                                "separation: every answer at level {level} of {factor} is at the highest answer "
                                "level, so its odds ratio is infinite; not estimated"),
    "separation_lowest": _both("separasjon: alle svar på nivå {level} av {factor} er på det laveste svarnivået, "
                               "så oddsratioen er uendelig; ikke estimert",
                               "separation: every answer at level {level} of {factor} is at the lowest answer "
                               "level, so its odds ratio is infinite; not estimated"),
    "diverges": _both("separasjon: et estimat divergerer (en oddsratio over e^10); ikke estimert",
                      "separation: an estimate diverges (an odds ratio beyond e^10); not estimated"),
    "small_level": _both("færre enn {min_cell} respondenter på nivå {level} av {factor} blant modellens rader: "
                         "ikke estimert (for å verne respondentene)",
                         "fewer than {min_cell} respondents at level {level} of {factor} among the model's rows: "
                         "not estimated (disclosure control)"),
    "empty_level": _both("ingen på nivå {level} av {factor} blant modellens rader: utelatt",
                         "nobody at level {level} of {factor} in the model's rows: left out"),
    "one_level": _both("{factor} har ett nivå blant modellens rader: ingenting å teste",
                       "{factor} has one level in the model's rows: nothing to test"),
    "one_cut": _both("to svarnivåer (ett skjæringspunkt): ingenting å sjekke",
                     "two answer levels (one cut-point): nothing to check"),
    "not_estimated": _both("ikke estimert: {reason}", "not estimated: {reason}"),
    "without": _both("modellen uten {factor}: {reason}", "the model without {factor}: {reason}"),
    "nominal": _both("modellen med effekter av {factor} som varierer mellom skjæringspunktene: {reason}",
                     "the model with cut-point-specific effects of {factor}: {reason}"),
    "singular": _both("informasjonsmatrisen er singulær", "the information matrix is singular"),
    "no_convergence": _both("tilpasningen konvergerer ikke", "the fit does not converge"),
    "zero_probability": _both("startverdiene gir et svar sannsynlighet null",
                              "the starting values give an answer probability of zero"),
    "separation": _both("separasjon", "separation"),
    "effect_diverges": _both("separasjon (en effekt divergerer)", "separation (an effect diverges)"),
}
_MODEL_NOTE_PATTERNS = {key: re.compile("".join(f"(?P<{part[1:-1]}>.+?)" if part.startswith("{") else re.escape(part)
                                                for part in re.split(r"(\{\w+\})", entry[FALLBACK])))
                        for key, entry in MODEL_NOTES.items()}
# Effect sizes in words (likertpipe.formatting.magnitude: Field 2013, Cohen 1988).
VALUES["magnitude"] = {"very_small": _both("svært liten", "very small"), "small": _both("liten", "small"),
                       "medium": _both("middels", "medium"), "large": _both("stor", "large")}


# --- Titles and notes of the rendered tables --------------------------------------------------------------
# Notes name columns by their displayed headings (HEADINGS) in the same language.

TITLES = {
    "sample": {"nb": "Utvalget", "en": "The sample"},
    "yes_no": {"nb": "Ja/nei-spørsmål", "en": "Yes/no questions"},
    "response_rates": {"nb": "Svarprosent etter gruppe i utvalgsrammen",
                       "en": "Response rate by sampling-frame group"},
    "descriptives": {"nb": "Beskrivende statistikk per spørsmål", "en": "Descriptive statistics per item"},
    "frequencies": {"nb": "Svarfordeling per spørsmål", "en": "Answer distribution per item"},
    "descriptives_weighted": {"nb": "Vektet beskrivende statistikk per spørsmål",
                              "en": "Weighted descriptive statistics per item"},
    "indices": {"nb": "Indekser", "en": "Indices"},
    "reliability": {"nb": "Reliabilitet av indeksene", "en": "Reliability of the indices"},
    "kruskal_wallis": {"nb": "Kruskal-Wallis-tester etter gruppe", "en": "Kruskal-Wallis tests by group"},
    "mean_ranks": {"nb": "Middelrang per gruppe i Kruskal-Wallis-testene",
                   "en": "Mean rank per group in the Kruskal-Wallis tests"},
    "dunn": {"nb": "Dunns parvise sammenligninger", "en": "Dunn's pairwise comparisons"},
    "correlations": {"nb": "Rangkorrelasjoner", "en": "Rank correlations"},
    "open_text": {"nb": "Åpne svar", "en": "Open answers"},
    "descriptives_by_wave": {"nb": "Beskrivende statistikk per bølge", "en": "Descriptive statistics by wave"},
    "indices_by_wave": {"nb": "Indekser per bølge", "en": "Indices by wave"},
    "kruskal_wallis_by_wave": {"nb": "Kruskal-Wallis-tester etter gruppe innen hver bølge",
                               "en": "Kruskal-Wallis tests by group within each wave"},
    "mean_ranks_by_wave": {"nb": "Middelrang per gruppe i Kruskal-Wallis-testene innen hver bølge",
                           "en": "Mean rank per group in the Kruskal-Wallis tests within each wave"},
    "wave_change": {"nb": "Endring fra første til siste bølge", "en": "Change from the first to the last wave"},
    "trend": {"nb": "Trend over ordnede grupper (Jonckheere-Terpstra)",
              "en": "Trend across ordered groups (Jonckheere-Terpstra)"},
    "models": {"nb": "Proporsjonale odds-modeller: justerte oddsratioer",
               "en": "Proportional-odds models: adjusted odds ratios"},
    "model_tests": {"nb": "Proporsjonale odds-modeller: likelihood-ratio-tester og test av proporsjonale odds",
                    "en": "Proportional-odds models: likelihood-ratio tests and proportional-odds checks"},
    "difference_in_change": {"nb": "Forskjell i endring mellom gruppene og hver gruppes endring",
                             "en": "Difference in change between groups and each group's change"},
    "coding_tally": {"nb": "Koding av åpne svar: utsagn per dimensjon, tema og begrep",
                     "en": "Coding of open answers: statements per dimension, theme and concept"},
}

def _with(texts: dict[str, str], *parts: dict[str, str]) -> dict[str, str]:
    """A note in every language: `texts`, then the shared sentences `parts` (_ADJUSTED, _HIDDEN, ...)."""
    return {language: " ".join([text, *(part[language] for part in parts)]) for language, text in texts.items()}


_HIDDEN = {
    "en": "':' = hidden: based on fewer than min_cell respondents, or hidden so that such a figure cannot be "
          "recovered from the others.",
    "nb": "':' = skjult: bygger på færre enn min_cell respondenter, eller skjult så et slikt tall ikke kan "
          "regnes ut av de andre.",
}
_ADJUSTED = {
    "en": "p (Holm), p (BH): adjusted by Holm and by Benjamini-Hochberg within the configured family.",
    "nb": "p (Holm), p (BH): justert etter Holm og etter Benjamini-Hochberg innen konfigurert familie.",
}

# Why a statistic is empty (NaN in the CSV): the degenerate cases, never an out-of-range value.
_NO_TEST = {
    "en": "Empty H, df and p: no test (no answers, fewer than two levels with answers, or every answer equal).",
    "nb": "Tom H, df og p: ingen test (ingen svar, færre enn to nivåer med svar, eller like svar).",
}

# The columns of describe.descriptives, which descriptives_by_wave repeats per wave and group.
_DESCRIPTIVES = {
    "en": "Valid answers: answers on the scale. Missing: respondents without one, don't know included; don't "
          "know never enters a statistic. Mean, SD (n-1), median and quartiles (SPSS weighted average) over "
          "valid answers. Top/bottom levels: the two highest/lowest levels (one on scales of two or three "
          "levels), percent of valid answers; CI: 95% Wilson interval. Don't know (%): of all respondents."
          + " Empty SD: fewer than two valid answers; empty mean, median, quartiles and percentages: none.",
    "nb": "Gyldige svar: svar på skalaen. Manglende: respondenter uten slikt svar, inkludert «vet ikke», som "
          "aldri inngår i en beregning. Gjennomsnitt, SD (n-1), median og kvartiler (SPSS vektet "
          "gjennomsnitt) av gyldige svar. Øverste/nederste nivåer: de to høyeste/laveste nivåene (ett på "
          "skalaer med to eller tre nivåer), prosent av gyldige svar; KI: 95 % Wilson-intervall. "
          "Vet ikke (%): av alle respondenter."
          + " Tom SD: færre enn to gyldige svar; tomt gjennomsnitt, median, kvartiler og prosenter: ingen.",
}

# The tests of a Kruskal-Wallis table (likertpipe.tables.kruskal_tests) and their levels' mean ranks.
_KRUSKAL = {
    "en": "n: respondents with a valid answer and a level (don't know and missing left out). H with tie "
          "correction, df = k - 1 (k: levels with answers). ε² = H/(n-1); effect in words by Field (2013): very "
          "small below 0.01, small from 0.01, medium from 0.06, large from 0.14. The n and mean rank of each "
          "level are in the next table; η²H and the dropped levels' codes in the CSV.",
    "nb": "n: respondenter med gyldig svar og nivå («vet ikke» og manglende utelatt). H korrigert for like "
          "verdier, df = k - 1 (k: nivåer med svar). ε² = H/(n-1); effekt i ord etter Field (2013): svært liten "
          "under 0,01, liten fra 0,01, middels fra 0,06, stor fra 0,14. n og middelrang for hvert nivå står i "
          "neste tabell; η²H og kodene til utelatte nivåer i CSV-filen.",
}
_RANKS = _with({
    "en": "Per Kruskal-Wallis test of the previous table, every level of the factor: n (valid answers) and mean "
          "rank (1 = the lowest answer among the test's n). A level with n = 0 has no mean rank and is left out "
          "of the test.",
    "nb": "Per Kruskal-Wallis-test i forrige tabell, hvert nivå av faktoren: n (gyldige svar) og middelrang "
          "(1 = laveste svar blant testens n). Et nivå med n = 0 har ingen middelrang og er utelatt fra testen.",
}, _HIDDEN)

# The descriptives and the yes/no table as the documents show them (likertpipe.tables.shown_columns,
# yes_no_reading): the columns left out are named, with the CSV that holds them.
_DESCRIPTIVES_READING = _with({
    "en": "n: valid answers (answers on the scale); missing: respondents without one, don't know included (don't "
          "know never enters a statistic). M (mean), SD (n-1) and Mdn (median) over valid answers. Top levels "
          "(%): the two highest levels (one on scales of two or three levels), percent of valid answers. The "
          "mode, quartiles, the 95% Wilson interval of the top levels, the bottom levels and don't know (%) are "
          "in descriptives.csv. Empty SD: fewer than two valid answers; empty mean, median and percent: none.",
    "nb": "n: gyldige svar (svar på skalaen); mangler: respondenter uten slikt svar, inkludert «vet ikke» (som "
          "aldri inngår i en beregning). M (gjennomsnitt), SD (n-1) og Mdn (median) av gyldige svar. Øverste "
          "nivåer (%): de to høyeste nivåene (ett på skalaer med to eller tre nivåer), prosent av gyldige svar. "
          "Typetall, kvartiler, 95 % Wilson-intervall for øverste nivåer, nederste nivåer og «vet ikke» (%) står "
          "i descriptives.csv. Tom SD: færre enn to gyldige svar; tomt gjennomsnitt, median og prosent: ingen.",
}, _HIDDEN)
_YES_NO_READING = _with({
    "en": "Per question its valid answers (n) and percent yes of them (% yes) with the 95% Wilson interval (CI low, "
          "CI high); under it, per factor the test against the factor's levels (chi-square, or Fisher's exact test "
          "when expected counts are small, with Cramér's V; p (Holm): adjusted within the table), then each "
          "level. n yes, p, p (BH), the statistic and df are in yes_no.csv.",
    "nb": "Per spørsmål gyldige svar (n) og prosent ja av dem (% ja) med 95 % Wilson-intervall (KI nedre, KI øvre); "
          "under det, per faktor testen mot faktorens nivåer (kjikvadrat, eller Fishers eksakte test når "
          "forventede antall er små, med Cramérs V; p (Holm): justert innen tabellen), så hvert nivå. n ja, p, "
          "p (BH), testobservator og df står i yes_no.csv.",
}, _HIDDEN)


NOTES = {
    "sample": _with({
        "en": "Factors: n (percent of valid answers); covariates: mean (SD) and median (quartiles); yes/no questions: "
              "n yes (percent of valid answers). Test of each row against the groups: chi-square, or Fisher's exact "
              "test when expected counts are small (Cochran), with Cramér's V; Kruskal-Wallis for covariates; p "
              "Holm-adjusted within the table.",
        "nb": "Faktorer: n (prosent av gyldige svar); kovariater: gjennomsnitt (SD) og median (kvartiler); "
              "ja/nei-spørsmål: n ja (prosent av gyldige svar). Test av hver rad mot gruppene: kjikvadrat, eller "
              "Fishers eksakte test når forventede antall er små (Cochran), med Cramérs V; Kruskal-Wallis for "
              "kovariater; p Holm-justert innen tabellen.",
    }, _HIDDEN),
    "yes_no": _YES_NO_READING,
    "descriptives": _DESCRIPTIVES_READING,
    "frequencies": {
        "en": "Percent: of all respondents. Valid percent: of valid answers (scale levels only).",
        "nb": "Prosent: av alle respondenter. Gyldig prosent: av gyldige svar (bare skalanivåer).",
    },
    "response_rates": _with({
        "en": "Sent: units in the sampling frame; responded: respondents; percent = responded / sent.",
        "nb": "Sendt: enheter i utvalgsrammen; svarte: respondenter; prosent = svarte / sendt.",
    }, _HIDDEN),
    "kruskal_wallis": _with(_KRUSKAL, _ADJUSTED, _HIDDEN, _NO_TEST),
    "mean_ranks": _RANKS,
    "mean_ranks_by_wave": _RANKS,
    "dunn": {
        "en": "Dunn's test with tie correction after each Kruskal-Wallis test with p < α, unadjusted (after every "
              "test when the run is configured with dunn: all); no rows: no such test. z from the mean ranks (A "
              "minus B), p two-sided. The levels' mean ranks are in the mean-rank table; p adjusted within each "
              "Kruskal-Wallis test (Holm, Bonferroni) and p (BH) are in dunn.csv. " + _ADJUSTED["en"]
              + " ':' = hidden: pairs with a level hidden in the Kruskal-Wallis table.",
        "nb": "Dunns test med korreksjon for like verdier etter hver Kruskal-Wallis-test med ujustert p < α (etter "
              "hver test når kjøringen er konfigurert med dunn: all); ingen rader: ingen slik test. z fra "
              "middelrangene (A minus B), tosidig p. Nivåenes middelranger står i tabellen over middelranger; p "
              "justert innen hver Kruskal-Wallis-test (Holm, Bonferroni) og p (BH) står i dunn.csv. "
              + _ADJUSTED["nb"] + " ':' = skjult: par med et nivå som er skjult i "
              "Kruskal-Wallis-tabellen.",
    },
    "correlations": {
        "en": "Rank correlation (Spearman's ρ or Kendall's τb) with pairwise deletion; n per pair; don't know "
              "left out. p from the t approximation (Spearman) or the normal approximation (Kendall). CI: 95% "
              "interval by the configured method (default Fieller, as SPSS). " + _ADJUSTED["en"]
              + " Empty coefficient and p: fewer than three pairs, or a variable with one value. A perfectly "
              "monotone pair (|ρ| = 1): p = 0 (t is infinite) and no interval; no interval either below 4 pairs "
              "(Kendall: 5).",
        "nb": "Rangkorrelasjon (Spearmans ρ eller Kendalls τb) med parvis utelatelse; n per par; «vet ikke» "
              "utelatt. p fra t-tilnærming (Spearman) eller normaltilnærming (Kendall). KI: 95 % intervall etter "
              "konfigurert metode (standard Fieller, som SPSS). " + _ADJUSTED["nb"]
              + " Tom koeffisient og p: færre enn tre par, eller en variabel med bare én verdi. Et perfekt "
              "monotont par (|ρ| = 1): p = 0 (t er uendelig) og intet intervall; intet intervall heller under 4 "
              "par (Kendall: 5).",
    },
    "descriptives_weighted": {
        "en": "Post-stratification weights by sampling-frame group (frame share / sample share, mean 1). "
              "Effective n: Kish's effective sample size; design effect = valid answers / effective n.",
        "nb": "Poststratifiseringsvekter etter gruppe i utvalgsrammen (andel i rammen / andel i utvalget, "
              "gjennomsnitt 1). Effektiv n: Kishs effektive utvalgsstørrelse; designeffekt = gyldige svar / "
              "effektiv n.",
    },
    "indices": {
        "en": "Index score: mean of the valid item answers (reversed items recoded), given when at least the "
              "minimum answered number of items is answered.",
        "nb": "Indeksskår: gjennomsnitt av gyldige svar på indeksens spørsmål (reverserte spørsmål omkodet), "
              "gitt når minst det oppgitte antallet spørsmål er besvart.",
    },
    "reliability": {
        "en": "Cronbach's α on respondents answering all the index's items, 95% Feldt interval. Item-rest r: "
              "correlation of the item with the sum of the other items."
              + " Empty α: fewer than two such respondents, or their sum scores do not vary; empty "
              "item-rest r: the item or the rest does not vary.",
        "nb": "Cronbachs α for respondenter som har svart på alle indeksens spørsmål, 95 % Feldt-intervall. "
              "r spørsmål–rest: korrelasjon mellom spørsmålet og summen av de andre."
              + " Tom α: færre enn to slike respondenter, eller sumskårene varierer ikke; tom r "
              "spørsmål–rest: spørsmålet eller resten varierer ikke.",
    },
    "open_text": {
        "en": "Counts only: the text of open answers is never copied to results.",
        "nb": "Bare antall: teksten i åpne svar kopieres aldri til resultatene.",
    },
    "descriptives_by_wave": _with({
        "en": "The descriptive statistics per item for each wave, for all respondents and per group.",
        "nb": "Beskrivende statistikk per spørsmål for hver bølge, for alle respondenter og per gruppe.",
    }, _DESCRIPTIVES, _HIDDEN),
    "indices_by_wave": {
        "en": "Per wave (and group): n index scores, mean, SD (n-1) and the 95% confidence interval of the mean."
              + " Empty SD and interval: fewer than two scores.",
        "nb": "Per bølge (og gruppe): n indeksskårer, gjennomsnitt, SD (n-1) og 95 % konfidensintervall for "
              "gjennomsnittet."
              + " Tom SD og intervall: færre enn to skårer.",
    },
    "kruskal_wallis_by_wave": _with({
        "en": "Kruskal-Wallis test between groups within each wave.",
        "nb": "Kruskal-Wallis-test mellom grupper innen hver bølge.",
    }, _KRUSKAL, _ADJUSTED, _HIDDEN, _NO_TEST),
    "wave_change": {
        "en": "Within each group, the first wave against the last: Mann-Whitney U test, two-sided p; effect sizes "
              "r and the rank-biserial correlation."
              + " Empty U, z, p and effect sizes: no answers in the first or the last wave; z, p and r also when "
              "every answer is equal. The waves' codes and medians, U, p, p (BH) and the rank-biserial correlation "
              "are in wave_change.csv.",
        "nb": "Innen hver gruppe, første bølge mot siste: Mann-Whitney U-test, tosidig p; effektstørrelser r og "
              "rangbiseriell korrelasjon."
              + " Tom U, z, p og effektstørrelser: ingen svar i første eller siste bølge; z, p og r også når "
              "alle svar er like. Bølgenes koder og medianer, U, p, p (BH) og rangbiseriell korrelasjon står i "
              "wave_change.csv.",
    },
    "trend": _with({
        "en": "Jonckheere-Terpstra test of a trend across the factor's ordered levels: J, its expectation and "
              "tie-corrected variance, z (normal approximation), two-sided p; τb: Kendall's tau-b between answer "
              "and level (the standardised effect). Hidden adjacent levels are pooled into one.",
        "nb": "Jonckheere-Terpstra-test av en trend over faktorens ordnede nivåer: J, forventning og "
              "varians korrigert for like verdier, z (normaltilnærming), tosidig p; τb: Kendalls tau-b mellom svar "
              "og nivå (standardisert effekt). Skjulte nabonivåer er slått sammen.",
    }, _ADJUSTED, _HIDDEN),
    "models": _with({
        "en": "Cumulative logit (proportional-odds) model of each item on all the predictors at once: odds ratio "
              "against the reference level (above 1: higher answers), adjusted for the other predictors, 95% "
              "Wald interval and p.",
        "nb": "Kumulativ logit-modell (proporsjonale odds) for hvert spørsmål med alle forklaringsvariablene "
              "samtidig: oddsratio mot referansenivået (over 1: høyere svar), justert for de andre, 95 % "
              "Wald-intervall og p.",
    }, _ADJUSTED, _HIDDEN),
    "model_tests": _with({
        "en": "Per item and predictor: likelihood-ratio test of the predictor (the model without it, same "
              "respondents), and the check of the proportional-odds assumption (the predictor's effects free to "
              "differ between cut-points; a small p says they differ).",
        "nb": "Per spørsmål og forklaringsvariabel: likelihood-ratio-test av variabelen (modellen uten den, samme "
              "respondenter), og test av antakelsen om proporsjonale odds (variabelens effekter kan variere "
              "mellom skjæringspunktene; liten p betyr at de gjør det).",
    }, _ADJUSTED, _HIDDEN),
    "difference_in_change": _with({
        "en": "Difference in change: the group's change minus the reference group's (mean answer or index score; "
              "first against last wave, and per wave as a linear trend): linear model with a group x wave "
              "interaction. The group's change: its own change in the same model. p and interval from the wild "
              "cluster bootstrap over the units (honest with few clusters; an empty interval is one the bootstrap "
              "does not bound, and a group's own change resting on its two or three units alone has almost no "
              "power); the CSV also has the CR1 cluster-robust p and interval (too optimistic with few clusters) "
              "and a note per row. The primary comparison was declared in advance and is adjusted on its own. "
              "Whether the groups would have changed alike without the trial cannot be tested.",
        "nb": "Forskjell i endring: gruppens endring minus referansegruppens (gjennomsnittlig svar eller "
              "indeksskår; første mot siste bølge, og per bølge som lineær trend): lineær modell med samspill "
              "gruppe x bølge. Gruppens endring: dens egen endring i samme modell. p og intervall fra wild cluster "
              "bootstrap over enhetene (ærlig med få klynger; et tomt intervall er et bootstrapen ikke avgrenser, "
              "og en gruppes egen endring som bare bygger på to eller tre enheter, har nesten ingen styrke); "
              "CSV-filen har også klyngerobust CR1-p og -intervall (for optimistisk med få klynger) og en merknad "
              "per rad. Hovedsammenligningen ble fastsatt på forhånd og justeres for seg. Om gruppene ville ha "
              "endret seg likt uten forsøket, kan ikke testes.",
    }, _ADJUSTED, _HIDDEN),
    "coding_tally": {
        "en": "Statements: coded statements; respondents: respondents with at least one. Each level (dimension, "
              "theme, concept) counted on its own; no text is shown.",
        "nb": "Utsagn: kodede utsagn; respondenter: respondenter med minst ett. Hvert nivå (dimensjon, tema, "
              "begrep) telt for seg; ingen tekst vises.",
    },
}


# Notes of figures drawn without some of their content.
FIGURE_NOTES = {
    "no_correlations": {
        "en": "No correlation to show: a correlation needs at least two items or covariates.",
        "nb": "Ingen korrelasjoner å vise: en korrelasjon krever minst to spørsmål eller kovariater.",
    },
    "trend_hidden": {
        "en": "Groups and waves with too few answers are left out (hidden to protect respondents).",
        "nb": "Grupper og bølger med for få svar er utelatt (skjult for å verne respondentene).",
    },
}


# Titles of the figures in the Word document ({factor}: the factor's label), by figure kind
# (likertpipe.figures.pages.page_names).
FIGURE_TITLES = {
    "yes_no": {"nb": "Ja/nei-spørsmål: andel ja med 95 % konfidensintervall",
               "en": "Yes/no questions: share of yes with 95% confidence interval"},
    "likert_distribution": {"nb": "Svarfordeling per spørsmål", "en": "Answer distribution per item"},
    "likert_by_factor": {"nb": "Svarfordeling etter {factor}", "en": "Answer distribution by {factor}"},
    "mean_ranks": {"nb": "Middelrang etter {factor} i Kruskal-Wallis-testene",
                   "en": "Mean ranks by {factor} in the Kruskal-Wallis tests"},
    "correlation_heatmap": {"nb": "Rangkorrelasjoner", "en": "Rank correlations"},
    "index_trend": {"nb": "Indekser per bølge", "en": "Indices by wave"},
    "coding_tally": {"nb": "Koding av åpne svar: utsagn per tema",
                     "en": "Coding of open answers: statements per theme"},
    "odds_ratios": {"nb": "Justerte oddsratioer med 95 % konfidensintervall (proporsjonale odds-modeller)",
                    "en": "Adjusted odds ratios with 95% confidence intervals (proportional-odds models)"},
}


# --- Sentences of the results text (likertpipe.summary) -----------------------------------------------------

SENTENCES = {
    "heading": _both("Resultater: {title}", "Results: {title}"),
    # section headings
    "main_results": _both("Hovedresultater", "Main results"),
    "tests": _both("Tester", "Tests"),
    "indices": _both("Indekser", "Indices"),
    "methods": _both("Metode", "Methods"),
    "cite": _both("Sitering", "How to cite"),
    # the main results
    "response": _both("{responded} av {sent} enheter i utvalgsrammen svarte ({percent}; {table}).",
                      "{responded} of the {sent} units in the sampling frame responded ({percent}; {table})."),
    "respondents": _both("{n} respondenter svarte.", "{n} respondents answered."),
    "sample": _both(" Utvalget er beskrevet i {table}.", " {table} describes the sample."),
    "most_agree": _both("Størst andel svar i de øverste nivåene{levels}: {items} ({table}).",
                        "Highest share of answers in the top levels{levels}: {items} ({table})."),
    "most_disagree": _both("Størst andel svar i de nederste nivåene{levels}: {items} ({table}).",
                           "Highest share of answers in the bottom levels{levels}: {items} ({table})."),
    "share": _both("{label} {percent} (n = {n})", "{label} {percent} (n = {n})"),
    "yes_share": _both("{label}: {percent} av {n} gyldige svar var ja (95 % KI {low}–{high}; {table}).",
                       "{label}: {percent} of {n} valid answers were yes (95% CI {low}–{high}; {table})."),
    "more": _both("og {count} til, se {table}.", "and {count} more, see {table}."),
    # the tests: a family's count, then its strongest significant tests or its smallest adjusted p
    "family": _both("{family} ({table}): {significant} av {computable} signifikante etter Holm-justering "
                    "(α = {alpha}){rest}.",
                    "{family} ({table}): {significant} of {computable} significant after Holm adjustment "
                    "(α = {alpha}){rest}."),
    "not_computed": _both("; {count} kunne ikke beregnes ({reasons})", "; {count} could not be computed ({reasons})"),
    "reason_count": _both("{reason}: {count}", "{reason}: {count}"),
    "test": _both("{what}: {effect}; n = {n}; Holm-justert {p}", "{what}: {effect}, n = {n}, Holm-adjusted {p}"),
    "finding": _both("{test}.", "{test}."),
    "smallest": _both("{test} (minste justerte p).", "{test} (the smallest adjusted p)."),
    "family_yes_no": _both("Ja/nei-spørsmål mot faktorene", "Yes/no questions against the factors"),
    "family_difference_in_change": _both("Forskjell i endring mellom gruppene", "Difference in change between groups"),
    "family_own_change": _both("Hver gruppes egen endring (samme modeller)",
                               "Each group's own change (the same models)"),
    "pair": _both("{a} og {b}", "{a} and {b}"),
    "by": _both("{item} etter {factor}", "{item} by {factor}"),
    "in_wave": _both("{test} i {wave}", "{test} in {wave}"),
    "levels_pair": _both("{test}, {a} mot {b}", "{test}, {a} against {b}"),
    "in_group": _both("{group}: {label} {first}–{last}", "{group}: {label} {first}–{last}"),
    "effect": _both("{symbol} = {value} ({size})", "{symbol} = {value} ({size})"),
    "change_means": _both("gjennomsnitt {first} til {last}", "mean {first} to {last}"),
    "odds_ratio": _both("{test}, {level} mot {reference}", "{test}, {level} against {reference}"),
    "difference_in_change": _both("{label}: {group} mot {reference}, {contrast}",
                                  "{label}: {group} against {reference}, {contrast}"),
    "estimate_interval": _both("forskjell {estimate} (95 % KI {low}–{high}, wild cluster bootstrap)",
                               "difference {estimate} (95% CI {low}–{high}, wild cluster bootstrap)"),
    "estimate_unbounded": _both("forskjell {estimate} (wild cluster bootstrap: intervallet er ubegrenset)",
                                "difference {estimate} (wild cluster bootstrap: the interval is unbounded)"),
    "own_change": _both("{label}: endringen i {group}, {contrast}", "{label}: the change in {group}, {contrast}"),
    "change_interval": _both("endring {estimate} (95 % KI {low}–{high}, wild cluster bootstrap)",
                             "change {estimate} (95% CI {low}–{high}, wild cluster bootstrap)"),
    "change_unbounded": _both("endring {estimate} (wild cluster bootstrap: intervallet er ubegrenset)",
                              "change {estimate} (wild cluster bootstrap: the interval is unbounded)"),
    # the primary comparison of the difference in change (config difference_in_change.primary)
    "primary": _both("Hovedsammenligningen, fastsatt på forhånd: {what}: {effect}, {p}; n = {n} ({table}).",
                     "The primary comparison, declared in advance: {what}: {effect}, {p}, n = {n} ({table})."),
    "primary_significant": _both("Forskjellen i endring er signifikant (α = {alpha}).",
                                 "The difference in change is significant (α = {alpha})."),
    "primary_not_significant": _both("Forskjellen i endring er ikke signifikant (α = {alpha}).",
                                     "The difference in change is not significant (α = {alpha})."),
    "primary_none": _both("Hovedsammenligningen, fastsatt på forhånd: {what}: kunne ikke beregnes ({reason}; "
                          "{table}).",
                          "The primary comparison, declared in advance: {what}: could not be computed ({reason}; "
                          "{table})."),
    # reasons a test could not be computed (with VALUES["note"])
    "too_few_pairs": _both("færre enn tre par", "fewer than three pairs"),
    "one_value": _both("en variabel med bare én verdi", "a variable with one value"),
    "no_wave_answers": _both("ingen svar i første eller siste bølge", "no answers in the first or the last wave"),
    "hidden_test": _both("skjult for å verne respondentene", "hidden to protect respondents"),
    "undefined": _both("ikke definert", "undefined"),
    # indices
    "index": _both("Indeksen {label} hadde gjennomsnitt {mean} (SD {sd}, n = {n}).",
                   "The index {label} had mean {mean} (SD {sd}, n = {n})."),
    "reliability": _both(" Cronbachs α = {alpha} (95 % KI {low}–{high}, n = {n}).",
                         " Cronbach's α = {alpha} (95% CI {low}–{high}, n = {n})."),
    # the methods paragraph, to paste into a paper: its sentences in this order, each when the tables ask for it
    "methods_software": _both("Analysene ble gjort med likertpipe {likertpipe} (Python {python}, Snakemake "
                              "{snakemake}, pandas {pandas}, NumPy {numpy}, SciPy {scipy}).",
                              "The analyses were run with likertpipe {likertpipe} (Python {python}, Snakemake "
                              "{snakemake}, pandas {pandas}, NumPy {numpy}, SciPy {scipy})."),
    "methods_missing": _both("«Vet ikke» og oppgitte manglende svar er holdt utenfor gjennomsnitt, rangeringer, tester "
                             "og korrelasjoner, og hver statistikk bygger på alle gyldige svar på variablene den "
                             "gjelder (parvis utelatelse; n er oppgitt for hver).",
                             "Don't know and declared missing answers are left out of means, ranks, tests and "
                             "correlations, and each statistic rests on all valid answers to the variables it "
                             "concerns (pairwise deletion; n is given for each)."),
    "methods_descriptives": _both("Standardavvik er beregnet med n − 1 og medianen som SPSS beregner den; andelen i "
                                  "de øverste nivåene har 95 % Wilson-intervall.",
                                  "Standard deviations use n − 1 and the median is computed as SPSS does; the share "
                                  "in the top levels has a 95% Wilson interval."),
    "methods_kruskal_wallis": _both("Forskjeller mellom gruppene er testet med Kruskal-Wallis' H-test med korreksjon "
                                    "for like verdier (p fra kjikvadratfordelingen; effektstørrelse ε², i ord etter "
                                    "Field (2013): {bounds}){dunn}.",
                                    "Differences between groups were tested with the Kruskal-Wallis H test corrected "
                                    "for ties (p from the chi-squared distribution; effect size ε², in words after "
                                    "Field (2013): {bounds}){dunn}."),
    "methods_dunn": _both(", fulgt av Dunns test med korreksjon for like verdier", ", followed by Dunn's test "
                          "corrected for ties"),
    "methods_spearman": _both("Sammenhenger er målt med Spearmans rangkorrelasjon ρ (p fra t-tilnærmingen; i ord "
                              "etter Cohen (1988): {bounds}).",
                              "Associations were measured with Spearman's rank correlation ρ (p from the t "
                              "approximation; in words after Cohen (1988): {bounds})."),
    "methods_kendall": _both("Sammenhenger er målt med Kendalls τb (p fra normaltilnærmingen).",
                             "Associations were measured with Kendall's τb (p from the normal approximation)."),
    "methods_yes_no": _both("Ja/nei-spørsmålene er testet mot faktorene med kjikvadrattest eller, ved små "
                            "forventede antall, Fishers eksakte test (Cramérs V, i ord etter Cohen (1988): {bounds}).",
                            "The yes/no questions were tested against the factors with the chi-squared test or, with "
                            "small expected counts, Fisher's exact test (Cramér's V, in words after Cohen (1988): "
                            "{bounds})."),
    "methods_wave_change": _both("Endringen fra første til siste bølge er testet med Mann-Whitney U-test "
                                 "(r = |z|/√n, i ord etter Cohen (1988): {bounds}).",
                                 "The change from the first to the last wave was tested with the Mann-Whitney U test "
                                 "(r = |z|/√n, in words after Cohen (1988): {bounds})."),
    "methods_trend": _both("Trender over ordnede grupper er testet med Jonckheere-Terpstras test (normaltilnærming "
                           "med korreksjon for like verdier; effektstørrelse Kendalls τb).",
                           "Trends across ordered groups were tested with the Jonckheere-Terpstra test (normal "
                           "approximation corrected for ties; effect size Kendall's τb)."),
    "methods_models": _both("Justerte forskjeller er estimert med proporsjonale odds-modeller (kumulativ logit) med "
                            "alle forklaringsvariablene samtidig (oddsratio med 95 % Wald-intervall).",
                            "Adjusted differences were estimated with proportional-odds (cumulative logit) models "
                            "of all the predictors at once (odds ratios with 95% Wald intervals)."),
    "methods_difference_in_change": _both("Forskjellen i endring mellom gruppene er estimert med lineære modeller med "
                                          "samspill gruppe x bølge; p og intervall kommer fra wild cluster bootstrap "
                                          "over enhetene, fordi klyngerobuste standardfeil er for små med få "
                                          "klynger. Hver gruppes egen endring er estimert i de samme modellene.",
                                          "The difference in change between groups was estimated with linear models "
                                          "with a group x wave interaction; p and interval come from a wild cluster "
                                          "bootstrap over the units, since cluster-robust standard errors are too "
                                          "small with few clusters. Each group's own change was estimated in the "
                                          "same models."),
    "methods_adjustment": _both("p-verdiene er justert for multippel testing med Holms metode {within}, og et resultat "
                                "kalles signifikant når Holm-justert p < {alpha}.",
                                "p-values were adjusted for multiple testing by Holm's method {within}, and a result "
                                "is called significant when its Holm-adjusted p < {alpha}."),
    "within_table": _both("innen hver tabell", "within each table"),
    "within_families": _both("innen familiene konfigurasjonen angir ({families})",
                             "within the families the configuration sets ({families})"),
    "methods_disclosure": _both("Tall som bygger på færre enn {min_cell} respondenter er skjult, og så mange andre at "
                                "de ikke kan regnes ut av de viste; testene slår de skjulte nivåene sammen til én "
                                "gruppe.",
                                "Figures resting on fewer than {min_cell} respondents are hidden, and enough others "
                                "that they cannot be worked out from those shown; the tests pool the hidden levels "
                                "into one group."),
    "bounds": _both("liten fra {small}, middels fra {medium}, stor fra {large}",
                    "small from {small}, medium from {medium}, large from {large}"),
    "citation": _both("Siter programvaren som: likertpipe developers, *likertpipe* (versjon {version}) [programvare] "
                      "(CITATION.cff i kildekoden).",
                      "Cite the software as: likertpipe developers, *likertpipe* (version {version}) [software] "
                      "(CITATION.cff in the source)."),
}


# --- The cleaning report (likertpipe.cleaning_report), in the study's language --------------------------------
# Local working material; the warnings in it are the checks' messages, in English as every message is.

CLEANING_REPORT = {
    "title": _both("# Rensingsrapport: {study}", "# Cleaning report: {study}"),
    "inputs": _both("## Inndata", "## Inputs"),
    "input": _both("- {role}: `{name}` (SHA-256 `{digest}`)", "- {role}: `{name}` (SHA-256 `{digest}`)"),
    "reading": _both("## Lesing av eksporten", "## Reading the export"),
    "read_as": _both("- Lest som {layout}; svarene starter på rad {row}.",
                     "- Read as {layout}; answers start on row {row}."),
    "dropped": _both("- Metadatakolonner fra undersøkelsesplattformen fjernet ved lesing (aldri lagret eller "
                     "analysert): {columns}.",
                     "- Survey-platform metadata columns dropped at reading (never stored or analysed): {columns}."),
    "na_cells": _both("- Celler lest som tomme fordi de inneholder en av kodebokens na_values: {cells} (telt som "
                      "ikke svart nedenfor).",
                      "- Cells read as empty because they hold one of the codebook's na_values: {cells} (counted "
                      "as blank below)."),
    "na_cell": _both("`{text}`: {cells} celle(r) i {columns} kolonne(r)", "`{text}`: {cells} cell(s) in {columns} "
                     "column(s)"),
    "row_ids": _both("- Eksporten har ingen id-kolonne: hver respondents id (`{column}`) er radnummeret i eksporten.",
                     "- The export has no id column: each respondent's id (`{column}`) is their row number in the "
                     "export."),
    "respondents": _both("Respondenter: {respondents}. Kolonner brukt: {columns}.",
                         "Respondents: {respondents}. Columns used: {columns}."),
    "quarantined": _both("Rader i karantene: {rows} (on_invalid: quarantine; listet med grunnen i quarantine.csv, "
                         "utelatt fra alle analyser).",
                         "Quarantined rows: {rows} (on_invalid: quarantine; listed with their reasons in "
                         "quarantine.csv, left out of every analysis)."),
    "warnings": _both("## Advarsler", "## Warnings"),
    "no_warnings": _both("Ingen.", "None."),
    "answers": _both("## Svar per spørsmål", "## Answers per item"),
    "statuses": _both("{valid}: et nivå på skalaen; {dont_know}: en vet ikke-kode; {declared_missing}: en annen "
                      "oppgitt manglende-kode; {blank}: ikke noe svar. Bare gyldige svar inngår i gjennomsnitt, "
                      "rangering og korrelasjoner.",
                      "{valid}: a scale level; {dont_know}: a don't-know code; {declared_missing}: another declared "
                      "missing code; {blank}: no answer. Only valid answers enter means, ranks and correlations."),
    "factors": _both("## Faktornivåer", "## Factor levels"),
    "factor": _both("- {column}: {levels}; mangler: {missing}", "- {column}: {levels}; missing: {missing}"),
    "open_text": _both("## Åpne svar (bare antall)", "## Open text (counts only)"),
    "comments": _both("Respondenter med minst én kommentar: {respondents}. Kommentarer i alt: {comments}.",
                      "Respondents with at least one comment: {respondents}. Comments in total: {comments}."),
    "answered": _both("- {column}: {count} besvart", "- {column}: {count} answered"),
}

# The survey platforms' export layouts likertpipe.io reads (besides "plain"), as the cleaning report and the draft
# codebook describe them.
PLATFORM_LAYOUTS = {
    "qualtrics": _both("en Qualtrics-eksport (tre overskriftsrader: kolonnenavn, spørsmålstekster, ImportId)",
                       "a Qualtrics export (three header rows: column names, question texts, ImportId)"),
    "qualtrics_legacy": _both("en eldre Qualtrics-eksport (to overskriftsrader: V1, V2 ... og Q1 ..., så navnene på "
                              "metadatakolonnene og spørsmålstekstene)",
                              "a Qualtrics legacy export (two header rows: V1, V2 ... and Q1 ..., then the names of "
                              "the metadata columns and the question texts)"),
    "surveymonkey": _both("en SurveyMonkey-eksport (to overskriftsrader: spørsmålet, så svaralternativet eller "
                          "utsagnet)",
                          "a SurveyMonkey export (two header rows: the question, then the answer option or "
                          "statement)"),
}


def layout_description(layout: str, language: str) -> str:
    """What an export of `layout` (a key of PLATFORM_LAYOUTS) looks like, in `language`."""
    return _in(PLATFORM_LAYOUTS[layout], language)


def cleaning_text(key: str, language: str, **values) -> str:
    """A line of the cleaning report (CLEANING_REPORT) in `language`, with `values` filled in."""
    return _in(CLEANING_REPORT[key], language).format(**values)


def word(key: str, language: str) -> str:
    """The pipeline's word for `key` (WORDS) in `language`."""
    return _in(WORDS[key], language)


def say(key: str, language: str, **values) -> str:
    """A sentence of the results text (SENTENCES) in `language`, with `values` filled in."""
    return _in(SENTENCES[key], language).format(**values)


def figure_note(key: str, language: str) -> str:
    """A figure's note (FIGURE_NOTES) in `language`."""
    return _in(FIGURE_NOTES[key], language)


def figure_title(kind: str, language: str, **values) -> str:
    """The title of a figure of `kind` (FIGURE_TITLES) in `language`, with `values` filled in."""
    return _in(FIGURE_TITLES[kind], language).format(**values)


def note(table: str, language: str) -> str:
    """The note of a table in `language`, "" for a table without a note."""
    entry = NOTES.get(table)
    return _in(entry, language) if entry else ""


def title(table: str, language: str) -> str:
    """The title of a table in `language`; the table's name when it has none."""
    entry = TITLES.get(table)
    return _in(entry, language) if entry else table


def heading(column: str, language: str, short: bool = False) -> str:
    """The heading of a result-table column in `language` (English when untranslated); with `short`, its symbol
    in SHORT_HEADINGS where it has one."""
    if short and column in SHORT_HEADINGS:
        return _in(SHORT_HEADINGS[column], language)
    if column in HEADINGS:
        return _in(HEADINGS[column], language)
    for pattern, entry in HEADING_PATTERNS:
        match = re.match(pattern, column)
        if match:
            return _in(entry, language).format(*match.groups())
    return column


def model_note(key: str, language: str = FALLBACK, **values) -> str:
    """A note of the model tables (MODEL_NOTES) in `language`: English in the tables themselves."""
    return _in(MODEL_NOTES[key], language).format(**values)


def value_word(column: str, value: str, language: str) -> str:
    """The word for a coded value of `column` (VALUES), a model's note (MODEL_NOTES, written in English) in
    `language`, else the value itself."""
    entry = VALUES.get(column, {}).get(value)
    if entry:
        return _in(entry, language)
    if column == "note":
        for key, pattern in _MODEL_NOTE_PATTERNS.items():
            match = pattern.fullmatch(value)
            if match:
                values = {name: value_word("note", part, language) if name == "reason" else part
                          for name, part in match.groupdict().items()}
                return model_note(key, language, **values)
    return value


# Recognising a language (likertpipe.draft guesses a codebook's language from an export): words frequent in the
# labels, questions and answers of surveys in each language, letters only that language writes, the language's
# name in messages, and the name a yes/no scale gets in a draft.
LANGUAGE_CUES = {
    "nb": frozenset("ikke og er det på som vet ja nei grad svært liten stor noen enig uenig helt verken eller annet "
                    "annen år mer har vi jeg om kommune med for til av ein eit ikkje kva meg deg blir".split()),
    "en": frozenset("the and is it of to yes no not know don agree disagree strongly neither nor very other more "
                    "has we my about with for are was extent satisfied somewhat".split()),
}
LANGUAGE_LETTERS = {"nb": "æøå", "en": ""}
LANGUAGE_NAMES = {"nb": "Norwegian", "en": "English"}
YES_NO_SCALE = {"nb": "ja_nei", "en": "yes_no"}
