"""Where a chart's labels go: each label's box is estimated in pixels and placed, most important first, where it
overlaps no other label and no marker, preferring a place no drawn line crosses; a label that fits nowhere is left
to the hover. Plain geometry, tested without Plotly."""

from typing import NamedTuple

import numpy as np

# The markers' size in pixels, which a label beside one keeps clear of.
MARKER = 14

Segment = tuple[float, float, float, float]


class Box(NamedTuple):
    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: "Box") -> bool:
        return (
            self.left < other.right and other.left < self.right and self.top < other.bottom and other.top < self.bottom
        )


def text_box(text: str, x: float, y: float, anchor: str, font: int) -> Box:
    """The estimated box of text at pixel (x, y) (y down) placed as Plotly's textposition `anchor` places it beside a
    marker; glyphs are taken wide (0.62 em, more for capitals) so the estimate errs towards leaving a label out."""
    width = sum(0.72 if char.isupper() else 0.62 for char in text) * font + 4
    height = font * 1.35
    gap = MARKER / 2 + 2
    vertical, horizontal = anchor.split()
    left = {"left": x - gap - width, "center": x - width / 2, "right": x + gap}[horizontal]
    top = {"top": y - gap - height, "middle": y - height / 2, "bottom": y + gap}[vertical]
    return Box(left, top, left + width, top + height)


def place_labels(candidates: list[tuple[str, list[Box]]], obstacles: list[Box], segments: list[Segment] = ()) -> dict:
    """Greedy placement: each candidate (key, boxes in order of preference), most important first, takes the first
    of its boxes that overlaps no obstacle and no label already placed, preferring one that no segment (a drawn edge)
    crosses. Returns the index of the box taken per key; a key missing from it gets no label."""
    boxes = np.array([box for _, options in candidates for box in options], dtype=float).reshape(-1, 4)
    blocked = _overlapping(boxes, np.array(obstacles, dtype=float).reshape(-1, 4))
    crossed = _crossed(boxes, np.array(segments, dtype=float).reshape(-1, 4))
    placed = np.empty((len(candidates), 4))
    taken: dict = {}
    first = 0
    for key, options in candidates:
        rows = range(first, first + len(options))
        first += len(options)
        free = [row for row in rows if not blocked[row]]
        if free:
            free = [
                row for row, hit in zip(free, _overlapping(boxes[free], placed[: len(taken)]), strict=True) if not hit
            ]
        if free:
            row = next((row for row in free if not crossed[row]), free[0])
            placed[len(taken)] = boxes[row]
            taken[key] = row - rows.start
    return taken


def _overlapping(boxes: np.ndarray, others: np.ndarray) -> np.ndarray:
    """For each box (left, top, right, bottom), whether it overlaps any of the others."""
    a, b = boxes[:, None, :], others[None, :, :]
    return ((a[..., 0] < b[..., 2]) & (b[..., 0] < a[..., 2]) & (a[..., 1] < b[..., 3]) & (b[..., 1] < a[..., 3])).any(
        axis=1
    )


def _crossed(boxes: np.ndarray, segments: np.ndarray) -> np.ndarray:
    """For each box, whether any segment (x0, y0, x1, y1) passes through it (Liang-Barsky clipping)."""
    x0, y0, x1, y1 = (segments[:, index] for index in range(4))
    # Only a segment whose bounding box meets the box's can pass through it: clip just those pairs, not every box
    # with every segment.
    near = (
        (boxes[:, None, 0] <= np.maximum(x0, x1))
        & (np.minimum(x0, x1) <= boxes[:, None, 2])
        & (boxes[:, None, 1] <= np.maximum(y0, y1))
        & (np.minimum(y0, y1) <= boxes[:, None, 3])
    )
    box_index, segment_index = np.nonzero(near)
    box = boxes[box_index]
    x0, y0, x1, y1 = x0[segment_index], y0[segment_index], x1[segment_index], y1[segment_index]
    low, high = np.zeros(len(box_index)), np.ones(len(box_index))
    outside = np.zeros(len(box_index), dtype=bool)
    sides = [(x0 - x1, x0 - box[:, 0]), (x1 - x0, box[:, 2] - x0), (y0 - y1, y0 - box[:, 1])]
    sides += [(y1 - y0, box[:, 3] - y0)]
    with np.errstate(divide="ignore", invalid="ignore"):
        for step, room in sides:
            ratio = room / step
            outside |= (step == 0) & (room < 0)
            low = np.where(step < 0, np.maximum(low, ratio), low)
            high = np.where(step > 0, np.minimum(high, ratio), high)
    crossed = np.zeros(len(boxes), dtype=bool)
    crossed[box_index[~outside & (low < high)]] = True
    return crossed
