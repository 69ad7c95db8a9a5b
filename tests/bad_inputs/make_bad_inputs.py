"""Write the corpus of broken (and a few tricky but valid) exports and codebooks used by test_bad_inputs.py.

Every case is built from the first rows of the kommunalsjef demo export and its codebook, with one thing
broken. Run `python tests/bad_inputs/make_bad_inputs.py [folder]` to (re)write the files (default: this folder);
the tests write them afresh into a temporary folder.
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import pandas as pd
import yaml

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "data_raw" / "kommunalsjef" / "demo_export.csv"
CODEBOOK = REPO / "config" / "kommunalsjef" / "codebook.yaml"
ROWS = 6  # data rows taken from the demo export: spreadsheet rows 2-7


def demo_rows() -> tuple[list[str], list[dict[str, str]]]:
    with open(DEMO, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = [dict(row) for _, row in zip(range(ROWS), reader, strict=False)]
        return list(reader.fieldnames), rows


def csv_text(header: list[str], rows: list[dict[str, str]], sep: str = ",") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=sep, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(c, "") for c in header])
    return buffer.getvalue()


def changed(rows: list[dict[str, str]], index: int, **cells: str) -> list[dict[str, str]]:
    """A copy of `rows` with cells of the data row `index` (0-based: spreadsheet row index + 2) replaced."""
    out = [dict(r) for r in rows]
    out[index].update(cells)
    return out


def codebook_dict() -> dict:
    return yaml.safe_load(CODEBOOK.read_text(encoding="utf-8"))


def write(folder: Path) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    header, rows = demo_rows()
    files: dict[str, bytes] = {}

    def text(name: str, content: str, encoding: str = "utf-8") -> None:
        files[name] = content.encode(encoding)

    text("out_of_scale.csv", csv_text(header, changed(rows, 1, E1="7")))
    text("text_in_item.csv", csv_text(header, changed(rows, 2, E2="mye")))
    text("duplicate_id.csv", csv_text(header, changed(rows, 3, svar_id=rows[0]["svar_id"])))
    text("empty_id.csv", csv_text(header, changed(rows, 1, svar_id="")))
    text("missing_column.csv", csv_text([c for c in header if c != "E4"], rows))
    text("header_only.csv", csv_text(header, []))
    text("empty.csv", "")
    full = csv_text(header, rows)
    text("truncated.csv", full[: full.rstrip("\n").rindex(",", 0, full.rstrip("\n").rindex("\n") + 40)])
    text("unknown_label.csv", csv_text(header, changed(rows, 2, E3="Ganske stor grad")))
    german = ["In sehr geringem Maße", "In geringem Maße", "In gewissem Maße", "In hohem Maße", "In sehr hohem Maße"]
    text("german_labels.csv", csv_text(header, [
        {**r, **{f"E{i}": german[int(r[f"E{i}"]) - 1] if r[f"E{i}"] in "12345" and r[f"E{i}"] else r[f"E{i}"]
                 for i in range(1, 7)}} for r in rows
    ]))
    text("semicolon_decimal_comma.csv", csv_text(header, changed(rows, 0, innbyggere="16 952,5"), sep=";"))
    text("windows1252.csv", csv_text(header, changed(rows, 1, stilling_tittel="Kommunalsjef for helse og omsorg, "
                                                                              "Bjørnøy og Åsen")), "cp1252")
    mixed = csv_text(header, changed(changed(rows, 0, stilling_tittel="Kommunaldirektør"), 4,
                                     stilling_tittel="Leder for pleie og omsorg, Vågå"))
    lines = mixed.split("\n")  # rows 1-5 in UTF-8, row 6 onwards in Windows-1252
    files["mixed_encodings.csv"] = "\n".join(lines[:5]).encode("utf-8") + b"\n" + "\n".join(lines[5:]).encode("cp1252")
    text("non_numeric_population.csv", csv_text(header, changed(rows, 3, innbyggere="ca. 5000")))
    text("negative_population.csv", csv_text(header, changed(rows, 2, innbyggere="-120")))
    text("repeated_header.csv", csv_text([*header, "E2"], rows))
    text("factor_out_of_range.csv", csv_text(header, changed(rows, 4, kommunegruppe="7")))
    text("yes_no_out_of_range.csv", csv_text(header, changed(rows, 5, endret_3aar="3")))
    text("quarantine.csv", csv_text(header, changed(changed(rows, 1, E1="7"), 4, innbyggere="mange")))
    text("valid_labels.csv", csv_text(header, changed(changed(rows, 0, E1="i STOR  grad"), 1, E2="Vet ikke",
                                                      endret_3aar="Ja")))

    book = codebook_dict()
    book["itemz"] = book.pop("items")  # a misspelt key: a schema error
    text("wrong_codebook.yaml", yaml.safe_dump(book, allow_unicode=True, sort_keys=False))
    book = codebook_dict()
    book["items"][2]["scale"] = "grad7"
    text("unknown_scale_codebook.yaml", yaml.safe_dump(book, allow_unicode=True, sort_keys=False))

    for name, content in files.items():
        (folder / name).write_bytes(content)

    frame = pd.DataFrame(changed(rows, 2, E5="x"), columns=header)
    for column in frame.columns:  # numbers as numbers, as a spreadsheet holds them
        numeric = pd.to_numeric(frame[column], errors="coerce")
        if numeric.notna().sum() == (frame[column] != "").sum() and column != "svar_id":
            frame[column] = numeric.astype("Int64")
    frame.to_excel(folder / "bad_cell.xlsx", index=False, sheet_name="Svar")
    return sorted([*files, "bad_cell.xlsx"])


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent
    for name in write(target):
        print(target / name)
