"""defamation_risk (allegation stated as fact about someone identifiable) and political_activity."""

from __future__ import annotations

import pytest

from socialguard.screening.model import Category
from socialguard.screening.tests.content._helpers import of

DEFAMATION = Category.DEFAMATION_RISK
POLITICAL = Category.POLITICAL_ACTIVITY


@pytest.mark.parametrize(
    "text",
    [
        "Cllr Smith is on the take",
        "the head of housing is fiddling expenses",
        "Smith's Builders are crooks who stole £20k from my gran",
        "the planning officer took backhanders from the developer",
        "that bent councillor gave the contract to his mate",
        "Mr Jones the caretaker is a paedo",
        "Councillor Brown is a liar and a fraud",
        "The contractor is cooking the books on the school job",
        "my housing officer is a thief, she took my deposit",
        "The chief executive is lining his own pockets",
    ],
)
def test_reports_allegations_stated_as_fact(text: str) -> None:
    assert of(text, DEFAMATION), f"no defamation_risk finding in {text!r}"


@pytest.mark.parametrize(
    "text",
    [
        "There are allegations that Cllr Smith took bribes",
        "Cllr Smith allegedly fiddled his expenses",
        "I'm not saying he's corrupt but questions need answering",
        "Is Cllr Jones corrupt?",
        "John Davies was convicted of fraud at Liverpool Crown Court on Monday",
        "Fraud is on the rise: beware of rogue traders",
        "the thieves who stole the lead from the church roof were never caught",
        "the councillor should resign over this",
        "Report benefit fraud on 0800 854 440",
        "Scam warning: nobody from the council will ask for your bank details",
    ],
)
def test_hedged_reported_or_untargeted_is_not_defamation(text: str) -> None:
    assert of(text, DEFAMATION) == [], [f.text for f in of(text, DEFAMATION)]


@pytest.mark.parametrize(
    ("text", "context"),
    [
        ("Vote Labour on Thursday!", "personal"),
        ("#ToriesOut", "personal"),
        ("Out canvassing in Parr today with the team, great response on the doorstep", "personal"),
        ("Labour have ruined this town, get them out in May", "inbound"),
        ("Re-elect Cllr Smith for Parr ward", "personal"),
        ("Only the Lib Dems can beat the Tories here", "personal"),
        ("Never vote SNP", "personal"),
        ("Please vote for Sarah Jones on 2nd May!", "business"),
        ("#VoteSNP both votes", "personal"),
        ("Don't vote Reform, they will wreck the council", "personal"),
    ],
)
def test_reports_campaigning(text: str, context: str) -> None:
    assert of(text, POLITICAL, context), f"no political_activity finding in {text!r}"


@pytest.mark.parametrize(
    "text",
    [
        "Polling stations are open 7am to 10pm on Thursday",
        "Register to vote by 16 April",
        "Postal vote applications close at 5pm on 17 April",
        "The returning officer will announce results at the count",
        "Labour and SNP councillors both voted for the budget",
        "the council has a labour shortage in care homes",
        "Green bin collections resume on Monday",
        "reform of the bin service starts next month",
        "Bring photo ID to vote at the polling station",
        "Vote for your favourite park in our competition",
    ],
)
def test_neutral_election_information_is_not_political(text: str) -> None:
    assert of(text, POLITICAL, "business") == [], [f.text for f in of(text, POLITICAL, "business")]
