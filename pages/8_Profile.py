"""Profile: one outlet, organisation or person at its permanent URL, `/Profile?id=<entity_id>` — its facts with
their sources, who owns it up to the ultimate owners, what it holds, who owned and controlled it when, the people in
roles, its partnerships and every source."""

import streamlit as st

from media_atlas.ui.app import escape_markdown, query
from media_atlas.ui.profile import (
    FOLDED_ABOVE,
    entity_finder,
    history,
    owned_by,
    portfolio,
    roles_table,
    sources_table,
)
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

entity = {"entity_ids": [entity_id], "person_ids": []}
if fact["type"] == "person":
    st.header("Roles")
    roles = {"entity_ids": [], "person_ids": [entity_id]}
    roles_table(f"roles-{entity_id}", roles, "entity_name", "at", noun="roles", one="role")
    # A person signs for the organisation or outlet where they have a role: its agreements are theirs to show.
    entity = {"entity_ids": [entity_id, *query("entity_roles", **roles).entity_id], "person_ids": []}
    st.header("Holdings")
    held = portfolio(entity_id, fact["name"], as_of)
else:
    st.header("Owned by")
    owned_by(entity_id, as_of)
    st.header("Owns and controls")
    held = portfolio(entity_id, fact["name"], as_of)
    st.header("History")
    history(entity_id, as_of, fact.get("founded"))
    st.header("People in roles")
    roles_table(f"people-{entity_id}", entity, "person_name", "person", noun="people in roles", one="person in a role")
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
sources_table(
    f"sources-{entity_id}",
    entity_id,
    noun="facts with their sources",
    one="fact with its source",
    folded=held > FOLDED_ABOVE,
)
