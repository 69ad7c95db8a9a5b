"""Write a synthetic coding sheet for the demo export: coding_sheet.csv beside this file.

One row per coded statement of a respondent's comment (one or two per answered comment field): the
respondent id, the field, and an invented three-level code (dimension > theme > concept) drawn with a fixed
seed, favouring themes that fit the field. No text is copied; the codes are invented, not a coding of the
demo comments. The same bytes on every run.

    .venv/bin/python data_raw/kommunalsjef/generate_coding_sheet.py [--out DIR]
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
SEED = 20230118
ID = "svar_id"

# dimension -> theme -> concepts
CODES = {
    "Organisering": {
        "Tillitsmodell": ["Tverrfaglige team", "Delegert vedtaksmyndighet", "Tillit til fagskjønn"],
        "Samlet tildelingskontor": ["Felles forvaltningskontor", "Likebehandling", "Avstand til tjenesten"],
        "Samhandling med tjenesten": ["Dialog om kartlegging", "Justering av vedtak"],
    },
    "Økonomi": {
        "Budsjettstyring": ["Aktivitetsbasert budsjett", "Rammebudsjett"],
        "Ressursknapphet": ["Bemanningsmangel", "Økende behov"],
        "Prioritering": ["Kriterier for tildeling", "Tjenestenivå"],
    },
    "Praksis": {
        "Saksbehandling": ["Digitale søknader", "Saksbehandlingstid", "Kartleggingsverktøy"],
        "Endringsarbeid": ["Omorganisering", "Planlagt endring", "Kompetanseheving"],
    },
}
THEMES = [(dimension, theme) for dimension, themes in CODES.items() for theme in themes]
# Themes a field's statements fall in more often (weight 4 against 1).
FAVOURED = {
    "kommentar": {"Samlet tildelingskontor", "Budsjettstyring", "Ressursknapphet"},
    "tillitsmodell_beskrivelse": {"Tillitsmodell", "Samhandling med tjenesten"},
    "endringer_beskrivelse": {"Endringsarbeid", "Saksbehandling"},
    "planer_beskrivelse": {"Endringsarbeid", "Prioritering"},
}


def coding_rows(export: Path) -> list[dict]:
    rng = np.random.default_rng(SEED)
    with export.open(encoding="utf-8", newline="") as handle:
        respondents = list(csv.DictReader(handle))
    rows = []
    for respondent in respondents:
        for field, favoured in FAVOURED.items():
            if not respondent[field].strip():
                continue
            weights = np.array([4.0 if theme in favoured else 1.0 for _, theme in THEMES])
            for _ in range(1 + int(rng.random() < 0.35)):
                dimension, theme = THEMES[rng.choice(len(THEMES), p=weights / weights.sum())]
                concepts = CODES[dimension][theme]
                rows.append({ID: respondent[ID], "field": field, "dimension": dimension, "theme": theme,
                             "concept": concepts[rng.integers(len(concepts))]})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="directory to write coding_sheet.csv to")
    out = parser.parse_args().out
    rows = coding_rows(HERE / "demo_export.csv")
    out.mkdir(parents=True, exist_ok=True)
    with (out / "coding_sheet.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=[ID, "field", "dimension", "theme", "concept"],
                                lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} coded statements to {out / 'coding_sheet.csv'}")


if __name__ == "__main__":
    main()
