"""Generated surveys of the shapes figures must cope with, and their protected tables as the workflow publishes
them (the real computing functions, then the protection plan).

The shapes: the demo's (6 items, 5 points and don't know, factors of 6, 4 and 3 levels); the two public surveys
of issue #17 (25 items on a 6-point scale x factors of 2 and 5 levels; 4 items on 7-point scales x a 7-level
factor); 40 items on an 11-point scale x a 12-level factor. Each has a wave factor (not compared) and one index
per five items, so that the trend figure has something to draw, and a coding sheet.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from likertpipe import answers, coding, correlate, crosstabs, describe, disclosure, inference, posthoc, waves
from likertpipe.codebook import Codebook, parse_codebook
from likertpipe.labels import attach
from likertpipe.multiplicity import add_adjusted
from likertpipe.protect import protect
from likertpipe.reliability import indices_table, reliability_table

# Labels as long as real questionnaires', with æøå.
_STATEMENTS = ("Felles tildelingskontor behandler søknader og fatter vedtak om tjenester",
               "Kartlegging av behov gjøres i dialog med utøvende tjeneste",
               "Budsjettet følger vedtakene løpende (aktivitetsbasert finansiering)",
               "Ansatte får nok opplæring før de tar i bruk nye løsninger",
               "Jeg er fornøyd med samarbeidet", "Tjenesten er lett å nå på telefon og e-post i åpningstiden")
_GROUPS = ("2 000-9 999 innb., lave frie inntekter", "Helse-/sosialfaglig og økonomi/ledelse", "Øst", "Vest",
           "10 år eller mer", "Annen stilling")


@dataclass(frozen=True)
class Shape:
    name: str
    items: int
    levels: int  # substantive levels of the scale
    factors: tuple[int, ...]  # levels of each compared factor
    dont_know: bool = True
    respondents: int = 400


SHAPES = (
    Shape("demo", 6, 5, (6, 4, 3), respondents=130),
    Shape("public25", 25, 6, (5, 2), dont_know=False, respondents=600),
    Shape("public4", 4, 7, (7,), dont_know=False, respondents=300),
    Shape("large40", 40, 11, (12,), respondents=900),
)


def codebook(shape: Shape) -> Codebook:
    ends = {1: "helt uenig", shape.levels: "helt enig"}
    levels = [{"code": c, "label": {"nb": f"{c} – {ends.get(c, 'delvis')}", "en": f"{c} – level"}}
              for c in range(1, shape.levels + 1)]
    scale = {"levels": levels, "missing": [{"code": 99, "label": "Ikke aktuelt"}]}
    if shape.dont_know:
        scale["dont_know"] = [{"code": 98, "label": {"nb": "Vet ikke", "en": "Don't know"}}]
    items = [{"column": f"Q{i}", "scale": "agree",
              "label": {"nb": f"{_STATEMENTS[i % len(_STATEMENTS)]} ({i})", "en": f"Statement number {i}"}}
             for i in range(1, shape.items + 1)]
    factors = [{"column": f"f{f}", "label": {"nb": f"Gruppering {f} (æøå)", "en": f"Grouping {f}"},
                "levels": [{"code": c, "label": {"nb": f"{_GROUPS[(c + f) % len(_GROUPS)]} {c}", "en": f"Group {c}"}}
                           for c in range(1, n + 1)]} for f, n in enumerate(shape.factors, start=1)]
    factors.append({"column": "year", "compare": False, "label": {"nb": "År", "en": "Year"},
                    "levels": [{"code": c, "label": str(2019 + c)} for c in range(1, 4)]})
    chunks = [items[i:i + 5] for i in range(0, shape.items - 1, 5)]
    indices = [{"id": f"index{i}", "label": {"nb": f"Indeks {i}: samarbeid og tillit", "en": f"Index {i}"},
                "items": [item["column"] for item in chunk] if len(chunk) > 1 else [items[0]["column"],
                                                                                    chunk[0]["column"]]}
               for i, chunk in enumerate(chunks, start=1)]
    return parse_codebook({
        "study": {"id": shape.name, "title": "Generated", "language": "nb"},
        "id_column": "id", "scales": {"agree": scale}, "items": items, "factors": factors,
        "covariates": [{"column": "age", "label": {"nb": "Alder", "en": "Age"}, "min": 0}],
        "indices": indices, "wave": {"column": "year"}})


def responses(shape: Shape, book: Codebook, seed: int = 17) -> pd.DataFrame:
    """Processed data as cleaning writes it: answers leaning to agreement, some don't know and missing; the
    last level of every factor small (a few respondents) so that the plan hides some cells."""
    rng = np.random.default_rng(seed)
    n = shape.respondents
    frame = pd.DataFrame({"id": [f"r{i}" for i in range(n)]})
    for item in book.items:
        scale = item.scale
        weights = np.linspace(1, 2 + rng.random() * 3, len(scale.codes))[::rng.choice([-1, 1])]
        codes = list(scale.codes) + list(scale.dont_know_codes) + list(scale.missing_codes)
        p = np.concatenate([weights / weights.sum() * 0.9, np.full(len(codes) - len(scale.codes),
                                                                    0.1 / max(1, len(codes) - len(scale.codes)))])
        frame[f"{item.column}_code"] = pd.Series(rng.choice(codes, n, p=p / p.sum()), dtype="Int16")
        frame[item.column] = frame[f"{item.column}_code"].where(frame[f"{item.column}_code"].isin(scale.codes)
                                                                ).astype("Int8")
    for factor in book.factors:
        k = len(factor.codes)
        p = np.ones(k)
        if factor.compare:
            p[-1] = 0.004 * k  # a very small last level
        frame[factor.column] = pd.Series(rng.choice(factor.codes, n, p=p / p.sum()), dtype="Int8")
    frame["age"] = pd.Series(rng.integers(25, 67, n), dtype="Float64")
    return frame


def coding_sheet(shape: Shape, seed: int = 17) -> pd.DataFrame:
    """Coded statements: a dimension per two items (at least two), four themes each."""
    rng = np.random.default_rng(seed)
    rows = []
    for d in range(max(2, shape.items // 2)):
        for t in range(4):
            for _ in range(rng.integers(1, 12)):
                rows.append({"id": f"r{rng.integers(shape.respondents)}", "field": "comment",
                             "dimension": f"Dimensjon {d + 1}: økonomi og drift", "theme": f"Tema {t + 1} i {d + 1}",
                             "concept": "begrep"})
    return pd.DataFrame(rows)


def models_config(book: Codebook) -> dict:
    """A `models` config of every item on every compared factor."""
    return {"outcomes": "all_items", "factors": [factor.column for factor in book.compared_factors]}


def model_terms(book: Codebook, seed: int = 17) -> pd.DataFrame:
    """A models.csv as published for `models_config` (the forest plot's input; fitting 40 items on a 12-level
    factor would take minutes): per item and compared factor a row per level but the first, odds ratios and
    intervals drawn on the log scale (a few intervals beyond the plot's axis), every seventh row hidden."""
    rng = np.random.default_rng(seed)
    rows = [{"outcome": item.column, "predictor": factor.column, "level": code, "reference": factor.codes[0],
             "n": 300} for item in book.items for factor in book.compared_factors for code in factor.codes[1:]]
    table = pd.DataFrame(rows)
    log_or, se = rng.normal(0, 0.8, len(table)), rng.uniform(0.1, 1.6, len(table))
    table["odds_ratio"], table["ci_low"], table["ci_high"] = np.exp(log_or), np.exp(log_or - 1.96 * se), np.exp(
        log_or + 1.96 * se)
    table["note"] = ""
    hidden = np.arange(len(table)) % 7 == 3
    table.loc[hidden, ["n", "odds_ratio", "ci_low", "ci_high"]] = np.nan
    table["suppressed"] = np.where(hidden, "n odds_ratio ci_low ci_high", "")
    return table


def tables(shape: Shape, min_cell: int = 5, language: str = "nb") -> tuple[Codebook, dict[str, pd.DataFrame]]:
    """The codebook and the tables the figure jobs read, protected as published (the models' made up,
    `model_terms`)."""
    book = codebook(shape)
    data = responses(shape, book)
    plan = disclosure.make_plan(data, book, min_cell)
    computed = {
        "frequencies": answers.frequencies(data, book),
        "frequencies_by_factor": answers.frequencies_by_factor(data, book),
        "kruskal_wallis": add_adjusted(inference.kruskal_wallis_table(data, book, plan.hidden_levels), []),
        "correlations": add_adjusted(correlate.correlation_table(data, book), []),
        "indices_by_wave": waves.indices_by_wave(data, book),
        "coding_tally": coding.coding_tally(coding_sheet(shape), "id"),
    }
    published = {name: protect(name, table, plan, book, []) for name, table in computed.items()}
    published["models"] = model_terms(book)
    return book, {name: attach(name, table, book, language) for name, table in published.items()}


def summary_tables(shape: Shape, min_cell: int = 5, language: str = "nb", data: pd.DataFrame | None = None,
                   alpha: float = 0.05) -> tuple[Codebook, dict[str, pd.DataFrame]]:
    """The codebook and every table the results text reads, computed and protected as the statistics jobs
    publish them (each table one family; Dunn after the tests with p < alpha), from `data` (default: the
    shape's `responses`)."""
    book = codebook(shape)
    data = responses(shape, book) if data is None else data
    plan = disclosure.make_plan(data, book, min_cell)
    kruskal = add_adjusted(inference.kruskal_wallis_table(data, book, plan.hidden_levels), [])
    computed = {
        "sample": crosstabs.sample_table(data, book, book.sample_by, plan.hidden_levels),
        "descriptives": describe.descriptives(data, book),
        "kruskal_wallis": kruskal,
        "dunn": add_adjusted(posthoc.dunn_table(data, book, kruskal, True, alpha), []),
        "correlations": add_adjusted(correlate.correlation_table(data, book), []),
        "indices": indices_table(data, book),
        "reliability": reliability_table(data, book),
        "kruskal_wallis_by_wave": add_adjusted(waves.kruskal_wallis_by_wave(data, book, plan), []),
        "wave_change": add_adjusted(waves.wave_change(data, book), []),
    }
    return book, {name: attach(name, protect(name, table, plan, book, []), book, language)
                  for name, table in computed.items()}
