"""The atlas's vocabularies, read from the schema (build/schema.sql) or pycountry, so that no module copies them:
media types and their labels, organisation kinds, interests, partnership kinds, periodicities, country codes."""

import pycountry

from media_atlas.build.schema import tables

# Codes the atlas accepts beside ISO 3166-1: (alpha-2, alpha-3, name). Kosovo has no ISO code yet; XK (XKX) is the
# user-assigned code everyone (iptv-org included) uses.
EXTRA_COUNTRIES = (("XK", "XKX", "Kosovo"),)
# Labels that are not the value with its first letter capitalised.
LABEL_EXCEPTIONS = {"tv": "TV"}


def allowed(table: str, column: str) -> tuple[str, ...]:
    """The values schema.sql allows in table.column, in its order."""
    return tables()[table].column(column).allowed


def label(value: str) -> str:
    """How a value of a vocabulary reads on screen: 'news_agency' -> 'News agency', 'tv' -> 'TV'."""
    return LABEL_EXCEPTIONS.get(value, value.replace("_", " ").capitalize())


MEDIA_TYPES = allowed("outlets", "media_type")
MEDIA_TYPE_LABELS = {media_type: label(media_type) for media_type in MEDIA_TYPES}
PERIODICITIES = allowed("outlets", "periodicity")
ORGANISATION_KINDS = allowed("organisations", "kind")
INTERESTS = allowed("ownership", "interest")
PARTNERSHIP_KINDS = allowed("partnerships", "kind")


def media_type_label(media_type: str) -> str:
    return MEDIA_TYPE_LABELS.get(media_type, media_type)


def country_rows() -> list[tuple[str, str, str]]:
    """(alpha-2, alpha-3, name) of every country code the atlas accepts."""
    iso = [(c.alpha_2, c.alpha_3, getattr(c, "common_name", c.name)) for c in pycountry.countries]
    return sorted(iso + list(EXTRA_COUNTRIES))


def country_codes() -> frozenset[str]:
    return frozenset(code for code, _, _ in country_rows())
