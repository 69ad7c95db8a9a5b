"""Notes printed under each rendered table: what N means, how don't know was treated, which adjustment."""

from __future__ import annotations

NOTES = {
    "descriptives": {
        "en": "n_valid: answers on the scale. n_missing: respondents without one, don't know (n_dont_know) "
              "included; don't know never enters a statistic. Mean, SD (n-1), median, quartiles (SPSS weighted "
              "average) over valid answers. agree/disagree: top/bottom two levels, percent of valid answers, "
              "agree with a 95% Wilson interval. dont_know_percent: of all respondents.",
        "nb": "n_valid: svar på skalaen. n_missing: respondenter uten slikt svar, inkludert «vet ikke» "
              "(n_dont_know), som aldri inngår i en beregning. Gjennomsnitt, SD (n-1), median og kvartiler "
              "(SPSS vektet gjennomsnitt) av gyldige svar. agree/disagree: to øverste/nederste nivåer i prosent "
              "av gyldige svar, agree med 95 % Wilson-intervall. dont_know_percent: av alle respondenter.",
    },
    "frequencies": {
        "en": "percent: of all respondents. valid_percent: of valid answers (scale levels only).",
        "nb": "percent: av alle respondenter. valid_percent: av gyldige svar (bare skalanivåer).",
    },
    "response_rates": {
        "en": "sent: units in the sampling frame; responded: respondents; percent = responded / sent. "
              + "':' = hidden, fewer than min_cell respondents (or hidden so that one cannot be recovered).",
        "nb": "sent: enheter i utvalgsrammen; responded: respondenter; percent = responded / sent. "
              + "':' = skjult, færre enn min_cell respondenter (eller skjult så et skjult tall ikke kan regnes ut).",
    },
    "kruskal_wallis": {
        "en": "n: respondents with a valid answer and a level (don't know and missing left out). H with tie "
              "correction, df = k - 1. epsilon_sq = H/(n-1); eta_sq_h = (H-k+1)/(n-k), reported as computed: "
              "negative values mean no effect. dropped_levels: levels without answers, left out of the test. "
              "p_holm, p_bh: Holm and Benjamini-Hochberg adjusted within the configured family. ':' = hidden: a "
              "level with fewer than min_cell respondents, and one more so that it cannot be recovered.",
        "nb": "n: respondenter med gyldig svar og nivå («vet ikke» og manglende utelatt). H korrigert for like "
              "verdier, df = k - 1. epsilon_sq = H/(n-1); eta_sq_h = (H-k+1)/(n-k), rapportert som beregnet: "
              "negative verdier betyr ingen effekt. dropped_levels: nivåer uten svar, utelatt fra testen. "
              "p_holm, p_bh: justert etter Holm og Benjamini-Hochberg innen konfigurert familie. ':' = skjult: et "
              "nivå med færre enn min_cell respondenter, og ett til så det ikke kan regnes ut.",
    },
    "dunn": {
        "en": "Dunn's test with tie correction after each Kruskal-Wallis test; z from mean ranks, p two-sided. "
              "p_holm_test, p_bonferroni_test: adjusted within the Kruskal-Wallis test; p_holm, p_bh: within the "
              "configured family. ':' = hidden: pairs with a level hidden in the Kruskal-Wallis table.",
        "nb": "Dunns test med korreksjon for like verdier etter hver Kruskal-Wallis-test; z fra gjennomsnittlige "
              "rangeringer, tosidig p. p_holm_test, p_bonferroni_test: justert innen testen; p_holm, p_bh: innen "
              "konfigurert familie. ':' = skjult: par med et nivå som er skjult i Kruskal-Wallis-tabellen.",
    },
    "correlations": {
        "en": "Rank correlation with pairwise deletion; n per pair; don't know left out. p from the t "
              "approximation (Spearman) or the normal approximation (Kendall). ci_low, ci_high: interval by the "
              "configured method (default Fieller, as SPSS). p_holm, p_bh: adjusted within the configured family.",
        "nb": "Rangkorrelasjon med parvis utelatelse; n per par; «vet ikke» utelatt. p fra t-tilnærming "
              "(Spearman) eller normaltilnærming (Kendall). ci_low, ci_high: intervall etter konfigurert metode "
              "(standard Fieller, som SPSS). p_holm, p_bh: justert innen konfigurert familie.",
    },
    "descriptives_weighted": {
        "en": "Post-stratification weights by sampling-frame group (frame share / sample share, mean 1). "
              "n_effective: Kish's effective sample size; deff = n_valid / n_effective.",
        "nb": "Poststratifiseringsvekter etter gruppe i utvalgsrammen (andel i rammen / andel i utvalget, "
              "gjennomsnitt 1). n_effective: Kishs effektive utvalgsstørrelse; deff = n_valid / n_effective.",
    },
    "indices": {
        "en": "Index score: mean of the valid item answers (reversed items recoded), given when at least "
              "min_answered items are answered.",
        "nb": "Indeksskår: gjennomsnitt av gyldige svar på indeksens spørsmål (reverserte spørsmål omkodet), "
              "gitt når minst min_answered spørsmål er besvart.",
    },
    "reliability": {
        "en": "Cronbach's alpha on respondents answering all the index's items, 95% Feldt interval. "
              "item_rest_r: correlation of the item with the sum of the other items.",
        "nb": "Cronbachs alfa for respondenter som har svart på alle indeksens spørsmål, 95 % Feldt-intervall. "
              "item_rest_r: korrelasjon mellom spørsmålet og summen av de andre.",
    },
    "open_text": {
        "en": "Counts only: the text of open answers is never copied to results.",
        "nb": "Bare antall: teksten i åpne svar kopieres aldri til resultatene.",
    },
}


def note(table: str, language: str) -> str:
    """The note of a table in `language` (English when untranslated), "" for a table without a note."""
    entry = NOTES.get(table, {})
    return entry.get(language, entry.get("en", ""))
