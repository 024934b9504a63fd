"""Curate: paste a news article about an agreement, review and edit the rows it proposes, see the validator's verdict
on every cell, and on accept add them to data/curated/ and rebuild the database (media_atlas/curate/)."""

from pathlib import Path

import pandas as pd
import streamlit as st

from media_atlas.build.load import default_data_dir
from media_atlas.build.schema import tables
from media_atlas.curate.propose import TABLES, propose
from media_atlas.curate.save import SaveRefused, check, row_count, save
from media_atlas.ui.app import database_file

st.title("Curate")
st.caption(
    "Paste a news report of a media agreement: the atlas proposes the rows it states, in the curated tables' "
    "shapes, with the ids of the entities it already knows. Review and edit them; nothing is written until you "
    "accept, and nothing at all while the validator finds a problem."
)
data_dir = default_data_dir()

article = st.text_area("Article text", height=220, key="article")
left, middle, right = st.columns([3, 1, 2])
url = left.text_input("Its URL", key="url")
published = middle.text_input("Published (YYYY-MM-DD)", key="published")
publisher = right.text_input("Publisher", key="publisher")
if st.button("Propose rows", key="propose", icon=":material/auto_fix_high:", disabled=not article.strip()):
    st.session_state.proposal = propose(
        article, url=url.strip(), published=published.strip(), publisher=publisher.strip(), data_dir=data_dir
    )
    st.session_state.proposal_number = st.session_state.get("proposal_number", 0) + 1
if saved := st.session_state.pop("saved", None):
    st.success(saved, icon=":material/check_circle:")

proposal = st.session_state.get("proposal")
if proposal is None:
    if not saved:
        st.info("Paste an article and press “Propose rows”.")
    st.stop()

number = st.session_state.get("proposal_number", 0)
edited: dict[str, list[dict]] = {}
st.subheader("Proposed rows")
for table in TABLES:
    columns = list(tables()[table].csv_columns)
    frame = pd.DataFrame(proposal[table], columns=columns, dtype="str").fillna("")
    st.markdown(f"**{table}** · {len(frame)} row(s)")
    # Keyed by the proposal, so a new proposal starts a fresh editor.
    changed = st.data_editor(
        frame,
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        key=f"edit-{table}-{number}",
        column_config={c: st.column_config.TextColumn(c) for c in columns},
    )
    edited[table] = [
        {c: ("" if pd.isna(v) else str(v).strip()) for c, v in row.items()}
        for row in changed.to_dict("records")
        if any(not pd.isna(v) and str(v).strip() for v in row.values())
    ]

problems = check(data_dir, edited)
st.subheader("The validator's verdict")
if not problems:
    st.success(f"No problem: the {row_count(edited)} row(s) can be added.", icon=":material/verified:")
for table in TABLES:
    about = [p for p in problems if p.table == table and p.row is not None]
    if not about:
        continue
    frame = pd.DataFrame(edited[table], columns=list(tables()[table].csv_columns))
    verdict = ["ok"] * len(frame)
    marked = pd.DataFrame("", index=frame.index, columns=frame.columns)
    for problem in about:
        verdict[problem.row] = ("" if verdict[problem.row] == "ok" else verdict[problem.row] + "; ") + (
            f"{problem.column}: {problem.message}"
        )
        if problem.column in marked.columns:
            marked.loc[problem.row, problem.column] = "background-color: #f8d7da"
    st.markdown(f"**{table}**")
    # The verdict first, so it shows however wide the row; the cells it names are marked.
    shown, styles = frame.copy(), marked.copy()
    shown.insert(0, "verdict", verdict)
    styles.insert(0, "verdict", "color: #842029")
    st.dataframe(
        shown.style.apply(lambda _, styles=styles: styles, axis=None),
        hide_index=True,
        width="stretch",
    )
for problem in (p for p in problems if p.row is None):
    st.error(f"{problem.where}: {problem.column}: {problem.message}")

if st.button(
    f"Accept: add {row_count(edited)} row(s) to data/curated/ and rebuild",
    key="accept",
    type="primary",
    icon=":material/save:",
):
    try:
        report = save(data_dir, Path(database_file()), edited)
    except SaveRefused as refused:
        st.error(
            f"Not saved: {len(refused.problems)} problem(s). data/ and the database are as they were.",
            icon=":material/block:",
        )
        for problem in refused.problems:
            st.markdown(f"- `{problem.where}` {problem.column}: {problem.message}")
    except Exception as error:  # a failed build or file swap: save() has put everything back
        st.error(f"Not saved: {error}. data/ and the database are as they were.", icon=":material/error:")
    else:
        # The cached connection and results belong to the old database.
        st.cache_resource.clear()
        st.cache_data.clear()
        del st.session_state["proposal"]
        st.session_state.saved = (
            f"Saved {row_count(edited)} row(s) to {data_dir / 'curated'}; database rebuilt in {report.seconds:.1f} s."
        )
        st.rerun()
