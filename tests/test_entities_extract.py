"""Extraction from page text: item tables in every shape, labelled fields, legal-form names, models and chips."""

from __future__ import annotations

from oversight.entities import extract_page
from oversight.entities.records import Mention


def _by_text(mentions: list[Mention]) -> dict[str, Mention]:
    return {m.text: m for m in mentions}


def _assert_quotes(raw: str, mentions: list[Mention]) -> None:
    for m in mentions:
        assert raw[m.start : m.end] == m.text


def test_tab_separated_item_table() -> None:
    raw = (
        "采购清单及参考品牌：\n序号\t名称\t品牌\t规格型号\t数量\t单位\n"
        "1\t网络摄像机\t海康威视\tDS-2CD7A26G0/P-IZHS\t346\t台\n2\tGPU加速卡\t英伟达NVIDIA\tTesla T4\t4\t台\n"
        "3\t网络硬盘录像机\t\tDH-NVR5864-16P-4KS2E\t1\t台\n"
    )
    found = extract_page(1, raw)
    _assert_quotes(raw, found)
    by = _by_text(found)
    assert by["海康威视"].kind == "vendor" and by["海康威视"].model == "DS-2CD7A26G0/P-IZHS"
    assert by["海康威视"].maker == "Hikvision"
    chip = by["英伟达NVIDIA"]
    assert (chip.kind, chip.maker, chip.origin, chip.model) == ("chip", "NVIDIA", "US", "Tesla T4")
    # An empty brand cell: the model number alone names the maker.
    dahua = by["DH-NVR5864-16P-4KS2E"]
    assert dahua.kind == "vendor" and dahua.maker == "Dahua" and "大华" in dahua.names


def test_space_separated_pdf_rows_split_words_into_columns() -> None:
    raw = (
        "No. Item Brand Model Qty Unit price (CNY)\n"
        "1 GPU加速卡 英伟达 Jetson AGX Xavier 3 38,300.00\n"
        "2 服务器 联想 ThinkSystem SR650 2 86,200.00\n"
        "3 Network camera Acme DS-2CD2143G0-I 195 7,400.00\n"
        "4. Installation, warranty and training\n"
    )
    by = _by_text(extract_page(2, raw))
    assert by["英伟达"].kind == "chip" and by["英伟达"].model == "Jetson AGX Xavier"
    assert by["联想"].model == "ThinkSystem SR650" and by["联想"].maker == "Lenovo"
    # A brand cell with another maker's model number: the explicit brand wins and the conflict is reported.
    assert by["Acme"].model == "DS-2CD2143G0-I"
    assert by["Acme"].maker is None
    assert "conflict:hikvision-ds" in by["Acme"].source
    assert not any("Installation" in text for text in by)
    assert all(m.page == 2 for m in by.values())


def test_space_separated_row_with_an_empty_brand_cell() -> None:
    raw = "序号 名称 品牌 规格型号 数量 单位\n1 网络摄像机 DS-2CD2143G0-I 10 台\n2 显卡 NVIDIA A100 80GB 4 块\n"
    by = _by_text(extract_page(1, raw))
    assert by["DS-2CD2143G0-I"].maker == "Hikvision" and by["DS-2CD2143G0-I"].kind == "vendor"
    assert by["NVIDIA"].kind == "chip" and by["NVIDIA"].model == "A100 80GB"


def test_pipe_table_and_brand_model_column() -> None:
    raw = (
        "序号 | 名称 | 品牌 | 规格型号 | 数量 | 单位\n----------------\n1 | 语音识别引擎 | 科大讯飞 | iFLY-ASR | 10 | 套\n\n"
        "序号\t设备名称\t品牌型号\t数量\n1\t对讲机\t海能达 PD780\t20\n"
    )
    by = _by_text(extract_page(1, raw))
    assert by["科大讯飞"].model == "iFLY-ASR" and by["科大讯飞"].maker == "iFlytek"
    assert by["海能达"].model == "PD780" and by["海能达"].maker == "Hytera"


def test_labelled_fields_in_both_scripts_and_widths() -> None:
    raw = (
        "三、中標（成交）信息\n供應商名稱：杳椿智联电子工程有限公司\n採購人：烏魯木齊市公安局\n"
        "投标人（盖章）：苒蓼数驰科技有限公司　　法定代表人或授权代表（签字）：________\n"
        "Prepared for the purchaser (采购人): 青山区教育局\n"
        "Manufacturer / integrator: Fengliao Zeyuan Information Technology Co., Ltd.\n"
        "开户银行：华夏银行股份有限公司\n"
    )
    found = extract_page(1, raw)
    _assert_quotes(raw, found)
    kinds = {m.text: m.kind for m in found}
    assert kinds["杳椿智联电子工程有限公司"] == "vendor"
    assert kinds["烏魯木齊市公安局"] == "buyer"
    assert kinds["苒蓼数驰科技有限公司"] == "vendor"  # the （盖章） tail and the signature field are left out
    assert kinds["青山区教育局"] == "buyer"
    assert kinds["Fengliao Zeyuan Information Technology Co., Ltd."] == "vendor"
    assert kinds["华夏银行股份有限公司"] == "other"


def test_label_value_cells_and_generic_name_under_heading() -> None:
    raw = (
        "采购人\t东湖县公安局\n1．采购人信息\n名称：青山区教育局\n地址：芸苒市光明路135号\n"
        "2．采购代理机构信息\n名称：荻柘恒信项目管理有限公司\n"
    )
    kinds = {m.text: m.kind for m in extract_page(1, raw)}
    assert kinds == {"东湖县公安局": "buyer", "青山区教育局": "buyer", "荻柘恒信项目管理有限公司": "agent"}


def test_people_and_placeholders_are_never_extracted() -> None:
    raw = (
        "项目联系人：赵女士\n联系方式：徐先生　0997-2722707\n法定代表人：张三\n品牌：不限\n中标人：王先生\n"
        "Client: Mr. John Smith\n"
        "中标人应提供竣工图纸；满足采购人业务需要。\n本公司承诺遵守法律。\n"
    )
    assert extract_page(1, raw) == []


def test_names_in_running_text_by_legal_form() -> None:
    raw = (
        "潜在投标人应在蒲荻诚和工程咨询有限公司（芸榆县府前街175号8楼）获取招标文件。\n"
        "由中国电子科技集团公司第五十二研究所控股；地址：芸苒市学院路135号。\n"
        "Installation is carried out by engineers of Hangzhou Hikvision Digital Technology Co., Ltd. and the "
        "Urumqi Municipal Public Security Bureau.\n"
    )
    found = extract_page(1, raw)
    _assert_quotes(raw, found)
    # A legal form says an organisation is named, not that it is a party: no label or cue, no role.
    roles = {m.text: m.role for m in found}
    assert roles == {
        "蒲荻诚和工程咨询有限公司": "other",
        "中国电子科技集团公司第五十二研究所": "other",
        "Hangzhou Hikvision Digital Technology Co., Ltd.": "other",
        "Urumqi Municipal Public Security Bureau": "other",
    }


def test_chips_in_running_text_need_a_family_or_context() -> None:
    raw = (
        "服务器配置2块英伟达 Tesla V100 GPU及Intel Xeon Gold 6248处理器；边缘盒采用Atlas 500。\n"
        "编号A100的机柜位于二楼。\n显卡：A100 80GB\n"
    )
    by = _by_text(extract_page(1, raw))
    assert by["英伟达 Tesla V100"].maker == "NVIDIA" and by["英伟达 Tesla V100"].origin == "US"
    assert by["Intel Xeon Gold 6248"].maker == "Intel" and by["Intel Xeon Gold 6248"].origin == "US"
    assert by["Atlas 500"].maker == "Huawei" and by["Atlas 500"].origin == "CN"
    bare = [m for m in by.values() if m.text.startswith("A100")]
    assert [m.text for m in bare] == ["A100 80GB"]  # the cabinet number has no chip context


def test_free_text_model_number_resolves_its_maker() -> None:
    raw = "前端采用DS-2CD2143G0-I和IPC2122LR3-PF40-A摄像机，平台为HoloSens iClient。\n"
    by = _by_text(extract_page(1, raw))
    assert {t: m.maker for t, m in by.items()} == {
        "DS-2CD2143G0-I": "Hikvision",
        "IPC2122LR3-PF40-A": "Uniview",
        "HoloSens iClient": "Huawei",
    }
    assert all(m.kind == "vendor" and m.source.startswith("model:") for m in by.values())


def test_hostile_pages_finish_quickly_with_exact_quotes() -> None:
    import random
    import time

    rng = random.Random(7)
    alphabet = "有限公司采购人：品牌型号海康威视大华英伟达 \t|()（）DS-2CD7A100T4 Co., Ltd.Limited\n0123456789"
    wide = "\t".join(["序号", "品牌", "规格型号"] + [f"列{i}" for i in range(30)])
    spaced = " ".join(["序号", "名称", "品牌", "规格型号", "说明", "备注", "产地", "参数", "数量"])
    rows = "\n".join(" ".join(["1"] + ["词"] * 40 + ["2"]) for _ in range(50))
    pages = [
        "".join(rng.choice(alphabet) for _ in range(20000)),
        wide + "\n" + "\t".join("x" * 40) * 3,
        spaced + "\n" + rows,
        "采购人：" * 3000,
        "Co., Ltd. " * 3000 + "A " * 3000,
    ]
    for raw in pages:
        started = time.perf_counter()
        found = extract_page(1, raw)
        assert time.perf_counter() - started < 5
        _assert_quotes(raw, found)


def test_template_and_sentence_values_name_no_one() -> None:
    raw = (
        "中标人：（盖章）\n采购人：详见招标文件\n供应商名称：满足招标文件要求的供应商均可参加本项目\n"
        "制造商：海康威视\n成交供应商：芸苒市某某大型综合信息技术服务有限公司\n"
    )
    kinds = {m.text: m.kind for m in extract_page(1, raw)}
    assert kinds == {"海康威视": "vendor", "芸苒市某某大型综合信息技术服务有限公司": "vendor"}


def test_english_field_value_ends_at_its_legal_form() -> None:
    raw = "Vendor: Zhejiang Dahua Technology Co., Ltd. distributor sheet\nSupplier: Limited Edition Co., Ltd.\n"
    kinds = {m.text: m.kind for m in extract_page(1, raw)}
    assert kinds.get("Zhejiang Dahua Technology Co., Ltd.") == "vendor"
    assert kinds.get("Limited Edition Co., Ltd.") == "vendor"
    assert not any("distributor" in text for text in kinds)
