"""Values a link puts in the sidebar's filters: accepted as codes or labels, and reported when they match nothing.

A widget bound to the URL keeps only the values that are exactly one of its options' labels and drops the rest
without a word, so `?type=tv` (the label is `TV`) or `?country=XX` would show unfiltered data to an analyst who
believes it filtered. On a session's first run, before any widget is drawn, each value is looked up among the codes
and labels (ignoring case and accents); if any was not the label itself, the URL is rewritten with the labels and the
page reruns once, so the widgets start from it. What matched nothing is said on the page for the session.
"""

import datetime as dt

import streamlit as st

from media_atlas.text import fold

NOTICES = "url-notices"


def matched(values: list[str], accepted: dict[str, str]) -> tuple[list[str], list[str]]:
    """The labels `values` name (each a spelling in accepted, exactly or folded) and the values that name none."""
    folded = {fold(spelling): label for spelling, label in accepted.items()}
    labels, unknown = [], []
    for value in values:
        label = accepted.get(value) or folded.get(fold(value.strip()))
        labels.append(label) if label is not None else unknown.append(value)
    return list(dict.fromkeys(labels)), unknown


def date_problem(value: str, earliest: dt.date, latest: dt.date) -> str | None:
    """What is wrong with a date from a link, if anything. Only YYYY-MM-DD, the form every query takes its date in:
    Python reads '20150101' and '2015-W01-1' as dates too."""
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        day = None
    if day is None or day.isoformat() != value:
        return f"invalid date '{value}' ignored; write YYYY-MM-DD"
    if not earliest <= day <= latest:
        return f"date '{value}' ignored: it must be from {earliest} to {latest}"
    return None


def range_problem(values: list[str], low: int, high: int) -> str | None:
    """What is wrong with a year range from a link (two whole years from low to high), if anything."""
    if len(values) == 2 and all(v.strip().isdigit() and low <= int(v) <= high for v in values):
        return None
    return f"'{', '.join(values)}' ignored; give two years from {low} to {high}"


def correct_link(
    lists: dict[str, tuple[str, dict[str, str]]],
    dates: dict[str, tuple[dt.date, dt.date]],
    ranges: dict[str, tuple[int, int]],
) -> None:
    """On a session's first run, rewrite the URL's list filters (key -> (what it names, spelling -> label)) and
    drop dates and year ranges that do not fit, noting what matched nothing; rerun if the URL changed. Then show
    the notes."""
    notices, changed = [], False
    for key, (what, accepted) in lists.items():
        values = st.query_params.get_all(key)
        labels, unknown = matched(values, accepted)
        notices += [f"unknown {what} '{value}' ignored" for value in unknown]
        if labels != values:
            changed = True
            st.query_params[key] = labels
    for key, (earliest, latest) in dates.items():
        if key in st.query_params and (problem := date_problem(st.query_params[key], earliest, latest)):
            notices.append(f"{key}: {problem}")
            changed = True
            del st.query_params[key]
    for key, (low, high) in ranges.items():
        if key in st.query_params and (problem := range_problem(st.query_params.get_all(key), low, high)):
            notices.append(f"{key}: {problem}")
            changed = True
            del st.query_params[key]
    st.session_state[NOTICES] = notices
    if changed:
        st.rerun()
    shown_again()


def shown_again() -> bool:
    """Show the session's notices if its link was checked (on its first run); say whether it was."""
    if NOTICES not in st.session_state:
        return False
    for notice in st.session_state[NOTICES]:
        st.warning(f"Link: {notice}.", icon=":material/link_off:")
    return True
