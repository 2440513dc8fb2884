"""The matcher on wording the dev corpus does not contain: scripts, widths, line breaks, English variants, benign
contexts. Every quote must be the raw text at its offsets."""

from __future__ import annotations

import random

import pytest

from oversight.detect.literals import Literals
from oversight.detect.matcher import match_text
from oversight.detect.taxonomy import FLAGS
from oversight.detect.view import build_view
from oversight.text.anchors import anchors

FIRES = [
    # ethnicity
    ("前端抓拍机需支持維吾爾族人臉屬性識別", "ethnicity"),
    ("系统可对画面中的维\n吾尔族人员自动标注", "ethnicity"),
    ("★支持对抓拍人脸进行民族属性判断，至少可区分维吾尔族与汉族", "ethnicity"),
    ("视频结构化：可输出人员的性别、年龄、民族、发型、衣着颜色等信息", "ethnicity"),
    ("行人属性：性别、年龄、帽子、民族等20余种属性", "ethnicity"),
    ("可识别目标人员是否为维吾尔族", "ethnicity"),
    ("发现疑似维族人员时，系统自动向民警推送预警信息", "ethnicity"),
    ("统计各卡口通过的少数民族人员数量", "ethnicity"),
    ("藏族人员重点比对", "ethnicity"),
    ("ＵＹＧＨＵＲ　ＡＬＡＲＭ", "ethnicity"),
    ("camera analytics flag Uighurs in crowds", "ethnicity"),
    ("Algorithm can classify faces by race (Uyghur, Han, Tibetan)", "ethnicity"),
    ("Race attribute: Asian / Uyghur / other", "ethnicity"),
    ("The system shall raise an alert whenever a Uyghur face is detected", "ethnicity"),
    ("ethnic minority detection module", "ethnicity"),
    ("Uigur-recognition", "ethnicity"),
    # religion
    ("在全縣清真寺安裝高清攝像機", "religion"),
    ("清真\n寺周边视频监控点位", "religion"),
    ("对辖区内礼拜寺安装视频探头并接入公安视频专网", "religion"),
    ("宗教场所人员进出人脸抓拍", "religion"),
    ("阿訇及宗教人士动态管控", "religion"),
    ("礼拜人数统计", "religion"),
    ("Install facial recognition gates at the entrances of mosques", "religion"),
    ("Cameras covering every mosque in the county", "religion"),
    ("monitoring of prayer activities", "religion"),
    # detention
    ("轉化培訓中心視頻監控", "detention"),
    ("某县教育转化培训中心安防监控系统采购", "detention"),
    ("教培中心围墙周界报警系统", "detention"),
    ("职业技能教育培训服务中心周界报警", "detention"),
    ("去极端化学习班监控", "detention"),
    ("Security upgrade for the re-education centre", "detention"),
    ("vocational skills education and training center perimeter", "detention"),
    ("internment camp perimeter lighting", "detention"),
    # person-tracking
    ("重點人員軌跡分析", "person-tracking"),
    ("重点人\n员管控平台", "person-tracking"),
    ("涉稳重点人员动态轨迹管控", "person-tracking"),
    ("對重點人口實施一人一檔管理", "person-tracking"),
    ("人员落脚点分析", "person-tracking"),
    ("上访人员进京预警", "person-tracking"),
    ("涉恐人员比对", "person-tracking"),
    ("trajectory reconstruction of suspects", "person-tracking"),
    ("track the movements of key individuals", "person-tracking"),
    ("watch-list alerts", "person-tracking"),
    ("people of interest", "person-tracking"),
    # phone-surveillance
    ("部署WIFI探针，采集周边手机MAC地址", "phone-surveillance"),
    ("手機MAC採集", "phone-surveillance"),
    ("IMSI码采集设备（侦码设备）", "phone-surveillance"),
    ("电子围\n栏采集手机特征码", "phone-surveillance"),
    ("手机信息采集门", "phone-surveillance"),
    ("Wi-Fi sniffers and IMSI catchers", "phone-surveillance"),
    ("cellphone IMSI harvesting", "phone-surveillance"),
    ("Wi-Fi probes collect MAC addresses of passing phones", "phone-surveillance"),
    # biometrics
    ("声纹识别系统", "biometrics"),
    ("步態識別", "biometrics"),
    ("全民健康体检DNA采集", "biometrics"),
    ("人员虹膜信息采集", "biometrics"),
    ("gait-recognition", "biometrics"),
    ("iris scanner", "biometrics"),
    ("DNA database", "biometrics"),
    # emotion
    ("审讯室情绪分析系统", "emotion"),
    ("情緒識別", "emotion"),
    ("面部表情分析", "emotion"),
    ("emotion analytics for interrogation", "emotion"),
    ("micro expressions", "emotion"),
    # face-recognition
    ("人 脸 识 别", "face-recognition"),
    ("人臉比對", "face-recognition"),
    ("动态人像识别系统", "face-recognition"),
    ("人证核验终端", "face-recognition"),
    ("FACIAL-RECOGNITION", "face-recognition"),
    ("face-capture cameras", "face-recognition"),
    # vehicle-tracking
    ("車牌識別", "vehicle-tracking"),
    ("车牌\n识别", "vehicle-tracking"),
    ("高清卡口系统", "vehicle-tracking"),
    ("过车记录查询", "vehicle-tracking"),
    ("licence-plate recognition", "vehicle-tracking"),
    ("plate-recognition cameras", "vehicle-tracking"),
    ("ANPR", "vehicle-tracking"),
]

# Text that must raise nothing at all, or (second element) not the named category.
QUIET = [
    ("民族中学学生食堂改造", None),
    ("民族团结进步宣传", None),
    ("民族品牌优先", None),
    ("铸牢中华民族共同体意识", None),
    ("新疆维吾尔自治区财政厅", None),
    ("维吾尔医医院", None),
    ("少数民族文字出版物", None),
    ("少数民族地区教育发展", None),
    ("员工信息：姓名、性别、民族、出生日期、学历", None),
    ("人口普查民族统计表", None),
    ("新疆维吾尔自治区公安厅人脸识别平台", "ethnicity"),
    ("维吾尔语语音识别引擎", "ethnicity"),
    ("宁夏回族自治区人民政府办公厅视频会议系统", "ethnicity"),
    ("民族路与人民路交叉口车牌识别卡口", "ethnicity"),
    ("students of ethnic minority background receive scholarships", None),
    ("personal information such as race or ethnicity shall be protected", None),
    ("The race to the bottom", None),
    ("清真食堂监控摄像头", "religion"),
    ("清真寺维修工程", None),
    ("伊斯兰教经学院教学设备", None),
    ("礼拜一至礼拜五值班", None),
    ("科技成果转化中心运营", None),
    ("技术转移转化中心", None),
    ("职业技能培训学校", None),
    ("脉冲电子围栏周界报警", None),
    ("张力电子围栏", None),
    ("GPS车辆定位电子围栏", None),
    ("交换机支持MAC地址学习", None),
    ("无线门磁探测器", None),
    ("无线烟感探测器", None),
    ("数据门户网站", None),
    ("手机充电柜", None),
    ("machine-readable passport", None),
    ("康复科步态分析训练系统", None),
    ("语音识别引擎", None),
    ("DNA提取试剂盒", None),
    ("Auto-iris, DC-drive", None),
    ("and national standards", None),
    ("舆情情感分析", None),
    ("情绪管理讲座", None),
    ("interface", None),
    ("Surface pro", None),
    ("学校门口卡通人偶表演活动", None),
    ("车辆识别代号（VIN）", None),
    ("卡口式灯座", None),
    ("96-well plate reader", None),
    ("key personnel of the bidder", None),
    ("IP blacklist", None),
    ("轨迹球键盘", None),
    ("4G布控球", None),
    ("重点人群健康管理", None),
    ("井下人员定位系统可查询人员轨迹", None),
    ("出差同行人员", None),
]


@pytest.mark.parametrize(("text", "category"), FIRES)
def test_capability_is_found(text: str, category: str) -> None:
    assert category in {m.category for m in match_text(text)}


@pytest.mark.parametrize(("text", "category"), QUIET)
def test_benign_text_stays_quiet(text: str, category: str | None) -> None:
    raised = [(m.category, m.quote) for m in match_text(text) if category in (None, m.category)]
    assert not raised


@pytest.mark.parametrize(("text", "category"), FIRES)
def test_quotes_are_raw_text_at_their_offsets(text: str, category: str) -> None:
    for match in match_text(text):
        assert text[match.start : match.end] == match.quote and match.quote.strip() == match.quote
        assert match.quote in match.context


def test_benign_context_suppresses_only_the_overlapping_hit() -> None:
    near = "县民族中学人脸识别门禁；另：系统支持维族人员识别预警"
    assert [m.quote for m in match_text(near) if m.category == "ethnicity"] == ["维族人员识别预警"]


def test_a_rule_fires_once_per_page_at_its_first_occurrence() -> None:
    page = "1 人脸识别服务器\n2 人脸识别算法\n3 人脸抓拍机"
    [face] = [m for m in match_text(page) if m.category == "face-recognition"]
    assert face.quote == "人脸识别" and face.start == 2


def test_context_is_the_row_or_wrapped_sentence() -> None:
    page = (
        "序号 名称 技术要求\n1 平台 支持与现有视频会议系统对接\n2 平台 支持维族人员实时预警功能\n3 存储 RAID 5\n"
        "• The platform shall support a Wi-Fi sniffer to\ncollect MAC addresses during trial operation.\n"
    )
    contexts = {m.category: m.context for m in match_text(page)}
    assert contexts["ethnicity"] == "2 平台 支持维族人员实时预警功能"
    assert contexts["phone-surveillance"].endswith("collect MAC addresses during trial operation.")


def test_list_items_are_separate_contexts() -> None:
    page = "采购需求：\n1．支持維族人員實時預警功能\n2．人脸抓拍机 40 台\n3．UPS 电源"
    assert {m.category: m.context for m in match_text(page)} == {
        "ethnicity": "1．支持維族人員實時預警功能",
        "face-recognition": "2．人脸抓拍机 40 台",
    }


def test_english_words_need_boundaries_but_take_inflections() -> None:
    assert not match_text("the surface temperature and interface")
    assert {m.quote for m in match_text("Facial recognitions")} == {"Facial recognitions"}
    assert match_text("non-Uyghur alarms")[0].quote == "Uyghur alarms"


def test_view_drops_whitespace_and_folds_script_and_width() -> None:
    raw = "人脸\n識別 Wi-\nFi  ＩＭＳＩ；維吾爾"
    view = build_view(raw)
    assert view.text == "人脸识别wifiimsi\n维吾尔"
    for i, char in enumerate(view.text):
        assert build_view(raw[view.raw_index[i]]).text in (char, "\n")


def test_view_offsets_map_back_for_random_text() -> None:
    rng = random.Random(7)
    alphabet = "人脸識別 \n\t-ＡaB，。维吾尔\u3000\u00ad"
    for _ in range(200):
        raw = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        view = build_view(raw)
        assert len(view.raw_index) == len(view.text)
        assert all(view.raw_index[i] < view.raw_index[i + 1] for i in range(len(view.text) - 1))
        assert all(
            (raw[k].strip() or view.text[i] == "\n") and raw[k] != "\u00ad" for i, k in enumerate(view.raw_index)
        )


def test_a_gap_does_not_cross_a_line_break_between_english_lines() -> None:
    assert not match_text("Lobby signage in Tibetan\nAlarm panel with 8 zones")
    assert not match_text("Door sign in Kazakh  \r\n  warning light on the roof")
    assert not match_text("Door sign in Kazakh\n- warning light on the roof")
    assert [m.quote for m in match_text("Door sign: Kazakh warning light")] == ["Kazakh warning"]


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        ("facial recog-\nnition module", "facial recog-\nnition"),
        ("facial recog- \r\n  nition module", "facial recog- \r\n  nition"),
        ("支持藏族人\n员识别", "藏族人\n员识别"),
        ("部署I\nMSI采集设备", "I\nMSI采集"),
    ],
)
def test_terms_broken_over_lines_still_join(text: str, quote: str) -> None:
    assert quote in [m.quote for m in match_text(text)]


def test_view_marks_line_breaks_of_english_lines_only() -> None:
    assert build_view("two words\nnext line").text == "twowords\nnextline"
    assert build_view("ends here.\nNext").text == "endshere\nnext"
    assert build_view("中文行\nLatin line\n中文").text == "中文行latinline中文"
    assert build_view("Wi-\nFi probe").text == "wifiprobe"


def test_a_match_inside_another_of_its_category_is_left_out() -> None:
    matches = match_text("前端设备：少数民族人脸属性识别；出入口人脸属性抓拍")
    assert [m.quote for m in matches if m.category == "ethnicity"] == ["少数民族人脸属性识别"]
    assert [m.quote for m in matches if m.category == "face-recognition"] == ["人脸属性"]
    overlapping = match_text("对过往行人进行少数民族身份比对")
    assert [m.quote for m in overlapping] == ["行人进行少数民族", "少数民族身份比对"]


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("(维吾尔|维族|uyghurs?).{0,4}(识别|预警)", {"uyghur", "维吾尔", "维族"}),
        ("[维伟]吾尔", {"维吾尔", "伟吾尔"}),
        ("民族.{0,4}(属性|识别)", {"民族"}),
        ("key (persons? | individuals?)", {"keyperson", "keyindividual"}),
        ("(?:维吾尔族?|维族)[/|]{1,2}汉族", {"维吾尔/", "维吾尔|", "维族/", "维族|", "维吾尔族/", "维吾尔族|"}),
        ("x? .{0,3}", set()),
    ],
)
def test_anchors_are_required_literals(pattern: str, expected: set[str]) -> None:
    assert anchors(pattern, FLAGS) == expected


def test_literals_find_what_a_naive_search_finds() -> None:
    rng = random.Random(3)
    words = ["人脸", "人脸识别", "mac", "macaddress", "维族", "族人", "aa", "aaa"]
    literals = Literals({w: w for w in words})
    for _ in range(100):
        text = "".join(rng.choice("人脸识别维族macdrs a") for _ in range(rng.randint(0, 40)))
        view = build_view(text)
        found = sorted((s, e) for s, e, _ in literals.find(view.text, view.codes))
        naive = sorted((i, i + len(w)) for w in words for i in range(len(view.text)) if view.text.startswith(w, i))
        assert found == naive


def test_a_homonym_needs_its_context_in_the_same_sentence() -> None:
    assert "vehicle-tracking" in {m.category for m in match_text("在进城卡口部署高清抓拍摄像机")}
    assert "vehicle-tracking" not in {m.category for m in match_text("该河段为卡口。抓拍摄像机另行采购")}


def test_a_denial_drops_only_the_statement_it_denies() -> None:
    page = "The vendor confirmed it does not perform facial recognition.\nThe cameras support face matching."
    [face] = [m for m in match_text(page) if m.category == "face-recognition"]
    assert face.quote == "face matching"


def test_every_statement_is_kept_and_specification_text_ranks_first() -> None:
    page = "Uyghur Detection Analytics\n\n1. 平台支持识别行人的种族属性（如维族、汉族）\n2. 种族属性识别准确率不低于90%"
    ethnic = [m for m in match_text(page) if m.category == "ethnicity"]
    quotes = [q for m in ethnic for q in m.quotes]
    assert len(quotes) >= 3
    best = {m.rule: m for m in ethnic}["ethnicity/ethnic-attribute"]
    assert best.kind == "spec" and best.quotes[0].quote == best.quote
    assert all(page[q.start : q.end] == q.quote for q in quotes)


def test_face_recognition_that_profiles_is_one_ethnicity_finding() -> None:
    page = "Police use facial recognition to identify Uighurs.\nThe lobby has face recognition gates."
    found = [(m.category, m.quote) for m in match_text(page)]
    assert ("ethnicity", "recognition to identify Uighurs") in found
    assert [q for c, q in found if c == "face-recognition"] == ["face recognition"]


@pytest.mark.parametrize(
    "text",
    [
        "Supports not less than 16 channels of face recognition.",
        "No additional licence is required for face recognition.",
        "The system does not require a network, and supports facial recognition.",
        "本系统不支持远程升级，支持人脸识别",
    ],
)
def test_a_denial_of_something_else_leaves_the_capability(text: str) -> None:
    assert "face-recognition" in {m.category for m in match_text(text)}
