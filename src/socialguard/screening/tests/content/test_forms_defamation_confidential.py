"""Forms of defamation_risk and confidential_information, one group per form.

Every sentence here was written for these tests (none is copied from the corpus): each form is
checked with new wording, so a rule that only memorised one training text fails here.
"""

from __future__ import annotations

import pytest

from socialguard.screening.model import Category
from socialguard.screening.tests.content._helpers import of

DEFAMATION = Category.DEFAMATION_RISK
CONFIDENTIAL = Category.CONFIDENTIAL_INFORMATION

# --- defamation_risk ------------------------------------------------------------------------

DEFAMATION_FORMS = {
    "direct label after a copula, target anywhere in the clause": [
        "My ex-landlord Terry Moss of Rainhill is a thief",
        "the ward councillor is a pathological liar",
        "our landlord is a slumlord and a crook",
        "Watch out for Darren the window cleaner, he's a thief",
    ],
    "deed with the target as subject": [
        "Councillor Patel has been taking money off developers for years",
        "Cllr Green accepted hospitality from the contractor and then voted for them",
        "The head at Sutton Academy fiddled the SATs results",
        "The council's parking contractor invents fines to hit targets",
        "The chair of the community council used the grant money for her holiday",
        "Kwik Builders took £5k off my mum and disappeared, they're conmen",
        "The leisure trust's chief executive awarded himself a £20k bonus while closing pools",
    ],
    "abuse of dependants and selling to minors": [
        "Jenny Rigby who runs the nursery slaps the toddlers when the parents aren't there",
        "The care home on Moss Lane starves the residents and the manager knows",
        "kevin at the chippy sells fags to kids",
        "The youth club leader is grooming teenage girls online",
    ],
    "euphemism and coded corruption": [
        "The head of planning is in the developers' pocket, everyone knows it",
        "The MSP is in the pay of the fracking companies",
        "The planning committee were all wined and dined by the developer before the vote",
        "tories on the council lined their pockets during covid",
    ],
    "insinuation by connection, even as a question": [
        "Funny how the councillor's brother got the grass cutting contract",
        "Why does Cllr Ahmed's son always get the council contracts? Nothing to see here",
        "lisa from the housing office gives all the houses to her pals",
    ],
    "charging for what never happened": [
        "dave fae the garage is a crook, he charged my da for a clutch he never fitted",
        "Cllr Rowe claimed mileage for a site visit she never went to",
    ],
    "private use of public resources": [
        "The depot manager uses council vans for his removals business at weekends",
    ],
    "addressed to a named person": [
        "@CllrJames you're a liar and a fraud",
    ],
}

NOT_DEFAMATION = [
    "Cllr Smith was cleared of any wrongdoing by the standards committee",
    "Was the councillor paid by the developer? We should ask.",
    "The council is corrupt? No, just incompetent",
    "Police are appealing for witnesses after a theft from a van on Duke Street",
    "Two men have been charged with fraud after a council investigation",
    "My neighbour thinks the builder is a cowboy but I've no idea",
    "Brown envelopes are available at the post office",
    "My son got a job with the council, so proud",
    "The councillor's wife opened the new library this morning",
    "The council's fraud team recovered £2m last year",
    "The film was about a corrupt mayor in 1920s Chicago",
    "Lying in bed with flu, so won't make the council meeting",
    "The council fixed the results page on the website",
    "dave from the council came round and fixed the boiler, brilliant",
    "My neighbour's cat is a little thief, steals my bacon",
    "Cllr Smith said the man who stole the lead is a thief and should be caught",
    "Nothing beats the kids' faces at the summer fair",
    "I'm no sayin the convener's on the take but the decision stinks",
    "Our head of service put in his mileage claims on time for once",
    "Brian from Newton has two drink driving convictions on his record",
]


@pytest.mark.parametrize(
    "text", [t for texts in DEFAMATION_FORMS.values() for t in texts], ids=lambda t: t[:40]
)
def test_defamation_forms(text: str) -> None:
    assert of(text, DEFAMATION), f"no defamation_risk finding in {text!r}"


@pytest.mark.parametrize("text", NOT_DEFAMATION, ids=lambda t: t[:40])
def test_defamation_hard_negatives(text: str) -> None:
    assert of(text, DEFAMATION) == [], [f.text for f in of(text, DEFAMATION)]


def test_insinuation_names_the_connection() -> None:
    (finding,) = of("Funny how the councillor's brother got the grass cutting contract", DEFAMATION)
    assert finding.subtype == "corruption"
    assert finding.evidence["relation"] == "connection"


# --- confidential_information ----------------------------------------------------------------

# One case per line: "context | text"; an indented line continues the one above.
CONFIDENTIAL_FORMS: dict[str, str] = {
    "service user met through work (work frame + person + sensitive fact)": """
personal | Rough day. Had to tell a mum on the Hollins estate her kids are going into foster
    care tomorrow
personal | Lovely old fella on my round today, 94, no family, hasn't eaten properly in weeks
personal | Did a welfare check on a man in Prestonpans today, found him on the floor after 2 days
personal | the lad from Parr we've been working with for 2 years got sent down today
""",
    "a council reply stating case facts": """
business | Draft reply: Hi Paula, your neighbour at 14 has been warned twice about the noise and
    we're now taking legal action against him
business | Reply: Sorry Mr Khan, your mum's assessment found she can't live alone so she'll be
    moving to Moss View care home on Monday
business | Replying to Steve: the lady who made the complaint about you is Mrs Doyle at number 8
""",
    "a colleague's HR matter": """
personal | My team leader has been off with stress for 3 months and they're managing her out
personal | HR have put Dave from fleet on a final warning for his timekeeping, poor sod
business | Hi Lee, the officer dealing with your case is currently suspended so there'll be a delay
""",
    "insider self-identification + an unannounced change": """
personal | Council's going to scrap the brown bin service next year, I've seen the savings list
personal | Our director just told us the whole IT team is being outsourced to Capita. Not
    announced yet so shh
""",
    "residents repeating what an insider told them": """
inbound | Someone who works at the depot told me they're scrapping the garden waste collections
    next year
inbound | Word is the leisure centre is shutting in the summer, my neighbour works there and
    they've been told
inbound | A councillor let slip at the pub that the swimming baths are getting knocked down
inbound | Got told by a bin man that the round is changing to every 3 weeks from April, council
    hasn't said a word
inbound | I know someone in HR and she said the chief exec is being pushed out
""",
    "leaked documents": """
inbound | Leaked letter shows the council plans to shut three care homes
inbound | Here's the internal memo they don't want you to see
""",
    "live tender figures": """
personal | Working on the Linkway tender evaluation this week, Tarmac are miles cheaper than the
    rest
""",
}

NOT_CONFIDENTIAL = """
personal | Proud to work for St Helens Council, great team, great year
personal | Busy day at work, looking forward to the weekend
business | The library is closing early on Friday for staff training, as announced on our website
personal | Today I'm at the Parr community fun day with the housing team, pop over!
personal | Really proud of all the carers in our service, they do amazing work
business | Council confirms the budget consultation is now open, have your say
inbound | Is it true the library is closing? Can the council confirm?
inbound | Rumours the leisure centre is shutting are false, says council
inbound | My neighbour works at the council, lovely woman
inbound | Heard the new bins are coming next month, saw it on the council website
business | Thanks for your message Paula, we've passed it to the noise team who will be in touch
business | Hi Lee, please DM us your reference number and we'll look into it
business | The council will close Rainhill library from April following the consultation, full
    details on our website
personal | I'm off sick this week with the flu, back Monday
business | HR reminder: please don't discuss colleagues' sickness or disciplinary matters online
personal | Long week at work. Can't say more than that, wine time
inbound | Hi, I'm a reporter. We've had a tip-off the council quietly shelved the bypass. Can
    you confirm or deny?
"""


def _cases(block: str) -> list[tuple[str, str]]:
    """``(text, context)`` pairs from "context | text" lines (indented lines continue)."""
    out: list[tuple[str, str]] = []
    for line in block.strip().splitlines():
        if line.startswith(" "):
            text, context = out.pop()
            out.append((f"{text} {line.strip()}", context))
            continue
        context, _, text = line.partition(" | ")
        out.append((text, context))
    return out


@pytest.mark.parametrize(
    ("text", "context"),
    [pair for block in CONFIDENTIAL_FORMS.values() for pair in _cases(block)],
    ids=lambda v: v[:40],
)
def test_confidential_forms(text: str, context: str) -> None:
    assert of(text, CONFIDENTIAL, context), f"no confidential finding in {text!r} ({context})"


@pytest.mark.parametrize(("text", "context"), _cases(NOT_CONFIDENTIAL), ids=lambda v: v[:40])
def test_confidential_hard_negatives(text: str, context: str) -> None:
    assert of(text, CONFIDENTIAL, context) == [], [f.text for f in of(text, CONFIDENTIAL, context)]


def test_work_disclosure_needs_a_staff_post() -> None:
    text = "Did a welfare check on a man in Prestonpans today, found him on the floor"
    assert of(text, CONFIDENTIAL, "personal")
    assert of(text, CONFIDENTIAL, "inbound") == []
