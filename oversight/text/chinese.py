"""Chinese script helpers shared by every step that folds text: one traditional-to-simplified character map."""

from __future__ import annotations

from functools import lru_cache

CJK_RANGES = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00))
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
