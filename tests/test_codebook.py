"""Codebook loading: the shipped codebook, schema and cross-reference errors, label resolution."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
import yaml

from likertpipe.codebook import load_codebook, parse_codebook, text
from likertpipe.errors import LikertpipeError

REPO = Path(__file__).resolve().parents[1]
SHIPPED = REPO / "config" / "kommunalsjef" / "codebook.yaml"
DEMO_EXPORT = REPO / "data_raw" / "kommunalsjef" / "demo_export.csv"


def write_yaml(tmp_path: Path, data: dict, name: str = "codebook.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def load_error(path: Path) -> str:
    with pytest.raises(LikertpipeError) as info:
        load_codebook(path)
    return str(info.value)


# --- the shipped codebook -------------------------------------------------------------------------------


def test_shipped_codebook_loads() -> None:
    codebook = load_codebook(SHIPPED)
    assert codebook.study_id == "kommunalsjef"
    assert codebook.language == "nb"
    assert codebook.source == str(SHIPPED)
    assert codebook.id_column == "svar_id"
    assert [i.column for i in codebook.items] == ["E1", "E2", "E3", "E4", "E5", "E6"]
    grad5 = codebook.scales["grad5"]
    assert grad5.codes == (1, 2, 3, 4, 5)
    assert grad5.dont_know_codes == (6,)
    assert grad5.missing_codes == ()
    assert grad5.agree_codes == (4, 5)
    assert all(item.scale is grad5 for item in codebook.items)
    assert [f.column for f in codebook.factors] == ["stilling", "kommunegruppe", "utdanning", "ledererfaring",
                                                    "helse_sosial"]
    assert codebook.derived_columns == ["helse_sosial", "endret_eller_planlagt", "tittel_kommunalsjef"]
    assert [f.column for f in codebook.compared_factors] == ["kommunegruppe", "utdanning", "ledererfaring"]
    assert codebook.factor("kommunegruppe").codes == (1, 2, 3, 4, 5, 6)
    assert [(c.column, c.min, c.max) for c in codebook.covariates] == [("innbyggere", 0, None)]
    assert [(q.column, q.yes_code) for q in codebook.yes_no] == [("endret_3aar", 1), ("planlagt_3aar", 1),
                                                                 ("endret_eller_planlagt", 1),
                                                                 ("tittel_kommunalsjef", 1)]
    assert [t.comment for t in codebook.open_text] == [False, True, True, True, True]
    assert codebook.sampling_frame is not None
    assert (codebook.sampling_frame.factor, codebook.sampling_frame.column) == ("kommunegruppe", "kommunegruppe")


def test_shipped_codebook_declares_exactly_the_demo_export_columns() -> None:
    with DEMO_EXPORT.open(encoding="utf-8-sig", newline="") as fh:
        header = next(csv.reader(fh))
    assert sorted(load_codebook(SHIPPED).columns) == sorted(header)


def test_small_codebook_parses(codebook) -> None:
    assert codebook.source == "small-codebook.yaml"
    assert codebook.columns == ["resp_id", "q1", "q2", "region", "years", "changed", "comment"]
    scale = codebook.scales["agree5"]
    assert (scale.codes, scale.dont_know_codes, scale.missing_codes) == ((1, 2, 3, 4, 5), (6,), (9,))
    assert scale.level_label(9, "en") == "Not applicable"
    assert scale.level_label(6, "nb") == "Vet ikke"


# --- errors -------------------------------------------------------------------------------------------


def test_missing_required_field(tmp_path, codebook_dict) -> None:
    del codebook_dict["items"]
    path = write_yaml(tmp_path, codebook_dict)
    message = load_error(path)
    assert str(path) in message
    assert "'items' is a required property" in message


def test_missing_required_field_of_an_item(tmp_path, codebook_dict) -> None:
    del codebook_dict["items"][1]["label"]
    path = write_yaml(tmp_path, codebook_dict)
    message = load_error(path)
    assert str(path) in message
    assert "items/1" in message and "'label' is a required property" in message


def test_item_references_unknown_scale(tmp_path, codebook_dict) -> None:
    codebook_dict["items"][1]["scale"] = "agree7"
    path = write_yaml(tmp_path, codebook_dict)
    message = load_error(path)
    assert str(path) in message
    assert "item q2" in message and "'agree7'" in message and "not defined" in message


def test_duplicate_column(tmp_path, codebook_dict) -> None:
    codebook_dict["covariates"].append({"column": "q1", "label": "Duplicate of an item"})
    path = write_yaml(tmp_path, codebook_dict)
    message = load_error(path)
    assert str(path) in message
    assert "'q1'" in message and "declared twice" in message


def test_id_column_declared_again_as_item(tmp_path, codebook_dict) -> None:
    codebook_dict["items"].append({"column": "resp_id", "scale": "agree5", "label": "x"})
    path = write_yaml(tmp_path, codebook_dict)
    message = load_error(path)
    assert str(path) in message and "'resp_id'" in message and "twice" in message


@pytest.mark.parametrize(
    "section, entry",
    [
        ("dont_know", {"code": 5, "label": "Don't know, clashing with level 5"}),
        ("missing", {"code": 6, "label": "Not applicable, clashing with don't know 6"}),
        ("levels", {"code": 1, "label": "A second level 1"}),
    ],
)
def test_duplicate_code_in_a_scale(tmp_path, codebook_dict, section, entry) -> None:
    codebook_dict["scales"]["agree5"][section].append(entry)
    path = write_yaml(tmp_path, codebook_dict)
    message = load_error(path)
    assert str(path) in message
    assert "'agree5'" in message and "code twice" in message


def test_yes_code_not_a_level(tmp_path, codebook_dict) -> None:
    codebook_dict["yes_no"][0]["yes_code"] = 3
    path = write_yaml(tmp_path, codebook_dict)
    message = load_error(path)
    assert str(path) in message
    assert "changed" in message and "yes code 3" in message and "'yes_no'" in message


def test_sampling_frame_factor_unknown(tmp_path, codebook_dict) -> None:
    codebook_dict["sampling_frame"]["factor"] = "county"
    path = write_yaml(tmp_path, codebook_dict)
    message = load_error(path)
    assert str(path) in message
    assert "sampling_frame.factor 'county'" in message


def test_non_yaml_file(tmp_path) -> None:
    path = tmp_path / "codebook.yaml"
    path.write_text("study: {id: broken\nitems: [\n  - : :\n", encoding="utf-8")
    message = load_error(path)
    assert str(path) in message
    assert "not valid YAML" in message


def test_yaml_that_is_not_a_mapping(tmp_path) -> None:
    path = tmp_path / "codebook.yaml"
    path.write_text("- just\n- a list\n", encoding="utf-8")
    message = load_error(path)
    assert str(path) in message
    assert "mapping" in message


def test_missing_file(tmp_path) -> None:
    path = tmp_path / "does_not_exist.yaml"
    message = load_error(path)
    assert message == f"{path}: codebook file not found. Check the 'codebook' path in the config."


def test_codebook_path_is_checked_before_reading(tmp_path) -> None:
    folder = tmp_path / "codebook.yaml"
    folder.mkdir()
    assert load_error(folder).startswith(f"{folder}: is a folder, not a codebook file.")
    path = tmp_path / "codebook.json"
    path.write_text("{}", encoding="utf-8")
    assert load_error(path).startswith(f"{path}: '.json' is not a codebook file format likertpipe reads "
                                       "(it reads .yaml, .yml).")


def test_parse_codebook_errors_name_the_given_source(codebook_dict) -> None:
    codebook_dict["items"][0]["scale"] = "nope"
    with pytest.raises(LikertpipeError, match=r"^elsewhere\.yaml: item q1 names scale 'nope'"):
        parse_codebook(codebook_dict, source="elsewhere.yaml")


def test_schema_rejects_unknown_field(tmp_path, codebook_dict) -> None:
    codebook_dict["items"][0]["colour"] = "red"
    path = write_yaml(tmp_path, codebook_dict)
    message = load_error(path)
    assert str(path) in message and "colour" in message


# --- labels ---------------------------------------------------------------------------------------------


def test_text_picks_the_requested_language() -> None:
    label = {"nb": "Ja", "en": "Yes"}
    assert text(label, "nb") == "Ja"
    assert text(label, "en") == "Yes"


def test_text_falls_back_to_the_first_given_language() -> None:
    assert text({"nb": "Ja", "en": "Yes"}, "de") == "Ja"
    assert text({"en": "Yes", "nb": "Ja"}, "de") == "Yes"


def test_plain_string_labels_serve_every_language(codebook) -> None:
    q2 = codebook.items[1]
    assert text(q2.label, "nb") == "Second statement (plain string)"
    assert text(q2.label, "en") == "Second statement (plain string)"


def test_parsed_labels_resolve(codebook) -> None:
    q1 = codebook.items[0]
    assert text(q1.label, "nb") == "Første påstand"
    assert text(q1.label, "en") == "First statement"
    assert text(codebook.title, "en") == "Small test"
    assert codebook.factor("region").level_label(3, "en") == "South"
    assert codebook.factor("region").level_label(3, "nb") == "Sør"


def test_title_defaults_to_the_study_id(codebook_dict) -> None:
    del codebook_dict["study"]["title"]
    del codebook_dict["study"]["language"]
    codebook = parse_codebook(codebook_dict)
    assert text(codebook.title, "en") == "small_test"
    assert codebook.language == "en"


def test_factor_code_used_twice_is_an_error(codebook_dict) -> None:
    data = codebook_dict
    data["factors"][0]["missing"] = [{"code": data["factors"][0]["levels"][0]["code"], "label": "not stated"}]
    with pytest.raises(LikertpipeError, match=r"factor '.*' uses a code twice"):
        parse_codebook(data, source="cb.yaml")


def test_yes_no_scale_must_have_two_levels(codebook_dict) -> None:
    data = codebook_dict
    scale = data["yes_no"][0]["scale"]
    data["scales"][scale]["levels"].append({"code": 3, "label": "maybe"})
    with pytest.raises(LikertpipeError, match="exactly two"):
        parse_codebook(data, source="cb.yaml")


# --- indices --------------------------------------------------------------------------------------------


@pytest.fixture
def index_dict(codebook_dict) -> dict:
    """The small codebook with a third item and one index over q1, q2 and q3 (q2 reversed)."""
    codebook_dict["items"].append({"column": "q3", "scale": "agree5", "label": "Third statement"})
    codebook_dict["indices"] = [{"id": "climate", "label": {"nb": "Klima", "en": "Climate"},
                                 "items": ["q1", "q2", "q3"], "reversed": ["q2"], "min_answered": 2}]
    return codebook_dict


def test_valid_index_parses(index_dict) -> None:
    index_dict["indices"].append({"id": "pair", "label": "Pair", "items": ["q3", "q1"]})
    codebook = parse_codebook(index_dict, source="cb.yaml")
    climate, pair = codebook.indices
    assert climate.id == "climate"
    assert text(climate.label, "en") == "Climate" and text(climate.label, "nb") == "Klima"
    assert [item.column for item in climate.items] == ["q1", "q2", "q3"]
    assert climate.items[0] is codebook.items[0]
    assert climate.items[2].scale is codebook.scales["agree5"]
    assert climate.reversed == ("q2",)
    assert climate.min_answered == 2
    assert [item.column for item in pair.items] == ["q3", "q1"]  # the index's order, not the codebook's
    assert pair.reversed == ()
    assert pair.min_answered == 2  # default: all items
    assert "q3" in codebook.columns and "climate" not in codebook.columns


def test_codebook_without_indices_has_none(codebook) -> None:
    assert codebook.indices == ()


def test_index_with_unknown_item_names_the_index(index_dict) -> None:
    index_dict["indices"][0]["items"] = ["q1", "q7"]
    index_dict["indices"][0]["reversed"] = []
    with pytest.raises(LikertpipeError, match=r"^cb\.yaml: index 'climate'") as info:
        parse_codebook(index_dict, source="cb.yaml")
    assert "q7" in str(info.value)


def test_index_with_unknown_reversed_item_names_the_index(index_dict) -> None:
    index_dict["indices"][0]["reversed"] = ["q8"]
    with pytest.raises(LikertpipeError, match=r"index 'climate'.*q8"):
        parse_codebook(index_dict, source="cb.yaml")


def test_reversed_item_not_among_the_index_items(index_dict) -> None:
    index_dict["indices"][0]["items"] = ["q1", "q3"]  # q2 is an item of the codebook, not of the index
    with pytest.raises(LikertpipeError, match=r"^cb\.yaml: index 'climate'") as info:
        parse_codebook(index_dict, source="cb.yaml")
    assert "q2" in str(info.value) and "not among" in str(info.value)


def test_min_answered_larger_than_the_items_names_the_index(index_dict) -> None:
    index_dict["indices"][0]["min_answered"] = 4
    with pytest.raises(LikertpipeError, match=r"^cb\.yaml: index 'climate'") as info:
        parse_codebook(index_dict, source="cb.yaml")
    assert "min_answered 4" in str(info.value)
    index_dict["indices"][0]["min_answered"] = 3
    assert parse_codebook(index_dict).indices[0].min_answered == 3


@pytest.mark.parametrize("change", [{"min_answered": 0}, {"items": ["q1"]}, {"id": "1bad"}, {"colour": "red"}])
def test_schema_rejects_malformed_indices(tmp_path, index_dict, change) -> None:
    index_dict["indices"][0].update(change)
    if change.get("items") == ["q1"]:
        index_dict["indices"][0]["reversed"] = []
    path = write_yaml(tmp_path, index_dict)
    message = load_error(path)
    assert str(path) in message and "indices/0" in message


def test_index_listing_an_item_twice_names_the_index(index_dict) -> None:
    index_dict["indices"][0].update({"items": ["q1", "q3", "q1"], "reversed": [], "min_answered": 3})
    with pytest.raises(LikertpipeError, match=r"index 'climate'.*q1"):
        parse_codebook(index_dict, source="cb.yaml")


# --- generality: any Likert survey ------------------------------------------------------------------------


def scale_of(codes, **extra) -> dict:
    return {"levels": [{"code": c, "label": f"level {c}"} for c in codes], **extra}


@pytest.mark.parametrize("codes, agree, disagree", [
    (range(1, 3), (2,), (1,)),
    (range(1, 4), (3,), (1,)),
    (range(1, 5), (3, 4), (1, 2)),
    (range(1, 8), (6, 7), (1, 2)),
    (range(0, 11), (9, 10), (0, 1)),
])
def test_scales_of_two_to_eleven_levels(codebook_dict, codes, agree, disagree) -> None:
    codebook_dict["scales"]["agree5"] = scale_of(codes)
    scale = parse_codebook(codebook_dict).scales["agree5"]
    assert scale.codes == tuple(codes)
    assert (scale.agree_codes, scale.disagree_codes) == (agree, disagree)
    assert not set(scale.agree_codes) & set(scale.disagree_codes)


def test_a_scale_needs_two_levels(tmp_path, codebook_dict) -> None:
    codebook_dict["scales"]["agree5"] = scale_of([1])
    assert "scales/agree5/levels" in load_error(write_yaml(tmp_path, codebook_dict))


def test_items_on_different_scales_with_several_missing_codes(codebook_dict) -> None:
    codebook_dict["scales"]["zero_ten"] = scale_of(range(0, 11), missing=[
        {"code": 97, "label": "Not applicable"}, {"code": 98, "label": "Refused"}, {"code": 99, "label": "Skipped"}])
    codebook_dict["items"][1]["scale"] = "zero_ten"
    codebook = parse_codebook(codebook_dict)
    q1, q2 = codebook.items
    assert q1.scale.name == "agree5" and q2.scale.name == "zero_ten"
    assert q2.scale.missing_codes == (97, 98, 99) and q2.scale.dont_know_codes == ()


def test_label_text_answers_in_another_language_clean_to_codes(codebook_dict, read_csv_text, make_csv) -> None:
    from likertpipe.clean import clean

    codebook_dict["scales"]["agree5"]["levels"][3]["label"]["de"] = "Stimme zu"
    codebook_dict["scales"]["agree5"]["dont_know"][0]["label"]["de"] = "Weiß nicht"
    codebook = parse_codebook(codebook_dict)
    export = read_csv_text(make_csv([{"resp_id": "a", "q1": "stimme  ZU"}, {"resp_id": "b", "q1": "Weiß nicht"},
                                     {"resp_id": "c", "q1": "Agree"}, {"resp_id": "d", "q1": "enig"}]))
    data, _ = clean(export.raw, codebook, str(export.path))
    assert data["q1_code"].tolist() == [4, 6, 4, 4]
    assert data["q1"].tolist()[:2] == [4, pd.NA]


def test_sampling_frame_is_optional(codebook_dict) -> None:
    del codebook_dict["sampling_frame"]
    assert parse_codebook(codebook_dict).sampling_frame is None


@pytest.mark.parametrize("count", [1, 2, 20])
def test_factors_with_any_number_of_levels(codebook_dict, count) -> None:
    codebook_dict["factors"][0]["levels"] = [{"code": c, "label": f"Place {c}"} for c in range(1, count + 1)]
    assert parse_codebook(codebook_dict).factor("region").codes == tuple(range(1, count + 1))


def test_index_id_must_not_be_a_column(index_dict) -> None:
    index_dict["indices"][0]["id"] = "years"
    with pytest.raises(LikertpipeError, match="index id 'years'"):
        parse_codebook(index_dict, source="cb.yaml")
    index_dict["indices"][0]["id"] = "climate"
    index_dict["indices"].append(dict(index_dict["indices"][0]))
    with pytest.raises(LikertpipeError, match="index id 'climate'"):
        parse_codebook(index_dict, source="cb.yaml")


# --- the wave -------------------------------------------------------------------------------------------------


@pytest.fixture
def wave_dict(codebook_dict) -> dict:
    codebook_dict["factors"].append({"column": "year", "label": "Year", "compare": False,
                                     "levels": [{"code": c, "label": str(2015 + c)} for c in (1, 2, 3)]})
    codebook_dict["wave"] = {"column": "year"}
    return codebook_dict


def test_wave_is_the_named_factor(wave_dict) -> None:
    codebook = parse_codebook(wave_dict)
    assert codebook.wave is codebook.factor("year")
    assert codebook.wave.level_label(3, "en") == "2018"
    assert [f.column for f in codebook.group_factors] == ["region"]


def test_a_compared_wave_is_not_one_of_the_groups(wave_dict) -> None:
    wave_dict["factors"][1]["compare"] = True
    codebook = parse_codebook(wave_dict)
    assert [f.column for f in codebook.compared_factors] == ["region", "year"]
    assert [f.column for f in codebook.group_factors] == ["region"]


def test_no_wave_by_default(codebook) -> None:
    assert codebook.wave is None
    assert codebook.group_factors == codebook.compared_factors


def test_wave_naming_an_unknown_factor(wave_dict) -> None:
    wave_dict["wave"]["column"] = "q1"
    with pytest.raises(LikertpipeError, match=r"^cb\.yaml: wave\.column 'q1' is not a column under 'factors'"):
        parse_codebook(wave_dict, source="cb.yaml")


@pytest.mark.parametrize("codes", [(3, 1, 2), (1,)])
def test_wave_levels_must_be_in_time_order(wave_dict, codes) -> None:
    wave_dict["factors"][1]["levels"] = [{"code": c, "label": str(2015 + c)} for c in codes]
    with pytest.raises(LikertpipeError, match="wave factor 'year' needs at least two levels listed in time order"):
        parse_codebook(wave_dict, source="cb.yaml")


def test_schema_rejects_a_malformed_wave(tmp_path, wave_dict) -> None:
    wave_dict["wave"] = {"factor": "year"}
    message = load_error(write_yaml(tmp_path, wave_dict))
    assert "wave" in message and "'column' is a required property" in message


# --- docs/codebook.md ----------------------------------------------------------------------------------------


def _fenced(markdown: str, heading: str, language: str) -> str:
    """The first ```language block after `heading` in the markdown."""
    after = markdown.split(f"\n{heading}\n", 1)[1]
    return after.split(f"```{language}\n", 1)[1].split("```", 1)[0]


def test_the_minimal_example_in_the_docs_is_valid_and_cleans_its_csv(tmp_path) -> None:
    from likertpipe.clean import clean
    from likertpipe.io import read_export

    markdown = (REPO / "docs" / "codebook.md").read_text(encoding="utf-8")
    path = tmp_path / "codebook.yaml"
    path.write_text(_fenced(markdown, "## A minimal complete example", "yaml"), encoding="utf-8")
    codebook = load_codebook(path)
    export = tmp_path / "export.csv"
    export.write_text(_fenced(markdown, "## A minimal complete example", "csv"), encoding="utf-8")
    data, warnings = clean(read_export(export), codebook, str(export))
    assert warnings == [] and len(data) > 0


def test_the_derived_variables_example_in_the_docs_gives_its_processed_columns(tmp_path) -> None:
    """docs/codebook.md's example of any_of, recode and cut: the codebook is valid, its export cleans, and the
    derived columns are those the page shows (yes when any is yes, a don't-know and no yes is missing; the
    bands' bounds belong to the band above; a missing source is missing)."""
    from likertpipe.clean import clean
    from likertpipe.io import read_export

    markdown = (REPO / "docs" / "codebook.md").read_text(encoding="utf-8")
    heading = "### Derived variables: `any_of`, `text_in`, `recode`, `cut`"
    path = tmp_path / "codebook.yaml"
    path.write_text(_fenced(markdown, heading, "yaml"), encoding="utf-8")
    codebook = load_codebook(path)
    assert codebook.columns == ["id", "q1", "education", "population", "changed", "planned", "title"]
    export = tmp_path / "export.csv"
    export.write_text(_fenced(markdown, heading, "csv"), encoding="utf-8")
    data, warnings = clean(read_export(export), codebook, str(export))
    expected = tmp_path / "expected.csv"
    expected.write_text(_fenced(markdown, "gives, besides the export's columns:", "csv"), encoding="utf-8")
    want = pd.read_csv(expected, dtype="Int64")
    assert warnings == []
    assert [str(dtype) for dtype in data[want.columns[1:]].dtypes] == ["Int8"] * 4
    pd.testing.assert_frame_equal(data[want.columns[1:]].astype("Int64"), want.iloc[:, 1:])


@pytest.mark.parametrize(("change", "says"), [
    (lambda b: b["factors"][1].update(recode="population"), "not a factor of the export"),
    (lambda b: b["factors"][1]["levels"][1].update({"from": [2, 3]}), "more than one level"),
    (lambda b: b["factors"][1]["levels"][1].update({"from": [7]}), "found 7"),
    (lambda b: b["factors"][2]["levels"][2].update(below=30000), "the last none"),
    (lambda b: b["factors"][2]["levels"][1].update(below=10), "increasing order"),
    (lambda b: b["factors"][0]["levels"][0].update({"from": [1]}), "only a factor with 'recode'"),
    (lambda b: b["yes_no"][2].update(any_of=["changed", "q1"]), "not a yes/no question of the export"),
    (lambda b: b["yes_no"][2].update(aliases=["cp"]), "remove its aliases"),
    (lambda b: b["factors"][2].update(recode="education"), "more than one way"),
    (lambda b: b["yes_no"][3]["text_in"].update(column="q1"), "not an open-text column"),
    (lambda b: b["yes_no"][3].update(any_of=["changed", "planned"]), "more than one way"),
])
def test_a_wrong_derived_variable_is_refused_with_its_fix(change, says) -> None:
    markdown = (REPO / "docs" / "codebook.md").read_text(encoding="utf-8")
    book = yaml.safe_load(_fenced(markdown, "### Derived variables: `any_of`, `text_in`, `recode`, `cut`", "yaml"))
    change(book)
    with pytest.raises(LikertpipeError, match="derived|factor|question") as error:
        parse_codebook(book)
    assert says in str(error.value)


def test_the_docs_name_every_schema_field() -> None:
    markdown = (REPO / "docs" / "codebook.md").read_text(encoding="utf-8")
    schema = yaml.safe_load((REPO / "src" / "likertpipe" / "schemas" / "codebook.schema.yaml").read_text("utf-8"))
    fields = set(schema["properties"])
    for name, spec in schema["properties"].items():
        body = spec.get("items", spec.get("additionalProperties", spec))
        fields |= {f"{name}.{key}" for key in (body.get("properties", {}) if isinstance(body, dict) else {})}
    missing = sorted(f for f in fields if f"`{f}`" not in markdown)
    assert missing == [], f"docs/codebook.md does not document {missing}"


def test_shipped_wave_study_declares_exactly_its_demo_export_columns() -> None:
    codebook = load_codebook(REPO / "config" / "statlig_finansiering" / "codebook.yaml")
    with (REPO / "data_raw" / "statlig_finansiering" / "demo_export.csv").open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    assert sorted(codebook.columns) == sorted(header)
    assert codebook.wave is codebook.factor("aar")
    assert [(i.id, len(i.items), i.reversed) for i in codebook.indices] == [
        ("brukermedvirkning", 6, ("b4",)), ("kompetanse_samarbeid", 4, ())]
    assert codebook.sampling_frame is None
    assert [f.column for f in codebook.group_factors] == ["gruppe", "kommune"]
