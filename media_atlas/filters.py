"""The filters every view takes, declared once (Datasette style): from this table come the sidebar's widgets and
their URL parameters, the params dict every query binds, the unfiltered view, and the part of a download's file
name that says what was filtered."""

from dataclasses import dataclass

from media_atlas.text import slug


@dataclass(frozen=True)
class Filter:
    key: str  # the widget's key, which is also its URL query parameter
    label: str  # the widget's label in the sidebar
    empty: dict  # each query parameter it sets -> its value when it filters nothing
    in_file_name: str  # what names it in a download's file name

    def file_name_part(self, params: dict) -> str:
        """'country-AZ+TR', 'founded-1950-', or '' when the filter is not set."""
        values = [params.get(name, empty) for name, empty in self.empty.items()]
        if all(value == empty or value is None for value, empty in zip(values, self.empty.values(), strict=True)):
            return ""
        if len(values) > 1:  # a range: its two ends, either open
            text = "-".join("" if value is None else str(value) for value in values)
        else:
            text = "+".join(values[0]) if isinstance(values[0], list) else str(values[0])
        return f"{self.in_file_name}-{text}"


# In the order a download's file name lists them.
FILTERS = (
    Filter("country", "Country", {"countries": []}, "country"),
    Filter("group", "Controlling group", {"groups": []}, "group"),
    Filter("type", "Media type", {"media_types": []}, "type"),
    Filter("founded", "Founded between", {"founded_from": None, "founded_to": None}, "founded"),
    Filter("q", "Search names and aliases", {"q": ""}, "q"),
    Filter("as_of", "As of", {"as_of": None}, "as-of"),
)
FILTER_BY_KEY = {each.key: each for each in FILTERS}
# The parameters that narrow rows; `as_of` moves the view in time instead.
NARROWING_PARAMETERS = frozenset(name for each in FILTERS if each.key != "as_of" for name in each.empty)


def no_filters(as_of: str) -> dict:
    """The params of the unfiltered view on as_of."""
    return {name: empty for each in FILTERS for name, empty in each.empty.items()} | {"as_of": as_of}


def describe(params: dict) -> str:
    """The set filters as a short slug for file names, e.g. `country-TR_type-tv_q-dogan_as-of-2026-11-27`."""
    return slug("_".join(part for each in FILTERS if (part := each.file_name_part(params))))
