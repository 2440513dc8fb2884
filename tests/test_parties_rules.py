"""Party rules on generated text: clause zones, the known-party dictionary's guards, brand qualifiers, cues and
the screening safeguards for extracted names."""

from __future__ import annotations

from oversight.entities.extract import extract_page
from oversight.entities.known import Dictionary, KnownName, brand_names, list_names
from oversight.entities.layout import Cell
from oversight.entities.qualifiers import brand_cell
from oversight.screen.evidence import refusal
from oversight.screen.screener import Screener
from oversight.text.fold import fold


def _by_text(raw: str) -> dict[str, object]:
    return {m.text: m for m in extract_page(1, raw)}


def test_a_party_named_only_inside_a_standard_clause_is_context() -> None:
    raw = "监狱企业是指由司法部认定的企业，包括芸苒市监狱管理局所属企业。\n\n采购人：芸苒市公安局\n"
    by = _by_text(raw)
    assert by["芸苒市监狱管理局"].zone == "clause"  # type: ignore[attr-defined]
    assert by["芸苒市监狱管理局"].role == "other"  # type: ignore[attr-defined]
    assert by["芸苒市公安局"].zone == "project"  # type: ignore[attr-defined]
    assert by["芸苒市公安局"].role == "buyer"  # type: ignore[attr-defined]


def test_spaced_labels_and_agent_labels() -> None:
    raw = "采 购 人：芸苒市公安局\n采购代理机构：荻柘恒信招标代理有限公司\n开户银行：芸苒银行股份有限公司\n"
    roles = {m.text: m.role for m in extract_page(1, raw)}
    assert roles == {"芸苒市公安局": "buyer", "荻柘恒信招标代理有限公司": "agent", "芸苒银行股份有限公司": "other"}


def test_brand_cells_drop_qualifiers() -> None:
    for text, want in (
        ("海康威视定制", "海康威视"),
        ("宇视（或同等品）", "宇视"),
        ("或同等品", None),
        ("华为 或相当于", "华为"),
    ):
        cell = brand_cell(Cell(10, 10 + len(text), fold(text)))
        assert (cell.text if cell else None) == want, text


def test_known_names_respect_word_boundaries_and_compounds() -> None:
    names = [*brand_names(), KnownName("大华", "maker", "test:dahua"), KnownName("hikvision", "maker", "test:hik")]
    known = Dictionary(names)
    text = fold("本项目采用宇视摄像机；开户行：大华银行；HIKVISION-like Hikvisionary; Hikvision cameras; 大华、宇视")
    found = [text[h.start : h.end] for h in known.find(text)]
    assert found == ["宇视", "Hikvision", "大华", "宇视"]


def test_watchlist_names_need_to_be_distinctive_to_be_looked_for() -> None:
    entries = [
        ("AL NOOR", "primary", "Organization", "ofac-sdn", "1"),
        ("Islamic Revolutionary Guard Corps", "primary", "Organization", "ofac-sdn", "2"),
        ("John Smith Trading", "primary", "Person", "ofac-sdn", "3"),
        ("Face++", "brand", "Company", "curated", "megvii"),
        ("旷视", "brand", "Company", "curated", "megvii"),
        ("东方", "alias", "Company", "un-sc", "4"),
    ]
    assert [n.text for n in list_names(entries)] == ["islamic revolutionary guard corps", "旷视"]


def test_cues_give_roles_to_names_in_running_text() -> None:
    raw = (
        "芸苒市公安局2026年度视频监控采购项目招标公告\n"
        "荻柘恒信招标代理有限公司受芸榆县教育局委托，对该项目进行公开招标。\n"
        "In March, the Fengliao Police Department purchased a licence for the Town of Los Pinos.\n"
    )
    roles = {m.text: m.role for m in extract_page(1, raw)}
    assert roles["芸苒市公安局"] == "buyer"
    assert roles["荻柘恒信招标代理有限公司"] == "agent"
    assert roles["芸榆县教育局"] == "buyer"
    assert roles["Fengliao Police Department"] == "buyer"
    assert roles["Town of Los Pinos"] == "buyer"


def test_screening_safeguards_refuse_fragments_and_generic_words() -> None:
    screener = Screener([])
    del screener
    from dataclasses import dataclass

    @dataclass
    class Hit:
        via: str
        matched_name: str

    assert refusal("其控股公司", Hit("pinyin", "JEMAA ISLAMIYAH")) is not None
    assert refusal("中国银行股份有限公司", Hit("translation", "BANCO CORPORATIVO")) is not None
    assert refusal("杭州海康威视数字技术股份有限公司", Hit("name", "杭州海康威视数字技术股份有限公司")) is None
    assert refusal("新疆生产建设兵团", Hit("alias", "Xinjiang Production and Construction Corps")) is None


def test_a_short_acronym_is_not_evidence_for_any_name_it_abbreviates() -> None:
    from dataclasses import dataclass

    @dataclass
    class Hit:
        via: str
        matched_name: str

    why = refusal("ABB", Hit("name", "ANSAR BANK BROKERAGE COMPANY"))
    assert why is not None and "initials" in why
    assert refusal("ZTE", Hit("name", "ZTE")) is None  # the list carries the acronym itself
    assert refusal("Huawei", Hit("name", "HUAWEI TECHNOLOGIES CO., LTD.")) is None


def test_winning_and_candidate_suppliers_keep_their_award_and_rank() -> None:
    from oversight.entities import extract_document
    from oversight.entities.records import EntityRecord

    raw = (
        "中标结果公告\n中标供应商名称：芸苒远景科技有限公司\n第一中标候选人：荻柘信息技术有限公司\n"
        "投标人名称：苒川电子有限公司\n中标候选人：\n1 蓝柘智能科技有限公司 98.5\n"
    )
    by = {m.text: m for m in extract_document([(1, raw)])}
    assert (by["芸苒远景科技有限公司"].award, by["芸苒远景科技有限公司"].rank) == ("winning", None)
    assert (by["荻柘信息技术有限公司"].award, by["荻柘信息技术有限公司"].rank) == ("candidate", 1)
    assert by["苒川电子有限公司"].award is None  # a bidder only
    assert by["蓝柘智能科技有限公司"].award == "candidate"  # listed under a candidates heading
    line = EntityRecord(1, by["荻柘信息技术有限公司"], "x").as_line("notice.txt")
    assert (line["role"], line["award"], line["rank"]) == ("supplier", "candidate", 1)


def test_buyer_from_definitions_split_titles_and_invitations() -> None:
    from oversight.entities import extract_document

    defined = "2.3 “采购人 ”系指芸苒市公安局荻柘分局。\n2.4 “集中采购机构”系指芸苒市政府采购中心。\n"
    roles = {m.text: m.role for m in extract_document([(3, defined)])}
    assert roles["芸苒市公安局荻柘分局"] == "buyer"
    assert roles["芸苒市政府采购中心"] == "agent"
    title = "项目编号：2024-17\n2024 年芸苒市公安局荻柘分局物业管理服务\n公开招标文件\n目录\n"
    roles = {m.text: m.role for m in extract_document([(1, title)])}
    assert roles["芸苒市公安局荻柘分局"] == "buyer"  # the title ends on the next line
    heading = "第一章 总则\n供应商须知\n芸苒市公安局荻柘分局\n"  # no title ending: no title cue
    assert {m.text: m.role for m in extract_document([(1, heading)])}.get("芸苒市公安局荻柘分局") != "buyer"
    invited = "Tender Notice\nSealed bids are in vi ted by the Commissioner of Police (HQ) Vantor from makers.\n"
    buyers = [m.text for m in extract_document([(1, invited)]) if m.role == "buyer"]
    assert buyers == ["Commissioner of Police (HQ)"]


def test_makers_named_after_made_by_and_government_bodies_left_alone() -> None:
    from oversight.entities import extract_document

    text = (
        "The platform, developed and sold by the Zorvex Electronics Technology Corp., a state-run firm, is used.\n"
        "Cameras made by Qantor Imaging were installed.\nData supplied by the Vantor Police Department.\n"
    )
    roles = {m.text: m.role for m in extract_document([(1, text)])}
    assert roles["Zorvex Electronics Technology Corp."] == "maker"
    assert roles["Qantor Imaging"] == "maker"
    assert roles.get("Vantor Police Department", "other") == "other"


def _roles(raw: str) -> dict[str, str]:
    return {m.text: m.role for m in extract_page(1, raw) if m.role != "other"}


def test_an_english_legal_form_after_a_comma_and_a_contract_with_cue() -> None:
    raw = (
        "Title: Approve a Lease with Brightwater Sensing, Inc. for Plate Reader Cameras\nParties: City of Ft. Marlow\n"
    )
    roles = _roles(raw)
    assert roles.get("Brightwater Sensing, Inc.") == "supplier"
    assert roles.get("City of Ft. Marlow") == "buyer"
    assert "City Council" not in _roles("A referral was made by City Council to bring back this report.\n")


def test_masked_names_and_template_slots_name_no_one() -> None:
    raw = "采购人：**县**中学 地址：**县**路1号\n采购代理机构：[合同中心-采购单位名称]\n"
    assert _roles(raw) == {}


def test_a_public_institution_in_a_field_and_a_complainant_under_its_heading() -> None:
    raw = "一、投诉人\n名称：芸苒明远商贸有限公司\n二、被投诉人\n采购人：芸苒市实验中学\n采购代理机构：芸苒市青山区教育发展服务中心\n"
    assert _roles(raw) == {
        "芸苒明远商贸有限公司": "supplier",
        "芸苒市实验中学": "buyer",
        "芸苒市青山区教育发展服务中心": "agent",
    }


def test_left_stops_after_verbs_of_sending_and_role_nouns() -> None:
    texts = [
        m.text for m in extract_page(1, "投标文件递交至荻柘明远咨询有限公司，确定中标人为芸苒恒信科技有限公司。\n")
    ]
    assert "荻柘明远咨询有限公司" in texts and "芸苒恒信科技有限公司" in texts


def test_a_requirement_title_names_its_buyer_even_above_a_model_text_keyword() -> None:
    raw = "W\n芸苒市公安局巡逻车辆定位服务项目\n招标范本,采购文件\n一、项目概况\n"
    assert _roles(raw).get("芸苒市公安局") == "buyer"


def test_operator_names_take_their_role_from_quoted_titles_and_acts_as() -> None:
    raw = (
        "消息显示,“2023年中国移动边缘服务器集中采购项目招标”正式启动。\n另讯,中国铁塔作为本期工程的总承包商负责实施。\n"
    )
    roles = _roles(raw)
    assert roles.get("中国移动") == "buyer"
    assert roles.get("中国铁塔") == "supplier"


def test_a_maker_named_by_what_it_launched() -> None:
    roles = _roles("在安防领域,明远视觉推出的“慧眼”巡检系统已经上线。近日推出的新版本更快。\n")
    assert roles == {"明远视觉": "maker"}


def test_a_short_word_that_only_resembles_a_listed_name_is_no_hit() -> None:
    class Hit:
        via = "name"
        matched_name = "FAXON"

    assert refusal("Axon", Hit()) is not None
    Hit.matched_name = "AXON TRADING LLC"
    assert refusal("Axon", Hit()) is None


def test_the_government_a_company_signs_with_is_the_buyer() -> None:
    roles = _roles("明远视觉于昨日与芸苒市人民政府签署框架协议；双方与会代表合影。\n")
    assert roles == {"芸苒市人民政府": "buyer"}
