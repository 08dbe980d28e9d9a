"""Expert attributes a person sets by hand or imports: checked and normalised, never inferred.

Pure: no I/O. `None` means "unknown" everywhere; reports show the unknown share rather
than guess. Gender is stored as entered (common spellings folded to one word so counts
meet); affiliation kinds come from a closed list; countries are ISO 3166-1 alpha-2 codes.
"""

from __future__ import annotations

from quotesdb.errors import InputError
from quotesdb.limits import COLUMN_CHARS

AFFILIATION_KINDS = ("academia", "government", "think tank", "industry", "ngo", "media", "other")
_KIND_SPELLINGS = {"thinktank": "think tank", "think-tank": "think tank", "university": "academia"}
_GENDER_SPELLINGS = {
    "f": "female",
    "woman": "female",
    "m": "male",
    "man": "male",
    "nonbinary": "non-binary",
    "non binary": "non-binary",
    "nb": "non-binary",
}
_UNKNOWN = frozenset(("", "unknown", "none", "-", "?"))
GENDER_MAX = COLUMN_CHARS["gender"]

# ISO 3166-1 alpha-2, the officially assigned codes.
COUNTRIES = frozenset(
    """AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO
    BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK
    DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR
    GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM
    KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP
    MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL
    PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST
    SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG
    VI VN VU WF WS YE YT ZA ZM ZW""".split()
)


def clean_gender(value: str | None) -> str | None:
    if value is None:
        return None
    entered = " ".join(value.split())
    if entered.casefold() in _UNKNOWN:
        return None
    if len(entered) > GENDER_MAX:
        raise InputError(f"gender is at most {GENDER_MAX} characters: {value!r}")
    return _GENDER_SPELLINGS.get(entered.casefold(), entered.casefold())


def clean_affiliation_kind(value: str | None) -> str | None:
    if value is None:
        return None
    kind = " ".join(value.casefold().replace("_", " ").split())
    if kind in _UNKNOWN:
        return None
    kind = _KIND_SPELLINGS.get(kind, kind)
    if kind not in AFFILIATION_KINDS:
        raise InputError(
            f"affiliation kind must be one of {', '.join(AFFILIATION_KINDS)}; not {value!r}"
        )
    return kind


def clean_country(value: str | None) -> str | None:
    if value is None:
        return None
    code = value.strip().upper()
    if code.casefold() in _UNKNOWN:
        return None
    if code == "UK":  # the common slip: ISO's code for the United Kingdom is GB
        code = "GB"
    if code not in COUNTRIES:
        raise InputError(f"country must be an ISO 3166-1 alpha-2 code such as DE or US: {value!r}")
    return code


CLEANERS = {
    "gender": clean_gender,
    "affiliation_kind": clean_affiliation_kind,
    "country": clean_country,
}


def clean_attributes(given: dict[str, str | None]) -> dict[str, str | None]:
    """The attributes given (a key present with None or "unknown" clears it), checked."""
    return {name: CLEANERS[name](given[name]) for name in CLEANERS if name in given}


def suggested_gender(name: str) -> str | None:
    """What a first name usually means in the 1990 US Census lists, or None.

    Only ever a suggestion: a person must confirm it (`expert set --suggest-gender`), and
    a name in both lists, or in neither, suggests nothing.
    """
    from quotesdb.extract.first_names import FEMALE_FIRST, MALE_FIRST, UNISEX_FIRST

    # The first word that is not an abbreviated title ("Dr.", "Sen."): the given name.
    words = [w.strip(",").lower() for w in name.split() if not w.endswith(".")]
    first = words[0] if words else ""
    if not first or first in UNISEX_FIRST:
        return None
    if first in FEMALE_FIRST and first not in MALE_FIRST:
        return "female"
    if first in MALE_FIRST and first not in FEMALE_FIRST:
        return "male"
    return None
