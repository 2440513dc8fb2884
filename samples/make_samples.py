"""Regenerate the sample documents (fictional places, projects and amounts; real vendor names as they appear in
published procurement notices). Run from the repository root: python3 -m samples.make_samples"""

from __future__ import annotations

from pathlib import Path

import docx

from tests.synthetic import write_pdf

HERE = Path(__file__).resolve().parent / "documents"

TENDER = """溪口县公共安全视频监控二期建设项目招标公告
项目编号：XKZFCG-2025-017
采购人：溪口县公安局
预算金额：2360.00万元（人民币）
一、采购需求
1. 前端感知：新建高清人脸抓拍卡口120路，支持人脸比对与布控预警；
2. 在宗教活动场所（清真寺）出入口部署人员统计摄像机，实现宗教场所人员流量监测；
3. 平台须支持少数民族人员识别，对维吾尔族等重点群体实时预警；
4. 建设电子围栏与WiFi探针，采集手机MAC地址和IMSI信息；
5. 车辆卡口具备车牌识别、车辆轨迹分析功能。
二、其他
学校名称：溪口县民族中学（本项目不涉及该校）。
"""

AWARD_HTML = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>溪口县智慧安防项目中标结果公告</title>
<script>console.log('portal tracker')</script></head>
<body><div class="vF_detail_content">
<h2>溪口县智慧安防项目中标（成交）结果公告</h2>
<p>项目编号：XKZFCG-2025-021</p>
<p>采购人名称：溪口县公安局</p>
<p>中标供应商名称：杭州海康威视数字技术股份有限公司</p>
<p>中标金额：1,285.60万元</p>
<h3>主要标的信息</h3>
<table>
<tr><th>序号</th><th>名称</th><th>品牌</th><th>规格型号</th><th>数量</th></tr>
<tr><td>1</td><td>人脸识别服务器</td><td>海康威视</td><td>iDS-VS1100-A/GPU</td><td>4</td></tr>
<tr><td>2</td><td>GPU计算卡（英伟达 Tesla T4）</td><td>NVIDIA</td><td>Tesla T4 16GB</td><td>16</td></tr>
<tr><td>3</td><td>网络摄像机</td><td></td><td>DS-2CD3T47WDV3-L</td><td>300</td></tr>
</table>
<p>人脸分析平台支持人员属性识别（性别、年龄、民族），支持一人一档与人员轨迹查询。</p>
<p>代理机构：溪口县公共资源交易中心；开户银行：大华银行（中国）有限公司。</p>
</div></body></html>
"""

SPEC_PAGES = [
    [
        "Model iDS-VS1100 Face Analysis Server (sample specification)",
        "Vendor: Zhejiang Dahua Technology Co., Ltd. distributor sheet",
        "Processor: 2 x Intel Xeon Silver 4210; Accelerator: 4 x NVIDIA Tesla T4",
        "Face attributes: age, gender, glasses, mask, ethnic minority (Uighur) alert",
        "Supports emotion recognition and micro-expression analysis in interview rooms.",
    ],
    [
        "Integration: watch-list control of key persons, trajectory search,",
        "voiceprint collection terminal, gait recognition module.",
        "Licence plate recognition at checkpoints; vehicle trajectory analysis.",
    ],
]


def main() -> None:
    (HERE / "tender-xikou.txt").write_bytes(TENDER.encode("gb18030"))
    (HERE / "award-xikou.html").write_text(AWARD_HTML, encoding="utf-8")
    write_pdf(HERE / "spec-sheet.pdf", SPEC_PAGES)
    document = docx.Document()
    document.add_paragraph("溪口县教育转化中心安防设备技术参数表")
    table = document.add_table(rows=3, cols=3)
    for row, cells in zip(
        table.rows,
        [
            ("序号", "设备", "技术要求"),
            ("1", "监舍摄像机", "转化学员行为分析，支持异常聚集报警"),
            ("2", "声纹采集终端", "采集语音样本，建立声纹库"),
        ],
    ):
        for cell, text in zip(row.cells, cells):
            cell.text = text
    document.save(HERE / "params-xikou.docx")


if __name__ == "__main__":
    main()
