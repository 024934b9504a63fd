"""The synthetic world's random draws: one seeded generator, and the columns it draws (names, dates, countries,
sources), in a fixed order so the same seed gives the same world."""

# ruff: noqa: RUF001
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pycountry

SEED = 20261127
# Name parts, some with the accents and dotless i that text search must fold.
NAME_WORDS = (
    "Star", "Sabah", "Güneş", "Yıldız", "Morning", "Evening", "Nordic", "Atlas", "Capital", "Metro", "Voice",
    "Horizon", "Liberté", "Pravda", "Zeit", "Sol", "Aurora", "Delta", "Baltic", "Caspian", "Anadolu", "Kavkaz",
    "Pacific", "Andes", "Sahel", "Danube", "Iberia", "Zagros", "Union", "Republic", "Civic", "People's", "Free",
    "National", "Regional", "City", "Coast", "Valley", "Mountain", "River", "Østlandet", "Mérida", "Kraków",
    "Łódź", "São Paulo", "Zürich", "İzmir", "Bakı", "Tiếng", "Nuevo", "Vecernji", "Dnevni", "Echo", "Signal",
)  # fmt: skip
# Fractions of the organisations at each level of a holding tree (0 = top); an outlet owned by a level-L company
# has a chain L + 1 deep.
ORG_LEVEL_FRACTIONS = (0.04, 0.3, 0.28, 0.2, 0.12, 0.06)


class World:
    """Draws the tables of one synthetic world from one random generator, in a fixed order."""

    def __init__(self, outlets: int, seed: int = SEED):
        self.rng = np.random.default_rng(seed)
        self.outlets = outlets
        self.organisations = max(60, int(outlets * 0.3))
        self.people = max(20, outlets // 20)
        self.partnerships = max(5, outlets // 100)
        self.sources = max(10, min(1000, outlets // 100))
        self.countries = self._countries()
        levels = np.repeat(
            np.arange(len(ORG_LEVEL_FRACTIONS)),
            np.diff(np.round(np.cumsum((0, *ORG_LEVEL_FRACTIONS)) * self.organisations).astype(int)),
        )
        self.org_level = levels
        self.org_ids = ids("org-", self.organisations)
        self.outlet_ids = ids("outlet-", outlets)
        self.person_ids = ids("person-", self.people)
        self.source_ids = ids("source-", self.sources)

    def _countries(self) -> list[str]:
        codes = sorted(c.alpha_2 for c in pycountry.countries)
        order = self.rng.permutation(len(codes))[:200]
        return [codes[i] for i in order]

    def skewed(self, size: int, choices: int, exponent: float = 1.1) -> np.ndarray:
        """`size` indexes into range(choices), index 0 most likely: a few giants and a long tail."""
        weights = 1.0 / np.arange(1, choices + 1) ** exponent
        return self.rng.choice(choices, size=size, p=weights / weights.sum())

    def pick(self, values, size: int, weights=None) -> pa.Array:
        index = self.rng.choice(len(values), size=size, p=None if weights is None else np.array(weights))
        return pa.array(np.array(values, dtype=object)[index], pa.string())

    def source_column(self, size: int) -> pa.Array:
        return take(self.source_ids, self.skewed(size, self.sources, 0.8))

    def country_column(self, size: int) -> pa.Array:
        return pa.array(np.array(self.countries, dtype=object)[self.skewed(size, len(self.countries), 0.9)])

    def maybe(self, values: pa.Array, probability: float) -> pa.Array:
        """values, each kept with `probability` and otherwise empty (unknown)."""
        return pc.if_else(pa.array(self.rng.random(len(values)) < probability), values, pa.nulls(len(values), "string"))

    def partial_dates(self, years: np.ndarray) -> pa.Array:
        """Dates in those years at mixed precision: year only, year-month, or a full date."""
        size = len(years)
        month = self.rng.integers(1, 13, size)
        day = self.rng.integers(1, 29, size)
        full = np.array([f"{y:04d}-{m:02d}-{d:02d}" for y, m, d in zip(years, month, day, strict=True)], dtype=object)
        precision = self.rng.choice(3, size=size, p=(0.6, 0.25, 0.15))
        cut = np.array([4, 7, 10])[precision]
        return pa.array([text[:length] for text, length in zip(full, cut, strict=True)], pa.string())

    def names(self, size: int, suffixes) -> pa.Array:
        first = self.pick(NAME_WORDS, size)
        second = self.pick(NAME_WORDS, size)
        last = self.pick(suffixes, size)
        two_words = pa.array(self.rng.random(size) < 0.4)
        joined = pc.if_else(
            two_words,
            pc.binary_join_element_wise(first, second, last, " "),
            pc.binary_join_element_wise(first, last, " "),
        )
        return joined


def ids(prefix: str, count: int) -> pa.Array:
    numbers = pc.utf8_lpad(pa.array(np.arange(count)).cast(pa.string()), 7, padding="0")
    return pc.binary_join_element_wise(pa.scalar(prefix), numbers, "")


def take(values: pa.Array, index: np.ndarray) -> pa.Array:
    return values.take(pa.array(index))
