"""What the atlas and BODS 0.4 share, read by the exporter and the importer alike: codes both ways, dates, ids.

The atlas keeps a date at its precision ('1952', '2005-04'); BODS wants a full date, so an export writes the first
day and says the precision in an annotation, which an import reads back.
"""

import re
import uuid
from urllib.parse import quote, urlsplit, urlunsplit

BODS_VERSION = "0.4"
PUBLISHER = {"name": "Media Ownership Atlas"}
# Upstream record ids an import keeps in `identifiers`, and the export reuses.
RECORD_SCHEME = "bods-record"
# An organisation standing for an interested party that a statement declares unknown (an inline Unspecified Record):
# its identifier's value is '<relationship recordId>#<reason>', and the export writes it back inline.
UNSPECIFIED_SCHEME = "bods-unspecified"
INTERNAL_SCHEMES = (RECORD_SCHEME, UNSPECIFIED_SCHEME)
STATEMENT_NAMESPACE = uuid.UUID("6f1c1c4e-9d59-4c61-9c43-0d8f7f6f2a17")

# Organisation kinds as BODS entity types; the kind itself goes in entityType.details unless it is 'company'.
ENTITY_TYPES = {"state": "state", "public_broadcaster": "stateBody"}
OUTLET_DETAILS = "media outlet: "
# Atlas interests other than shareholding go out as otherInfluenceOrControl with the atlas word as details.
OTHER_INTEREST = "otherInfluenceOrControl"
# BODS interests a person holds by office, read back as a role.
ROLE_INTERESTS = ("seniorManagingOfficial", "boardMember", "boardChair")

PRECISION_NOTE = re.compile(r"^date known to (?:the year|the month): (\d{4}(?:-\d{2})?)$")


def full_date(value: str | None) -> str | None:
    """'1952' -> '1952-01-01', '2005-04' -> '2005-04-01'; a full date or None unchanged."""
    if not value:
        return None
    return value + "-01-01"[len(value) - 4 :] if len(value) < 10 else value


def precision_note(value: str | None) -> str | None:
    """The annotation text that keeps a partial date's precision, or None for a full date."""
    if not value or len(value) >= 10:
        return None
    return f"date known to {'the year' if len(value) == 4 else 'the month'}: {value}"


def statement_id(*parts: str) -> str:
    """A stable id (36 characters, as BODS asks 32 to 64) for the statement made of these parts."""
    return str(uuid.uuid5(STATEMENT_NAMESPACE, "\x1f".join(parts)))


def role_interest(role: str) -> str:
    """The BODS interest a role is: a chair, a board member, else a senior managing official."""
    folded = role.lower()
    if "chair" in folded:
        return "boardChair"
    if "board" in folded:
        return "boardMember"
    return "seniorManagingOfficial"


def as_uri(url: str | None) -> str | None:
    """url as a URI (BODS's format): an internationalised host in IDNA, other non-ASCII percent-encoded; None when
    it cannot be one."""
    if not url:
        return None
    if url.isascii() and " " not in url:
        return url
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname.encode("idna").decode("ascii") if parts.hostname else ""
    except (UnicodeError, ValueError):
        return None
    netloc = host + (f":{parts.port}" if parts.port else "")
    safe = "/%:@!$&'()*+,;=?~-._"
    return urlunsplit(
        (parts.scheme, netloc, quote(parts.path, safe), quote(parts.query, safe), quote(parts.fragment, safe))
    )
