"""Chinese script facts shared by every stage: the ideograph ranges and one traditional-to-simplified map.

Every stage that asks "is this a Han character?" or folds traditional script reads it here, so the ranges and
the map cannot drift apart between detection, extraction, screening and search.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Ideographs of the BMP: extension A, unified ideographs, compatibility ideographs ([low, high) code points).
CJK_RANGES = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00))
# Ideographs of the supplementary planes: extension B onwards.
CJK_SUPPLEMENTARY = (0x20000, 0x323B0)
# The BMP ranges as the body of a regex character class, e.g. rf"[{HAN}]+" for a run of Han characters.
HAN = "".join(f"\\u{low:04x}-\\u{high - 1:04x}" for low, high in CJK_RANGES)
HAN_CHAR = re.compile(f"[{HAN}]")
_CONFIGS = ("hk2s", "tw2s", "t2s")  # Hong Kong and Taiwan variants first: the more specific table wins


@lru_cache(maxsize=1)
def simplified_map() -> dict[int, int]:
    """Traditional code point -> simplified code point, for characters OpenCC converts one-to-one.

    Built once per process by converting every CJK ideograph through OpenCC; character-wise conversion keeps
    text length, which is what lets folded text keep its offsets into the raw page text.
    """
    import opencc

    codes = [code for low, high in CJK_RANGES for code in range(low, high)]
    source = "\n".join(chr(code) for code in codes)
    mapping: dict[int, int] = {}
    for config in _CONFIGS:
        converted = opencc.OpenCC(config).convert(source).split("\n")
        if len(converted) != len(codes):
            continue
        for code, char in zip(codes, converted):
            if len(char) == 1 and ord(char) != code:
                mapping.setdefault(code, ord(char))
    return mapping
