"""safeguarding_concern: the FORMS a concern takes, each with new sentences (not corpus texts).

Positives cover indirect suicidal talk, distress cues that add up, reported threats, coercive
control, elder financial abuse, neglect in care, adults not seen, rough sleepers in danger,
children out late or with older men, sex-offender warnings, staff case disclosures and Scots
turns of phrase. Hard negatives are the look-alikes: advice posts, idioms, repairs, counts.
"""

from __future__ import annotations

import pytest

from socialguard.screening.model import Category
from socialguard.screening.tests.content._helpers import of

SAFEGUARDING = Category.SAFEGUARDING_CONCERN


@pytest.mark.parametrize(
    "text",
    [
        # indirect suicidal talk
        "Lost the flat, lost the job. Can't see any point in carrying on if I'm honest",
        "the kids would be better off without me, they'd get a proper home",
        "everyone would be better aff if I wasnt around",
        "I've got the pills all lined up on the table",
        "been saving up my tablets for a while now",
        "She keeps saying she'll kill herself if they evict her",
        "he's been cutting his arms again, I found the blades",
        # weak distress cues that add up
        "had enough of it all. sorry mum",
        "Not sure how much longer I can keep going. whats the point",
        "My pal is sitting on the window ledge of the flats",
        # domestic abuse, reported or heard
        "Every night he's shouting at her every night, and last night I heard her hit the floor",
        "Her boyfriend threatened to stab her if she leaves",
        "my brother's girlfriend won't let him see his mates and checks his phone",
        "My daughter's ex is outside her flat right now trying to get in",
        # adults at risk
        "Nobody's seen the old man at the end of our row for over a week, papers piling up",
        "The carer at my gran's keeps her bank card and spends her pension",
        "In the home they left my mum in her chair all day, soaked",
        "There's a fella kipping in the doorway of the library and he's barely moving",
        # children at risk
        "the wee boy over the road is out till 1am most nights, he's eight",
        "She's 13 and keeps getting into cars with men in their 20s",
        "My niece goes missing for days and comes home with new phones",
        "The man who coaches the under 12s is a nonce, keep your kids away from him",
        "the family at the end are on a child protection plan, I work in the office",
    ],
)
def test_new_forms_are_safeguarding(text: str) -> None:
    assert of(text, SAFEGUARDING), f"no safeguarding finding in {text!r}"


@pytest.mark.parametrize(
    "text",
    [
        "I don't see the point in the new cycle lane on Church Road",
        "We'd be better off without the new parking permits",
        "My repeat tablets are ready to collect from the chemist",
        "Cold weather alert: please check on older neighbours and keep warm",
        "Did you know? Most adults at risk of harm know the person harming them. Tell us",
        "The kids have nowhere to go since the youth club shut",
        "The storm hit them hard again this winter",
        "Not sure how long I can park on this street before I get a ticket",
        "the lift is not moving again in our block",
        "The council threatened to take us to court over the bins",
        "The library is open till 8pm on Thursdays",
        "Keep your kids away from the building site on Duke Street, it's not fenced",
        "Sorry for the late reply, I'm done with the form now",
        "We've been cutting the hedges again this week",
    ],
)
def test_look_alikes_are_not_safeguarding(text: str) -> None:
    assert of(text, SAFEGUARDING) == [], [f.text for f in of(text, SAFEGUARDING)]


def test_a_pattern_cue_needs_a_person_or_a_second_cue() -> None:
    # "not seen for a week" alone names nobody; with a person it is a concern.
    assert of("Not seen the bin lorry since last Tuesday", SAFEGUARDING) == []
    assert of("Not seen my elderly neighbour in over a week", SAFEGUARDING)


def test_campaign_frames_do_not_reach_into_the_next_sentence() -> None:
    assert (
        of("Watched a documentary on county lines. Anyone who works with kids should", SAFEGUARDING)
        == []
    )


# Sentences written for this file (never taken from a corpus), one line per situation, in the
# voices the detector must generalise to: text-speak, Scots, Scouse, staff notes, questions.
PROBE_POSITIVES = [
    "Is there anyone I can talk to tonight? I don't trust myself right now",
    "Every night I lie awake planning how I'd do it",
    "Gave away my cat today. Won't need anything after Friday",
    "I'm so tired of being alive",
    "Please don't tell my mum but I've been burning myself with a lighter",
    (
        "My boyfriend strangled me last night and I've got marks on my neck, but I'm "
        "scared to report it"
    ),
    "Is it normal for your husband to take your car keys and lock you in when he goes to work?",
    "My son's dad turned up drunk, smashed the windows and said he'd come back for the kids",
    "Every time he drinks he goes for her, the kids hide upstairs",
    "The neighbours' kids are begging at doors for food at 10pm",
    "Bairns across the landing are left in the flat alone all weekend",
    "My friend's 13 and she's sending pictures to a man she met on Instagram",
    "A teacher at the high school has been meeting a 15 year old pupil outside school",
    "Lads in a BMW keep getting our 15 year old to do 'errands' to Liverpool",
    "My brother has autism and people at the hostel are taking his money and making him steal",
    "The care home left my nan in the same pad for 14 hours",
    "Gran's been getting calls from a man pretending to be from her bank, she's given him £6,000",
    "Nobody's heard from the old boy at number 3 since Monday and his dog's been barking non stop",
    "There's a young woman asleep in the doorway of Boots in -3, she won't wake up properly",
    "I'm 15, my stepmum locks the fridge and I've not eaten properly in days",
    "what's the point in me even being alive",
    "Ive took 30 paracetamol, dont know why im posting this",
    "im a waste of space, everyone would be better if i just ended it",
    "Thinking of just walking in front of a bus on the East Lancs tonight",
    "Sorry for everything. I love you all. Goodbye",
    "My mum keeps saying she wants to go to sleep and never wake up, she's 82 and lives alone",
    "My stepdad pushed me down the stairs and now my arm's swollen. I'm 14. Please don't tell him",
    "My partner's threatened to post my nudes if I leave",
    "I'm pregnant and he kicked me in the stomach last night",
    "There's a baby crying non stop in the flat above for two days and nobody's answering",
    "The little girl at number 5 has had a different injury every week, her mum says she's clumsy",
    "Two wee ones playing on the main road at 11pm in just their vests",
    "My nephew is 9 and his mum leaves him to look after the baby while she's out drinking",
    (
        "Some older lads have been making my 12 year old carry a bag to Widnes for them "
        "and give him cash"
    ),
    (
        "Men hanging round the back of the takeaway chatting up the school girls and "
        "offering them free food and vodka"
    ),
    "My disabled sister's carer has been asking her for money and taking her bank card to the shop",
    (
        "The old lady next door is being visited by 'new friends' who've moved into her "
        "spare room and she looks frightened"
    ),
    "My mum has dementia and was found wandering the A1 in her nightie at 2am",
    "A young lad is sleeping in a tent by the canal in this freezing weather, he looks about 16",
    "My dad hasn't been eating, his house is freezing and he won't let anyone in. He's 88",
    "Is it safe to leave my 8 year old home alone for the night? Need to work a night shift",
    "lad down our road is only 11 and he's been coming home off his face every weekend",
    "Me ma's new fella gives me the creeps, he keeps asking me to sit on his knee and I'm 12",
    "Our Jade's been going to parties with lads in their twenties and coming back wasted, she's 15",
    "my daughter said her PE teacher sends her messages on snapchat late at night",
    "Someone keeps leaving the wee boy next door outside in the cold for hours as a punishment",
    "The baby at the end house always has a nappy that hasn't been changed for ages, he's red raw",
    "I don't feel safe in my own home, he watches everything I do",
    "He told me if I ever contact my family again he'll hurt the kids",
    "My sister's husband took her passport and she can't leave the house without him",
    "If the cooncil dinnae help me the night I'm gonnae end it, nae joke",
    "I've lost everything, can't see a future, I just want to sleep forever",
    "Been stockpiling my meds, just in case",
    "My 16 year old son hasn't come home for three days and his phone's off",
    (
        "Client told me today her son has been taking her money and threatening her. "
        "She's 87 and scared"
    ),
    "One of our tenants has been found living with no electricity, no food and in a terrible state",
    (
        "The man in the bus shelter has been there three nights, he's coughing blood and "
        "won't go to hospital"
    ),
    "Mate of mine keeps talking about ending it. I don't know what to do",
    'Heard a child screaming "stop hitting me" from the flat next door',
    "A woman in my street is being kept prisoner by her family, she's never allowed out alone",
    "cant stop crying, dont want 2 be here no more 😭",
    "wish i cud just go to sleep n never wake up x",
    "ALL I WANT IS FOR IT TO BE OVER. NOBODY WILL MISS ME",
    "our kid's been self harming again, me mam doesn't know what to do",
    "Me nan's neighbour has been nicking her pension for months, she's 89 and frightened of him",
    "la next door batters his missus every weekend, the kids are always crying",
    "im 14 and my dads girlfriend hits me when hes at work",
    "does anyone know where a 15 year old can stay if they got kicked out tonight",
    "the bairn upstairs has been greetin for hours and there's nae sound of an adult",
    "Mum's on drugs again and there's no food in the house for my little brothers",
    "There's a 40 year old man on TikTok live every night with young girls from the high school",
    "My grandad with dementia got scammed out of his savings by a phone caller",
    "Can someone check on Mrs Lowe at the bungalows, no answer for days and her bins haven't moved",
    "A man's collapsed in the snow at the bus stop and isn't moving",
    "Our Chloe (14) hasn't been home since Friday, police aren't bothered",
    "He's been locking me in the bedroom when he goes out and took my phone",
    "My brother threatened to burn the house down with me in it",
    "Worried about my neighbour, her boyfriend keeps her locked in and she's covered in bruises",
    "Please help, someone is trying to kick my door in and my kids are here",
    "My friend keeps saying nobody would care if she died, she's stopped eating",
    "I've been stood at the edge of the quarry for ages trying to decide",
    "i keep hurting myself when things get bad and it's getting worse",
    "My son says he hears voices telling him to kill himself, the crisis team won't come out",
    "Everyone's better off without me in their lives, I'm done trying",
    "He chokes me during arguments and says it's my fault",
    "My daughter's boyfriend has her terrified, she has to ask him before she goes anywhere",
    "The man upstairs throws his wife's stuff out the window and screams that he'll kill her",
    "Five kids living in a flat with no beds and no heating, mum's never there",
    "My neighbour leaves her toddler in the car while she goes in the bookies",
    "I found bruises on my 4 year old after he came back from his dad's",
    (
        "Loads of men coming and going from the flat where that young girl lives, she "
        "can't be more than 15"
    ),
    "Our 13 year old keeps getting gifts from someone she won't name",
    "There's a lad selling drugs out of the flat of the old man with learning difficulties",
    (
        "My mum is being taken advantage of by the people who do her shopping, they keep "
        "her change and her card"
    ),
    "Elderly man at number 40 has been shouting for help from his window all morning",
    "A pensioner in our block hasn't had a hot meal in weeks, her carers just don't turn up",
    (
        "Woman sitting in the rain outside the station with no shoes, she seems very "
        "confused and scared"
    ),
    "My 12 year old niece is being sent sexual messages by an adult on Roblox",
    "The foster carers are locking the kids in their rooms at night, my nephew told me",
    "My partner has been hitting me and now he's started on my son",
    "Bought a bottle of vodka and a box of pills. Tonight's the night",
    "my head is so loud, I just want out of everything permanently",
    "Honestly the world would be a better place without me in it",
    (
        "My wife goes through my phone and hits me if I speak to anyone, I'm a man and "
        "nobody believes me"
    ),
    "My ex keeps turning up at the school gates and threatening me in front of the kids",
    (
        "There's a woman next door with two kids, the husband's always screaming and "
        "last week she had a split lip"
    ),
    "The children at number 8 are always alone, the eldest is maybe 10 and looks after the baby",
    "A wee girl was at our door at midnight in her pyjamas asking for her mum",
    (
        "My son's football coach gives him lifts home and buys him presents, and told "
        "him not to tell us"
    ),
    "There's a group of men at the shisha bar giving young girls from the estate free drinks",
    "My 92 year old dad's new cleaner has been getting him to give her money for 'emergencies'",
    "The woman in flat 3 has severe learning disabilities and men keep coming to her door at night",
    (
        "My nan fell in her kitchen and lay there for two days before anyone found her, "
        "her carers never came"
    ),
    (
        "There's a fella sleeping on a bench in Victoria Park in this frost, he's only "
        "in a t-shirt and he's shaking"
    ),
    "Young lad on the bridge over the motorway, sitting on the wrong side of the railings",
    "Staff note: child in reception today disclosed dad hits mum. Referred to MASH",
    "My 17 year old is in a relationship with a 35 year old man she met at work",
    "Please help, my daughter's just told me her uncle touched her",
    "Someone's chained a dog and a small child in a back yard on Croppers Hill all day in the heat",
    "My brother with schizophrenia has stopped taking his meds and says he wants to end it",
]

PROBE_NEGATIVES = [
    "I don't trust the council with my money",
    "Planning permission for the new flats was refused, good riddance",
    "I'm so tired of these roadworks",
    "Please stop burning rubbish in the back gardens on Elm Road",
    "The kids hide their phones from us like every teenager",
    "My son's school has a great anti-bullying policy",
    "Food bank donations needed this Christmas, drop off at the library",
    "Sending pictures of the flooding on Church Street, please send a gully wagon",
    "Our teachers are meeting parents at the open evening on Thursday",
    "Lock your car, there have been thefts on Moss Bank Road",
    "The care home on Cowley Hill Lane has been rated outstanding",
    (
        "Scam alert: people pretending to be from the council are calling residents. We "
        "never ask for bank details"
    ),
    "Dog barking non stop next door all day, can environmental health help",
    "Warm welcome at the library: a doorway to learning for all ages",
    "Safeguarding adults board annual report now available on our website",
    "Can someone cut the hedge at the school, the kids can't see the road",
    "I nearly died laughing at the panto last night",
    "The new crossing outside the primary school is dangerous, a child will be killed",
    "What's the point in the council having a Twitter account if nobody answers",
    "I took the bus to St Helens and it took two hours",
    "Goodbye to our wonderful lollipop lady who retires today after 30 years",
    "The baby changing room at the library has been out of order for weeks",
    "Wee ones playing at the splash park today, what a lovely sunny day",
    "My nephew is 9 and he loves the new climbing wall at the leisure centre",
    "The older lads at the youth club raised £500 for the food bank",
    "Carers' week: thank you to all unpaid carers in East Lothian",
    "The old lady next door makes the best scones",
    "My mum has dementia and the day centre has been a lifesaver, thank you",
    "Tents and gazebos for the gala must be booked by Friday",
    "It's freezing in the library, can you turn the heating up please",
    "Can we get a new bench by the canal, the old one is broken",
    "Injury time winner at the football, get in!",
    "The A1 is a nightmare in the mornings, someone will get killed",
    "Please stop sending me leaflets, I'm 88 and don't need them",
    "Our adult social care team supports over 3,000 people to live independently",
    "If a child is in immediate danger call 999",
    "Three teenagers were arrested after a fight in the town centre last night, police say",
    "I'm pregnant and the bus stop has no shelter, please put a bench in",
    "Bin collection delayed due to snow, crews will be out tomorrow",
    "Who do I contact about my gran's blue badge renewal? She's 90",
    "My son is autistic and the school won't give him a place, we've been waiting since September",
    "The children's centre on Park Road is closing, where will families go now",
    "Why have the council stopped the bus for pensioners to the market? My mum can't get there now",
    (
        "The playground at Victoria Park is covered in broken glass, someone's kid is "
        "going to get hurt"
    ),
    "Great turnout at the dementia cafe today, thank you volunteers",
    "Reporting a dead fox on the pavement on Chapel Lane",
    "Flooding again outside the primary school, kids having to walk in the road",
    "My elderly neighbour's bins haven't been emptied for three weeks, she can't carry them",
    "The lift in our tower block has been broken for a fortnight, my dad is 85 and stuck upstairs",
    "Is the night shelter open this winter? Asking for a volunteer group",
    "The heating in my council flat has been off for a week, I have a 2 year old, please help",
    "We're recruiting foster carers. Every child deserves a loving home",
    "Young carers' awards night was amazing, so proud of these kids",
    "Thanks to the police for sorting the antisocial lads on the estate",
    "My daughter was bullied on the school bus, who do I talk to about the bus contract?",
    "Our care homes are hiring nurses and carers, apply online",
    "Missing person appeal has been resolved, thank you for sharing",
    "Mental health awareness week: talk to someone, it helps",
    "The council leader should resign, he's killing this town",
    "Stop killing our high street with parking charges",
    "These cuts are going to kill the voluntary sector",
    "I could cry, the library's closing",
    "My 15 year old got her first job at the leisure centre, proud mum",
    "Parents: the school run on Manor Road is chaos, someone will be killed by a car one day",
    "Loneliness is a killer. Check out our befriending service for older residents",
    "Smoke alarms save lives, book a free home fire safety check",
    "The food bank on Duke Street needs tins and nappies this week",
    "Can someone collect the fly tipping by the canal, there's needles in it and kids play there",
    "Reminder: council tax reduction is available if you live alone",
    "My husband has MS and we need a downstairs toilet, how do we apply for an adaptation?",
    "The Samaritans branch in St Helens is looking for volunteers",
    "Can we have more police patrols in the park, drug dealers are there every night",
    "Free swimming for under 16s this summer",
    "My dad died last year and I still get his council tax bill, please sort this",
    "I was left waiting on the phone for an hour to report a missed bin",
    "Road closed till 6am for resurfacing, diversions in place",
    "The new estate has no bus, older residents are cut off",
    "School uniform grants are now open for families on low incomes",
    "cant believe the bins still havent been done 😭",
    "ALL I WANT IS THE POTHOLES FIXED. NOBODY LISTENS",
    "our kid passed his driving test today, buzzing",
    "me nan loves the new bus route, thanks council",
    "la the state of the roads round here is shocking",
    "the bairns loved the panto at the Brunton, great show",
    "There's no food waste caddy at my new house, can I get one?",
    "My grandad got scammed by a fake council tax email, warn your family",
    "Can someone empty the bins at the bungalows, no collection for days",
    "Snow at the bus stop on Duke Street needs gritting",
    "Our Chloe's been picked for the county netball team",
    "He's been locking his bike to the railings outside the library for weeks",
    "My brother says the council tax rise will burn a hole in his pocket",
    "Worried about the new development, it will ruin the view",
    "Please help, someone keeps parking across my drive",
    "My friend says the new leisure centre is amazing",
    "Does anyone know where the 15 bus stops now the road's closed?",
    "Please stop the kids kicking footballs at my door every night",
    "The lads next door play music till 2am every weekend",
    "I'm 14 and want to volunteer at the library, who do I ask?",
    "The quarry on the edge of town should be a nature reserve",
    "Hurting for a holiday after this week at work",
    "The voices of local people must be heard on this development",
    "Everyone's better off with the new recycling bins",
    "The choke point at the junction needs a filter lane",
    "Our sons and daughters need somewhere to play",
    "Man upstairs plays his music too loud every night",
    "Five bins on our street weren't collected again",
    "My neighbour's car has been parked on the pavement for weeks",
    "I found the new council app really easy to use",
    "Loads of cars coming and going from the new car wash, it's a nuisance",
    "Gifts for the Christmas toy appeal can be dropped at the town hall",
    "My mum is being looked after brilliantly at the new day centre",
    "Shouting match at the council meeting last night, embarrassing",
    "The pensioner lunch club serves a hot meal every Wednesday",
    "Woman's handbag found outside the station, handed in to reception",
    "Roblox and Minecraft club at the library every Saturday for under 12s",
    "Foster carers needed in St Helens, can you help?",
    "My partner and I love the new park, thanks council",
    "She's been doing the school run for 20 years, what a legend",
    "Bought a bottle of wine for the quiz night tonight",
    "The world would be a better place without litter louts",
    "My wife goes through the recycling every week, she's a saint",
    "My ex keeps parking in my bay, can the council do anything",
    "The children at number 8 were a credit to the street at the jubilee party",
    "A wee girl handed in my purse at the library, what a star",
    "My son's football coach is brilliant, he gives up every Saturday",
    "The shisha bar on Duke Street is open till midnight every night, the noise is terrible",
    "My 92 year old dad loves the new bus service, thank you",
    "Men working on the roof of the school at night, is this allowed?",
    "My nan fell on the broken pavement on Church Street, please fix it before someone else does",
    "The bench in Victoria Park has been vandalised again",
    "The bridge over the motorway is getting repainted next week",
    "Staff note: reception will close at 3pm on Friday for training",
    "My 17 year old has her first job at the leisure centre",
    "Please help, my bins weren't collected again",
    "Dogs must be kept on a lead in the play area",
    "My brother is a nurse at Whiston and says the A&E is rammed",
    "Safeguarding is everyone's business: our new e-learning module is live for staff",
    "Ofsted praised the council's children's services for early help work",
]


@pytest.mark.parametrize("text", PROBE_POSITIVES)
def test_probe_positives(text: str) -> None:
    assert of(text, SAFEGUARDING), f"no safeguarding finding in {text!r}"


@pytest.mark.parametrize("text", PROBE_NEGATIVES)
def test_probe_negatives(text: str) -> None:
    assert of(text, SAFEGUARDING) == [], [f.text for f in of(text, SAFEGUARDING)]


def test_jokes_and_hyperbole_are_not_suicide_talk() -> None:
    assert of("I'll jump off the pier if they put the parking up again lol", SAFEGUARDING) == []
    assert of("I'm going to end it all tonight, nobody would miss me", SAFEGUARDING)


def test_writer_ringing_a_helpline_is_not_an_advert() -> None:
    # "helpline" is a campaign frame, but "rang the helpline" is the writer's own action.
    text = (
        "A lad of about 13 said he'd been kicked out and was sleeping in a "
        "stairwell. I rang the helpline"
    )
    assert of(text, SAFEGUARDING)


def test_a_child_age_in_the_next_sentence_counts() -> None:
    assert of("Our Mia keeps coming home with new phones and cash. She's 13.", SAFEGUARDING)


def test_weak_cues_of_one_kind_add_up_but_one_alone_does_not() -> None:
    assert of("this is my last post", SAFEGUARDING) == []
    assert of("had enough of everything. this is my last post", SAFEGUARDING)
