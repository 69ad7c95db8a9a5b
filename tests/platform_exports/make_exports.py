"""Write the demo export (data_raw/kommunalsjef/demo_export.csv) in the survey platforms' layouts, with the
codebook of each: the demo's codebook with the platform's column names as aliases (tests/test_platforms.py).

    python tests/platform_exports/make_exports.py    # same bytes every run

The layouts follow what the platforms' documentation states (README.md in this folder). Every metadata value
(times, IP addresses, locations, names, e-mail addresses) is invented here, from a seeded generator.
"""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

import yaml

from likertpipe.codebook import DERIVATIONS

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
DEMO = REPO / "data_raw" / "kommunalsjef" / "demo_export.csv"
CODEBOOK = REPO / "config" / "kommunalsjef" / "codebook.yaml"
ITEMS = ["E1", "E2", "E3", "E4", "E5", "E6"]
MATRIX = "I hvilken grad er tildelingen organisert slik i din kommune?"


def demo() -> tuple[list[str], list[dict[str, str]]]:
    with open(DEMO, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames), list(reader)


def book() -> dict:
    return yaml.safe_load(CODEBOOK.read_text(encoding="utf-8"))


def entries(codebook: dict) -> dict[str, dict]:
    """Every column entry of the codebook by column (derived variables are no column of an export)."""
    return {e["column"]: e for group in ("items", "factors", "covariates", "yes_no", "open_text")
            for e in codebook.get(group, []) if not set(DERIVATIONS) & set(e)}


def nb(label) -> str:
    return label["nb"] if isinstance(label, dict) else label


def csv_text(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def metadata(rng: random.Random, n: int) -> list[dict[str, str]]:
    """Invented times, durations, IP addresses (documentation range 192.0.2.0/24) and locations."""
    rows = []
    for i in range(n):
        day, minute = 5 + i % 26, rng.randrange(8 * 60, 16 * 60)
        duration = rng.randrange(200, 1500)
        start = f"2022-12-{day:02d} {minute // 60:02d}:{minute % 60:02d}:00"
        end_minute = minute + duration // 60
        end = f"2022-12-{day:02d} {end_minute // 60:02d}:{end_minute % 60:02d}:{duration % 60:02d}"
        rows.append({"start": start, "end": end, "duration": str(duration), "ip": f"192.0.2.{rng.randrange(1, 255)}",
                     "lat": f"{rng.uniform(58, 70):.4f}", "lon": f"{rng.uniform(5, 30):.4f}",
                     "first": rng.choice(["Kari", "Ola", "Ingrid", "Per"]), "last": rng.choice(["Nordmann", "Hansen"]),
                     "email": f"person{i}@example.org"})
    return rows


def qualtrics(columns: list[str], rows: list[dict[str, str]], codebook: dict) -> tuple[str, dict]:
    """Qualtrics' current CSV export (numeric values): three header rows, metadata columns first."""
    rng = random.Random(19)
    meta = metadata(rng, len(rows))
    names = {c: f"Q{n}" for n, c in enumerate([c for c in columns if c != "svar_id" and c not in ITEMS], start=1)}
    names |= {item: f"Q20_{n}" for n, item in enumerate(ITEMS, start=1)}
    names["svar_id"] = "ResponseId"
    known = entries(codebook)
    head = ["StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)", "Finished",
            "RecordedDate", "ResponseId", "RecipientLastName", "RecipientFirstName", "RecipientEmail",
            "ExternalReference", "LocationLatitude", "LocationLongitude", "DistributionChannel", "UserLanguage"]
    texts = ["Start Date", "End Date", "Response Type", "IP Address", "Progress", "Duration (in seconds)", "Finished",
             "Recorded Date", "Response ID", "Recipient Last Name", "Recipient First Name", "Recipient Email",
             "External Data Reference", "Location Latitude", "Location Longitude", "Distribution Channel",
             "User Language"]
    ids = ['{"ImportId":"startDate","timeZone":"Europe/Oslo"}', '{"ImportId":"endDate","timeZone":"Europe/Oslo"}',
           '{"ImportId":"status"}', '{"ImportId":"ipAddress"}', '{"ImportId":"progress"}', '{"ImportId":"duration"}',
           '{"ImportId":"finished"}', '{"ImportId":"recordedDate","timeZone":"Europe/Oslo"}',
           '{"ImportId":"_recordId"}',
           '{"ImportId":"recipientLastName"}', '{"ImportId":"recipientFirstName"}', '{"ImportId":"recipientEmail"}',
           '{"ImportId":"externalDataReference"}', '{"ImportId":"locationLatitude"}',
           '{"ImportId":"locationLongitude"}', '{"ImportId":"distributionChannel"}', '{"ImportId":"userLanguage"}']
    questions = [c for c in columns if c != "svar_id"]
    head += [names[c] for c in questions]
    texts += [f"{MATRIX} - {nb(known[c]['label'])}" if c in ITEMS else nb(known[c]["label"]) for c in questions]
    ids += [f'{{"ImportId":"QID{names[c][1:]}"}}' for c in questions]
    body = []
    for row, m in zip(rows, meta, strict=True):
        body.append([m["start"], m["end"], "0", m["ip"], "100", m["duration"], "1", m["end"], row["svar_id"],
                     m["last"], m["first"], m["email"], "", m["lat"], m["lon"], "email", "NO"]
                    + [row[c] for c in questions])
    return csv_text([head, texts, ids, *body]), names


def qualtrics_legacy(columns: list[str], rows: list[dict[str, str]], codebook: dict) -> tuple[str, dict]:
    """Qualtrics' legacy CSV export: V1..V10, then the questions, the location last; two header rows."""
    rng = random.Random(20)
    meta = metadata(rng, len(rows))
    known = entries(codebook)
    questions = [c for c in columns if c != "svar_id"]
    names = {c: f"Q{n}" for n, c in enumerate([c for c in questions if c not in ITEMS], start=1)}
    names |= {item: f"Q20_{n}" for n, item in enumerate(ITEMS, start=1)}
    names["svar_id"] = "ResponseID"
    legacy = ["ResponseID", "ResponseSet", "Name", "ExternalDataReference", "EmailAddress", "IPAddress", "Status",
              "StartDate", "EndDate", "Finished"]
    head = [f"V{n}" for n in range(1, 11)] + [names[c] for c in questions] + ["LocationLatitude",
                                                                             "LocationLongitude", "LocationAccuracy"]
    texts = legacy + [f"{MATRIX}-{nb(known[c]['label'])}" if c in ITEMS else nb(known[c]["label"])
                      for c in questions] + ["LocationLatitude", "LocationLongitude", "LocationAccuracy"]
    body = []
    for row, m in zip(rows, meta, strict=True):
        body.append([row["svar_id"], "Default Response Set", f"{m['last']}, {m['first']}", "", m["email"], m["ip"],
                     "0", m["start"], m["end"], "1"] + [row[c] for c in questions] + [m["lat"], m["lon"], "-1"])
    return csv_text([head, texts, *body]), names


def surveymonkey(columns: list[str], rows: list[dict[str, str]], codebook: dict) -> tuple[str, dict]:
    """SurveyMonkey's "All individual responses" CSV (actual answer text): two header rows; a matrix's question
    over its first column, its statements in row 2."""
    rng = random.Random(21)
    meta = metadata(rng, len(rows))
    known = entries(codebook)
    scales = {name: {lv["code"]: nb(lv["label"]) for part in ("levels", "dont_know", "missing")
                     for lv in scale.get(part, [])} for name, scale in codebook["scales"].items()}
    questions = [c for c in columns if c != "svar_id"]
    top = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address", "First Name",
           "Last Name", "Custom Data 1"]
    sub = [""] * len(top)
    names = {"svar_id": "Respondent ID"}
    for c in questions:
        label = nb(known[c]["label"])
        if c in ITEMS:
            top.append(MATRIX if c == ITEMS[0] else "")
            sub.append(label)
            names[c] = f"{MATRIX} | {label}"
        else:
            top.append(label)
            open_ended = c in [t["column"] for t in codebook["open_text"]] or c == "innbyggere"
            sub.append("Open-Ended Response" if open_ended else "Response")
            names[c] = label
    body = []
    for row, m in zip(rows, meta, strict=True):
        cells = [row["svar_id"], "431270981", m["start"].replace("2022-12-", "12/").replace(" ", "/2022 "),
                 m["end"].replace("2022-12-", "12/").replace(" ", "/2022 "), m["ip"], m["email"], m["first"],
                 m["last"], ""]
        for c in questions:
            value, entry = row[c], known[c]
            if value and "scale" in entry:
                value = scales[entry["scale"]][int(value)]
            elif value and "levels" in entry:
                value = next(nb(lv["label"]) for lv in entry["levels"] if lv["code"] == int(value))
            cells.append(value)
        body.append(cells)
    return csv_text([top, sub, *body]), names


def codebook_for(names: dict[str, str], codebook: dict) -> str:
    """The demo's codebook with the platform's names of its columns as aliases."""
    codebook = yaml.safe_load(yaml.safe_dump(codebook))
    codebook["id_aliases"] = [names["svar_id"]]
    for entry in entries(codebook).values():
        entry["aliases"] = [names[entry["column"]]]
    header = ("# The demo's codebook (config/kommunalsjef/codebook.yaml) with this export's column names as aliases;\n"
              "# written by tests/platform_exports/make_exports.py.\n")
    return header + yaml.safe_dump(codebook, allow_unicode=True, sort_keys=False, width=110)


def main() -> None:
    columns, rows = demo()
    codebook = book()
    for name, writer in (("qualtrics", qualtrics), ("qualtrics_legacy", qualtrics_legacy),
                         ("surveymonkey", surveymonkey)):
        text, names = writer(columns, rows, codebook)
        (HERE / f"{name}.csv").write_bytes(("\ufeff" if name == "qualtrics" else "").encode() + text.encode("utf-8"))
        (HERE / f"{name}.yaml").write_text(codebook_for(names, codebook), encoding="utf-8", newline="\n")


if __name__ == "__main__":
    main()
