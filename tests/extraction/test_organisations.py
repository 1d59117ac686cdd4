"""Tests for archive.extraction.organisations and the gazetteer data file."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from archive.extraction.cleaning import clean
from archive.extraction.organisations import (
    canonical_organisation,
    find_organisations,
    load_gazetteer,
    organisation_at,
    organisation_names,
    party_names,
)
from archive.extraction.types import ORGANISATION_KINDS

ROOT = Path(__file__).resolve().parents[2]
GOLD = yaml.safe_load((ROOT / "tests" / "gold_seeds.yaml").read_text(encoding="utf-8"))


def names(text: str) -> list[str]:
    return [o.name for o in find_organisations(text)]


def test_every_mention_offset_points_at_its_text() -> None:
    text = "Yesterday the NIS told the National Assembly’s Intelligence Committee, Yonhap News Agency said."
    for ref in find_organisations(text):
        for m in ref.mentions:
            assert text[m.start : m.end] == m.text


def test_the_longest_alias_wins() -> None:
    text = "He sits on the National Assembly Intelligence Committee."
    refs = find_organisations(text)
    assert [(r.name, r.kind, r.parent) for r in refs] == [
        ("National Assembly Intelligence Committee", "committee", "National Assembly")
    ]


def test_both_apostrophes_match_a_possessive_alias() -> None:
    for apostrophe in ("'", "’"):
        text = f"the National Assembly{apostrophe}s Intelligence Committee met"
        assert names(text) == ["National Assembly Intelligence Committee"]


def test_mentions_are_grouped_under_the_canonical_name_with_the_spellings_seen() -> None:
    text = "The National Intelligence Service (NIS) briefed MPs. The spy agency said the NIS knew."
    [ref] = find_organisations(text)
    assert ref.name == "National Intelligence Service"
    assert ref.aliases == ("National Intelligence Service", "NIS", "spy agency")
    assert len(ref.mentions) == 4


def test_acronyms_match_case_sensitively_and_only_as_whole_words() -> None:
    assert names("the nis and the dp and ap style") == []
    assert names("NISA rules and DPRK and CNNs") == []
    assert names("the DP and the AP said") == ["Democratic Party", "AP"]


def test_lower_case_aliases_match_in_any_case() -> None:
    assert names("The Unification Ministry said") == ["Ministry of Unification"]
    assert names("the unification ministry said") == ["Ministry of Unification"]


def test_names_match_in_capitals_in_headlines() -> None:
    assert names("NATIONAL INTELLIGENCE SERVICE WARNS") == ["National Intelligence Service"]


def test_a_generic_alias_preceded_by_another_country_is_not_the_korean_organisation() -> None:
    assert names("Ukraine's intelligence agency said") == []
    assert names("Russia’s foreign ministry said") == []
    assert names("North Korea's foreign ministry said") == []
    assert names("South Korea's foreign ministry said") == ["Ministry of Foreign Affairs"]
    assert names("the intelligence agency said") == ["National Intelligence Service"]


def test_a_military_followed_by_a_noun_is_an_adjective_not_an_organisation() -> None:
    assert names("photographing South Korean military sites") == []
    assert names("South Korea's military said on Monday") == ["South Korean military"]


def test_unknown_ministries_are_found_by_pattern() -> None:
    refs = find_organisations(
        "The Ministry of Trade, Industry and Energy and the Interior Ministry disagreed."
    )
    assert [(r.name, r.kind) for r in refs] == [
        ("Ministry of Trade, Industry and Energy", "government"),
        ("Interior Ministry", "government"),
    ]


def test_another_countrys_ministry_is_not_the_korean_one() -> None:
    refs = find_organisations("the Japanese Foreign Ministry protested")
    assert [(r.name, r.kind) for r in refs] == [("Japanese Foreign Ministry", "government")]


def test_unknown_parties_are_found_by_pattern_without_a_leading_determiner() -> None:
    refs = find_organisations("The Liberal Democratic Party won. The Party congress ended.")
    assert [(r.name, r.kind) for r in refs] == [("Liberal Democratic Party", "party")]


def test_a_countrys_military_gets_a_canonical_demonym_name() -> None:
    refs = find_organisations("Iran's military and the Iranian army said")
    assert [(r.name, r.kind, len(r.mentions)) for r in refs] == [("Iranian military", "military", 2)]


def test_a_countrys_military_in_the_gazetteer_uses_the_gazetteer_name() -> None:
    assert names("Russia's military advanced") == ["Russian armed forces"]


def test_canonical_organisation_resolves_any_alias() -> None:
    ref = canonical_organisation("kbs world radio news")
    assert ref is not None and (ref.name, ref.kind) == ("KBS", "media")
    assert canonical_organisation("News Today") == canonical_organisation("KBS")
    assert canonical_organisation("Ministry of Silly Walks") is None


def test_party_names_lists_parties_only() -> None:
    parties = party_names()
    assert {
        "People Power Party",
        "Democratic Party",
        "Rebuilding Korea Party",
        "Workers' Party of Korea",
    } <= set(parties)
    assert "National Intelligence Service" not in parties
    assert set(organisation_names("media")) >= {"KBS", "Yonhap", "Reuters"}


def test_organisation_at_finds_the_organisation_under_a_span() -> None:
    text = "Rep. Jang of the Rebuilding Korea Party said."
    start = text.index("Rebuilding")
    ref = organisation_at(text, start, start + len("Rebuilding Korea Party"))
    assert ref is not None and ref.name == "Rebuilding Korea Party"
    assert organisation_at(text, 0, 4) is None


def test_the_gazetteer_is_consistent() -> None:
    g = load_gazetteer()
    assert {e.kind for e in g.entries.values()} <= set(ORGANISATION_KINDS)
    for e in g.entries.values():
        assert e.parent is None or e.parent in g.entries


def test_the_gazetteer_covers_the_required_organisations() -> None:
    required = {
        "National Intelligence Service": "agency",
        "National Assembly Intelligence Committee": "committee",
        "National Assembly": "government",
        "People Power Party": "party",
        "Democratic Party": "party",
        "Rebuilding Korea Party": "party",
        "Reform Party": "party",
        "Justice Party": "party",
        "Workers' Party of Korea": "party",
        "KBS": "media",
        "Yonhap": "media",
        "Korea JoongAng Daily": "media",
        "Korea Herald": "media",
        "Korea Times": "media",
        "Chosun Ilbo": "media",
        "Dong-A Ilbo": "media",
        "Hankyoreh": "media",
        "MBC": "media",
        "SBS": "media",
        "JTBC": "media",
        "Arirang": "media",
        "NK News": "media",
        "Reuters": "media",
        "AP": "media",
        "AFP": "media",
        "BBC": "media",
        "CNN": "media",
        "Korean Central News Agency": "media",
        "TASS": "media",
        "Reconnaissance General Bureau": "agency",
        "Ministry of Unification": "government",
        "Ministry of National Defense": "government",
        "Joint Chiefs of Staff": "military",
        "Ministry of Foreign Affairs": "government",
        "South Korean military": "military",
        "Korean People's Army": "military",
        "General Political Bureau": "military",
        "Ukrainian government": "government",
        "Russian armed forces": "military",
        "US State Department": "government",
        "Pentagon": "military",
    }
    g = load_gazetteer()
    assert {name: g.entries[name].kind for name in required if name in g.entries} == required


@pytest.mark.parametrize("org", GOLD["organisations"], ids=lambda o: o["name"])
def test_gold_organisation_variants_resolve_to_the_gold_name_and_kind(org: dict[str, object]) -> None:
    for variant in [org["name"], *org.get("variants", [])]:  # type: ignore[misc]
        ref = canonical_organisation(str(variant))
        assert ref is not None, variant
        assert (ref.name, ref.kind) == (org["name"], org["kind"])


def test_gold_organisations_are_found_in_the_seeds_with_their_variants() -> None:
    found: dict[str, set[str]] = {}
    kinds: dict[str, str] = {}
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        for ref in find_organisations(clean(path.read_text(encoding="utf-8")).text):
            found.setdefault(ref.name, set()).update(a.replace("’", "'") for a in ref.aliases)
            kinds[ref.name] = ref.kind
    for org in GOLD["organisations"]:
        assert org["name"] in found, org["name"]
        assert kinds[org["name"]] == org["kind"]
        for variant in org.get("variants", []):
            # "KBS World Radio" is printed only inside "KBS World Radio News".
            seen = found[org["name"]]
            assert any(variant.replace("’", "'") in alias for alias in seen), (org["name"], variant)


def test_boilerplate_does_not_create_organisations() -> None:
    text = clean((ROOT / "seeds" / "004_df325ce8335b07e1.txt").read_text(encoding="utf-8")).text
    assert "South Korean military" not in names(text)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("THE SPY AGENCY said", [("SPY AGENCY", "National Intelligence Service")]),
        ("the Spy  Agency said", [("Spy  Agency", "National Intelligence Service")]),
        ("the nis said", []),  # an acronym matches only as written
        ("a spy agency-run site", []),
    ],
)
def test_lower_case_aliases_match_in_any_case_and_acronyms_only_as_written(
    text: str, found: list[tuple[str, str]]
) -> None:
    got = [(m.text, o.name) for o in find_organisations(text) for m in o.mentions]
    assert got == found


def test_many_spellings_of_one_organisation_are_each_kept_once() -> None:
    text = " ".join(["the spy agency", "the SPY AGENCY", "the spy agency", "the Spy Agency"] * 50)
    (ref,) = find_organisations(text)
    assert ref.aliases == ("spy agency", "SPY AGENCY", "Spy Agency")
