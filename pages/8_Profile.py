"""Profile: one outlet, organisation or person at its permanent URL, `/Profile?id=<entity_id>` — its facts with
their sources, who owns it up to the ultimate owners, what it holds, who owned and controlled it when, the people in
roles, its partnerships and every source."""

import streamlit as st

from media_atlas.ui.app import escape_markdown, query
from media_atlas.ui.profile import entity_finder, history, owned_by, portfolio
from media_atlas.ui.sidebar import sidebar_filters
from media_atlas.ui.tables import SOURCES, data_table

params = sidebar_filters()
as_of = params["as_of"]
entity_id = st.query_params.get("id", "")
facts = query("entity_facts", entity_id=entity_id)
if facts.empty:
    st.title("Profile")
    if entity_id:
        st.warning(f"The atlas has no entity with the id “{entity_id}”.")
    entity_finder("profile-find")
    st.stop()

fact = facts.set_index("fact").value
kind = fact.get("kind") or fact.get("media type") or ""
st.title(escape_markdown(fact["name"]))
st.caption(
    " · ".join(escape_markdown(part) for part in (fact["type"], kind, fact.get("country", "")) if part)
    + f" · on {as_of} · id `{entity_id}`"
)
data_table(
    f"facts-{entity_id}",
    "entity_facts",
    {"entity_id": entity_id},
    columns={"fact": "fact", "value": "value"} | SOURCES,
    noun="facts",
    one="fact",
    empty="No fact.",
    every_row=facts,
)

entity = {"entity_ids": [entity_id]}
if fact["type"] == "person":
    st.header("Roles")
    data_table(
        f"roles-{entity_id}",
        "person_roles",
        {"entity_id": entity_id},
        columns={"entity_name": "at", "role": "role", "start_date": "from", "end_date": "until"} | SOURCES,
        noun="roles",
        one="role",
        empty="The atlas records no role of this person.",
    )
    # A person signs for the organisation or outlet where they have a role: its agreements are theirs to show.
    entity = {"entity_ids": [entity_id, *query("person_roles", entity_id=entity_id).entity_id]}
    st.header("Holdings")
    portfolio(entity_id, as_of)
else:
    st.header("Owned by")
    owned_by(entity_id, as_of)
    st.header("Owns and controls")
    portfolio(entity_id, as_of)
    st.header("History")
    history(entity_id, as_of, fact.get("founded"))
    st.header("People in roles")
    data_table(
        f"people-{entity_id}",
        "entity_roles",
        entity,
        columns={"person_name": "person", "role": "role", "start_date": "from", "end_date": "until"} | SOURCES,
        noun="people in roles",
        one="person in a role",
        empty="The atlas records nobody in a role here.",
    )
st.header("Partnerships")
data_table(
    f"partnerships-{entity_id}",
    "entity_partnerships",
    entity,
    columns={"title": "title", "kind": "kind", "signed_on": "signed", "parties": "parties"} | SOURCES,
    noun="partnerships",
    one="partnership",
    empty="The atlas records no partnership with it (or, for a person, where they have a role) as a party.",
)
st.header("Sources")
data_table(
    f"sources-{entity_id}",
    "entity_sources",
    {"entity_id": entity_id},
    columns={
        "fact_kind": "fact",
        "fact": "what",
        "source_title": "source title",
        "source_publisher": None,
        "source_url": None,
        "source_published_on": "published",
    },
    noun="facts with their sources",
    one="fact with its source",
    empty="No fact.",
)
