"""council_representation and political_activity: the FORMS each category takes, tested with
sentences written for these tests (not taken from the corpus), positives and hard negatives.

Each block names the form (see the docstrings of ``representation.py`` and ``political.py``).
"""

from __future__ import annotations

import pytest

from socialguard.screening.model import Category
from socialguard.screening.tests.content._helpers import of

REP = Category.COUNCIL_REPRESENTATION
POL = Category.POLITICAL_ACTIVITY


def _found(text: str, category: Category, context: str) -> list[str]:
    return [f.text for f in of(text, category, context) if not f.detector.startswith("learned")]


# -- council_representation: staff posts and comments -------------------------------------------


@pytest.mark.parametrize(
    ("text", "context"),
    [
        # 1. a direct claim, in new wording
        ("Right, so yes, this is the official view: the leisure card is going", "personal"),
        ("Let me tell you what my council actually thinks about the new bridge", "personal"),
        ("Sorry from the council for the mess at the tip this weekend", "personal"),
        # 2. insider (job, team, time served, Scots) + the council's decision as fact
        ("I work in the housing team and the council has already decided on the flats", "personal"),
        ("Bin crew here. Council have told us the brown bins are stopping in April", "inbound"),
        ("I'm a planning officer and trust me, that warehouse is getting approved", "personal"),
        ("Been at the council nine years and the cooncil's decided to shut the depot", "personal"),
        ("I'm fae the cooncil and the gala grant is definitely getting approved", "inbound"),
        ("I sit on the programme board and the route was decided months ago", "personal"),
        ("We were told by the top floor the pool is closing. I just work here", "personal"),
        # 3. insider + a promise beyond their authority
        (
            "Council officer here. You'll definitely get your refund, I'll make sure of it",
            "inbound",
        ),
        ("I'm from the council and I'll get that pothole sorted for you by Friday", "inbound"),
        # 4. insider + public criticism of the council or colleagues
        ("Honestly working for this council is a joke, management haven't a clue", "personal"),
        ("Council employee here and I'm embarrassed by our parks department", "personal"),
        ("Our managers are useless and the bin crews get the blame", "personal"),
        # 5. insider + endorsing a business in the job
        ("As a licensing officer I'd personally recommend Sutton Cabs, always on time", "personal"),
        # 6. an employee's own post: a first-person promise or announcement for the council
        ("Don't panic Billinge, we'll definitely keep the library open", "personal"),
        ("we're closing the Sutton tip in March, sorry folks", "personal"),
    ],
)
def test_representation_forms_outside_official_posts(text: str, context: str) -> None:
    assert _found(text, REP, context), f"no council_representation finding in {text!r}"


@pytest.mark.parametrize(
    ("text", "context"),
    [
        ("I work for the council and I love my job", "personal"),
        ("My neighbour works for the council and says the bins are staying fortnightly", "inbound"),
        ("The council has decided to close the library and it's a joke", "inbound"),
        ("Speaking as a resident, not for my employer: the parking charges are daft", "personal"),
        ("I work for the council but this is just me talking: the buses are rubbish", "personal"),
        ("I'm a teacher and the school roof has leaked for years, please fix it", "inbound"),
        ("First day as a planning officer! Lovely team", "personal"),
        ("I'll get the kids sorted and then head to the match", "personal"),
        ("Retired council worker here, the lads do a grand job", "inbound"),
        ("I'm a mum of three and I'm telling you the crossing is dangerous", "inbound"),
        ("We can't promise anything until the committee meets", "personal"),
        ("They work in planning apparently, ask them", "inbound"),
    ],
)
def test_representation_leaves_ordinary_posts_alone(text: str, context: str) -> None:
    assert _found(text, REP, context) == [], _found(text, REP, context)


# -- council_representation: the council's own account --------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # 7. personal voice
        "IMO the new roundabout is the worst thing to happen to the town. Rant over",
        "Ngl we think the government's funding formula is a joke",
        # 8. endorsing one business
        "Our favourite chippy in Dunbar? The Harbour Fry. Get yourselves down there!",
        "We love the Red Lion in Billinge, best Sunday roast going",
        "Fair play to the Corner Cafe for the free brews, go and give them your custom",
        # 9. taking sides
        "We fully agree with the residents, the housing association should be ashamed",
        "The council backs the teachers' strike and urges parents to support them",
        "We're with you on this one: the bus company have been a nightmare",
        # 10. criticising its own people
        "Our councillors are clueless, sorry folks, we're doing what we can",
        # 11. promising what it cannot
        "Don't worry Joan, we'll definitely have your bins emptied tomorrow, you have my word",
        "Reply: you'll 100% get your permit refunded, leave it with me",
    ],
)
def test_representation_forms_in_official_posts(text: str) -> None:
    assert _found(text, REP, "business"), f"no council_representation finding in {text!r}"


@pytest.mark.parametrize(
    "text",
    [
        "We're sorry your collection was missed. The crew will be back tomorrow",
        "We can't promise a date yet but we'll update this post when the repair is booked",
        "Shop local this weekend! Our map lists every independent trader in Haddington",
        "Our Business Support team can help local businesses with grants",
        "Congratulations to Haydock High on their Ofsted result!",
        "Roadworks on Church Street finish on Friday, thanks for your patience",
        "The council has agreed the budget; full details are on our website",
        "The council supports young carers through its new hub in Parr",
        "Best wishes in your retirement, Jean!",
    ],
)
def test_representation_leaves_ordinary_official_posts_alone(text: str) -> None:
    assert _found(text, REP, "business") == [], _found(text, REP, "business")


# -- political_activity --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "context"),
    [
        # 1. imperative and indirect calls
        ("Anyone but Labour. Seriously.", "inbound"),
        ("The Tories want to sell off the park. Don't let them get back in", "inbound"),
        ("Reform are the only ones talking sense. Give them a chance on Thursday", "inbound"),
        ("Honestly the SNP have wrecked our schools. Think on when you're in the booth", "inbound"),
        # 2. a named candidate
        ("Vote for Jackie Ross (Green) on 2 May, she'll fight for Bold", "inbound"),
        # 3. canvassing and campaign work
        ("Delighted to be out on the doors for Scottish Labour in Musselburgh tonight", "personal"),
        ("Leafleting for the Greens in Haddington this morning, come along!", "personal"),
        # 4. partisan praise or attack near the party
        ("The Lib Dems are clueless, they've done nothing for Newton in years", "inbound"),
        ("Conservatives have let this town rot for years. Time they went", "personal"),
        ("Proud to be backing our brilliant Labour candidate in Thatto Heath", "personal"),
        # 5. no party named, a strong call aimed at councillors
        ("Imagine re-electing councillors who can't fill a pothole. Vote them out", "inbound"),
        # 6. official posts must be neutral
        ("Huge thanks to our Labour councillors for getting the new crossing built", "business"),
        ("Cllr Hughes (SNP), seeking re-election in Dunbar, opened the pavilion today", "business"),
    ],
)
def test_political_forms(text: str, context: str) -> None:
    assert _found(text, POL, context), f"no political_activity finding in {text!r}"


@pytest.mark.parametrize(
    ("text", "context"),
    [
        ("Cllr Hughes, Convener of Education, opened the new pavilion in Dunbar today", "business"),
        ("Results for Dunbar ward: Cllr Hughes (SNP) and Cllr Ross (Labour) elected", "business"),
        (
            "Labour and Conservative councillors both backed the park plans at full council",
            "inbound",
        ),
        ("What time do polls close on Thursday? Need to get there after work", "inbound"),
        ("Whoever you vote for, please vote. It matters", "personal"),
        ("The Labour group tabled a motion on parking, debate is next week", "inbound"),
        ("Green bin collections will be a day late after the bank holiday", "business"),
        (
            "My councillor was really helpful about the flooding, no idea what party she's in",
            "inbound",
        ),
        ("Working the count tonight, polls close at 10", "personal"),
        ("The council is useless, the roads are a disgrace", "inbound"),
        ("The Leader of the Council, Cllr Baines (Labour), will answer questions", "business"),
        ("Reform of the planning system is long overdue", "inbound"),
    ],
)
def test_political_leaves_neutral_text_alone(text: str, context: str) -> None:
    assert _found(text, POL, context) == [], _found(text, POL, context)
