"""Country outlines for the map: the bundled Natural Earth TopoJSON, decoded and projected to SVG paths.

TopoJSON (github.com/topojson/topojson-specification) stores shared borders once as arcs; a quantized
file stores each arc as delta-encoded integers, turned into longitude and latitude by its `transform`.
A polygon is a list of rings, each a list of arc indexes (a negative index `~i` is arc `i` reversed).
The file's `id` is the ISO 3166-1 numeric code, mapped to alpha-2 with pycountry. Decoding takes a
few milliseconds and happens once per process; the paths are rounded to whole units of the viewBox,
so the same file always gives the same bytes.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

#: The bundled outline, relative to site_config/.
OUTLINE_PATH = "vendor/world-atlas/countries-110m.json"

Point = tuple[float, float]
Ring = tuple[Point, ...]
Project = Callable[[float, float], Point]


@dataclass(frozen=True)
class Country:
    """One country of the outline: its ISO 3166-1 alpha-2 code ('' when the file gives none) and polygons."""

    code: str
    name: str
    polygons: tuple[tuple[Ring, ...], ...]

    @functools.cached_property
    def bbox(self) -> tuple[float, float, float, float]:
        """West, south, east, north of all its rings, in degrees."""
        points = [point for polygon in self.polygons for ring in polygon for point in ring]
        lons, lats = [p[0] for p in points], [p[1] for p in points]
        return min(lons), min(lats), max(lons), max(lats)

    @functools.cached_property
    def centre(self) -> Point:
        """The middle of the bounding box of its largest polygon (by bounding-box area), in degrees."""

        def box(polygon: tuple[Ring, ...]) -> tuple[float, float, float, float]:
            lons, lats = [p[0] for p in polygon[0]], [p[1] for p in polygon[0]]
            return min(lons), min(lats), max(lons), max(lats)

        w, s, e, n = max((box(p) for p in self.polygons), key=lambda b: (b[2] - b[0]) * (b[3] - b[1]))
        return (w + e) / 2, (s + n) / 2


@dataclass(frozen=True)
class Panel:
    """A rectangle of the map showing one area: its place in the viewBox, and its projection there."""

    name: str
    x: float
    y: float
    width: float
    height: float
    west: float
    south: float
    east: float
    north: float

    @property
    def scale(self) -> float:
        """Units of the viewBox per degree of latitude."""
        return self.height / (self.north - self.south)

    @property
    def stretch(self) -> float:
        """How much narrower a degree of longitude is than one of latitude (equirectangular projection)."""
        return self.width / ((self.east - self.west) * self.scale)

    def project(self, lon: float, lat: float) -> Point:
        """Equirectangular: longitude and latitude to viewBox units."""
        return self.x + (lon - self.west) * self.stretch * self.scale, self.y + (self.north - lat) * self.scale

    def shows(self, country: Country) -> bool:
        """True when the country's bounding box overlaps the panel's area."""
        w, s, e, n = country.bbox
        return w < self.east and e > self.west and s < self.north and n > self.south

    def holds(self, country: Country) -> bool:
        """True when the middle of the country's largest part lies inside the panel's area."""
        lon, lat = country.centre
        return self.west <= lon <= self.east and self.south <= lat <= self.north


@functools.cache
def load_outline(path: Path, tolerance: float = 0.0) -> tuple[Country, ...]:
    """The countries of a TopoJSON file of world-atlas (object `countries`), sorted by code then name.

    With a `tolerance` (degrees), each arc is simplified first (Douglas-Peucker): borders are shared
    arcs, so neighbours still meet exactly.
    """
    topology = json.loads(path.read_bytes())
    arcs = [_simplified(arc, tolerance) for arc in _decode_arcs(topology["arcs"], topology.get("transform"))]
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        rings_of = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        polygons = tuple(
            part for polygon in rings_of for part in _across_antimeridian(tuple(_ring(arcs, ring) for ring in polygon))
        )
        name = geometry.get("properties", {}).get("name", "")
        countries.append(Country(_alpha_2(geometry.get("id")), name, polygons))
    return tuple(sorted(countries, key=lambda c: (c.code, c.name)))


def _decode_arcs(arcs: list, transform: dict | None) -> list[list[Point]]:
    """Arcs as absolute longitude and latitude: delta-decoded, then scaled and translated."""
    if transform is None:
        return [[(float(x), float(y)) for x, y, *_ in arc] for arc in arcs]
    (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
    decoded = []
    for arc in arcs:
        x = y = 0
        points = []
        for dx, dy, *_ in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        decoded.append(points)
    return decoded


def _simplified(arc: list[Point], tolerance: float) -> list[Point]:
    """The arc without the points nearer than `tolerance` to the chord of their kept neighbours (Douglas-Peucker)."""
    if tolerance <= 0 or len(arc) < 3:
        return arc
    keep = [False] * len(arc)
    keep[0] = keep[-1] = True
    stack = [(0, len(arc) - 1)]
    limit = tolerance * tolerance
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = arc[first], arc[last]
        dx, dy = bx - ax, by - ay
        length = dx * dx + dy * dy or 1e-12
        far, index = -1.0, first
        for i in range(first + 1, last):
            px, py = arc[i]
            t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length))
            ex, ey = px - ax - t * dx, py - ay - t * dy
            gap = ex * ex + ey * ey
            if gap > far:
                far, index = gap, i
        if far > limit:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [point for point, kept in zip(arc, keep, strict=True) if kept]


def _ring(arcs: list[list[Point]], indexes: Sequence[int]) -> Ring:
    """One ring from its arcs; each arc after the first starts where the one before ended."""
    points: list[Point] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return tuple(points)


def _across_antimeridian(polygon: tuple[Ring, ...]) -> tuple[tuple[Ring, ...], ...]:
    """A polygon that crosses 180° (eastern Russia, Fiji) as two copies that each run on past the edge.

    Such a ring jumps from +180 to -180 and back; drawn as it is, it would streak across the map.
    With western longitudes moved by +360 it is whole again, east of 180; the copy moved by -360
    shows the part west of -180. The panels clip both to their area.
    """
    if not any(abs(b[0] - a[0]) > 180 for ring in polygon for a, b in zip(ring, ring[1:], strict=False)):
        return (polygon,)
    east = tuple(tuple((lon + 360 if lon < 0 else lon, lat) for lon, lat in ring) for ring in polygon)
    west = tuple(tuple((lon - 360, lat) for lon, lat in ring) for ring in east)
    return east, west


def _alpha_2(numeric: str | None) -> str:
    """The alpha-2 code of an ISO 3166-1 numeric code, or '' (Kosovo and two others have none in the file)."""
    if numeric is None:
        return ""
    import pycountry

    found = pycountry.countries.get(numeric=str(numeric).zfill(3))
    return found.alpha_2 if found else ""


def svg_path(polygons: Iterable[Iterable[Ring]], project: Project) -> str:
    """An SVG path (`d`) of polygons: whole units, relative moves, repeated points left out."""
    parts = []
    for polygon in polygons:
        for ring in polygon:
            points = _rounded(project(lon, lat) for lon, lat in ring)
            if len(points) < 3:
                continue  # a ring smaller than a unit of the map
            (x0, y0), steps = points[0], []
            for (ax, ay), (bx, by) in zip(points, points[1:], strict=False):
                steps.append(f"{bx - ax} {by - ay}")
            parts.append(f"M{x0} {y0}l" + " ".join(steps) + "z")
    return "".join(parts)


def _rounded(points: Iterable[Point]) -> list[tuple[int, int]]:
    """Points rounded to whole units, each repeat of the one before dropped (and the closing point)."""
    out: list[tuple[int, int]] = []
    for x, y in points:
        point = (math.floor(x + 0.5), math.floor(y + 0.5))
        if not out or point != out[-1]:
            out.append(point)
    if len(out) > 1 and out[0] == out[-1]:
        out.pop()
    return out
