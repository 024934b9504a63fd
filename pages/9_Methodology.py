"""Methodology: every rule behind every number the atlas shows, with its constants read from the code that applies
them (the model's macros, through the `model_rules` query), and the current data's coverage computed live."""

import streamlit as st

from media_atlas.model import RULE_SECTIONS, rule_comment, stored_views
from media_atlas.ui.app import query
from media_atlas.ui.networks import NETWORK_CAP
from media_atlas.ui.profile import CHAIN_ROWS, TREE_LINKS
from media_atlas.ui.sidebar import GROUPS_LISTED, sidebar_filters
from media_atlas.ui.tables import PAGE_SIZE, data_table

rules = query("model_rules").iloc[0]
st.title("Methodology")
st.caption("How each number in the atlas is made. The figures in these rules are read from the code that applies them.")
params = sidebar_filters()

st.header("Claims in time")
st.markdown(
    "Every ownership row is a claim from one source: an owner, what it owns, the kind of interest, a share (exact, a "
    "range, or unknown) and the dates it held. A claim holds from its start date; an **undated claim holds from its "
    "source's date** (published, else retrieved), since a source supports a claim from the day it states it and not "
    "before; a claim whose source is dated after its end holds on no date and is shown *since an unknown date*. It "
    "holds until before its end. A partial date (1994, 2018-05) counts as its first day. An outlet counts on D when "
    "founded by D and not closed by D, and a claim **only while its holder and what it holds exist**: a company holds "
    "nothing before its founding or after its dissolution, whatever an undated claim's source says. Every page shows "
    "the atlas on the **as-of date** in the sidebar."
)
st.header("Which claims count")
st.markdown(
    "Only `shareholding` and `control` interests that are not **0% stakes** are ownership. An `affiliation` is a "
    "network or brand tie and a `publisher` runs an outlet without owning it: they show as direct links but count for "
    "neither look-through nor control. **Licensees**: an outlet that no claim says anyone holds, but that an "
    "`operator` runs, is held by it (on each date a sole operator wholly, several with unknown shares: a licence "
    "passed on or renewed leaves one operator on each date), so the operator's owners' interests pass through, as "
    "broadcasting registers attach an outlet to its licensee. **Curated wins**: when the "
    "hand-curated layer (`data/curated/`) claims a shareholding or control in an entity, on any date, the imported "
    "layers' claims about that entity are set aside: they stay in the data, are listed as conflicts on the Data "
    "page, and show as *set aside* in a profile's history."
)
st.header("Look-through: effective shares")
st.markdown(
    "An owner's effective share in an entity is the product of the shares along a path of holdings from it down to "
    "the entity, summed over every path and capped at 100%. A range stays a range (the lower ends multiplied, then "
    "the upper ends); one unknown share on a path makes that path's share unknown, never zero. A path never visits "
    f"an entity twice (a cycle is stopped and listed on the Data page) and follows at most **{rules.depth_cap} "
    "links** among owners (a path cut there is listed too, and every share, chain link and ultimate owner that "
    "comes through it is marked *cut at depth cap* in its table and CSV). A profile's ultimate owners are the owners "
    "at the top of its chain, ranked by the upper, then the lower end of their effective share, unknown last."
)
st.header("Control: an outlet's controlling group")
st.markdown(
    f"An entity's controlling owner is the owner with more than **{rules.majority:g}%** (for certain: its lower "
    "share), or an explicit `control` interest; failing that, its largest known shareholder when no other owner holds "
    "as much (four owners of 25% each: nobody controls); failing that, a sole owner of unknown share. An outlet's "
    "controlling group is the top of its chain of controlling owners, followed through at most "
    f"{rules.depth_cap} links and stopped before a cycle repeats. A **dispersed** holder (free float, public float) "
    "never controls and is left out when control is decided; its share is still looked through."
)
st.header("Concentration")
st.markdown(
    "Per country and media type on the as-of date, each outlet counts for its controlling group, or as its own group "
    "when it has none. The basis is the audience share where audience figures (whose market is the country) cover the "
    f"market in a period that started on or before the date and not more than {rules.audience_years_back} calendar "
    "year(s) before it (the latest such period); otherwise each group's share of the market's outlets. **CR4** adds "
    "up the four largest groups' shares; **HHI** is the sum of every group's squared share (0 to 10,000). The risk "
    f"band follows the Media Ownership Monitor's for CR4: below **{rules.cr4_low_below:g}** low, below "
    f"**{rules.cr4_medium_below:g}** medium, else high. A market whose controlling groups are known for less than "
    f"**{rules.min_coverage:g}%** of its outlets (or of the audience the figures list), or that is counted by outlets "
    f"and has fewer than **{rules.min_outlets}**, is *insufficient data*: it gets no band. Counted by outlets, a "
    "market's outlets are the larger of those the atlas lists and its **published size**, the latest count a "
    "statistics office or regulator published for a period on or before the date (`market_sizes`): where the atlas "
    "lists a sliver of a market, the known owners cover a sliver of it, and the "
    "verdict is *insufficient data* rather than a band drawn from the sliver."
)
st.header("What the pages show")
st.markdown(
    f"Tables show {PAGE_SIZE} rows a page with their total count; a sort orders every matching row, and each download "
    f"gives every matching row as CSV, made by the same query. An ownership network draws at most {NETWORK_CAP} "
    f"links and says so; a profile's tree draws the first {TREE_LINKS} links up (from the first {CHAIN_ROWS} of its "
    f"chain). Group pickers list the {GROUPS_LISTED:,} largest groups and find the rest by name. Search ignores case "
    "and accents and matches every spelling the atlas records for a name."
)
with st.expander("The rules as the model's SQL states them"):
    for name in RULE_SECTIONS:
        st.markdown(f"`media_atlas/model/rules.sql` § {name}")
        st.code(rule_comment(name), language=None, wrap_lines=True)
with st.expander("What the build stores for speed"):
    st.markdown(
        "Each stored table holds a rule's rows with the dates they hold in, so any date reads it with a filter:\n"
        + "\n".join(f"- `{stored.view}`, sorted by {stored.order_by}: {stored.why}." for stored in stored_views())
    )

st.header(f"Coverage on {params['as_of']}")
st.caption("Computed now from the data: how much of the atlas each rule has to work with.")
data_table(
    "coverage",
    "coverage",
    {"as_of": params["as_of"]},
    columns={"measure": "measure", "counted": "counted", "total": "of", "percent": "%"},
    noun="coverage measures",
    empty="The atlas is empty.",
)
