"""Name screening: our matcher vs nomenklatura logic-v2 vs a rapidfuzz token-set baseline, then bulk screening.

`--parts` runs a subset (bulk, pairs, name_bench, recall, negatives) for a quick look at what a change touches.
Also, in the same run: nomenklatura's own name_bench (826 pairs) by schema slice (people; companies, organisations,
legal entities, vessels), with each matcher at its own threshold; whole-list screening of every name_bench query
against SDN + UN + curated + the name_bench entries, proving list recall = pair recall; and 3,000 generated ordinary
people and small companies screened against every list (each alert is a false alert).

Part 1 runs the three matchers on the same labelled pairs (bench/data/screen_pairs.csv: a query name, a listed
party, 1 if screening the query must reach that party through its names, brands, ownership or subordination, else 0)
and prints precision, recall, F1 and comparisons/s, overall and by script. Each matcher sees the party's every name;
logic-v2 gets them as FtM name/alias/weakAlias of an entity of the party's schema. Part 2 screens 10,000 names
(pair queries, list names and their variants, generated Chinese company and agency names) against every loaded
list (SDN + UN + curated) and prints the time, names/s and peak RSS. Ends with one key=value line.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import resource
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.screen_suites import SLICES, BenchPair, f1, name_bench  # noqa: E402
from oversight import native  # noqa: E402
from oversight.screen import align, pinyin  # noqa: E402
from oversight.screen.fold import fold  # noqa: E402
from oversight.screen.loaders import curated, sdn, un  # noqa: E402
from oversight.screen.names import analyze  # noqa: E402
from oversight.screen.parts import parse  # noqa: E402
from oversight.screen.screener import DEFAULT_THRESHOLD, Screener  # noqa: E402
from tests.names import generated_non_listed  # noqa: E402

PARTS = ("bulk", "pairs", "name_bench", "recall", "negatives")
MEASURED = (
    "speed: comparisons/s = pairs / summed per-pair wall time (perf_counter) of each matcher's fastest of 5 "
    "passes, passes alternating between matchers; one compare() or LogicV2.compare() per pair; before each pass "
    "both sides drop name- and word-pair-level caches (ours: query analyses, word-pair similarities; logic-v2: "
    "normalize_name, levenshtein, jaro, jaro_winkler, strict_levenshtein), per-word ones stay; listed sides stay "
    "prepared. bulk: process CPU time of screen() over every name, lists indexed beforehand."
)
SHARED = ROOT.parent / "shared" / "data" / "watchlists"
LOGIC_V2_THRESHOLD = 0.7  # the match threshold yente/OpenSanctions use with logic-v2
RAPIDFUZZ_THRESHOLD = 85
_HAN = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class Pair:
    query: str
    target: str
    label: int
    category: str


@dataclass
class Result:
    name: str
    predictions: list[bool]
    seconds: list[float]  # per pair, from the fastest pass

    def rate(self, members: list[int]) -> float:
        return len(members) / sum(self.seconds[i] for i in members)


def read_pairs(path: Path) -> list[Pair]:
    with path.open(encoding="utf-8") as handle:
        return [Pair(r["query"], r["target"], int(r["label"]), r["category"]) for r in csv.DictReader(handle)]


def run_all(
    pairs: list[Pair] | list[BenchPair], matchers: dict[str, Callable[[], Callable[[Pair], bool]]], repeat: int = 5
) -> list[Result]:
    """Predictions and per-pair times of each matcher's fastest pass, after a warm-up (lazy data loading is not
    matching). Passes of the matchers alternate, so a busy machine slows all of them alike.

    Each pass gets a fresh predictor, so no matcher reuses its analysis of a query or a pair from an earlier pass
    (name-, word-pair- and pair-keyed caches are cleared on both sides: our analyze, parse, fold and word-pair
    distances, logic-v2's normalize_name and string distances; per-word and per-character ones stay); the listed
    side stays prepared, as an index would keep it.
    """
    for matcher in matchers.values():
        warm = matcher()
        for pair in pairs[:5]:
            warm(pair)
    results = {name: Result(name, [], []) for name in matchers}
    clock = time.perf_counter
    for _ in range(repeat):
        for name, matcher in matchers.items():
            predict = matcher()
            seconds, predictions = [], []
            for pair in pairs:
                start = clock()
                predictions.append(predict(pair))
                seconds.append(clock() - start)
            if not results[name].seconds or sum(seconds) < sum(results[name].seconds):
                results[name] = Result(name, predictions, seconds)
    return list(results.values())


def ours(screener: Screener) -> Callable[[], Callable[[Pair], bool]]:
    def predict(pair: Pair) -> bool:
        match = screener.compare(pair.query, pair.target)
        return match is not None and match.score >= DEFAULT_THRESHOLD

    def fresh() -> Callable[[Pair], bool]:
        # Name- and pair-level caches; the index's per-word neighbours and word readings stay, like rigour's. (A query
        # is read once per `compare` call and never remembered across calls; these hold listed names' analyses.)
        analyze.cache_clear()
        parse.cache_clear()
        fold.cache_clear()
        align.clear_caches()  # word-pair similarities, as logic-v2's string distances are cleared below
        pinyin.keys.cache_clear()
        pinyin.spells.cache_clear()
        return predict

    return fresh


def logic_v2(screener: Screener, pairs: list[Pair] | list[BenchPair]) -> Callable[[], Callable[[Pair], bool]]:
    from followthemoney import model
    from nomenklatura.matching import LogicV2
    from nomenklatura.matching.logic_v2.names import distance
    from nomenklatura.matching.types import ScoringConfig
    from rigour.names import tokenize
    from rigour.text import distance as text_distance

    # Caches keyed by a name or a pair of names are cleared each pass, as ours are; per-word ones stay on both sides.
    name_level_caches = [
        tokenize.normalize_name,
        text_distance.levenshtein,
        text_distance.jaro,
        text_distance.jaro_winkler,
        distance.strict_levenshtein,
    ]
    config = ScoringConfig.defaults()
    schemas = {"Company", "Organization", "PublicBody", "Person", "LegalEntity", "Vessel", "Airplane"}
    targets = {}
    for target_id in {p.target for p in pairs}:
        party = screener.party(target_id)
        entity = model.make_entity(party.schema if party.schema in schemas else "LegalEntity")
        entity.id = "t-" + target_id
        for name_index in screener.index.names_of[screener.index.by_id[target_id]]:
            indexed = screener.index.names[name_index]
            prop = "name" if indexed.kind == "primary" else "weakAlias" if indexed.kind == "weak" else "alias"
            entity.add(prop, indexed.name)
        targets[target_id] = entity
    passes = iter(range(1_000_000))

    def fresh() -> Callable[[Pair], bool]:
        for cached in name_level_caches:
            cached.cache_clear()
        queries: dict[tuple[str, str], object] = {}
        run_id = next(passes)

        def predict(pair: Pair) -> bool:
            target = targets[pair.target]
            query = queries.get((pair.query, target.schema.name))
            if query is None:
                query = model.make_entity(target.schema.name)
                query.id = f"q-{run_id}-{len(queries)}"
                query.add("name", pair.query)
                queries[(pair.query, target.schema.name)] = query
            return LogicV2.compare(query, target, config).score >= LOGIC_V2_THRESHOLD

        return predict

    return fresh


def rapidfuzz_token_set(screener: Screener) -> Callable[[], Callable[[Pair], bool]]:
    from rapidfuzz import fuzz, utils

    def predict(pair: Pair) -> bool:
        names = (screener.index.names[i].name for i in screener.index.names_of[screener.index.by_id[pair.target]])
        return (
            max((fuzz.token_set_ratio(pair.query, n, processor=utils.default_process) for n in names), default=0)
            >= RAPIDFUZZ_THRESHOLD
        )

    return lambda: predict


def group_of(pair: Pair, screener: Screener) -> str:
    """zh: query in Chinese (or mixed); cross: Latin query for a party named only in Chinese, or pinyin; en: Latin."""
    if _HAN.search(pair.query):
        return "zh"
    names = [screener.index.names[i].name for i in screener.index.names_of[screener.index.by_id[pair.target]]]
    if pair.category == "pinyin" or not any(not _HAN.search(n) for n in names):
        return "cross"
    return "en"


def scores(pairs: list[Pair], predictions: list[bool]) -> tuple[float, float, float]:
    tp = sum(1 for p, y in zip(pairs, predictions) if y and p.label)
    fp = sum(1 for p, y in zip(pairs, predictions) if y and not p.label)
    fn = sum(1 for p, y in zip(pairs, predictions) if not y and p.label)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def bulk_names(pairs: list[Pair], screener: Screener, count: int, seed: int = 7) -> list[str]:
    """Names a screening run meets: pair queries, list names and variants, generated Chinese companies and agencies."""
    from oversight.screen.lexicon import lexicon

    rnd = random.Random(seed)
    names = [p.query for p in pairs]
    listed = [n.name for n in screener.index.names if n.kind in ("primary", "alias")]
    places = [p for p in lexicon().places.values()]
    prefectures = [p.name for p in places if p.level == "prefecture"]
    counties = [p.name for p in places if p.level == "county"]
    chars = "华海康达通信宏远兴盛新泰安恒源鑫辉明峰金佳瑞祥天宇博创智联卓越诚信鼎晟昊辰锐星光云飞科"
    descriptors = [
        "科技",
        "信息技术",
        "网络科技",
        "电子",
        "贸易",
        "建设工程",
        "智能科技",
        "数字技术",
        "安防",
        "银行",
        "保险",
        "餐饮管理",
        "物业管理",
    ]
    forms = ["有限公司", "股份有限公司", "有限责任公司", "集团有限公司", ""]
    bodies = ["公安局", "教育局", "人民医院", "财政局", "公安局交通警察支队", "自然资源局"]
    words = [
        "global",
        "trading",
        "pacific",
        "star",
        "united",
        "golden",
        "ocean",
        "metal",
        "sun",
        "atlas",
        "nova",
        "prime",
        "delta",
    ]
    while len(names) < count:
        roll = rnd.random()
        if roll < 0.3:
            name = rnd.choice(listed)
            names.append(rnd.choice([name, name.lower(), name + " Co., Ltd.", name.replace(" ", "", 1)]))
        elif roll < 0.7:
            core = "".join(rnd.sample(chars, rnd.choice([2, 2, 3, 4])))
            names.append(rnd.choice(["", rnd.choice(prefectures)]) + core + rnd.choice(descriptors) + rnd.choice(forms))
        elif roll < 0.85:
            names.append(rnd.choice(counties) + rnd.choice(bodies))
        else:
            names.append(
                " ".join(rnd.sample(words, 2)).title() + rnd.choice([" Co Ltd", " Trading LLC", " Limited", " Group"])
            )
    return names[:count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=Path, default=ROOT / "bench" / "data" / "screen_pairs.csv")
    parser.add_argument("--names", type=int, default=10_000)
    parser.add_argument("--negatives", type=int, default=3000, help="generated non-listed names to screen")
    parser.add_argument(
        "--parts",
        default=",".join(PARTS),
        help=f"comma-separated subset of {', '.join(PARTS)} (a quick run measures only what a change touches)",
    )
    args = parser.parse_args()
    wanted = set(args.parts.split(","))
    unknown = wanted - set(PARTS)
    if unknown:
        parser.error(f"unknown part(s) {', '.join(sorted(unknown))}; known: {', '.join(PARTS)}")

    start = time.perf_counter()
    bench_list, bench_pairs = name_bench()
    lists = [
        curated.parse(curated.builtin_path()),
        sdn.parse(SHARED / "ofac-sdn-2021"),
        un.parse(SHARED / "un-2026" / "consolidated.xml"),
        bench_list,
    ]
    parsed_s = time.perf_counter() - start
    start = time.perf_counter()
    screener = Screener(lists)
    build_s = time.perf_counter() - start
    print(
        f"lists: {sum(len(l.entries) for l in lists)} entries, {len(screener.index.names)} names; parse {parsed_s:.2f} s, index {build_s:.2f} s"
    )

    print(MEASURED)
    compiled = native.active()
    print(f"screening modules: {'compiled (' + str(compiled) + ')' if compiled else 'plain Python'} (oversight.native)")
    figures: dict[str, float | int] = {"native": int(compiled is not None)}
    pairs = read_pairs(args.pairs)
    if "bulk" in wanted:
        figures |= bulk_part(pairs, screener, args.names)
    if "pairs" in wanted:
        figures |= pairs_part(pairs, screener)
    if "name_bench" in wanted:
        figures |= name_bench_part(screener, bench_pairs)
    if "recall" in wanted:
        pair_recall, list_recall = list_recall_part(screener, bench_pairs)
        figures |= {"pair_recall": pair_recall, "list_recall": list_recall}
    if "negatives" in wanted:
        figures |= {"negatives": args.negatives, "false_alerts": negatives_part(screener, args.negatives)}
    figures["index_s"] = build_s
    print(
        " ".join(
            f"{key}={value:.3f}" if isinstance(value, float) else f"{key}={value}" for key, value in figures.items()
        )
    )


def bulk_part(pairs: list[Pair], screener: Screener, count: int) -> dict[str, float | int]:
    """Whole-list screening of `count` names a screening run meets, on one core, after the lists are indexed."""
    names = bulk_names(pairs, screener, count)
    screener.clear_caches()
    start, cpu = time.perf_counter(), time.process_time()
    flagged = sum(1 for name in names if screener.screen(name))
    bulk_s, bulk_cpu_s = time.perf_counter() - start, time.process_time() - cpu
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"bulk: {len(names)} names against {len(screener.parties)} parties in {bulk_s:.2f} s "
        f"({bulk_cpu_s:.2f} s of CPU; {len(names) / bulk_s:.0f} names/s), {flagged} flagged; peak RSS {rss_mb:.0f} MB"
    )
    return {
        "bulk_names": len(names),
        "bulk_s": bulk_s,
        "bulk_cpu_s": bulk_cpu_s,  # on a shared machine the CPU time is the steadier figure
        "names_per_s": len(names) / bulk_s,
        "rss_mb": rss_mb,
    }


def pairs_part(pairs: list[Pair], screener: Screener) -> dict[str, float | int]:
    """The three matchers on our labelled pairs, overall and by script group."""
    groups = {g: [i for i, p in enumerate(pairs) if group_of(p, screener) == g] for g in ("zh", "cross", "en")}
    groups["zh+cross"] = sorted(groups["zh"] + groups["cross"])
    print(
        f"pairs: {len(pairs)} ({sum(p.label for p in pairs)} positive); "
        + ", ".join(f"{g} {len(ix)}" for g, ix in groups.items())
    )
    results = run_all(
        pairs,
        {
            "oversight": ours(screener),
            "logic-v2": logic_v2(screener, pairs),
            "rapidfuzz": rapidfuzz_token_set(screener),
        },
    )
    summary: dict[str, dict[str, float]] = {}
    print(f"{'matcher':<11}{'group':<9}{'P':>7}{'R':>7}{'F1':>7}{'pairs/s':>11}")
    for result in results:
        summary[result.name] = {}
        for group, members in [("all", list(range(len(pairs))))] + list(groups.items()):
            subset = [pairs[i] for i in members]
            p, r, f1 = scores(subset, [result.predictions[i] for i in members])
            summary[result.name][group] = f1
            summary[result.name][group + "/s"] = result.rate(members)
            print(f"{result.name:<11}{group:<9}{p:>7.3f}{r:>7.3f}{f1:>7.3f}{result.rate(members):>11.0f}")
    mistakes = [(p, y) for p, y in zip(pairs, results[0].predictions) if bool(y) != bool(p.label)]
    for pair, predicted in mistakes[:20]:
        print(
            f"  oversight {'false positive' if predicted else 'missed'}: {pair.query!r} -> {pair.target} ({pair.category})"
        )
    o, l, r = summary["oversight"], summary["logic-v2"], summary["rapidfuzz"]
    return {
        "f1_ours": o["all"],
        "f1_logicv2": l["all"],
        "f1_rapidfuzz": r["all"],
        "f1_zh_cross_ours": o["zh+cross"],
        "f1_zh_cross_logicv2": l["zh+cross"],
        "speed_vs_logicv2": o["all/s"] / l["all/s"],
        "speed_zh_cross_vs_logicv2": o["zh+cross/s"] / l["zh+cross/s"],
        "pairs_per_s": o["all/s"],
    }


def name_bench_part(screener: Screener, pairs: list[BenchPair]) -> dict[str, float]:
    """The three matchers on nomenklatura's name_bench, each at its own threshold, by schema slice."""
    results = run_all(
        pairs,
        {
            "oversight": ours(screener),
            "logic-v2": logic_v2(screener, pairs),
            "rapidfuzz": rapidfuzz_token_set(screener),
        },
    )
    out: dict[str, float] = {}
    slices = {"all": list(range(len(pairs)))} | {
        name: [i for i, p in enumerate(pairs) if p.schema in schemas] for name, schemas in SLICES.items()
    }
    print(f"name_bench ({len(pairs)} pairs)\n{'matcher':<11}{'slice':<9}{'P':>7}{'R':>7}{'F1':>7}{'pairs/s':>11}")
    short = {"oversight": "ours", "logic-v2": "logicv2", "rapidfuzz": "rapidfuzz"}
    for result in results:
        for name, members in slices.items():
            p, r, score = f1([pairs[i].label for i in members], [result.predictions[i] for i in members])
            print(f"{result.name:<11}{name:<9}{p:>7.3f}{r:>7.3f}{score:>7.3f}{result.rate(members):>11.0f}")
            key = "f1_name_bench_" if name == "all" else f"f1_nb_{name}_"
            out[key + short[result.name]] = score
    out["speed_name_bench_vs_logicv2"] = results[0].rate(slices["all"]) / results[1].rate(slices["all"])
    return out


def list_recall_part(screener: Screener, pairs: list[BenchPair]) -> tuple[float, float]:
    """Recall of the positive name_bench pairs by pair comparison and by screening each query against every list."""
    positives = [p for p in pairs if p.label]
    pair_hits = list_hits = 0
    for pair in positives:
        match = screener.compare(pair.query, pair.target)
        by_pair = match is not None and match.score >= DEFAULT_THRESHOLD
        by_list = any(m.entity_id == pair.target for m in screener.screen(pair.query, limit=100_000))
        pair_hits += by_pair
        list_hits += by_list
        if by_pair != by_list:
            print(f"  list and pair disagree: {pair.query!r} -> {pair.listed!r} (pair {by_pair}, list {by_list})")
    print(
        f"whole-list screening: pair recall {pair_hits / len(positives):.3f}, "
        f"list recall {list_hits / len(positives):.3f}"
    )
    return pair_hits / len(positives), list_hits / len(positives)


def negatives_part(screener: Screener, count: int) -> int:
    """Generated ordinary people and small companies screened against every list: every alert is a false one."""
    names = generated_non_listed(count, listed=(n.name for n in screener.index.names))
    start = time.perf_counter()
    alerts = [(name, matches[0]) for name in names if (matches := screener.screen(name))]
    print(f"negatives: {len(names)} generated names in {time.perf_counter() - start:.1f} s, {len(alerts)} alerts")
    for name, match in alerts[:10]:
        print(f"  false alert: {name!r} -> {match.matched_name!r} ({match.score:.2f})")
    return len(alerts)


if __name__ == "__main__":
    main()
