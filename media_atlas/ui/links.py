"""Links that keep the view: every name links to its profile (`Profile?id=<entity_id>`), and every page link
carries the sidebar's filters, which Streamlit's own page navigation would drop."""

import os
from urllib.parse import urlencode

import pandas as pd
import streamlit as st
from streamlit import runtime
from streamlit.errors import StreamlitAPIException
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner import get_script_run_ctx

from media_atlas.filters import FILTERS

PROFILE_PAGE = "pages/8_Profile.py"
FILTER_KEYS = tuple(each.key for each in FILTERS)
LAST_VIEW = "last-view"
URL_BEHIND = "url-behind"
PROFILE_PATH = "Profile"
# A table's name column holds its profile's URL with the name after `#` (a fragment, never sent to the server), and
# shows only the name: LinkColumn's display_text takes the first group of this pattern.
NAME_IN_URL = r"#(.*)$"
# Which id column a table's name column links with; the first present of several.
LINKED_NAMES = {
    "name": ("outlet_id", "org_id", "entity_id"),
    "owner_name": ("owner_id",),
    "owned_name": ("owned_id",),
    "group_name": ("group_id",),
    "person_name": ("person_id",),
    "entity_name": ("entity_id",),
    "holder_name": ("holder_id",),
    "party_name": ("party_id",),
}


def current_filters() -> list[tuple[str, str]]:
    """The filters in the current URL, as (key, value) pairs in the order the filters are declared."""
    return [(each.key, value) for each in FILTERS for value in st.query_params.get_all(each.key)]


def profile_params(entity_id: str) -> list[tuple[str, str]]:
    """The query parameters of an entity's profile: its id and the current filters."""
    return [("id", entity_id), *current_filters()]


def profile_urls(ids: pd.Series, names: pd.Series) -> pd.Series:
    """Each name as its profile's URL (relative to the app, so it works under any base path), the name kept after
    `#`; empty where the id is."""
    query = urlencode(current_filters())
    rest = f"&{query}" if query else ""
    urls = [
        f"{PROFILE_PATH}?{urlencode({'id': entity_id})}{rest}#{name}" if isinstance(entity_id, str) else None
        for entity_id, name in zip(ids, names, strict=True)
    ]
    return pd.Series(urls, index=ids.index, dtype="object")


def name_link_column(header: str, width: int | str | None = None) -> st.column_config.LinkColumn:
    # Pinned: a name stays in view when a wide table scrolls sideways.
    return st.column_config.LinkColumn(header, display_text=NAME_IN_URL, alignment="left", pinned=True, width=width)


def linked_names(rows: pd.DataFrame, columns: list[str]) -> tuple[pd.DataFrame, list[str]]:
    """rows with each of columns that names an entity whose id rows hold turned into profile links, and which."""
    linked = []
    for column in columns:
        id_column = next((each for each in LINKED_NAMES.get(column, ()) if each in rows), None)
        if id_column is not None:
            rows = rows.assign(**{column: profile_urls(rows[id_column], rows[column])})
            linked.append(column)
    return rows, linked


def in_navigation(page_path: str) -> bool:
    """Whether a link to page_path can be drawn: a page run on its own (AppTest, the bench) knows no other page."""
    context = get_script_run_ctx()
    if context is None:
        return False
    wanted = os.path.realpath(os.path.join(os.path.dirname(context.main_script_path), page_path))
    return any(page["script_path"] == wanted for page in context.pages_manager.get_pages().values())


def open_profile(entity_id: str) -> None:
    """Go to an entity's profile, keeping the filters."""
    st.switch_page(PROFILE_PAGE, query_params={"id": entity_id})


def carry_filters(page_path: str) -> bool:
    """On moving to another page, set its filter widgets to the values they had on the last one, and put those the
    last page's URL held back into this one (unless the URL says otherwise): Streamlit drops the URL parameters that
    the last page's widgets were bound to. The URL is written here, before the widgets bind the parameters again:
    a bound widget writes a carried value only where the query string the browser sent with the move lacks it, so a
    link that named the filters once would show them in the sidebar while the URL, the one an analyst copies, had lost
    them. True when a value could not be written: a parameter the move did not name stays bound to the last page's
    widget until this run ends, and the widget writes it on the next run, the URL lacking it."""
    last = st.session_state.get(LAST_VIEW)
    if not last or last["page"] == page_path:
        return False
    carried = {key: value for key, value in last["filters"].items() if key not in st.query_params}
    unwritten = False
    for key, value in carried.items():
        st.session_state[key] = value
        if key in last["url"]:
            try:
                st.query_params[key] = last["url"][key]
            except StreamlitAPIException:
                unwritten = True
    return unwritten


def remember_filters(page_path: str) -> None:
    """Keep the page, its filter widgets' values and their URL parameters for carry_filters on the next run."""
    filters = {key: st.session_state[key] for key in FILTER_KEYS if key in st.session_state}
    url = {key: st.query_params.get_all(key) for key in FILTER_KEYS if key in st.query_params}
    st.session_state[LAST_VIEW] = {"page": page_path, "filters": filters, "url": url}


def run_through_dashboard() -> None:
    """Rerun through dashboard.py when Streamlit ran a page on its own: until a first run of dashboard.py calls
    st.navigation, a fresh server runs a link to a page (`/Outlets?...`) as the page script alone, from its pages/
    folder, without the app's navigation and layout. Outside a server (AppTest, the bench) nothing happens."""
    if PagesManager.uses_pages_directory and get_script_run_ctx() is not None and runtime.exists():
        PagesManager.uses_pages_directory = False
        st.rerun()


def set_filter(key: str, value) -> None:
    """Set a filter widget's value from a callback (before the widget is drawn); the URL follows on a rerun."""
    st.session_state[key] = value
    st.session_state[URL_BEHIND] = True


def url_behind() -> bool:
    """Whether a filter was set by set_filter since the last check: the bound widgets write it into the URL on the next
    run, as after carry_filters."""
    return bool(st.session_state.pop(URL_BEHIND, False))


def page_links(pages: list) -> None:
    """The page navigation, in the sidebar: each link carries the current filters."""
    filters = current_filters()
    for page in pages:
        st.page_link(page, query_params=filters or None)
