"""Places: ISO 3166-1 countries and the regions of site_config/places.yaml, with their names.

A country is any ISO 3166-1 alpha-2 code that pycountry knows; its Korean and English names
come from CLDR through Babel. A region is listed in places.yaml with its members, and a
place includes itself and, for a region, every member country.
"""

from __future__ import annotations

import functools
import types
import typing
from dataclasses import dataclass

from .model import Text
from .records.messages import suggest
from .texts import choices, say


@dataclass(frozen=True)
class Region:
    """A region: its id, its names and its member countries."""

    id: str
    name: Text
    members: tuple[str, ...]


@dataclass(frozen=True)
class Places:
    """The regions of site_config/places.yaml, and what a place includes."""

    regions: typing.Mapping[str, Region]

    def members(self, place: str) -> frozenset[str]:
        """The countries a place stands for: a region's members, or the country itself."""
        region = self.regions.get(place)
        return frozenset(region.members) if region else frozenset({place})

    def includes(self, place: str, other: str) -> bool:
        """True when `other` (a country or region) lies within `place` (a region includes its members)."""
        return other == place or self.members(other) <= self.members(place)

    def matches(self, places: typing.Iterable[str], wanted: str) -> bool:
        """True when one of `places` shares a country with `wanted`, for a filter or query on a place:
        Europe finds a programme for France, and one for the EU (whose Cyprus UN M49 puts in Asia)."""
        wanted_members = self.members(wanted)
        return any(self.members(place) & wanted_members for place in places)

    def name(self, place: str, lang: str) -> str:
        """The name of a region or country in one language (countries from CLDR)."""
        region = self.regions.get(place)
        return region.name.get(lang) if region else country_name(place, lang)

    def problem(self, code: str) -> str | None:
        """What is wrong with a place code, or None for a known country or region."""
        if code.isupper():
            return country_code_problem(code, sorted(self.regions))
        if code in self.regions:
            return None
        known = sorted(self.regions)
        return say("unknown_region", code=code, hint=suggest(code, known), regions=choices(known))


def places_from_data(data: dict) -> Places:
    """Places from the validated data of site_config/places.yaml."""
    regions = {
        rid: Region(rid, Text(**region["name"]), tuple(region["members"]))
        for rid, region in sorted(data.get("regions", {}).items())
    }
    return Places(types.MappingProxyType(regions))


def country_code_problem(code: str, regions: typing.Sequence[str] = ()) -> str | None:
    """What is wrong with an ISO 3166-1 alpha-2 code, or None when pycountry knows it."""
    if _is_country(code):
        return None
    if code == "EU":
        return say("eu_not_country", hint=say("eu_use_region") if "eu" in regions else "")
    return say("unknown_country", code=code)


def currency_code_problem(code: str) -> str | None:
    """What is wrong with an ISO 4217 currency code, or None when pycountry knows it."""
    if code in _currencies():
        return None
    hint = suggest(code, sorted(_currencies()))
    return say("unknown_currency", code=code, hint=hint)


def country_name(code: str, lang: str) -> str:
    """A country's name from CLDR (Babel) in one language, such as 프랑스 or France."""
    return _territories(lang).get(code, code)


@functools.cache
def _is_country(code: str) -> bool:
    import pycountry  # imported when first needed: its data loads lazily anyway

    return pycountry.countries.get(alpha_2=code) is not None


@functools.cache
def _currencies() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_3 for c in pycountry.currencies)


@functools.cache
def _territories(lang: str) -> typing.Mapping[str, str]:
    from babel import Locale

    return Locale.parse(lang).territories
