"""The people and ties of the demo maps (see ``network/demo.py``); names are made up.

``P(key, name, relation, sector, ring, support, direction, gender, born, **more)``:
``support`` in ecogram letters (P practical, C company, A advice, E emotional),
``direction`` ``to`` / ``from`` / ``both`` / ``""``, ``gender`` ``f`` / ``m``. A tie is
``(a, kind, b, quality)``, with ``"client"`` for the client.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class P:
    key: str
    name: str
    relation: str
    sector: str
    ring: int
    support: str = ""
    direction: str = ""
    gender: str = ""
    born: int | None = None
    more: dict[str, Any] = field(default_factory=dict)


def p(key, name, relation, sector, ring, support="", direction="", gender="", born=None,
      **more) -> P:
    return P(key, name, relation, sector, ring, support, direction, gender, born, more)


FAM, FRI, COM, SCH, PRO = "family", "friends", "community", "school_work", "professionals"

NOELLE = [
    p("mother", "Chloë Jansen", "moeder", FAM, 1, "PCE", "both", "f", 1991,
      contact="daily", known="lifelong"),
    p("brother", "Daniël Jansen", "broertje", FAM, 1, "C", "from", "m", 2022),
    p("father", "Sven de Boer", "vader", FAM, 2, "P", "to", "m", 1988, contact="weekly"),
    p("grandma", "Marijke Jansen-Smit", "oma (moeders kant)", FAM, 1, "PCAE", "to", "f", 1961,
      contact="weekly", known="lifelong"),
    p("grandpa", "Henk Jansen", "opa (overleden)", FAM, 3, "", "", "m", 1958, deceased=True),
    p("aunt", "Anouk Jansen", "tante", FAM, 2, "PC", "to", "f", 1987),
    p("cousin", "Lieke Jansen", "nichtje", FAM, 2, "C", "both", "f", 2016),
    p("grandma2", "Wilma de Boer", "oma (vaders kant)", FAM, 3, "", "", "f", 1960,
      contact="yearly"),
    p("friend_mum", "Eline Verbeek", "vriendin van moeder", FRI, 2, "EA", "both", "f", 1990),
    p("friend", "Noor Verbeek", "beste vriendin", FRI, 1, "C", "both", "f", 2017),
    p("neighbour", "Fatma Öztürk", "buurvrouw", COM, 2, "P", "to", "f", 1975,
      language="tr", notes="Brengt Noëlle soms naar school."),
    p("neighbour2", "Jos van der Meulen", "buurman", COM, 3, "P", "to", "m", 1952),
    p("club", "Ruud Kuipers", "trainer turnclub", COM, 3, "C", "to", "m", 1979),
    p("teacher", "Ilse Mulder", "juf groep 4", SCH, 2, "A", "to", "f", 1984),
    p("school_sw", "Bram Hofman", "schoolmaatschappelijk werker", PRO, 2, "A", "to", "m", 1980),
    p("gp", "Dr. Saskia Brouwer", "huisarts", PRO, 3, "A", "to", "f", 1970),
    p("poh", "Petra Zwart", "POH-GGZ van moeder", PRO, 3, "AE", "to", "f", 1983),
    p("daycare", "Karin Bos", "pedagogisch medewerker peuteropvang", PRO, 3, "P", "to", "f",
      1992),
]
NOELLE_TIES = [
    ("mother", "parent", "client", "strong"), ("father", "parent", "client", "ordinary"),
    ("mother", "parent", "brother", "strong"), ("father", "parent", "brother", "ordinary"),
    ("brother", "sibling", "client", "strong"), ("mother", "ex_partner", "father", "tense"),
    ("grandma", "parent", "mother", "strong"), ("grandpa", "parent", "mother", "ordinary"),
    ("grandma", "partner", "grandpa", "strong"), ("grandma", "parent", "aunt", "ordinary"),
    ("grandpa", "parent", "aunt", "ordinary"), ("aunt", "sibling", "mother", "ordinary"),
    ("aunt", "parent", "cousin", "strong"), ("grandma2", "parent", "father", "weak"),
    ("friend_mum", "friend", "mother", "strong"), ("friend_mum", "parent", "friend", "strong"),
    ("friend", "friend", "client", "strong"), ("grandma", "conflict", "father", "tense"),
]

EMRE = [
    p("father", "Mehmet Yılmaz", "vader", FAM, 1, "P", "to", "m", 1978, language="tr",
      notes="Werkt in ploegendienst."),
    p("mother", "Ayşe Yılmaz", "moeder", FAM, 1, "PCE", "both", "f", 1982, language="tr"),
    p("sister", "Elif Yılmaz", "zus", FAM, 1, "CA", "both", "f", 2007),
    p("brother", "Can Yılmaz", "broertje", FAM, 2, "C", "from", "m", 2016),
    p("grandpa", "Hüseyin Yılmaz", "opa (vaders kant)", FAM, 2, "A", "to", "m", 1950,
      language="tr", notes="Woont in Rotterdam-Zuid."),
    p("grandma", "Fatma Yılmaz", "oma (vaders kant)", FAM, 1, "PCE", "to", "f", 1954,
      language="tr", contact="weekly"),
    p("grandma2", "Zeynep Kaya", "oma (moeders kant)", FAM, 3, "E", "to", "f", 1956,
      language="tr", contact="monthly"),
    p("grandpa2", "Mustafa Kaya", "opa (moeders kant, overleden)", FAM, 3, "", "", "m", 1949,
      language="tr", deceased=True),
    p("uncle", "Ahmet Yılmaz", "oom", FAM, 2, "PA", "to", "m", 1980, language="tr"),
    p("aunt", "Gül Yılmaz-Demir", "tante", FAM, 2, "C", "to", "f", 1983, language="tr"),
    p("cousin", "Burak Yılmaz", "neef", FAM, 1, "C", "both", "m", 2011),
    p("friend", "Daan Smit", "vriend", FRI, 2, "C", "both", "m", 2012),
    p("friend2", "Yusuf Amrani", "vriend van de voetbal", FRI, 2, "C", "both", "m", 2012),
    p("coach", "Ricardo Martins", "voetbaltrainer", COM, 2, "AC", "to", "m", 1985),
    p("neighbour", "Mevrouw de Graaf", "buurvrouw", COM, 3, "P", "to", "f", 1948),
    p("youthworker", "Kerem Aydın", "jongerenwerker moskee", COM, 3, "A", "to", "m", 1990,
      language="tr"),
    p("mentor", "Jeroen Visser", "mentor", SCH, 2, "A", "to", "m", 1976),
    p("attendance", "Sandra Koster", "leerplichtambtenaar", PRO, 3, "A", "to", "f", 1972),
    p("doctor", "Dr. Linda Vermeulen", "jeugdarts", PRO, 3, "A", "to", "f", 1979),
]
EMRE_TIES = [
    ("father", "parent", "client", "ordinary"), ("mother", "parent", "client", "strong"),
    ("father", "partner", "mother", "tense"), ("father", "parent", "sister", "ordinary"),
    ("mother", "parent", "sister", "strong"), ("father", "parent", "brother", "ordinary"),
    ("mother", "parent", "brother", "strong"), ("sister", "sibling", "client", "strong"),
    ("brother", "sibling", "client", "ordinary"), ("grandpa", "parent", "father", "strong"),
    ("grandma", "parent", "father", "strong"), ("grandpa", "partner", "grandma", "strong"),
    ("grandma2", "parent", "mother", "ordinary"), ("grandpa2", "parent", "mother", "ordinary"),
    ("grandpa2", "partner", "grandma2", "strong"), ("uncle", "sibling", "father", "ordinary"),
    ("grandpa", "parent", "uncle", "ordinary"), ("uncle", "partner", "aunt", "strong"),
    ("uncle", "parent", "cousin", "strong"), ("aunt", "parent", "cousin", "strong"),
    ("cousin", "friend", "client", "strong"), ("friend2", "friend", "client", "ordinary"),
    ("friend", "friend", "client", "weak"), ("coach", "friend", "friend2", "weak"),
]

YASMINA = [
    p("mother", "Naima El Amrani", "moeder", FAM, 2, "E", "both", "f", 1984, language="ar",
      contact="monthly"),
    p("father", "Rachid El Amrani", "vader", FAM, 3, "", "", "m", 1979, language="ar",
      contact="rarely"),
    p("brother", "Bilal El Amrani", "broer", FAM, 2, "CA", "both", "m", 2005),
    p("grandma", "Fatima Benali", "oma (moeders kant)", FAM, 1, "PCE", "to", "f", 1957,
      language="ar", contact="weekly", known="lifelong"),
    p("grandpa", "Mohamed Benali", "opa (moeders kant, overleden)", FAM, 3, "", "", "m", 1952,
      language="ar", deceased=True),
    p("aunt", "Samira Benali", "tante", FAM, 1, "PAE", "to", "f", 1981, language="ar"),
    p("aunt2", "Khadija Benali", "tante", FAM, 2, "PC", "to", "f", 1986, language="ar"),
    p("uncle", "Youssef Benali", "oom", FAM, 2, "P", "to", "m", 1983, language="ar"),
    p("cousin", "Imane Benali", "nicht", FAM, 1, "CE", "both", "f", 2008),
    p("grandma2", "Aicha El Amrani", "oma (vaders kant)", FAM, 3, "", "", "f", 1955,
      language="ar"),
    p("gh_mother", "Marloes van Vliet", "gezinshuisouder", PRO, 1, "PCAE", "to", "f", 1975),
    p("gh_father", "Pieter van Vliet", "gezinshuisouder", PRO, 1, "PA", "to", "m", 1973),
    p("friend", "Sanne de Wit", "vriendin", FRI, 1, "CE", "both", "f", 2009),
    p("friend2", "Hiba Chaouch", "vriendin", FRI, 2, "C", "both", "f", 2010),
    p("trainer", "Mo Haddou", "kickboksleraar", COM, 2, "AC", "to", "m", 1988),
    p("manager", "Esther Schouten", "leidinggevende bijbaan supermarkt", SCH, 3, "A", "to", "f",
      1985),
    p("mentor", "Linda Kok", "mentor mbo", SCH, 2, "A", "to", "f", 1978),
    p("guardian", "Thomas Bakker", "jeugdbeschermer", PRO, 2, "A", "to", "m", 1982),
    p("coach", "Ilham Bouzid", "trajectbegeleider zelfstandig wonen", PRO, 2, "PA", "to", "f",
      1987, language="ar"),
]
YASMINA_TIES = [
    ("mother", "parent", "client", "tense"), ("father", "parent", "client", "weak"),
    ("mother", "ex_partner", "father", "tense"), ("mother", "parent", "brother", "ordinary"),
    ("father", "parent", "brother", "weak"), ("brother", "sibling", "client", "strong"),
    ("grandma", "parent", "mother", "ordinary"), ("grandpa", "parent", "mother", "ordinary"),
    ("grandma", "partner", "grandpa", "strong"), ("grandma", "parent", "aunt", "strong"),
    ("grandma", "parent", "aunt2", "strong"), ("grandma", "parent", "uncle", "strong"),
    ("aunt", "sibling", "mother", "tense"), ("aunt", "parent", "cousin", "strong"),
    ("cousin", "friend", "client", "strong"), ("grandma2", "parent", "father", "ordinary"),
    ("father", "cut_off", "client", "weak"), ("gh_mother", "partner", "gh_father", "strong"),
    ("friend", "friend", "client", "strong"), ("friend2", "friend", "friend", "ordinary"),
]

MARIELLE = [
    p("partner", "Erwin Bakker", "partner", FAM, 1, "PCE", "both", "m", 1980,
      occupation="Monteur", employer="Installatiebedrijf Bakker & Zn.", help="introduction"),
    p("daughter", "Femke Bakker", "dochter", FAM, 1, "C", "from", "f", 2010),
    p("son", "Sem Bakker", "zoon", FAM, 1, "C", "from", "m", 2013),
    p("mother", "Gerda Dijkstra-Hoekstra", "moeder", FAM, 1, "PE", "both", "f", 1955),
    p("father", "Klaas Dijkstra", "vader (overleden)", FAM, 3, "", "", "m", 1953, deceased=True),
    p("sister", "Ingrid Dijkstra", "zus", FAM, 2, "EA", "to", "f", 1979,
      occupation="Verpleegkundige", employer="Medisch Centrum Leeuwarden"),
    p("brother_in_law", "Wouter Postma", "zwager", FAM, 2, "A", "to", "m", 1977,
      occupation="Inkoper", employer="Bouwmaterialen Noord", help="introduction;vacancy_tips"),
    p("friend", "Mirjam de Jong", "vriendin", FRI, 1, "EA", "both", "f", 1983,
      occupation="HR-adviseur", employer="Ziekenhuis Rijnstate",
      help="practice_interview;advice"),
    p("friend2", "Annemiek Vos", "vriendin van de koorrepetitie", FRI, 2, "C", "both", "f",
      1975),
    p("colleague", "Harm Wijnstra", "oud-collega", SCH, 2, "A", "to", "m", 1970,
      occupation="Teamleider planning", employer="Vos Logistiek", help="reference;vacancy_tips"),
    p("colleague2", "Bianca Ramdin", "oud-collega", SCH, 2, "AC", "to", "f", 1986,
      occupation="Logistiek planner", employer="Distributiecentrum Westpoort",
      help="vacancy_tips;introduction"),
    p("manager", "Peter Hoogland", "oud-leidinggevende", SCH, 3, "A", "to", "m", 1965,
      occupation="Operationeel manager", employer="Vos Logistiek", help="reference"),
    p("neighbour", "Ruud Kramer", "buurman", COM, 2, "P", "to", "m", 1968,
      occupation="Eigenaar", employer="Transportbedrijf Kramer", help="introduction;advice"),
    p("choir", "Hennie Visser", "dirigent koor", COM, 3, "C", "to", "f", 1960),
    p("volleyball", "Jelle Terpstra", "teamgenoot volleybal", COM, 3, "C", "both", "m", 1984,
      occupation="Recruiter", employer="Uitzendbureau Werkwijs", help="vacancy_tips"),
    p("uwv", "Sandra Meijer", "klantmanager", PRO, 3, "A", "to", "f", 1979,
      occupation="Klantmanager werk", employer="Gemeente"),
    p("jobcoach", "Fleur Hoekstra", "jobcoach", PRO, 2, "AE", "to", "f", 1988),
]
# Added after the intake snapshot, to show how the network grew.
MARIELLE_LATER = [
    p("recruiter", "Stefan Groen", "recruiter via LinkedIn", SCH, 3, "A", "to", "m", 1990,
      occupation="Recruiter logistiek", employer="Werving & Selectie Noord",
      help="vacancy_tips;practice_interview"),
    p("course", "Nadia Bouali", "medecursist Excel-cursus", FRI, 3, "A", "both", "f", 1985,
      occupation="Planner", employer="Groothandel Friesland", help="vacancy_tips"),
]
MARIELLE_TIES = [
    ("partner", "partner", "client", "strong"), ("client", "parent", "daughter", "strong"),
    ("client", "parent", "son", "strong"), ("partner", "parent", "daughter", "strong"),
    ("partner", "parent", "son", "strong"), ("daughter", "sibling", "son", "ordinary"),
    ("mother", "parent", "client", "strong"), ("father", "parent", "client", "ordinary"),
    ("mother", "partner", "father", "strong"), ("mother", "parent", "sister", "ordinary"),
    ("father", "parent", "sister", "ordinary"), ("sister", "sibling", "client", "ordinary"),
    ("sister", "partner", "brother_in_law", "strong"), ("friend", "friend", "client", "strong"),
    ("colleague", "colleague", "manager", "ordinary"),
    ("colleague", "colleague", "client", "ordinary"),
    ("colleague2", "colleague", "client", "weak"), ("friend2", "friend", "client", "ordinary"),
]

CLIENT_GENDER = {"Noëlle": "f", "Emre": "m", "Yasmina": "f", "Mariëlle": "f"}

MAPS = {
    "Noëlle": (NOELLE, NOELLE_TIES),
    "Emre": (EMRE, EMRE_TIES),
    "Yasmina": (YASMINA, YASMINA_TIES),
    "Mariëlle": (MARIELLE, MARIELLE_TIES),
}
