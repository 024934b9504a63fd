"""The rows a news article about an agreement proposes for the curated tables, by rules and the atlas's own names.

- The agreement: the sentences that say something was signed, inked, concluded or agreed. Its kind is the document
  they name (a protocol of intent, a memorandum, a joint venture, news exchange, a joint platform; else `other`), its
  date the one those sentences give (a date without a year takes the published date's year; a weekday the last such
  day on or before publication), else the dateline's; its place the city they say it was signed in, else none.
- Its parties: the organisations and outlets those sentences name, found by name, local name or alias in the
  atlas's data folder (one fold: case and accents ignored), curated names first; a party the atlas does not know
  (a capitalised name joined by 'and' or 'between … and …') gets a new row with a slug id.
- Its signatories: people named with a role in a party or another known entity ('the Director-General of Trend
  News Agency Ilgar Huseynov', 'Vugar Aliyev, Chairman of the Board of AZERTAC', 'Trend's Deputy Director-General
  Rufiz Hafizoglu'), as `roles` rows; a person the atlas does not know gets a new `people` row.
- Group ties the article states ('X, which includes Y', 'Y, being part of X') as `control` ownership rows.
- One `sources` row for the article (its URL, publisher and dates), unless a source with that URL exists already,
  whose id the rows then cite.
Nothing is guessed beyond the text: an unknown value stays empty for the curator to fill or leave.
"""

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pycountry

from media_atlas.build.schema import tables
from media_atlas.curate.known import Known, words

TABLES = ("sources", "partnerships", "partnership_parties", "organisations", "outlets", "people", "roles", "ownership")
MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS |= {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name}
MONTHS["sept"] = 9
MONTH = (
    r"(January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
WEEKDAYS = {name.lower(): number for number, name in enumerate(calendar.day_name)}
SIGNED = re.compile(r"\b(signed|inked|concluded|sign|reached an agreement|have agreed|agreed to)\b", re.IGNORECASE)
# The document an agreement sentence names, most specific first: its kind and its name as a title starts.
DOCUMENTS = (
    (re.compile(r"protocol of intent", re.I), "protocol_of_intent", "Protocol of Intent"),
    (re.compile(r"memorandum of understanding|memorandum|\bmou\b", re.I), "memorandum_of_understanding", None),
    (re.compile(r"joint venture", re.I), "joint_venture", "Joint venture"),
    (
        re.compile(r"(exchange of (news|information)|(news|information) exchange|content[- ]sharing)", re.I),
        "content_sharing",
        None,
    ),
    (re.compile(r"joint (media |digital )?platform", re.I), "joint_platform", None),
    (re.compile(r"agreement|protocol", re.I), "other", None),
)
ROLE_WORDS = (
    r"(?i:(?:First |Deputy |Acting |Executive |General |Managing )*"
    r"(?:Director[- ]General|General Director|Director|Chairman of the Board|Chairman|Chairwoman|Chair|President|"
    r"Vice[- ]President|Chief Executive Officer|CEO|Editor[- ]in[- ]Chief|Head|Founder|Owner|Manager|Minister))"
)
PERSON = r"(?:Mr\.? |Ms\.? |Mrs\.? |Dr\.? )?((?:[A-Z][\w'\u2019-]+ ){1,2}[A-Z][\w'\u2019-]+)"
# Where a place of signing is named: 'in Turkey's Istanbul', 'in Baku', 'in the city of Shusha'.
PLACE = re.compile(r"\bin (?:the city of |[A-Z][\w]+['\u2019]s )?([A-Z]\w+(?: [A-Z][a-z]+)?)")
DATELINE = re.compile(r"^\s*([A-Z][A-Za-z]+)(?:,\s*[A-Z][A-Za-z]+)?\s*(?:,|\u2013|-)", re.MULTILINE)
DATE_LINE = re.compile(r"^\s*date (\d{4}-\d{2}(?:-\d{2})?)\s*", re.IGNORECASE)
DEMONYMS = {
    "azerbaijani": "AZ",
    "turkish": "TR",
    "uzbek": "UZ",
    "italian": "IT",
    "pakistani": "PK",
    "russian": "RU",
    "kazakh": "KZ",
    "georgian": "GE",
    "chinese": "CN",
    "iranian": "IR",
    "kyrgyz": "KG",
    "turkmen": "TM",
    "turkey": "TR",
    "türkiye": "TR",
    "ukrainian": "UA",
    "romanian": "RO",
    "qatari": "QA",
}


def sentences(text: str) -> list[str]:
    flat = " ".join(text.split())
    # A full stop ends a sentence unless it follows an abbreviation ('Dec.21', 'Mr.', 'Sept.27').
    return [s.strip() for s in re.split(r"(?<![A-Z][a-z])(?<!\b[A-Z])(?<=[.!?])\s+(?=[A-Z\"“])", flat) if s.strip()]


def story(body: str) -> str:
    """The article without its header: the short paragraphs before the first long one (a dateline, 'Trend:'),
    and a dateline that opens the first paragraph ('SHUSHA, Azerbaijan \u2013 ')."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", body) if p.strip()]
    while len(paragraphs) > 1 and len(paragraphs[0].split()) < 8:
        paragraphs.pop(0)
    text = "\n\n".join(paragraphs)
    return re.sub(r"^[A-Z][A-Z ]{2,}(?:, [A-Z][\w ]+)? [\u2013\u2014-] ", "", text)


def slugify(text: str) -> str:
    return "-".join(words(text))


def empty_row(table: str) -> dict[str, str]:
    return dict.fromkeys(tables()[table].csv_columns, "")


@dataclass
class Article:
    text: str
    url: str = ""
    published: str = ""
    publisher: str = ""

    def body(self) -> str:
        return DATE_LINE.sub("", self.text, count=1)


def find_date(text: str, year: int | None, published: dt.date | None) -> str:
    """The first date text states, as YYYY-MM-DD (or YYYY-MM); '' when none."""
    patterns = (
        (rf"\b(\d{{1,2}}) {MONTH},? (\d{{4}})\b", lambda m: (int(m[3]), MONTHS[m[2].lower()], int(m[1]))),
        (rf"\b{MONTH} ?(\d{{1,2}}),? (\d{{4}})\b", lambda m: (int(m[3]), MONTHS[m[1].lower()], int(m[2]))),
        (r"\b(\d{4})-(\d{2})-(\d{2})\b", lambda m: (int(m[1]), int(m[2]), int(m[3]))),
        (rf"\b{MONTH} ?(\d{{1,2}})\b(?!,? \d{{4}})", lambda m: (year, MONTHS[m[1].lower()], int(m[2]))),
        (rf"\b(\d{{1,2}}) {MONTH}(?!,? \d{{4}})", lambda m: (year, MONTHS[m[2].lower()], int(m[1]))),
    )
    found = []
    for pattern, parts in patterns:
        for match in re.finditer(pattern, text):
            y, m, d = parts(match)
            if y is None:
                continue
            try:
                found.append((match.start(), dt.date(y, m, d).isoformat()))
            except ValueError:
                continue
    if found:
        return min(found)[1]
    weekday = re.search(r"\bon (Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b", text)
    if weekday and published:
        back = (published.weekday() - WEEKDAYS[weekday[1].lower()]) % 7
        return (published - dt.timedelta(days=back)).isoformat()
    if re.search(r"\btoday\b", text) and published:
        return published.isoformat()
    return ""


def country_of(word: str) -> str:
    word = word.strip("\u2019's ").lower()
    if word in DEMONYMS:
        return DEMONYMS[word]
    try:
        return pycountry.countries.lookup(word).alpha_2
    except LookupError:
        return ""


def propose(
    text: str,
    *,
    url: str = "",
    published: str = "",
    publisher: str = "",
    data_dir: Path,
    retrieved: str | None = None,
) -> dict[str, list[dict[str, str]]]:
    """The rows the article proposes, keyed by curated table name, each a list of rows in that table's columns."""
    known = Known.from_data(data_dir)
    proposal: dict[str, list[dict[str, str]]] = {name: [] for name in TABLES}
    header = DATE_LINE.match(text)
    published = published or (header[1] if header else "")
    body = DATE_LINE.sub("", text, count=1)
    lead = story(body)
    said = sentences(lead)
    published_day = _as_date(published)
    year = published_day.year if published_day else None

    # The article's publisher: given, else a known agency credited in the header ('Trend:', 'By Trend') or named as
    # reporting ('…, Trend reports'). A byline naming a person is the author, not the publisher.
    if not publisher:
        head = body.strip()[: max(0, len(body.strip()) - len(lead))]
        credits = re.findall(r"(?:^|\n)\s*(?:By )?([A-Z][\w]+(?: [A-Z][\w]+)*)\s*:?\s*(?=\n|$)", head)
        credits += re.findall(r"([A-Z][\w]+(?: [A-Z][\w]+)*) reports\b", body)
        for candidate in credits:
            hits = [h for h in known.find(candidate) if h[2] != "person"]
            if hits:
                publisher = known.names[hits[0][1]]
                break

    # The source.
    source_id = known.source_urls.get(url) if url else None
    title = ""
    if said:
        title = re.sub(r",? [A-Z][\w]+(?: [A-Z][\w]+)* reports\.?$", "", said[0]).rstrip(".")
    if source_id is None:
        source_id = _unique(f"{slugify(publisher) or 'article'}-{published or 'undated'}", known.source_ids)
        row = empty_row("sources") | {
            "source_id": source_id,
            "title": title,
            "publisher": publisher,
            "url": url,
            "published_on": published,
            "retrieved_on": retrieved if retrieved is not None else dt.date.today().isoformat(),
        }
        proposal["sources"].append(row)

    agreement = [s for s in said if SIGNED.search(s)]
    joined = " ".join(agreement)
    kind, document = "other", ""
    for pattern, document_kind, name in DOCUMENTS:
        if match := pattern.search(joined):
            kind, document = document_kind, name or match[0][0].upper() + match[0][1:]
            break

    # Parties: the known organisations and outlets the agreement sentences name, then unknown ones by shape.
    parties: list[str] = []
    new_ids: set[str] = set()
    for sentence in agreement:
        for _, entity_id, entity_kind in known.find(sentence):
            if entity_kind != "person" and entity_id not in parties:
                parties.append(entity_id)
    for name, country in _unknown_parties(agreement, known):
        entity_id = _unique(slugify(name), known.ids | new_ids)
        new_ids.add(entity_id)
        parties.append(entity_id)
        entity_kind = _add_new_entity(proposal, entity_id, name, country, source_id)
        # Known from here on, so the article's later sentences name it (its signatories' roles).
        known.add(name, entity_id, entity_kind, curated=True)
        known.names[entity_id] = name

    # Date and place of signing.
    signed_on = ""
    for sentence in agreement:
        if signed_on := find_date(sentence, year, published_day):
            break
    if not signed_on:
        dateline = find_date(body[:200], year, published_day)
        signed_on = dateline or published
    place = ""
    for sentence in [s for s in said if SIGNED.search(s) or re.search(r"\bsigning\b", s, re.I)]:
        for match in PLACE.finditer(sentence):
            candidate = match[1]
            month = candidate.split()[0] in calendar.month_name
            if not month and not known.find(candidate) and not country_of(candidate):
                place = candidate
                break
        if place:
            break

    if parties:
        purpose = re.search(
            rf"\b(?:agreement|protocol|memorandum[\w ]*?)\s+((?:to|on) (?!\d|{MONTH}|(?:the )?\d)[^,.;]+)", joined, re.I
        )
        names = [known.names.get(p) or _new_name(proposal, p) for p in parties]
        title_text = (document or kind.replace("_", " ").capitalize()) + (
            f" {purpose[1]}" if purpose else " between " + " and ".join(names)
        )
        partnership_id = "-".join([*parties[:2], kind.replace("_", "-"), signed_on[:4] or "undated"])
        proposal["partnerships"].append(
            empty_row("partnerships")
            | {
                "partnership_id": partnership_id,
                "title": title_text,
                "kind": kind,
                "signed_on": signed_on,
                "place": place,
                "status": "signed" if agreement else "",
                "summary": title,
                "source_id": source_id,
            }
        )
        for party in parties:
            proposal["partnership_parties"].append(
                {"partnership_id": partnership_id, "party_id": party, "role": "signatory"}
            )

    _add_roles(proposal, said, known, source_id)
    _add_group_ties(proposal, said, known, source_id)
    return proposal


def _as_date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if len(value) == 10 else None
    except ValueError:
        return None


def proposal_lines(proposal: dict[str, list[dict[str, str]]]) -> list[str]:
    """The proposal for a person to read: each table's rows, one per line, as column=value for the values given."""
    lines = []
    for table, rows in proposal.items():
        lines.append(f"{table}: {len(rows)} row(s)")
        lines += ["  " + ", ".join(f"{k}={v}" for k, v in row.items() if v) for row in rows]
    return lines


def _unique(candidate: str, taken: set[str]) -> str:
    found, number = candidate, 2
    while found in taken:
        found, number = f"{candidate}-{number}", number + 1
    return found


def _new_name(proposal: dict, entity_id: str) -> str:
    for table in ("organisations", "outlets", "people"):
        for row in proposal[table]:
            if entity_id in (row.get("org_id"), row.get("outlet_id"), row.get("person_id")):
                return row["name"]
    return entity_id


def _unknown_parties(agreement: list[str], known: Known) -> list[tuple[str, str]]:
    """Capitalised names joined by 'and' (or 'between … and …') in the agreement sentences that no known name
    covers, with the country an adjective or possessive before them gives."""
    found = []
    name = r"((?:[A-Z][\w\u2019'.-]*|of|the|for)(?: (?:[A-Z][\w\u2019'.-]*|of|the|for))*(?: \([A-Z]+\))?)"
    for sentence in agreement:
        pair = re.search(rf"(?:between )?{name} and (?:the )?{name}\b", sentence)
        if not pair:
            continue
        for candidate in (pair[1], pair[2]):
            prefix = re.match(r"^(?:The |the )?(?:([A-Z][\w]+)['\u2019]s |([A-Z][a-z]+) )?(.+)$", candidate)
            country_word = prefix[1] or prefix[2] or "" if prefix else ""
            bare = prefix[3] if prefix else candidate
            if prefix and prefix[2] and not country_of(prefix[2]):
                bare, country_word = candidate, ""
            if known.find(bare) or len(words(bare)) < 2 or not any(c.isupper() for c in bare[1:]):
                continue
            if not re.search(r"(Agency|Media|Group|Holding|News|TV|Television|Radio|Press|Newspaper|Company)", bare):
                continue
            found.append((bare, country_of(country_word) if country_word else ""))
    return found


def _add_new_entity(proposal: dict, entity_id: str, name: str, country: str, source_id: str) -> str:
    media_type = (
        "news_agency"
        if re.search(r"Agency|Press", name)
        else "tv"
        if re.search(r"\bTV\b|Television", name)
        else "radio"
        if "Radio" in name
        else "newspaper"
        if "Newspaper" in name
        else ""
    )
    if media_type:
        proposal["outlets"].append(
            empty_row("outlets")
            | {
                "outlet_id": entity_id,
                "name": name,
                "media_type": media_type,
                "country": country,
                "source_id": source_id,
            }
        )
        return "outlet"
    else:
        kind = "media_group" if re.search(r"Media|Group", name) else "holding" if "Holding" in name else "company"
        proposal["organisations"].append(
            empty_row("organisations")
            | {"org_id": entity_id, "name": name, "kind": kind, "country": country, "source_id": source_id}
        )
        return "organisation"


def _add_roles(proposal: dict, said: list[str], known: Known, source_id: str) -> None:
    """People named with a role in a known entity, in three shapes, as roles (new people get a row)."""
    entity = r"((?:[A-Z][\w\u2019'.-]*)(?: (?:[A-Z][\w\u2019'.-]*|of))*)"
    shapes = (
        # the Director-General of Trend News Agency Ilgar Huseynov
        (re.compile(rf"\b({ROLE_WORDS}) of (?:the )?{entity} {PERSON}"), 1, 2, 3),
        # Ahmet Albayrak, head of Albayrak Group / Vugar Aliyev, Chairman of the Board of AZERTAC
        (
            re.compile(rf"{PERSON}, ({ROLE_WORDS}) of (?:the )?{entity}"),
            2,
            3,
            1,
        ),
        # Trend's Deputy Director-General Rufiz Hafizoglu
        (re.compile(rf"{entity}['\u2019]s ({ROLE_WORDS}) {PERSON}"), 2, 1, 3),
    )
    seen = set()
    for sentence in said:
        for pattern, role_at, entity_at, person_at in shapes:
            for match in pattern.finditer(sentence):
                role, entity_text, person = match[role_at], match[entity_at], match[person_at]
                hits = [h for h in known.find(entity_text) if h[2] != "person"]
                if not hits or hits[0][0] != 0:
                    continue
                entity_id = hits[0][1]
                person_hits = known.find(person)
                if person_hits and person_hits[0][2] != "person":
                    continue
                if person_hits:
                    person_id = person_hits[0][1]
                else:
                    person_id = slugify(person)
                    if person_id not in {p["person_id"] for p in proposal["people"]}:
                        proposal["people"].append(
                            empty_row("people") | {"person_id": person_id, "name": person, "source_id": source_id}
                        )
                role = role[0].upper() + role[1:]
                if (person_id, entity_id) in seen:
                    continue
                seen.add((person_id, entity_id))
                proposal["roles"].append(
                    empty_row("roles")
                    | {"person_id": person_id, "entity_id": entity_id, "role": role, "source_id": source_id}
                )


def _add_group_ties(proposal: dict, said: list[str], known: Known, source_id: str) -> None:
    """'X, which includes Y' and 'Y, (being) part of X': X controls Y."""
    entity = r"([A-Z][\w\u2019'.-]*(?: [A-Z][\w\u2019'.-]*)*)"
    shapes = (
        (re.compile(rf"{entity}, which (?:includes|owns|controls) {entity}"), 1, 2),
        (re.compile(rf"{entity}, (?:being )?(?:a )?part of {entity}"), 2, 1),
        (re.compile(rf"{entity}, (?:a )?subsidiary of {entity}"), 2, 1),
    )
    seen = set()
    for sentence in said:
        for pattern, owner_at, owned_at in shapes:
            for match in pattern.finditer(sentence):
                owner = [h for h in known.find(match[owner_at]) if h[2] != "person"]
                owned = [h for h in known.find(match[owned_at]) if h[2] != "person"]
                if not owner or not owned or owner[0][1] == owned[0][1]:
                    continue
                pair = (owner[0][1], owned[0][1])
                if pair in seen:
                    continue
                seen.add(pair)
                proposal["ownership"].append(
                    empty_row("ownership")
                    | {"owner_id": pair[0], "owned_id": pair[1], "interest": "control", "source_id": source_id}
                )
