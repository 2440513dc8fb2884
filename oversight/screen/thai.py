"""Thai names as they are spoken, before their letters are romanised: letters Thai writes but does not say dropped.

ICU romanises Thai letter by letter, and rigour's tokeniser drops the vowel signs above and below the line, so the
spelling rules that need them are applied to the whole name first (RTGS, the Royal Thai General System, writes what
is spoken): a letter under the silence mark is not read, nor the consonant before it where the two close a syllable
(จันทร์: chan, ศาสตร์: sat); a ho nam (ห before a sonorant) only sets the tone (หลีก: lik); a doubled ro (ro han) is the
vowel a before a final consonant, or an before a syllable or at the end of a word (สุวรรณ: suwan, บรรหาร: banhan,
สรร: san); a consonant closing a syllable is written as its final sound (สวัสดิ์: sawat). A ro closing a word after a
consonant is silent in RTGS (ประวิตร: Prawit) but kept by customary spellings (ชินวัตร: Shinawatra), so it is left for
the skeleton to read either way (`parts._written_skeleton`).
"""

from __future__ import annotations

import re

_CONSONANT = "\u0e01-\u0e2e"
_MARK = "\u0e31-\u0e3a\u0e47-\u0e4b"  # vowel signs above and below, tone marks
_VOWEL_SIGN = "\u0e30-\u0e3a\u0e47"  # vowel signs written after or over a consonant (sara a, aa, am, i, u ...)
_SILENT = re.compile(
    rf"(?<=[{_VOWEL_SIGN}][{_CONSONANT}])[{_CONSONANT}][{_CONSONANT}][{_MARK}]*\u0e4c|[{_CONSONANT}][{_MARK}]*\u0e4c"
)
_HO_NAM = re.compile(r"\u0e2b(?=[\u0e07\u0e0d\u0e19\u0e21\u0e22\u0e23\u0e25\u0e27])")
_RO_HAN_END = re.compile(r"\u0e23\u0e23(?=\s|$)")
_RO_HAN = re.compile(rf"\u0e23\u0e23(?=[{_CONSONANT}](?![{_VOWEL_SIGN}]))")
_RO_HAN_SYLLABLE = re.compile(rf"\u0e23\u0e23(?=[{_CONSONANT}][{_VOWEL_SIGN}])")
_THAI = re.compile(r"[\u0e01-\u0e2e]")
# RTGS spells a consonant closing a syllable by its final sound (สวัสดิ์: sawat; สมัคร: samak; ชาญ: chan): a consonant
# after a vowel sign, before another consonant, a leading vowel or the end of the word, is written as the letter
# that Latin spells that way (ต t, ก k, ป p, น n). Ro and lo keep their letters: customary spellings write them
# (Charnvirakul, Kittikachorn).
_FINAL_SOUND = str.maketrans(
    dict.fromkeys("จชซฌฎฏฐฑฒดตถทธศษส", "\u0e15")
    | dict.fromkeys("ขคฆ", "\u0e01")
    | dict.fromkeys("บปพฟภ", "\u0e1b")
    | dict.fromkeys("ญณฬ", "\u0e19")
)
_FINAL = re.compile(
    rf"([{_VOWEL_SIGN}][\u0e48-\u0e4b]?)([จชซฌฎฏฐฑฒดตถทธศษสขคฆบปพฟภญณฬ])(?=[{_CONSONANT}\u0e40-\u0e44\s]|$)"
)


def spoken(text: str) -> str:
    """`text` with the Thai letters that are written but not spoken dropped (ro han written as the vowel a)."""
    if not _THAI.search(text):
        return text
    text = _SILENT.sub("", text)
    text = _HO_NAM.sub("", text)
    text = _RO_HAN.sub("\u0e31", text)  # before a final consonant, the vowel a (สุวรรณ: suwan)
    text = _RO_HAN_SYLLABLE.sub("\u0e31\u0e19", text)  # before a syllable, -an (บรรหาร: banhan)
    text = _RO_HAN_END.sub("\u0e31\u0e19", text)  # closing a word, sara a and no nu: -an (สรร: san)
    return _FINAL.sub(lambda m: m.group(1) + m.group(2).translate(_FINAL_SOUND), text)
