"""Network figures: ownership drawn owners above what they own with arrows (a layered, Sugiyama layout from
grandalf), partnerships around a circle. Every label is placed only where its estimated box (in the pixels of the
narrowest chart a page gives) overlaps no other label or node, most important first; the rest are on hover. Large
fans of outlets are drawn as one count node, and runs of whole (100%) holdings can fold into one "via N companies"
edge. Each builder takes plain DataFrames, so it can be tested without Streamlit."""

import itertools
import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from grandalf.graphs import Edge, Graph, Vertex
from grandalf.layouts import SugiyamaLayout

from media_atlas.ui.charts import (
    SAME_COUNTRY_COLOUR,
    chart_layout,
    plain,
    plain_column,
    share_label,
    short_text,
)
from media_atlas.ui.label_placement import MARKER, Box, place_labels, text_box
from media_atlas.vocabulary import media_type_label

# The kind of a node that stands for many outlets (fold_fans), as the legend names it.
COUNT_KIND = "outlets, counted"
ENTITY_KIND_STYLE = {
    "organisation": {"color": "#444444", "symbol": "square"},
    "outlet": {"color": "#0072B2", "symbol": "circle"},
    "person": {"color": "#D55E00", "symbol": "diamond"},
    COUNT_KIND: {"color": "#56B4E9", "symbol": "hexagon"},
}
SET_ASIDE_LINK = "set aside or stale (not counted)"
# An owner's outlets of one media type and country beyond this many are drawn as one count node.
FAN_LIMIT = 5
# The plot width a page gives a network in a window 1,150 pixels wide (the wide layout beside the sidebar): labels
# that fit here fit in any wider one.
PLOT_WIDTH = 760
NODE_FONT = 11
EDGE_FONT = 10
# A layered chart is this much taller per layer, up to MAX_HEIGHT, where a layer keeps at least ROW_PIXELS (a marker
# and a line of text); NAME_PIXELS is the width of a typical name.
LAYER_PIXELS = 90
MAX_HEIGHT = 900
ROW_PIXELS = 45
NAME_PIXELS = 110
# Which names are placed first among nodes with as many links: organisations and count nodes, people, outlets.
KIND_ORDER = {"organisation": 0, COUNT_KIND: 0, "person": 1}


def layered_positions(links: pd.DataFrame) -> dict[str, tuple[float, float]]:
    """Owners above what they own (a cycle is cut at one link), in grandalf's Sugiyama layers ordered to cross few
    links; separate pieces are packed side by side in shelves about twice as wide as tall, largest first (then in the
    order the links name them)."""
    ids = pd.concat([links.owner_id, links.owned_id]).drop_duplicates().tolist()
    vertices = {entity_id: Vertex(entity_id) for entity_id in ids}
    for vertex in vertices.values():
        vertex.view = _Size()
    pairs = links[links.owner_id != links.owned_id].drop_duplicates(["owner_id", "owned_id"])
    graph = Graph(
        list(vertices.values()),
        [Edge(vertices[o], vertices[t]) for o, t in zip(pairs.owner_id, pairs.owned_id, strict=True)],
    )
    pieces = []
    for piece in graph.C:
        layout = SugiyamaLayout(piece)
        layout.init_all()
        layout.draw(2)
        xy = {vertex.data: vertex.view.xy for vertex in piece.sV}
        pieces.append(_normalised(xy))
    first_seen = {entity_id: index for index, entity_id in enumerate(ids)}
    pieces.sort(key=lambda piece: (-len(piece), min(first_seen[node] for node in piece)))
    return _shelves(pieces)


class _Size:
    """A vertex's size as grandalf reads it: one unit wide and high, so positions count nodes and layers."""

    w = 1.0
    h = 1.0
    xy = (0.0, 0.0)


def _normalised(xy: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    """A piece's positions from (0, 0) up and right, one unit per node across and per layer down."""
    xs = sorted({x for x, _ in xy.values()})
    ys = sorted({y for _, y in xy.values()})
    step = min((b - a for a, b in itertools.pairwise(xs)), default=1.0) or 1.0
    layer = {y: index for index, y in enumerate(ys)}
    return {node: ((x - xs[0]) / step, -float(layer[y])) for node, (x, y) in xy.items()}


def _shelves(pieces: list[dict[str, tuple[float, float]]]) -> dict[str, tuple[float, float]]:
    sizes = [(max(x for x, _ in p.values()) + 1, -min(y for _, y in p.values()) + 1) for p in pieces]
    # Names run across, so pieces are stacked in as many shelves as the tallest chart holds rows, in shelves at least
    # as wide as a plot holds names side by side.
    rows = (MAX_HEIGHT - 120) / ROW_PIXELS
    widest = max((w for w, _ in sizes), default=1)
    target = max(widest, sum(w * h for w, h in sizes) / rows, PLOT_WIDTH / NAME_PIXELS)
    positions: dict[str, tuple[float, float]] = {}
    left = top = shelf_height = 0.0
    for piece, (width, height) in zip(pieces, sizes, strict=True):
        if left > 0 and left + width > target:
            left, top, shelf_height = 0.0, top - shelf_height - 0.6, 0.0
        positions |= {node: (x + left, y + top) for node, (x, y) in piece.items()}
        left += width + 0.5
        shelf_height = max(shelf_height, height)
    return positions


def circle_positions(node_ids: list[str]) -> dict[str, tuple[float, float]]:
    """Nodes around a circle in the given order (callers sort by country so neighbours share a border)."""
    count = max(len(node_ids), 1)
    return {
        node_id: (math.cos(2 * math.pi * index / count), math.sin(2 * math.pi * index / count))
        for index, node_id in enumerate(node_ids)
    }


NODE_ANCHORS = {
    # Where a node's name goes, by the edges it has: clear of edges going down from an owner, coming down into what
    # it owns, or both.
    (True, False): ["top center", "middle right", "middle left", "bottom center"],
    (False, True): ["bottom center", "middle right", "middle left", "top center"],
    (True, True): ["middle right", "middle left", "top center", "bottom center"],
    (False, False): ["top center", "bottom center", "middle right", "middle left"],
}
# Where a name goes in a layered network that none of its node's places above can take (in a crowded row of owners,
# the one free box may be up or down and aside): placed after every other name and edge label, so it never takes
# another's. (On a circle a corner may face inwards, among the edges.)
CORNERS = ["top right", "top left", "bottom right", "bottom left"]


def network(
    nodes: pd.DataFrame,
    edges: pd.DataFrame,
    positions: dict[str, tuple[float, float]],
    *,
    directed: bool = True,
    first: str | None = None,
) -> go.Figure:
    """Nodes (id, name, kind, hover) and edges (source, target, label, hover, link, colour; optionally dash) at given
    positions, owners' arrows pointing at what they own when directed.

    Each node carries its id as customdata, so a page can act on a clicked node. Names and edge labels are shown
    where they fit (first, then the best connected nodes, then the edges in order), the hover always has them.
    """
    layers = len({y for _, y in positions.values()})
    height = max(360, min(MAX_HEIGHT, 120 + LAYER_PIXELS * layers)) if directed else 560
    frame = _Frame(positions, height, room=0.15 if directed else 0.4)
    pixel = {node: frame.pixel(*xy) for node, xy in positions.items()}
    degree = pd.concat([edges.source, edges.target]).value_counts()
    order = nodes.assign(
        rank=(nodes.id != first).astype(int),
        degree=-nodes.id.map(degree).fillna(0),
        kind_order=nodes.kind.map(KIND_ORDER).fillna(2),
    ).sort_values(["rank", "degree", "kind_order", "name"])
    owners, owned = set(edges.source), set(edges.target)
    node_anchors = {
        node: NODE_ANCHORS[(node in owners, node in owned)] if directed else _outward(positions[node])
        for node in nodes.id
    }
    # A long name is cut (the hover has it whole); its box is measured as shown, not as escaped for Plotly.
    names = dict(zip(nodes.id, nodes.name.map(short_text), strict=True))
    candidates = [
        (node, [text_box(names[node], *pixel[node], anchor, NODE_FONT) for anchor in node_anchors[node]])
        for node in order.id
    ]
    along = [0.5, 0.35, 0.65]
    edge_points = [
        [_between(positions[s], positions[t], share) for share in along]
        for s, t in zip(edges.source, edges.target, strict=True)
    ]
    candidates += [
        (index, [text_box(label, *frame.pixel(*point), "middle center", EDGE_FONT) for point in points])
        for index, (label, points) in enumerate(zip(edges.label, edge_points, strict=True))
        if label
    ]
    markers = [Box(x - MARKER / 2, y - MARKER / 2, x + MARKER / 2, y + MARKER / 2) for x, y in pixel.values()]
    far = 1e6  # the plot's edges: a label beyond them would be cut off
    markers += [Box(-far, -far, 0, far), Box(PLOT_WIDTH, -far, far, far), Box(-far, -far, far, 0)]
    markers += [Box(-far, frame.height, far, far)]
    lines = [(*pixel[s], *pixel[t]) for s, t in zip(edges.source, edges.target, strict=True)]
    taken = place_labels(candidates, markers, lines)
    anchors = {node: node_anchors[node][taken[node]] for node in nodes.id if node in taken}
    if directed:
        placed = [options[taken[key]] for key, options in candidates if key in taken]
        cornered = [
            (node, [text_box(names[node], *pixel[node], corner, NODE_FONT) for corner in CORNERS])
            for node in order.id
            if node not in taken
        ]
        anchors |= {node: CORNERS[index] for node, index in place_labels(cornered, markers + placed, lines).items()}
    traces = _edge_lines(edges, positions, frame, directed)
    label_points = [points[taken.get(index, 0)] for index, points in enumerate(edge_points)]
    traces.append(
        go.Scatter(
            x=[x for x, _ in label_points],
            y=[y for _, y in label_points],
            mode="text+markers",
            text=[label if index in taken else "" for index, label in enumerate(edges.label)],
            textfont={"size": EDGE_FONT, "color": "#333333"},
            marker={"size": 8, "opacity": 0},
            hovertext=edges.hover.tolist(),
            hoverinfo="text",
            name="link",
            showlegend=False,
        )
    )
    for kind, part in nodes.groupby("kind", sort=True):
        style = ENTITY_KIND_STYLE.get(kind, {"color": "#999999", "symbol": "circle"})
        traces.append(
            go.Scatter(
                x=[positions[node][0] for node in part.id],
                y=[positions[node][1] for node in part.id],
                mode="markers+text",
                text=[plain(names[node]) if node in anchors else "" for node in part.id],
                textposition=[anchors.get(node, node_anchors[node][0]) for node in part.id],
                textfont={"size": NODE_FONT},
                marker={"size": MARKER, "color": style["color"], "symbol": style["symbol"]},
                customdata=(part.opens if "opens" in part else part.id).tolist(),
                hovertext=part.hover.tolist(),
                hoverinfo="text",
                name=kind,
            )
        )
    # Made in one call: each of Plotly's updates would validate the whole figure again. No clickmode or dragmode
    # here: Streamlit sets them so a click on a node selects it.
    return go.Figure(
        traces,
        layout=chart_layout(
            height,
            legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0},
            showlegend=True,
            margin={"l": 10, "r": 10, "t": FRAME_TOP, "b": 10},
            xaxis={"visible": False, "range": frame.x_range, "fixedrange": False},
            yaxis={"visible": False, "range": frame.y_range},
        ),
    )


FRAME_TOP = 40


class _Frame:
    """Data coordinates to the pixels of a PLOT_WIDTH-wide plot of the given height (y down), with room around."""

    def __init__(self, positions: dict[str, tuple[float, float]], height: int, room: float):
        xs = [x for x, _ in positions.values()] or [0.0]
        ys = [y for _, y in positions.values()] or [0.0]
        x_pad = room * ((max(xs) - min(xs)) or 1) + 0.3
        y_pad = 0.12 * ((max(ys) - min(ys)) or 1) + 0.2
        self.x_range = [min(xs) - x_pad, max(xs) + x_pad]
        self.y_range = [min(ys) - y_pad, max(ys) + y_pad]
        self.height = height - FRAME_TOP - 10

    def pixel(self, x: float, y: float) -> tuple[float, float]:
        (x0, x1), (y0, y1) = self.x_range, self.y_range
        return (x - x0) / (x1 - x0) * PLOT_WIDTH, (y1 - y) / (y1 - y0) * self.height


def _outward(xy: tuple[float, float]) -> list[str]:
    """Where a name goes beside a node on a circle (centred on 0, 0): away from the middle, where the edges run (a
    name that fits only inside is left to the hover)."""
    x, y = xy
    across = ["middle right"] if x >= 0 else ["middle left"]
    along = ["top center", "bottom center"] if y >= 0 else ["bottom center", "top center"]
    return across + along if abs(x) >= abs(y) / 2 else along + across


def _between(a: tuple[float, float], b: tuple[float, float], share: float) -> tuple[float, float]:
    return a[0] + (b[0] - a[0]) * share, a[1] + (b[1] - a[1]) * share


def _edge_lines(edges: pd.DataFrame, positions: dict, frame: _Frame, directed: bool) -> list[go.Scatter]:
    """One trace per kind of link; when directed, an arrowhead on each link just short of what it points at."""
    traces = []
    dashes = edges["dash"] if "dash" in edges else pd.Series("solid", index=edges.index)
    for (link, colour, dash), part in edges.assign(dash=dashes).groupby(["link", "colour", "dash"], sort=True):
        xs: list[float] = []
        ys: list[float] = []
        sizes: list[int] = []
        for source, target in zip(part.source, part.target, strict=True):
            (sx, sy), (tx, ty) = frame.pixel(*positions[source]), frame.pixel(*positions[target])
            length = math.hypot(tx - sx, ty - sy) or 1.0
            head = _between(positions[source], positions[target], max(0.5, 1 - (MARKER / 2 + 5) / length))
            # NaN ends a line, as None would; NumPy arrays spare Plotly a check of every value.
            xs += [positions[source][0], head[0], positions[target][0], math.nan]
            ys += [positions[source][1], head[1], positions[target][1], math.nan]
            sizes += [0, 10 if directed else 0, 0, 0]
        traces.append(
            go.Scatter(
                x=np.array(xs),
                y=np.array(ys),
                mode="lines+markers" if directed else "lines",
                line={"color": colour, "width": 1.5, "dash": dash},
                marker={"symbol": "arrow", "angleref": "previous", "size": np.array(sizes), "color": colour},
                hoverinfo="skip",
                name=link,
            )
        )
    return traces


def fold_fans(links: pd.DataFrame, limit: int = FAN_LIMIT) -> pd.DataFrame:
    """Links with each owner's outlets of one media type and country replaced by one link to a count node when there
    are more than `limit` of them in the view (`owner_fan` where the query counts them, else those given). A count
    node's id is its owner's, its media type's and country's; clicking it opens the owner's profile. `stands_for`
    says how many links a count node's link stands for (missing on the others)."""
    if "owned_media_type" not in links or links.empty:
        return links
    fan = ["owner_id", "owned_media_type", "owned_country"]
    outlets = links[(links.owned_type == "outlet") & ~links.get("set_aside", False)]
    sizes = outlets.groupby(fan, dropna=False).owned_id.transform("size")
    if "owner_fan" in outlets:
        sizes = outlets.owner_fan.fillna(sizes)
    folded = outlets[sizes > limit]
    if folded.empty:
        return links
    first = folded.assign(size=sizes[sizes > limit]).reset_index().groupby(fan, dropna=False, sort=False).first()
    counts = first.reset_index().set_index("index")
    kind = counts.owned_media_type.map(media_type_label, na_action="ignore").fillna("other")
    where = counts.owned_country.map(lambda country: f" ({country})" if isinstance(country, str) else "")
    count_links = counts.assign(
        owned_id="fan:" + counts.owner_id + "/" + kind + where,
        owned_name=counts["size"].map("{:,}".format) + " " + kind + " outlets" + where,
        owned_type=COUNT_KIND,
        interest="holds",
        share_min=None,
        share_max=None,
        stands_for=counts["size"],
    )[[*links.columns, "stands_for"]]
    # Each count node takes the place of its fan's first link, so the query's order (what a cap keeps) holds.
    return pd.concat([links.drop(index=folded.index), count_links]).sort_index(kind="stable").reset_index(drop=True)


def ownership_graph(links: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Nodes and edges of ownership links (owner_*, owned_*, interest, share_min, share_max, source_url; optionally
    source_publisher, owner_links, set_aside). A set-aside link is dashed and labelled with its source's publisher."""
    ends = [
        links[[f"{end}_id", f"{end}_name", f"{end}_type"]].set_axis(["id", "name", "kind"], axis=1)
        for end in ("owner", "owned")
    ]
    nodes = pd.concat(ends).drop_duplicates("id").reset_index(drop=True)
    counted = nodes.kind == COUNT_KIND
    nodes["opens"] = nodes.id.where(~counted, nodes.id.str.removeprefix("fan:").str.split("/").str[0])
    nodes["hover"] = plain_column(nodes.name) + " (" + nodes.kind + ")"
    nodes.loc[counted, "hover"] = (
        plain_column(nodes.name[counted]) + "<br>the table lists them; a click opens their owner"
    )
    if "owner_links" in links:
        holdings = links.drop_duplicates("owner_id").set_index("owner_id").owner_links
        held = nodes.id.map(holdings)
        nodes["hover"] += held.map(lambda count: f"<br>{int(count):,} links in this view" if pd.notna(count) else "")
    shares = [share_label(low, high) for low, high in zip(links.share_min, links.share_max, strict=True)]
    publisher = links.source_publisher.fillna("") if "source_publisher" in links else pd.Series("", index=links.index)
    set_aside = (
        links.set_aside.fillna(False).astype(bool) if "set_aside" in links else pd.Series(False, index=links.index)
    )
    labels = pd.Series(shares, index=links.index)
    labels[set_aside] = (labels[set_aside] + " " + publisher[set_aside]).str.strip()
    edges = pd.DataFrame(
        {
            "source": links.owner_id,
            "target": links.owned_id,
            "label": plain_column(labels),
            "hover": plain_column(
                links.owner_name
                + " → "
                + links.owned_name
                + ": "
                + links.interest
                + pd.Series([f" {share}" if share else "" for share in shares], index=links.index)
            )
            + set_aside.map({True: " (set aside: not counted)", False: ""})
            + "<br>source: "
            + plain_column(publisher + " " + links.source_url.fillna("unknown")),
            "link": set_aside.map({True: SET_ASIDE_LINK, False: "ownership link"}),
            "colour": set_aside.map({True: "#aaaaaa", False: SAME_COUNTRY_COLOUR}),
            "dash": set_aside.map({True: "dash", False: "solid"}),
        }
    )
    return nodes, edges


def fold_full_runs(links: pd.DataFrame, keep: str) -> pd.DataFrame:
    """Links with each run of companies held whole (100%) that each hold one thing in the view wholly, replaced by one
    link "via N companies" from the run's owner to what the run holds; `keep` (the profiled entity) stays."""
    whole = links.share_min.eq(100)
    owners_of = links.groupby("owned_id").owner_id.nunique()
    holdings_of = links.groupby("owner_id").owned_id.nunique()
    whole_in = links[whole].groupby("owned_id").size()
    whole_out = links[whole].groupby("owner_id").size()
    ids = set(links.owner_id) | set(links.owned_id)
    passes = {
        node
        for node in ids
        if node != keep
        and owners_of.get(node, 0) == 1
        and holdings_of.get(node, 0) == 1
        and whole_in.get(node, 0) == 1
        and whole_out.get(node, 0) == 1
    }
    if not passes:
        return links
    next_of = links[links.owner_id.isin(passes)].set_index("owner_id").owned_id.to_dict()
    names = dict(zip(links.owned_id, links.owned_name, strict=True))
    rows = []
    for row in links[~links.owner_id.isin(passes)].itertuples(index=False):
        via = []
        target = row.owned_id
        while target in passes and target not in via:
            via.append(target)
            target = next_of[target]
        folded = row._asdict()
        if via:
            end = links[(links.owner_id == via[-1])].iloc[0]
            folded |= {column: end[column] for column in links.columns if column.startswith("owned_")}
            folded["interest"] = f"via {len(via)} compan{'y' if len(via) == 1 else 'ies'} held 100%: " + ", ".join(
                names[node] for node in via
            )
            folded["via"] = len(via)
        rows.append(folded)
    return pd.DataFrame(rows, columns=[*links.columns, "via"])
