"""briefings.find_briefings / attach_claims on small invented texts."""

from __future__ import annotations

import datetime as dt

import pytest

from archive.extraction.attribution import find_claims
from archive.extraction.briefings import _sentences, _transcript_head, attach_claims, find_briefings
from archive.extraction.entities import find_people
from archive.extraction.organisations import find_organisations
from archive.extraction.types import BriefingRef


def briefings(
    text: str, published_on: dt.date | None = None, *, with_claims: bool = False
) -> list[BriefingRef]:
    orgs = find_organisations(text)
    people = find_people(text, organisations=orgs)
    found = find_briefings(text, people=people, organisations=orgs, published_on=published_on)
    if with_claims:
        found = attach_claims(
            found, find_claims(text, people=people, organisations=orgs, briefings=found), people
        )
    return list(found)


def test_it_recognises_a_closed_door_briefing_by_the_agency_to_the_committee() -> None:
    [b] = briefings("The NIS gave a closed-door briefing to the Intelligence Committee on the purge.")
    assert b.organiser == "National Intelligence Service"
    assert b.audience == "National Assembly Intelligence Committee"
    assert b.closed_door


def test_it_resolves_a_weekday_against_the_publication_date() -> None:
    [b] = briefings("Lawmakers were briefed by the NIS on Tuesday.", dt.date(2023, 9, 14))
    assert (b.date, b.date_basis) == (dt.date(2023, 9, 12), "inferred")


def test_it_leaves_the_date_unknown_when_a_weekday_has_nothing_to_anchor_it() -> None:
    [b] = briefings("Lawmakers were briefed by the NIS on Tuesday.")
    assert (b.date, b.date_basis) == (None, "unknown")


def test_it_leaves_the_previous_day_unknown_without_a_publication_date() -> None:
    text = "On Friday, the NIS gave this during a full meeting of the Intelligence Committee held the previous day."
    [b] = briefings(text)
    assert b.date is None


def test_the_previous_day_of_a_weekday_is_resolved_when_the_publication_date_is_known() -> None:
    text = "On Friday, the NIS gave this during a full meeting of the Intelligence Committee held the previous day."
    [b] = briefings(text, dt.date(2022, 6, 10))
    assert b.date == dt.date(2022, 6, 9)


def test_a_weekday_with_a_month_and_day_is_pinned_to_a_year_by_the_years_in_the_text() -> None:
    text = "Under the 2021 accord, and during its briefing on Thursday (March 7), the NIS said more."
    [b] = briefings(text)
    assert b.date == dt.date(2024, 3, 7)


def test_a_weekday_matching_the_latest_date_in_an_undated_text_resolves_to_it() -> None:
    text = (
        "Since May last year there were 9 cases; the first was in May 2019. Media reported on August 2 "
        "that a ship sailed. The NIS briefed lawmakers on Sunday."
    )
    [b] = briefings(text)
    assert b.date == dt.date(2020, 8, 2)


def test_a_weekday_not_matching_the_latest_date_stays_unknown() -> None:
    text = (
        "Since May last year there were 9 cases; the first was in May 2019. Media reported on August 3 "
        "that a ship sailed. The NIS briefed lawmakers on Sunday."
    )
    [b] = briefings(text)
    assert b.date is None


def test_a_report_to_the_committee_is_a_briefing() -> None:
    assert briefings("In a report to the parliamentary intelligence committee, the NIS said 9 boats sank.")


def test_an_article_without_briefing_words_has_no_briefing() -> None:
    assert briefings("The NIS said 9 boats sank near the coast.") == []


def test_the_director_who_reported_to_the_committee_is_the_presenter() -> None:
    [b] = briefings(
        "NIS Director Ahn Jae-seok reported the findings to the Intelligence Committee on Monday."
    )
    assert b.presenters == ("Ahn Jae-seok",)


def test_lawmakers_who_shared_the_information_relay_the_briefing() -> None:
    text = (
        "The NIS spoke at a meeting of the Intelligence Committee. This information was shared by lawmakers "
        "Kwak Min-ji of the People Power Party and Tak Yu-na of the Democratic Party."
    )
    [b] = briefings(text)
    assert set(b.relayed_by) == {"Kwak Min-ji", "Tak Yu-na"}


def test_lawmakers_whose_claims_relay_the_briefing_are_added_to_it() -> None:
    text = (
        "The NIS gave a closed-door briefing to the Intelligence Committee.\n\n"
        "Rep. Wi Seo-yun of the Democratic Party told reporters that 400 engineers were sent to the front."
    )
    [b] = briefings(text, with_claims=True)
    assert b.relayed_by == ("Wi Seo-yun",)


# --- generalisation to other agencies, committees and outlets ------------------------------


def test_a_ministry_telling_a_committee_is_a_briefing_organised_by_the_ministry() -> None:
    text = "The North moved 3,000 more troops, the Ministry of National Defense told the Defense Committee on Wednesday."
    [b] = briefings(text, dt.date(2024, 10, 30))
    assert (b.organiser, b.audience, b.date) == (
        "Ministry of National Defense",
        "National Assembly Defense Committee",
        dt.date(2024, 10, 30),
    )


def test_the_organiser_is_the_body_named_in_the_briefing_not_the_agency_named_elsewhere() -> None:
    text = (
        "The Joint Chiefs of Staff briefed the parliamentary defence committee on the jamming. "
        "Earlier this month, the NIS said it had seen the same."
    )
    [b] = briefings(text)
    assert (b.organiser, b.audience) == ("Joint Chiefs of Staff", "National Assembly Defense Committee")


def test_a_briefing_without_a_day_takes_the_day_the_organiser_spoke_in_the_lead() -> None:
    text = (
        "North Korea shipped 3 million shells, South Korea's spy agency said Tuesday.\n\n"
        "The NIS made the assessment in a closed-door briefing to the Intelligence Committee."
    )
    [b] = briefings(text, dt.date(2024, 11, 5))
    assert b.date == dt.date(2024, 11, 5)


def test_a_briefing_whose_audience_is_never_named_has_none() -> None:
    text = "Rep. Lee Seong-kweun, who attended a closed-door briefing by the National Intelligence Service, spoke."
    [b] = briefings(text)
    assert b.audience is None
    assert b.organiser == "National Intelligence Service"


def test_a_closed_door_parliamentary_briefing_takes_the_committee_named_later() -> None:
    text = (
        "The NIS told a closed-door parliamentary briefing on Wednesday that the North builds a submarine. "
        "Rep. Chun Ha-ram spoke after the meeting of the Intelligence Committee."
    )
    assert [b.audience for b in briefings(text)] == ["National Assembly Intelligence Committee"]


def test_a_lawmakers_own_view_does_not_make_him_a_relayer_of_the_briefing() -> None:
    text = (
        "Rep. Noh Ji-an attended a closed-door briefing by the NIS. "
        "Rep. Ahn Gyu-baek said the government should move quickly."
    )
    [b] = briefings(text, with_claims=True)
    assert b.relayed_by == ("Noh Ji-an",)


def test_last_friday_written_on_a_friday_is_a_week_before() -> None:
    text = "The NIS told the Intelligence Committee last Friday that the soldiers wish to defect."
    assert [b.date for b in briefings(text, dt.date(2024, 11, 1))] == [dt.date(2024, 10, 25)]
    assert [b.date for b in briefings(text, dt.date(2024, 11, 2))] == [dt.date(2024, 11, 1)]


def test_two_briefings_in_one_article_keep_their_own_organisers_and_relayers() -> None:
    text = (
        "The North could send 5,000 more soldiers, the defense ministry told the Defense Committee on Monday, "
        "according to Rep. Choo Mi-ae.\n\n"
        "Separately, the National Intelligence Service briefed the Intelligence Committee on Tuesday.\n\n"
        "Rep. Park Sun-won told reporters that Kim Jong-un had ordered suicide drones, citing the NIS."
    )
    found = briefings(text, dt.date(2024, 12, 18), with_claims=True)
    assert [(b.date, b.organiser, b.relayed_by) for b in found] == [
        (dt.date(2024, 12, 16), "Ministry of National Defense", ("Choo Mi-ae",)),
        (dt.date(2024, 12, 17), "National Intelligence Service", ("Park Sun-won",)),
    ]


def test_sentences_skip_lines_without_end_punctuation_and_keep_a_final_unterminated_one() -> None:
    text = "Spy agency briefing headline\nThe agency briefed lawmakers. It said more!\nA last line"
    got = [text[s:e] for s, e in _sentences(text)]
    assert got == ["The agency briefed lawmakers.", " It said more!", "A last line"]
    # A long unterminated line (a caption, a link list) is skipped as a whole, in linear time.
    long_line = "word " * 4000 + "\nThe ministry said so."
    assert [long_line[s:e] for s, e in _sentences(long_line)] == ["The ministry said so."]


def test_briefing_words_match_in_any_case_but_only_at_a_word_start() -> None:
    [b] = briefings("THE NIS GAVE A CLOSED-DOOR BRIEFING TO THE INTELLIGENCE COMMITTEE ON MONDAY.")
    assert b.closed_door
    assert briefings("The pilots sat through a long debriefing about the weather.") == []


def test_a_closed_door_meeting_between_the_agency_and_the_committee_is_a_briefing() -> None:
    [b] = briefings(
        "The NIS reported on Monday that the test failed, after a closed-door meeting with the committee."
    )
    assert b.organiser == "National Intelligence Service" and b.closed_door


def test_an_agency_reporting_before_the_committee_is_a_briefing_dated_by_an_abbreviated_month() -> None:
    text = "The NIS director shared new findings before the parliamentary intelligence committee on Oct. 8."
    [b] = briefings(text, dt.date(2024, 10, 9))
    assert (b.date, b.audience) == (dt.date(2024, 10, 8), "National Assembly Intelligence Committee")


def test_a_sentence_does_not_end_at_an_abbreviation() -> None:
    text = "The talks were held on Oct. 8 in Seoul. Rep. Han spoke."
    assert [text[s:e] for s, e in _sentences(text)] == [
        "The talks were held on Oct. 8 in Seoul.",
        " Rep. Han spoke.",
    ]


def test_an_organisation_announcing_something_makes_a_press_statement() -> None:
    [b] = briefings(
        "The Joint Chiefs of Staff (JCS) announced that it had detected a launch.", dt.date(2025, 5, 2)
    )
    assert b.organiser == "Joint Chiefs of Staff"
    [b] = briefings(
        "The unification ministry said in a statement on Friday that talks were off.", dt.date(2025, 5, 2)
    )
    assert (b.organiser, b.date) == ("Ministry of Unification", dt.date(2025, 5, 2))


def test_a_persons_statement_is_no_briefing() -> None:
    assert briefings("Park Ji-ho released a statement on Friday saying the talks were off.") == []


def test_the_heading_of_a_briefing_transcript_makes_a_briefing_dated_by_its_page() -> None:
    text = (
        "Press Briefings\n\nRegular Briefing by Spokesperson Han Ji-woo\nDate: Monday, May 5, 2025\n\n"
        "1. Schedule\n\nThe minister will travel to Busan today.\n\nQ) Will talks resume?\n\nA) We will see."
    )
    [b] = briefings(text, dt.date(2025, 5, 5))
    assert (b.date, b.date_basis, b.presenters) == (dt.date(2025, 5, 5), "inferred", ("Han Ji-woo",))
    assert b.evidence == "Regular Briefing by Spokesperson Han Ji-woo"


def test_the_speaker_label_of_a_press_secretary_makes_a_briefing_transcript() -> None:
    [b] = briefings(
        "DEPUTY PRESS SECRETARY JANE ROE: Good afternoon. The Pentagon has nothing new on the launch."
    )
    assert b.date is None
    assert briefings("Press Briefings\n\nThe Pentagon has nothing new on the launch.") == []


def test_a_parliamentary_audit_is_a_briefing() -> None:
    [b] = briefings("During the national audit on Monday, the NIS told lawmakers the hackers were caught.")
    assert b.organiser == "National Intelligence Service"


@pytest.mark.parametrize(
    "text",
    [
        "Han Ji-woo, a member of the parliamentary intelligence committee, told reporters after the briefing that the NIS had proof.",
        "One of the lawmakers, Han Ji-woo, cited the NIS as saying it had proof after the briefing.",
        "After a closed-door briefing, committee member Han Ji-woo said the NIS had proof.",
    ],
)
def test_a_committee_member_or_lawmaker_named_by_description_relays_the_briefing(text: str) -> None:
    [b] = briefings(text)
    assert b.relayed_by == ("Han Ji-woo",)


def test_a_headline_about_a_press_briefing_is_no_transcript_heading() -> None:
    text = "White House Press Briefing: spokesman says talks failed\n\nThe spokesman said on Monday that talks failed."
    assert _transcript_head(text) is None
    text = "Department Press Briefing - May 5, 2025\n\nMR. ROE: Good afternoon."
    assert _transcript_head(text) == (0, len("Department Press Briefing - May 5, 2025"))
