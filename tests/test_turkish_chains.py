# ruff: noqa: RUF002 -- Turkish names: the dotless i is data, not a typo.
"""The controlling group of five Turkish outlets on three dates, on the shipped data: each claim holds from the
date its source gives (data/curated/ownership.csv), so a chain reads as its sources tell it, and an outlet shows no
group on a date no source covers.

The sources behind each period (sources.csv):
- Hürriyet: the Simavi family from its founding in 1948 until 1994 (Akdeniz University thesis, "Demirören Medya
  Grubu"), Doğan from 1994 (Medyatava, Erol Simavi's obituary), Demirören from 2018-05-16 (KAP disclosure 684158);
  Demirören Media Group under Demirören Holding from the MOM report of 2019-05-03 (Ahval).
- Doğan Media Group (Doğan Yayın Holding) under Doğan Holding from Reuters of 2009-09-08 ("Dogan Yayin and parent
  Dogan Holding"), so Doğan's outlets show Doğan Holding as their group from then until the sale.
- Kanal D: launched in December 1993, bought by Doğan two years later (Dnevnik, 2009-02-03); Demirören from
  2018-05-16 (KAP).
- Star TV: Cem Uzan from its founding in 1989 until the TMSF seized it in 2004 (Media Ownership Monitor), Doğan from
  the sale approved on 2005-10-27 (Hürriyet), Doğuş from 2011-10-17 (Gazeteciler.com); Doğuş Media Group under
  Doğuş Holding from State Media Monitor's 2025-09 profile.
- Hürriyet Daily News: Doğan from 2001 until 2018 (Wikipedia), Demirören from 2018 (Echo Turkey).
- Teve2: no source gives when Doğan's holding started; Demirören from 2018 (Echo Turkey).
- Vatan: launched within the Doğan group in 2002, so its founding is Doğan's start, and sold to Demirören in 2011
  (NationalTurk); Demirören from 2011-05 (Protothema).
- Not dated by any source found: when Doğan's holdings in Teve2, Dream Türk and Fanatik began (Fanatik itself first
  appeared on 1995-11-20, Fanatik's own page, which does not say who launched it), and who controlled Euro D between
  Doğan's sale on 2018-05-16 and State Media Monitor's 2025-09 profile.
"""

import pytest

from tests.conftest import TODAY_PARAMS

TODAY = TODAY_PARAMS["as_of"]
DATES = ("1990-01-01", "2015-01-01", TODAY)

# Outlet → its controlling group on each of DATES (None: no group; Kanal D began in 1993).
CONTROLLING_GROUPS = {
    "hurriyet": ("simavi-family", "dogan-holding", "demiroren-holding"),
    "kanal-d": (None, "dogan-holding", "demiroren-holding"),
    "star-tv": ("cem-uzan", "dogus-media-group", "dogus-holding"),
    "hurriyet-daily-news": (None, "dogan-holding", "demiroren-holding"),
    "teve2": (None, None, "demiroren-holding"),
}


@pytest.fixture(scope="module")
def groups_by_date(atlas) -> dict[str, dict[str, str]]:
    groups = {}
    for as_of in DATES:
        rows = atlas.query("controlling_groups", as_of=as_of)
        groups[as_of] = dict(zip(rows.outlet_id, rows.group_id, strict=True))
    return groups


@pytest.mark.parametrize("outlet_id", CONTROLLING_GROUPS)
def test_a_turkish_chain_reads_as_its_sources_date_it(groups_by_date, outlet_id):
    shown = tuple(groups_by_date[as_of].get(outlet_id) for as_of in DATES)
    assert shown == CONTROLLING_GROUPS[outlet_id]


def test_dogan_s_outlets_change_hands_on_the_day_the_sale_closed(atlas):
    """Kanal D and Posta were Doğan's the day before KAP announced the sale to Demirören, and Demirören's on it."""
    before = atlas.query("controlling_groups", as_of="2018-05-15")
    on_the_day = atlas.query("controlling_groups", as_of="2018-05-16")
    for outlet_id in ("kanal-d", "posta"):
        assert before.set_index("outlet_id").group_id[outlet_id] == "dogan-holding"
        assert on_the_day.set_index("outlet_id").group_id[outlet_id] == "demiroren-media-group"


@pytest.mark.parametrize(
    ("as_of", "group_id"),
    [
        ("2001-12-31", None),
        ("2002-01-01", "dogan-media-group"),
        ("2009-09-08", "dogan-holding"),
        ("2010-12-31", "dogan-holding"),
        ("2011-05-01", "demiroren-media-group"),
    ],
)
def test_vatan_is_dogan_s_from_its_launch_until_its_sale(atlas, as_of, group_id):
    """Vatan was launched within the Doğan group in 2002: the group holds it from its founding, not from the date
    of the article that says so."""
    groups = atlas.query("controlling_groups", as_of=as_of).set_index("outlet_id").group_id
    assert groups.get("vatan") == group_id
