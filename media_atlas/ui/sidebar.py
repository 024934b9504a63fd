"""The sidebar every page shares: its filters live in the URL query string (so a copied link reopens the same view)
and become the one params dict that every query takes, Datasette style."""

import datetime as dt

import pandas as pd
import streamlit as st

from media_atlas.filters import FILTER_BY_KEY
from media_atlas.text import fold
from media_atlas.ui.app import database_problems, escape_markdown, problems_text, query
from media_atlas.ui.links import PROFILE_PAGE, in_navigation, run_through_dashboard
from media_atlas.ui.profile import profile_matches
from media_atlas.ui.url_values import correct_link, date_problem, shown_again
from media_atlas.vocabulary import MEDIA_TYPE_LABELS

SEARCH, AS_OF, COUNTRY, GROUP, MEDIA_TYPE, FOUNDED = (
    FILTER_BY_KEY[key] for key in ("q", "as_of", "country", "group", "type", "founded")
)
LISTS = (COUNTRY.key, GROUP.key, MEDIA_TYPE.key)
EARLIEST_AS_OF = dt.date(1600, 1, 1)
# A multiselect bound to the URL stores its options' labels there, so labels must not change with the data:
# names only, and the counts go in a caption beside the filter.
COUNTRIES_IN_CAPTION = 4
# A group picker lists at most this many groups, the largest first, and a find box narrows them: the shipped data has
# 5,500 controlling groups and a million outlets 28,000, every label of which the browser would receive on every
# rerun of every page.
GROUPS_LISTED = 1000
# The profiles the search lists under its box; the rest are counted.
MATCHES_LISTED = 8


def sidebar_filters() -> dict:
    """Draw the filters in the sidebar and return the params dict for every query on the page (saying first when the
    data's latest change did not build, so an older database serves)."""
    run_through_dashboard()
    problems = database_problems()
    if problems:
        st.warning(problems_text(problems, "so the atlas shows its last good build"))
    _accept_link_values()
    with st.sidebar:
        st.header("Filters")
        search = st.text_input(
            SEARCH.label,
            key=SEARCH.key,
            bind="query-params",
            placeholder="e.g. Dogan, Yeni Safak",
            help="Filters the outlets by name or alias (ignoring case and accents, matching other spellings) and "
            "lists the organisations, people and outlets so named, each linked to its profile.",
        )
        if search and search.strip() and in_navigation(PROFILE_PAGE):
            st.caption("Profiles with this name:")
            profile_matches(search.strip(), MATCHES_LISTED)
        today = dt.date.today()
        as_of_date = st.date_input(
            AS_OF.label,
            value=today,
            min_value=EARLIEST_AS_OF,
            max_value=today,
            key=AS_OF.key,
            bind="query-params",
            format="YYYY-MM-DD",
            help="Ownership, control and which outlets exist, on this date.",
        )
        as_of = (as_of_date or today).isoformat()
        countries = _country_filter(query("country_options", as_of=as_of))
        groups = _group_filter(query("group_options", as_of=as_of))
        media_types = st.multiselect(
            MEDIA_TYPE.label,
            options=list(MEDIA_TYPE_LABELS),
            format_func=MEDIA_TYPE_LABELS.get,
            key=MEDIA_TYPE.key,
            bind="query-params",
        )
        founded_from, founded_to, founded_default = _founded_filter(query("founded_year_range").iloc[0])
        st.button(
            "Reset filters",
            on_click=_reset,
            args=(
                {SEARCH.key: "", AS_OF.key: today, COUNTRY.key: [], GROUP.key: [], MEDIA_TYPE.key: []}
                | founded_default,
            ),
            width="stretch",
        )
    return {
        "countries": countries,
        "groups": groups,
        "media_types": media_types,
        "founded_from": founded_from,
        "founded_to": founded_to,
        "as_of": as_of,
        "q": (search or "").strip(),
    }


def _accept_link_values() -> None:
    """Let a link name countries, groups and media types by code or label; say which values match nothing."""
    if shown_again():
        return
    today = dt.date.today()
    linked = st.query_params.get(AS_OF.key)
    as_of = linked if linked and not date_problem(linked, EARLIEST_AS_OF, today) else today.isoformat()
    countries, groups = query("country_options", as_of=as_of), query("group_options", as_of=as_of)
    years = query("founded_year_range").iloc[0]
    group_ids = {group_id: label for label, group_id in group_labels(groups).items()}
    country_names = dict(zip(countries.country_name, countries.country_name, strict=True))
    correct_link(
        {
            COUNTRY.key: ("country", country_names | dict(zip(countries.country, countries.country_name, strict=True))),
            GROUP.key: ("controlling group", {label: label for label in group_ids.values()} | group_ids),
            MEDIA_TYPE.key: ("media type", {label: label for label in MEDIA_TYPE_LABELS.values()} | MEDIA_TYPE_LABELS),
        },
        {AS_OF.key: (EARLIEST_AS_OF, today)},
        {} if pd.isna(years.first_year) else {FOUNDED.key: (int(years.first_year), int(years.last_year))},
    )


def _country_filter(options: pd.DataFrame) -> list[str]:
    code_by_name = dict(zip(options.country_name, options.country, strict=True))
    names = st.multiselect(COUNTRY.label, options=list(code_by_name), key=COUNTRY.key, bind="query-params")
    counted = options.set_index("country_name").outlets
    shown = names or counted.sort_values(ascending=False).index[:COUNTRIES_IN_CAPTION].tolist()
    prefix = "Outlets" if names else f"{len(options)} {'country' if len(options) == 1 else 'countries'}; most outlets"
    st.caption(f"{prefix}: " + " · ".join(f"{escape_markdown(name)} {counted[name]:,}" for name in shown))
    return [code_by_name[name] for name in names]


def group_labels(options: pd.DataFrame) -> dict[str, str]:
    """label -> group id, in the order of options (group_options rows)."""
    return dict(zip(options.label.tolist(), options.group_id.tolist(), strict=True))


def _group_filter(options: pd.DataFrame) -> list[str]:
    id_by_label = listed_groups(options, find_label="Find a controlling group", key=GROUP.key)
    labels = st.multiselect(
        GROUP.label,
        options=list(id_by_label),
        key=GROUP.key,
        bind="query-params",
        placeholder="Type to search groups",
        help="The top of an outlet's chain of controlling owners on the as-of date. Largest groups first.",
    )
    return [id_by_label[label] for label in labels]


def listed_groups(options: pd.DataFrame, *, find_label: str, key: str, largest_first: bool = False) -> dict[str, str]:
    """label -> group id for the picker whose widget key (and URL parameter) is key: every group of options (largest
    first) when there are few; otherwise a find box and the largest GROUPS_LISTED groups whose label contains what is
    typed in it (ignoring case and accents), with the picker's chosen labels kept, so a selection or a link's group
    stays selected. `largest_first` keeps the largest group first whatever is typed: a selectbox leaves its first
    option, its default, out of the URL, and a link to a group found in the box would otherwise open the largest."""
    if len(options) <= GROUPS_LISTED:
        return group_labels(options)
    find = st.text_input(find_label, key=f"{key}-find", placeholder=f"{len(options):,} groups: part of a name")
    found = options
    if find and find.strip():
        wanted = fold(find.strip())
        found = options[[wanted in fold(label) for label in options.label]]
        caption = f"{len(found):,} of {len(options):,} groups match"
        caption += f"; the {GROUPS_LISTED:,} largest are listed." if len(found) > GROUPS_LISTED else "."
    else:
        caption = f"The {GROUPS_LISTED:,} largest of {len(options):,} groups are listed; find others above."
    st.caption(caption)
    chosen = st.session_state[key] if key in st.session_state else st.query_params.get_all(key)
    chosen = chosen if isinstance(chosen, list) else [chosen]
    # Only the listed groups' labels are made: tens of thousands of them cost more than the rest of the sidebar.
    listed = pd.concat(
        [options.head(1 if largest_first else 0), found.head(GROUPS_LISTED), options[options.label.isin(chosen)]]
    )
    return group_labels(listed.drop_duplicates("label"))


def _founded_filter(year_range: pd.Series) -> tuple[int | None, int | None, dict]:
    """The founding period slider; an end left at the data's own bound filters nothing on that side."""
    if pd.isna(year_range.first_year) or year_range.first_year == year_range.last_year:
        st.caption("Founding period: not enough founding dates to filter by.")
        return None, None, {}
    bounds = (int(year_range.first_year), int(year_range.last_year))
    _follow_moved_bounds(FOUNDED.key, bounds)
    low, high = st.slider(FOUNDED.label, *bounds, value=bounds, key=FOUNDED.key, bind="query-params")
    return (low if low > bounds[0] else None), (high if high < bounds[1] else None), {FOUNDED.key: bounds}


def _follow_moved_bounds(key: str, bounds: tuple[int, int]) -> None:
    """When the data's range changes under a session (a refresh), an end the analyst left at the old bound moves to
    the new one: it meant "no limit", and must not turn into a filter."""
    seen = st.session_state.get(f"{key}-bounds")
    st.session_state[f"{key}-bounds"] = bounds
    if seen is None or tuple(seen) == bounds or key not in st.session_state:
        return
    low, high = st.session_state[key]
    low = bounds[0] if low <= seen[0] else max(low, bounds[0])
    high = bounds[1] if high >= seen[1] else min(high, bounds[1])
    st.session_state[key] = (low, max(low, high))


def _reset(defaults: dict) -> None:
    for key, value in defaults.items():
        st.session_state[key] = value
