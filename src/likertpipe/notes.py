"""Titles and notes of the rendered tables: what N means, how don't know was treated, which adjustment.

Notes name columns by their displayed headings (likertpipe.i18n.HEADINGS) in the same language.
"""

from __future__ import annotations

TITLES = {
    "response_rates": {"nb": "Svarprosent etter gruppe i utvalgsrammen",
                       "en": "Response rate by sampling-frame group"},
    "descriptives": {"nb": "Beskrivende statistikk per spørsmål", "en": "Descriptive statistics per item"},
    "frequencies": {"nb": "Svarfordeling per spørsmål", "en": "Answer distribution per item"},
    "descriptives_weighted": {"nb": "Vektet beskrivende statistikk per spørsmål",
                              "en": "Weighted descriptive statistics per item"},
    "indices": {"nb": "Indekser", "en": "Indices"},
    "reliability": {"nb": "Reliabilitet av indeksene", "en": "Reliability of the indices"},
    "kruskal_wallis": {"nb": "Kruskal-Wallis-tester etter gruppe", "en": "Kruskal-Wallis tests by group"},
    "dunn": {"nb": "Dunns parvise sammenligninger", "en": "Dunn's pairwise comparisons"},
    "correlations": {"nb": "Rangkorrelasjoner", "en": "Rank correlations"},
    "open_text": {"nb": "Åpne svar", "en": "Open answers"},
    "descriptives_by_wave": {"nb": "Beskrivende statistikk per bølge", "en": "Descriptive statistics by wave"},
    "indices_by_wave": {"nb": "Indekser per bølge", "en": "Indices by wave"},
    "kruskal_wallis_by_wave": {"nb": "Kruskal-Wallis-tester etter gruppe innen hver bølge",
                               "en": "Kruskal-Wallis tests by group within each wave"},
    "wave_change": {"nb": "Endring fra første til siste bølge", "en": "Change from the first to the last wave"},
    "coding_tally": {"nb": "Koding av åpne svar: utsagn per dimensjon, tema og begrep",
                     "en": "Coding of open answers: statements per dimension, theme and concept"},
}

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

NOTES = {
    "descriptives": {
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
    },
    "frequencies": {
        "en": "Percent: of all respondents. Valid percent: of valid answers (scale levels only).",
        "nb": "Prosent: av alle respondenter. Gyldig prosent: av gyldige svar (bare skalanivåer).",
    },
    "response_rates": {
        "en": "Sent: units in the sampling frame; responded: respondents; percent = responded / sent. "
              + _HIDDEN["en"],
        "nb": "Sendt: enheter i utvalgsrammen; svarte: respondenter; prosent = svarte / sendt. " + _HIDDEN["nb"],
    },
    "kruskal_wallis": {
        "en": "n: respondents with a valid answer and a level (don't know and missing left out). H with tie "
              "correction, df = k - 1. ε² = H/(n-1); η²H = (H-k+1)/(n-k), reported as computed: negative values "
              "mean no effect. Dropped levels: levels without answers, left out of the test. n and mean rank per "
              "level code. " + _ADJUSTED["en"] + " " + _HIDDEN["en"]
              + " " + _NO_TEST["en"],
        "nb": "n: respondenter med gyldig svar og nivå («vet ikke» og manglende utelatt). H korrigert for like "
              "verdier, df = k - 1. ε² = H/(n-1); η²H = (H-k+1)/(n-k), rapportert som beregnet: negative verdier "
              "betyr ingen effekt. Utelatte nivåer: nivåer uten svar, utelatt fra testen. n og middelrang per "
              "nivåkode. " + _ADJUSTED["nb"] + " " + _HIDDEN["nb"]
              + " " + _NO_TEST["nb"],
    },
    "dunn": {
        "en": "Dunn's test with tie correction after each Kruskal-Wallis test; z from the mean ranks (A minus B), "
              "p two-sided. p (Holm, within test), p (Bonferroni, within test): adjusted within the Kruskal-Wallis "
              "test. " + _ADJUSTED["en"] + " ':' = hidden: pairs with a level hidden in the Kruskal-Wallis table.",
        "nb": "Dunns test med korreksjon for like verdier etter hver Kruskal-Wallis-test; z fra middelrangene "
              "(A minus B), tosidig p. p (Holm, i testen), p (Bonferroni, i testen): justert innen "
              "Kruskal-Wallis-testen. " + _ADJUSTED["nb"]
              + " ':' = skjult: par med et nivå som er skjult i Kruskal-Wallis-tabellen.",
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
    "descriptives_by_wave": {
        "en": "Per wave (and group): n valid answers, mean, SD (n-1) and the 95% confidence interval of the "
              "mean; don't know left out."
              + " Empty SD: fewer than two valid answers.",
        "nb": "Per bølge (og gruppe): n gyldige svar, gjennomsnitt, SD (n-1) og 95 % konfidensintervall for "
              "gjennomsnittet; «vet ikke» utelatt."
              + " Tom SD: færre enn to gyldige svar.",
    },
    "indices_by_wave": {
        "en": "Per wave (and group): n index scores, mean, SD (n-1) and the 95% confidence interval of the mean."
              + " Empty SD and interval: fewer than two scores.",
        "nb": "Per bølge (og gruppe): n indeksskårer, gjennomsnitt, SD (n-1) og 95 % konfidensintervall for "
              "gjennomsnittet."
              + " Tom SD og intervall: færre enn to skårer.",
    },
    "kruskal_wallis_by_wave": {
        "en": "Kruskal-Wallis test between groups within each wave, as in the Kruskal-Wallis table. "
              + _ADJUSTED["en"] + " " + _HIDDEN["en"]
              + " " + _NO_TEST["en"],
        "nb": "Kruskal-Wallis-test mellom grupper innen hver bølge, som i Kruskal-Wallis-tabellen. "
              + _ADJUSTED["nb"] + " " + _HIDDEN["nb"]
              + " " + _NO_TEST["nb"],
    },
    "wave_change": {
        "en": "Within each group, the first wave against the last: Mann-Whitney U test, two-sided p; effect sizes "
              "r and the rank-biserial correlation."
              + " Empty U, z, p and effect sizes: no answers in the first or the last wave; z, p and r also when "
              "every answer is equal.",
        "nb": "Innen hver gruppe, første bølge mot siste: Mann-Whitney U-test, tosidig p; effektstørrelser r og "
              "rangbiseriell korrelasjon."
              + " Tom U, z, p og effektstørrelser: ingen svar i første eller siste bølge; z, p og r også når "
              "alle svar er like.",
    },
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


def figure_note(key: str, language: str) -> str:
    """A figure's note in `language` (English when untranslated)."""
    entry = FIGURE_NOTES[key]
    return entry.get(language, entry["en"])


def note(table: str, language: str) -> str:
    """The note of a table in `language` (English when untranslated), "" for a table without a note."""
    entry = NOTES.get(table, {})
    return entry.get(language, entry.get("en", ""))


def title(table: str, language: str) -> str:
    """The title of a table in `language` (English when untranslated); the table's name when it has none."""
    entry = TITLES.get(table, {})
    return entry.get(language, entry.get("en", table))
