"""Speakers resolved from their source phrase: names, pronouns, descriptions, never a wrong person."""

from __future__ import annotations

from collections.abc import Callable

from archive.extraction.types import Claim

Claims = Callable[[str], list[Claim]]
Only = Callable[[list[Claim], str], Claim]


def test_he_is_the_person_who_spoke_just_before(claims: Claims, only: Only) -> None:
    text = "Rep. Yang Mi-so said the harbour was closed. He said the boats were moved to Tarn."
    c = only(claims(text), "boats were moved")
    assert c.speakers == ("Yang Mi-so",) and c.speaker_inferred


def test_the_lawmaker_points_back_to_the_last_lawmaker(claims: Claims, only: Only) -> None:
    text = "Rep. Yang Mi-so attended the session. The lawmaker said the boats were moved to Tarn."
    assert only(claims(text), "boats were moved").speakers == ("Yang Mi-so",)


def test_two_lawmakers_named_in_the_next_sentence_are_both_speakers(claims: Claims, only: Only) -> None:
    text = (
        "Two lawmakers said the boats were moved to Tarn. One of the lawmakers, Yang Mi-so, attended. "
        "The other lawmaker, Cho Dae-ho, left early."
    )
    assert set(only(claims(text), "boats were moved").speakers) == {"Yang Mi-so", "Cho Dae-ho"}


def test_an_unnamed_official_stays_unnamed_with_the_description(claims: Claims, only: Only) -> None:
    c = only(claims("A committee official said the boats were moved to Tarn."), "boats were moved")
    assert c.speakers == () and c.speaker_description == "A committee official"


def test_a_country_speaks_through_its_government(claims: Claims, only: Only) -> None:
    c = only(claims("Norway said the boats were moved to Tarn."), "boats were moved")
    assert c.speaker_organisations == ("Government of Norway",)


def test_a_misspelt_family_name_is_the_person_named_before(claims: Claims, only: Only) -> None:
    text = "Foreign Minister Tobias Hallgren spoke on Monday. Halgren said the boats were moved to Tarn."
    assert only(claims(text), "boats were moved").speakers == ("Tobias Hallgren",)


def test_a_person_introduced_without_a_title_is_found_by_the_model(claims: Claims, only: Only) -> None:
    text = "Tobias Hallgren visited the port. “The boats were moved to Tarn,” Hallgren said."
    assert only(claims(text), "boats were moved").speakers == ("Tobias Hallgren",)


def test_a_lawmaker_and_a_leader_sharing_a_surname_stay_apart(claims: Claims, only: Only) -> None:
    text = (
        "Leader Kim Jong-un visited the port. Rep. Kim Dae-ho of the Democratic Party told reporters "
        "the boats were moved. Kim said the port was closed for a month."
    )
    assert only(claims(text), "port was closed").speakers == ("Kim Dae-ho",)


def test_officials_of_a_named_institution_speak_for_it(claims: Claims) -> None:
    found = claims("South Korean military officials claimed that the launch pad at Sohae had been rebuilt.")
    c = next(c for c in found if "launch pad" in c.text)
    assert (c.speakers, c.speaker_description, c.source) == (
        (),
        "South Korean military officials",
        "South Korean military",
    )


def test_he_after_an_unnamed_speaker_stays_that_unnamed_speaker(claims: Claims, only: Only) -> None:
    text = (
        "President Ivo Marsh said the port was closed. Mayor Oda Lenk is “testing the patience of the "
        "harbour,” the regional leader said. “And if nothing changes, the ferries will stop,” he added."
    )
    c = only(claims(text), "ferries will stop")
    assert "Oda Lenk" not in c.speakers  # she is talked about, not speaking


def test_a_content_verb_before_a_closing_cue_is_no_relay(claims: Claims, only: Only) -> None:
    text = (
        "Western allies have not responded to the blockade of the port, President Ivo Marsh said on Friday."
    )
    c = only(claims(text), "blockade of the port")
    assert c.speakers == ("Ivo Marsh",)


def test_a_statement_owner_the_gazetteer_lacks_comes_from_the_recogniser(claims: Claims, only: Only) -> None:
    text = "According to a statement from the Federal Maritime Commission, the ferry was seized on Monday."
    assert only(claims(text), "ferry was seized").speaker_organisations == ("Federal Maritime Commission",)


def test_a_lawmaker_in_the_lead_is_the_one_lawmaker_the_article_names(claims: Claims, only: Only) -> None:
    text = (
        "The harbour at Orlen was closed for a week, according to a lawmaker briefed by the port authority. "
        "Rep. Oda Lenk told reporters the ferries would resume in May."
    )
    assert only(claims(text), "closed for a week").speakers == ("Oda Lenk",)
    two = text + " Rep. Ivo Marsh said the pier was unsafe."
    assert only(claims(two), "closed for a week").speakers == ()  # two lawmakers: no guess


def test_a_statement_denouncing_something_is_its_issuers_and_the_official_after_it_too(
    claims: Claims, only: Only
) -> None:
    text = (
        "North Korea's defense ministry spokesperson issued a statement denouncing the drill as a "
        '"reckless and hostile act." "Our forces will answer every provocation at sea," the official '
        "added through the statement."
    )
    found = claims(text)
    denouncing = only(found, "reckless and hostile")
    assert denouncing.text.endswith('hostile act."')
    assert denouncing.speaker_organisations == ("North Korean Ministry of National Defence",)
    added = only(found, "answer every provocation")
    assert (added.speaker_description, added.source) == (
        "the official",
        "North Korean Ministry of National Defence",
    )
