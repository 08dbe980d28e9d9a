"""Expert attributes: set by hand through the CLI, checked, exported and imported back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import SEEDS, Cli, seeded_archive
from quotesdb.attributes import clean_affiliation_kind, clean_country, clean_gender
from quotesdb.errors import InputError


def test_values_are_checked_and_folded_never_guessed() -> None:
    assert clean_gender(" Woman ") == "female"
    assert clean_gender("Genderqueer") == "genderqueer"  # as entered, folded to lower case
    assert clean_gender("unknown") is None
    assert clean_affiliation_kind("Think-Tank") == "think tank"
    assert clean_affiliation_kind("NGO") == "ngo"
    assert clean_country("de") == "DE"
    assert clean_country("UK") == "GB"
    for bad in (lambda: clean_country("XX"), lambda: clean_affiliation_kind("church")):
        with pytest.raises(InputError):
            bad()


def test_expert_set_then_export_import_round_trip(cli: Cli, tmp_path: Path) -> None:
    assert cli("ingest", str(SEEDS)).exit_code == 0
    done = cli(
        "expert", "set", "Fyodor Lukyanov", "--gender", "m", "--affiliation-kind",
        "think tank", "--country", "ru", "--json",
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout) | {"id": 0} == {
        "id": 0,
        "name": "Fyodor Lukyanov",
        "is_person": True,
        "gender": "male",
        "affiliation_kind": "think tank",
        "country": "RU",
    }
    bad = cli("expert", "set", "Fyodor Lukyanov", "--country", "Russia")
    assert bad.exit_code == 1 and "ISO 3166-1" in bad.output
    empty = cli("expert", "set", "Fyodor Lukyanov")
    assert empty.exit_code == 1 and "--gender" in empty.output
    cleared = cli("expert", "set", "Fyodor Lukyanov", "--gender", "unknown", "--json")
    assert json.loads(cleared.stdout)["gender"] is None
    assert json.loads(cleared.stdout)["country"] == "RU"  # untouched

    out = tmp_path / "all.jsonl"
    assert cli("export", "-o", str(out)).exit_code == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()[1:]]
    [lukyanov] = [r for r in records if r.get("name") == "Fyodor Lukyanov"]
    assert (lukyanov["gender"], lukyanov["affiliation_kind"], lukyanov["country"]) == (
        None,
        "think tank",
        "RU",
    )
    copy = Cli(tmp_path / "copy", None)
    assert copy("import", str(out)).exit_code == 0
    again = tmp_path / "again.jsonl"
    assert copy("export", "-o", str(again)).exit_code == 0
    assert again.read_text(encoding="utf-8") == out.read_text(encoding="utf-8")


def test_import_sets_attributes_of_stored_experts_and_rejects_bad_codes(
    sqlite_cli: Cli, tmp_path: Path
) -> None:
    seeded_archive(sqlite_cli.home, None)  # the seeds ingested (a copy of one ingest)
    header = json.dumps({"format": "quotesdb/1"})
    good = tmp_path / "good.jsonl"
    record = {"type": "expert", "name": "Sergei Strokan", "gender": "male", "country": "RU"}
    good.write_text(f"{header}\n{json.dumps(record)}\n", encoding="utf-8")
    assert sqlite_cli("import", str(good)).exit_code == 0
    shown = sqlite_cli("expert", "set", "Strokan", "--affiliation-kind", "media", "--json")
    assert json.loads(shown.stdout)["gender"] == "male"
    assert json.loads(shown.stdout)["country"] == "RU"
    bad = tmp_path / "bad.jsonl"
    bad.write_text(f"{header}\n{json.dumps(record | {'country': 'ZZ'})}\n", encoding="utf-8")
    failed = sqlite_cli("import", str(bad))
    assert failed.exit_code == 1 and "line 2" in failed.output and "ISO" in failed.output


def test_a_gender_suggestion_is_never_set_without_confirmation(
    sqlite_cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quotesdb.attributes import suggested_gender

    assert suggested_gender("Maria Gomez") == "female"
    assert suggested_gender("Dr. John Smith") == "male"
    assert suggested_gender("Blair Lee") is None  # given to both: nothing suggested
    assert suggested_gender("Zyxw Qrst") is None

    added = sqlite_cli("add", "-", "--speaker", "Maria Gomez", input="The port reopens in May.")
    assert added.exit_code == 0, added.output

    def gender() -> str | None:
        lines = sqlite_cli("export").output.splitlines()
        records = [json.loads(line) for line in lines if '"type": "expert"' in line]
        found: str | None = next(r for r in records if r["name"] == "Maria Gomez").get("gender")
        return found

    # Not at a terminal: the suggestion is shown with the command that would set it.
    done = sqlite_cli("expert", "set", "Gomez", "--suggest-gender")
    assert done.exit_code == 0 and "--gender female" in done.output
    assert gender() is None
    # At a terminal: set only on "yes".
    monkeypatch.setattr("quotesdb.cli.attributes._interactive", lambda: True)
    assert sqlite_cli("expert", "set", "Gomez", "--suggest-gender", input="n\n").exit_code == 0
    assert gender() is None
    assert sqlite_cli("expert", "set", "Gomez", "--suggest-gender", input="y\n").exit_code == 0
    assert gender() == "female"
    both = sqlite_cli("expert", "set", "Gomez", "--suggest-gender", "--gender", "female")
    assert both.exit_code != 0
