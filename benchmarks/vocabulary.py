"""Dutch and English word lists for generated evidence: social-work terms, names, journals.

Terms are (English, Dutch) pairs so that a claim's two statements say the same thing. Dutch text keeps
its diacritics (cliënt, financiële) so that search is exercised on them.
"""

from __future__ import annotations

#: Subjects of claims, titles and topics: (en, nl).
TERMS: tuple[tuple[str, str], ...] = (
    ("online counselling", "online hulpverlening"),
    ("video calling", "beeldbellen"),
    ("chat counselling", "chathulpverlening"),
    ("blended care", "blended hulpverlening"),
    ("e-health", "e-health"),
    ("the working alliance", "de werkrelatie"),
    ("youth care", "jeugdzorg"),
    ("child protection", "jeugdbescherming"),
    ("family support", "gezinsondersteuning"),
    ("parenting support", "opvoedondersteuning"),
    ("neighbourhood teams", "wijkteams"),
    ("outreach work", "outreachend werken"),
    ("debt counselling", "schuldhulpverlening"),
    ("homelessness services", "daklozenopvang"),
    ("addiction care", "verslavingszorg"),
    ("domestic violence support", "hulp bij huiselijk geweld"),
    ("informal care", "mantelzorg"),
    ("volunteer work", "vrijwilligerswerk"),
    ("community development", "opbouwwerk"),
    ("school social work", "schoolmaatschappelijk werk"),
    ("case management", "casemanagement"),
    ("peer support", "ervaringsdeskundigheid"),
    ("supervision", "intervisie"),
    ("client participation", "cliëntparticipatie"),
    ("financial coaching", "financiële coaching"),
    ("self-reliance", "zelfredzaamheid"),
    ("digital skills", "digitale vaardigheden"),
    ("privacy protection", "privacybescherming"),
    ("trauma-informed care", "traumasensitief werken"),
    ("coordination of care", "zorgcoördinatie"),
)

#: Outcomes: (en, nl).
OUTCOMES: tuple[tuple[str, str], ...] = (
    ("wellbeing", "welzijn"),
    ("loneliness", "eenzaamheid"),
    ("dropout", "uitval"),
    ("client satisfaction", "cliënttevredenheid"),
    ("trust", "vertrouwen"),
    ("accessibility", "toegankelijkheid"),
    ("workload", "werkdruk"),
    ("burnout", "burn-out"),
    ("self-efficacy", "zelfeffectiviteit"),
    ("social participation", "maatschappelijke participatie"),
    ("school attendance", "schoolaanwezigheid"),
    ("debt reduction", "schuldvermindering"),
    ("recidivism", "recidive"),
    ("parenting stress", "opvoedingsstress"),
    ("mental health", "psychische gezondheid"),
    ("stigma", "stigma"),
    ("continuity of care", "continuïteit van zorg"),
    ("costs", "kosten"),
)

#: Populations: (en, nl).
POPULATIONS: tuple[tuple[str, str], ...] = (
    ("adolescents", "jongeren"),
    ("older adults", "ouderen"),
    ("parents", "ouders"),
    ("migrants", "migranten"),
    ("refugees", "statushouders"),
    ("people with debts", "mensen met schulden"),
    ("homeless people", "dak- en thuislozen"),
    ("informal carers", "mantelzorgers"),
    ("social workers", "sociaal werkers"),
    ("students", "studenten"),
    ("people with low literacy", "laaggeletterden"),
    ("families", "gezinnen"),
    ("young adults", "jongvolwassenen"),
    ("clients", "cliënten"),
)

#: Settings: (en, nl).
SETTINGS: tuple[tuple[str, str], ...] = (
    ("the Netherlands", "Nederland"),
    ("Flanders", "Vlaanderen"),
    ("rural areas", "plattelandsgebieden"),
    ("large cities", "grote steden"),
    ("municipalities", "gemeenten"),
    ("secondary schools", "middelbare scholen"),
    ("general practice", "de huisartsenpraktijk"),
    ("residential youth care", "de residentiële jeugdzorg"),
    ("the United Kingdom", "het Verenigd Koninkrijk"),
    ("Scandinavia", "Scandinavië"),
)

VERBS_POSITIVE: tuple[tuple[str, str], ...] = (
    ("improves", "verbetert"),
    ("increases", "vergroot"),
    ("strengthens", "versterkt"),
    ("supports", "ondersteunt"),
)
VERBS_NEGATIVE: tuple[tuple[str, str], ...] = (
    ("reduces", "vermindert"),
    ("weakens", "verzwakt"),
    ("threatens", "bedreigt"),
    ("complicates", "bemoeilijkt"),
)

#: Study designs as they are named in titles: (en, nl).
DESIGN_WORDS: tuple[tuple[str, str], ...] = (
    ("a systematic review", "een systematische review"),
    ("a qualitative study", "een kwalitatief onderzoek"),
    ("a randomised controlled trial", "een gerandomiseerde studie"),
    ("a survey", "een vragenlijstonderzoek"),
    ("a mixed-methods evaluation", "een evaluatie met gemengde methoden"),
    ("a case study", "een casestudy"),
    ("a scoping review", "een scoping review"),
    ("a cohort study", "een cohortonderzoek"),
)

#: Filler for abstracts and quotes, by language.
FILLER_EN: tuple[str, ...] = (
    "the results suggest that", "in this study we examined whether", "practitioners reported that",
    "interviews showed that", "the findings indicate that", "we found that",
    "respondents agreed that", "the analysis revealed that", "compared with face-to-face contact we saw that",
    "over a period of twelve months we observed that", "in line with earlier research we found that",
    "contrary to expectations it appeared that", "the online setting means that",
    "respondents described how", "further research should test whether",
)
FILLER_NL: tuple[str, ...] = (
    "de resultaten laten zien dat", "in dit onderzoek is nagegaan of", "hulpverleners gaven aan dat",
    "uit de interviews bleek dat", "de bevindingen wijzen erop dat", "wij vonden dat",
    "de respondenten waren het erover eens dat", "de analyse liet zien dat",
    "vergeleken met contact op locatie zagen we dat", "gedurende twaalf maanden zagen we dat",
    "in lijn met eerder onderzoek vonden we dat", "anders dan verwacht bleek dat",
    "in de online setting betekent dit dat", "respondenten beschreven hoe",
    "verder onderzoek moet uitwijzen of",
)

#: Topic roots: (slug, en, nl); deeper topics are named after TERMS, OUTCOMES and POPULATIONS.
TOPIC_ROOTS: tuple[tuple[str, str, str], ...] = (
    ("advantages", "Advantages", "Voordelen"),
    ("disadvantages", "Disadvantages", "Nadelen"),
    ("conditions", "Conditions for success", "Voorwaarden voor succes"),
    ("target-groups", "Target groups", "Doelgroepen"),
    ("professionals", "Professionals", "Professionals"),
    ("ethics", "Ethics and privacy", "Ethiek en privacy"),
    ("organisation", "Organisation and policy", "Organisatie en beleid"),
    ("methods", "Methods and interventions", "Methoden en interventies"),
)

FAMILY_EN: tuple[str, ...] = (
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson",
    "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson",
    "Clarke", "Patel", "Khan", "Lewis", "James", "Phillips", "Mason", "Mitchell", "Rose", "Davis",
    "Rodriguez", "Cox", "Alexander", "Garcia", "Miller", "Martin", "Anderson", "Moore", "Lee",
    "Harris", "Clark", "Young", "King", "Scott", "Baker", "Adams", "Nelson", "Hill", "Campbell",
    "Murphy", "Kelly", "Cook", "Morgan", "Bell", "Cooper", "Ward", "Reid", "Hughes", "Price",
    "Barak", "Hen", "Shapira", "Mishna", "Chan", "Wong", "Nguyen", "Kim", "Müller", "Schmidt",
    "Andersson", "Nilsson", "Larsen", "Hansen", "Dubois", "Rossi", "Novak", "Kowalski", "Silva",
)
FAMILY_NL: tuple[str, ...] = (
    "Jansen", "Bakker", "Visser", "Smit", "Meijer", "Mulder", "Bos", "Vos", "Peters", "Hendriks",
    "Dekker", "Brouwer", "Dijkstra", "Smits", "Janssens", "Maes", "Willems", "Claes", "Goossens",
    "Wouters", "Peeters", "Kok", "Jacobs", "Vermeulen", "Schouten", "Willemsen", "Hoekstra",
    "Koster", "Prins", "Post", "Kuipers", "Veenstra", "Kramer", "Verhoeven", "Huisman", "Boer",
    "Groot", "Graaf", "Vries", "Berg", "Dijk", "Leeuwen", "Wal", "Heuvel", "Linden", "Beek",
    "Bulut", "Yilmaz", "El Idrissi", "Bouzid", "Ramdin", "Sewnath", "Öztürk", "Çelik", "Peña",
)
#: Dutch families that take a particle: "de Vries", "van den Berg".
PARTICLES: dict[str, tuple[str, ...]] = {
    "Groot": ("de",), "Graaf": ("de", "van de"), "Vries": ("de",), "Berg": ("van den", "van de"),
    "Dijk": ("van",), "Leeuwen": ("van",), "Wal": ("van der", "van de"), "Heuvel": ("van den",),
    "Linden": ("van der",), "Beek": ("van", "van der"), "Boer": ("de", "den"),
}
GIVEN: tuple[str, ...] = (
    "Anna", "Maria", "Emma", "Sophie", "Julia", "Lotte", "Eva", "Sanne", "Fleur", "Lisa", "Anouk",
    "Femke", "Marieke", "Ingrid", "Els", "Ria", "Joke", "Noor", "Fatima", "Aylin", "Priya", "Mei",
    "Sarah", "Emily", "Hannah", "Olivia", "Grace", "Chloe", "Rachel", "Laura", "Claire", "Helen",
    "Jan", "Pieter", "Dirk", "Thomas", "Lucas", "Daan", "Sem", "Bram", "Ruben", "Jeroen", "Bart",
    "Koen", "Wouter", "Sander", "Joost", "Hans", "Kees", "Mohamed", "Ahmed", "Yusuf", "Mehmet",
    "John", "David", "James", "Michael", "Robert", "Peter", "Mark", "Paul", "Andrew", "Daniel",
    "Azy", "Meyran", "Gilad", "Faye", "Ching", "Hiroshi", "Lars", "Nils", "Jean", "Marco", "Zoë",
)
ORGANISATIONS: tuple[str, ...] = (
    "Nederlands Jeugdinstituut", "Movisie", "Sociaal en Cultureel Planbureau", "Trimbos-instituut",
    "Vereniging van Nederlandse Gemeenten", "World Health Organization",
    "National Association of Social Workers", "Rijksinstituut voor Volksgezondheid en Milieu",
    "Kenniscentrum Sociaal Werk", "British Association of Social Workers", "Nivel",
    "Verwey-Jonker Instituut", "Centraal Bureau voor de Statistiek", "OECD",
)
JOURNALS: tuple[str, ...] = (
    "British Journal of Social Work", "Journal of Social Work", "Children and Youth Services Review",
    "Child & Family Social Work", "European Journal of Social Work", "Journal of Technology in Human "
    "Services", "Tijdschrift voor Sociale Vraagstukken", "Journal of Social Work Practice",
    "International Social Work", "Qualitative Social Work", "Research on Social Work Practice",
    "Health & Social Care in the Community", "Social Work Education", "Jeugd en Co Kennis",
    "Tijdschrift voor Orthopedagogiek", "Journal of Medical Internet Research", "Cyberpsychology, "
    "Behavior, and Social Networking", "Computers in Human Behavior", "Tijdschrift voor Welzijnswerk",
    "Clinical Social Work Journal", "Journal of Family Therapy", "Social Work Research",
    "Vlaams Tijdschrift voor Sociaal Werk", "Journal of Evidence-Based Social Work",
)
PUBLISHERS: tuple[str, ...] = (
    "Routledge", "Sage", "Policy Press", "Bohn Stafleu van Loghum", "Boom", "Coutinho", "Springer",
    "Oxford University Press", "Acco", "Van Gorcum", "Movisie", "Verwey-Jonker Instituut",
)

#: Words that occur at fixed rates so that searches have known result sizes (see ``generate``).
RARE_WORD = "zorgmijders"  # in about 1 in 2,000 references, claims and quotes
COMMON_WORD = "online"  # in the vocabulary itself: a large share of all text
PHRASE_EN = "digital divide"  # in about 1 in 50 English texts
PHRASE_NL = "digitale kloof"  # in about 1 in 50 Dutch texts
