"""Peer suites for bench/screen.py: nomenklatura's name_bench as a list, whole-list recall, generated non-listed names.

name_bench (../shared/data/peer-suites/nomenklatura-name-bench/cases.csv, MIT) gives pairs (name1, name2, schema,
is_match). Its listed sides become one extra list loaded beside SDN, UN and the curated list, so one screener
answers both questions: the pair score (`Screener.compare(name1, entry)`) and whole-list screening
(`Screener.screen(name1)` reports the entry). List recall must equal pair recall.
"""

from __future__ import annotations

import csv
import random
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from oversight.screen.loaders.base import Entry, Listing, Name, ParsedList

NAME_BENCH = Path(__file__).resolve().parents[2] / "shared" / "data" / "peer-suites" / "nomenklatura-name-bench"
SLICES = {"person": ("Person",), "company": ("Company", "Organization", "LegalEntity", "Vessel")}


@dataclass(frozen=True)
class BenchPair:
    query: str
    target: str  # entity id in the screener: name-bench:<n>
    listed: str
    schema: str
    label: bool


def name_bench(path: Path = NAME_BENCH / "cases.csv") -> tuple[ParsedList, list[BenchPair]]:
    """The listed sides as a list (one entry per distinct name and schema) and the pairs pointing into it."""
    entries: dict[tuple[str, str], Entry] = {}
    pairs = []
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            key = (row["name2"], row["schema"])
            if key not in entries:
                entries[key] = Entry(
                    key=str(len(entries)),
                    schema=row["schema"],
                    name=row["name2"],
                    names=[Name(row["name2"])],
                    listings=[Listing(list="name_bench")],
                )
            target = "name-bench:" + entries[key].key
            pairs.append(BenchPair(row["name1"], target, row["name2"], row["schema"], row["is_match"] == "true"))
    return ParsedList(name="name-bench", format="bench", entries=list(entries.values())), pairs


def f1(labels: list[bool], predictions: list[bool]) -> tuple[float, float, float]:
    tp = sum(1 for y, p in zip(labels, predictions) if y and p)
    fp = sum(1 for y, p in zip(labels, predictions) if p and not y)
    fn = sum(1 for y, p in zip(labels, predictions) if y and not p)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, 2 * precision * recall / (precision + recall) if precision + recall else 0.0


_GIVEN = [
    "James",
    "Mary",
    "Robert",
    "Patricia",
    "John",
    "Jennifer",
    "Michael",
    "Linda",
    "David",
    "Elizabeth",
    "William",
    "Barbara",
    "Richard",
    "Susan",
    "Joseph",
    "Jessica",
    "Thomas",
    "Sarah",
    "Charles",
    "Karen",
    "Daniel",
    "Nancy",
    "Matthew",
    "Lisa",
    "Anthony",
    "Betty",
    "Mark",
    "Sandra",
    "Donald",
    "Ashley",
    "Steven",
    "Emily",
    "Paul",
    "Donna",
    "Andrew",
    "Michelle",
    "Joshua",
    "Carol",
    "Kenneth",
    "Amanda",
    "Kevin",
    "Melissa",
    "Brian",
    "Deborah",
    "George",
    "Stephanie",
    "Lucas",
    "Sofia",
    "Mateo",
    "Valentina",
    "Liam",
    "Camila",
    "Noah",
    "Isabella",
    "Elena",
    "Pablo",
    "Lucia",
    "Hugo",
    "Martina",
    "Leon",
    "Hannah",
    "Finn",
    "Mia",
    "Jonas",
    "Emma",
    "Felix",
    "Lena",
    "Paul",
    "Clara",
    "Anna",
    "Luca",
    "Giulia",
    "Marco",
    "Chiara",
    "Pierre",
    "Camille",
    "Louis",
    "Chloe",
    "Jules",
    "Manon",
    "Oliver",
    "Amelia",
    "Harry",
    "Isla",
    "Wei",
    "Fang",
    "Jun",
    "Li",
    "Ming",
    "Yan",
    "Hiroshi",
    "Yuki",
    "Kenji",
    "Aiko",
    "Sanjay",
    "Priya",
    "Rahul",
    "Anjali",
    "Kwame",
    "Ama",
    "Tunde",
    "Ngozi",
]
_FAMILY = [
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Miller",
    "Davis",
    "Wilson",
    "Anderson",
    "Taylor",
    "Thomas",
    "Moore",
    "Martin",
    "Jackson",
    "Thompson",
    "White",
    "Harris",
    "Clark",
    "Lewis",
    "Robinson",
    "Walker",
    "Young",
    "Allen",
    "King",
    "Wright",
    "Scott",
    "Torres",
    "Nguyen",
    "Hill",
    "Adams",
    "Baker",
    "Nelson",
    "Carter",
    "Mitchell",
    "Roberts",
    "Turner",
    "Phillips",
    "Campbell",
    "Parker",
    "Evans",
    "Edwards",
    "Collins",
    "Stewart",
    "Morris",
    "Murphy",
    "Cook",
    "Rogers",
    "Morgan",
    "Cooper",
    "Peterson",
    "Reed",
    "Bailey",
    "Bell",
    "Kelly",
    "Howard",
    "Ward",
    "Cox",
    "Richardson",
    "Wood",
    "Watson",
    "Brooks",
    "Bennett",
    "Gray",
    "James",
    "Mueller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Hoffmann",
    "Rossi",
    "Russo",
    "Ferrari",
    "Esposito",
    "Bianchi",
    "Romano",
    "Colombo",
    "Ricci",
    "Dubois",
    "Durand",
    "Lefebvre",
    "Moreau",
    "Laurent",
    "Simon",
    "Michel",
    "Garcia",
    "Martinez",
    "Lopez",
    "Gonzalez",
    "Perez",
    "Sanchez",
    "Ramirez",
    "Flores",
    "Rivera",
    "Gomez",
    "Diaz",
    "Tanaka",
    "Suzuki",
    "Watanabe",
    "Sato",
    "Kobayashi",
    "Patel",
    "Sharma",
    "Gupta",
    "Singh",
    "Okafor",
    "Mensah",
    "Owusu",
    "Adeyemi",
    "Novak",
    "Kowalski",
    "Nowak",
    "Jensen",
    "Hansen",
    "Larsen",
    "Nielsen",
    "Eriksson",
    "Lindqvist",
    "Virtanen",
    "Korhonen",
]
_COMPANY_WORDS = [
    "Summit",
    "Harbor",
    "Maple",
    "Cedar",
    "Granite",
    "Willow",
    "Prairie",
    "Meadow",
    "Falcon",
    "Beacon",
    "Riverside",
    "Lakeside",
    "Northfield",
    "Brightwater",
    "Silverline",
    "Clearview",
    "Redwood",
    "Bluestone",
    "Ironbridge",
    "Oakridge",
    "Westbrook",
    "Eastgate",
    "Highland",
    "Lowland",
    "Sunrise",
    "Horizon",
    "Keystone",
    "Pinnacle",
    "Crescent",
    "Evergreen",
    "Stonegate",
    "Copperfield",
    "Fairview",
    "Greenway",
    "Hillcrest",
    "Kingsway",
    "Larkspur",
    "Marigold",
]
_COMPANY_KINDS = [
    "Bakery",
    "Dental Clinic",
    "Landscaping",
    "Plumbing",
    "Veterinary Hospital",
    "Bookstore",
    "Furniture",
    "Dairy Farm",
    "Bicycle Repair",
    "Printing",
    "Catering",
    "Architecture",
    "Accounting",
    "Tutoring",
    "Florist",
    "Pet Grooming",
    "Cleaning Services",
    "Yoga Studio",
    "Brewery",
    "Orchard",
    "Pottery",
    "Roofing",
    "Tailoring",
    "Coffee Roasters",
    "Music School",
]
_FORMS = ("Ltd", "LLC", "Inc.", "GmbH", "S.A.", "B.V.", "Co.", "Limited", "Pty Ltd", "AB", "")


def generated_non_listed(count: int, seed: int = 11, listed: Iterable[str] = ()) -> list[str]:
    """Ordinary people and small businesses (common given and family names; place-like words with trades and legal
    forms): names a screen meets every day and must not flag. Half people, half companies. A name that is one of
    `listed` word for word, in any order (Paul Mitchell is a name_bench entry), is listed, so it is not generated."""
    rnd = random.Random(seed)
    taken = {_words(name) for name in listed}
    names: set[str] = set()
    while len(names) < count:
        if len(names) % 2:
            given = rnd.choice(_GIVEN)
            middle = f" {rnd.choice(_GIVEN)[0]}." if rnd.random() < 0.2 else ""
            name = f"{given}{middle} {rnd.choice(_FAMILY)}"
            name = name if rnd.random() < 0.8 else f"{name.split()[-1].upper()}, {given}"
        else:
            head = rnd.choice(_COMPANY_WORDS if rnd.random() < 0.6 else _FAMILY)
            name = f"{head} {rnd.choice(_COMPANY_KINDS)} {rnd.choice(_FORMS)}".strip()
        if _words(name) not in taken:
            names.add(name)
    return sorted(names)


def _words(name: str) -> tuple[str, ...]:
    return tuple(sorted(re.findall(r"[a-z0-9]+", name.lower())))
