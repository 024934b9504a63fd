"""The founded slider across a refresh that changes the data's range of founding years."""

from streamlit.testing.v1 import AppTest


def founded_slider_script():
    import pandas as pd
    import streamlit as st

    from media_atlas.ui.sidebar import _founded_filter

    first, last = st.session_state.get("data-years", (1920, 1993))
    founded_from, founded_to, _ = _founded_filter(pd.Series({"first_year": first, "last_year": last}))
    st.write(f"filter {founded_from} {founded_to}")


def run(years: tuple[int, int], app: AppTest | None = None) -> AppTest:
    app = app or AppTest.from_function(founded_slider_script)
    app.session_state["data-years"] = years
    app.run()
    assert not app.exception, app.exception
    return app


def test_ends_left_at_the_bounds_follow_a_wider_range_and_do_not_filter():
    app = run((1920, 1993))
    assert app.markdown[-1].value == "filter None None"
    app = run((1900, 2026), app)
    assert app.slider[0].value == (1900, 2026)
    assert app.markdown[-1].value == "filter None None"


def test_an_end_the_analyst_moved_stays_where_it_was_put():
    app = run((1920, 1993))
    app.slider[0].set_value((1950, 1993)).run()
    assert app.markdown[-1].value == "filter 1950 None"
    app = run((1900, 2026), app)
    assert app.slider[0].value == (1950, 2026)
    assert app.markdown[-1].value == "filter 1950 None"
    app = run((1960, 2000), app)  # a narrower range clamps what falls outside it
    assert app.slider[0].value == (1960, 2000)
    assert app.markdown[-1].value == "filter None None"
