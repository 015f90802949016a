"""A tiny demo content module for hub tests (the shape of ``contract.demo``): two terminals, two
advisers on duty every day 08:00-20:00, a few guides and places. Names and phones are examples."""

from __future__ import annotations

STAMP = "2026-11-01T10:00:00+08:00"
EVERY_DAY = [{"weekday": d, "start": "08:00", "end": "20:00"} for d in range(7)]

DEMO_TERMINALS = [
    {
        "name": "测试终端甲",
        "place": "成都市新都区",
        "district": "成都市新都区",
        "address": "示例路 1 号",
        "lat": 30.8235,
        "lng": 104.1586,
        "datum": "gcj02",
        "village": "示例社区",
        "adviser_id": "adv-a",
    },
    {
        "name": "测试终端乙",
        "place": "绵阳市",
        "district": "绵阳市涪城区",
        "address": "示例路 2 号",
        "lat": 31.4550,
        "lng": 104.7591,
        "datum": "gcj02",
        "village": "示例村",
        "adviser_id": "adv-b",
    },
]


def load_demo_content() -> dict[str, list[dict]]:
    return {
        "categories": [
            {
                "id": "marriage",
                "name": "婚姻家庭",
                "name_en": "Marriage and family",
                "icon": "",
                "sort": 1,
            },
            {"id": "labour", "name": "劳动就业", "name_en": "Work", "icon": "", "sort": 2},
        ],
        "institutions": [
            {
                "id": "inst-aid",
                "type": "legal_aid",
                "name": "示例法律援助中心",
                "address": "示例路 10 号",
                "district": "成都市新都区",
                "lat": 30.8240,
                "lng": 104.1590,
                "datum": "gcj02",
                "phone": "028-0000-0101",
                "hours": "周一至周五 9:00-17:00",
                "services": ["法律咨询", "法律援助"],
                "updated_at": STAMP,
            },
            {
                "id": "inst-law",
                "type": "law_firm",
                "name": "示例律师事务所",
                "address": "示例路 20 号",
                "district": "绵阳市涪城区",
                "lat": 31.4560,
                "lng": 104.7600,
                "datum": "gcj02",
                "phone": "0816-0000-0102",
                "hours": "9:00-18:00",
                "services": ["代理诉讼"],
                "updated_at": STAMP,
            },
        ],
        "advisers": [
            {
                "id": "adv-a",
                "name": "王律师（示例）",
                "title": "律师",
                "institution_id": "inst-law",
                "serves": ["示例社区"],
                "duty_hours": EVERY_DAY,
                "phone": "028-0000-0201",
                "updated_at": STAMP,
            },
            {
                "id": "adv-b",
                "name": "李律师（示例）",
                "title": "律师",
                "institution_id": "inst-law",
                "serves": ["示例村"],
                "duty_hours": EVERY_DAY,
                "phone": "028-0000-0202",
                "updated_at": STAMP,
            },
        ],
        "articles": [
            {
                "id": "art-divorce",
                "category_id": "marriage",
                "title": "协议离婚要准备什么",
                "summary": "协议离婚的材料和步骤。",
                "body": "双方自愿离婚的，可以到婚姻登记机关申请。\n需要带身份证和结婚证。",
                "tags": ["离婚"],
                "law_refs": [{"law": "中华人民共和国民法典", "article": "第一千零七十六条"}],
                "media": [],
                "status": "published",
                "updated_at": STAMP,
            },
            {
                "id": "art-wages",
                "category_id": "labour",
                "title": "被拖欠工资怎么办",
                "summary": "先协商，再投诉或申请仲裁。",
                "body": "可以向劳动保障监察机构投诉，也可以申请劳动仲裁。",
                "tags": ["工资"],
                "law_refs": [{"law": "中华人民共和国劳动合同法", "article": "第三十条"}],
                "media": [],
                "status": "published",
                "updated_at": STAMP,
            },
        ],
        "announcements": [
            {
                "id": "ann-1",
                "title": "每周五下午律师值班",
                "body": "欢迎预约视频咨询。",
                "starts_at": None,
                "ends_at": None,
                "updated_at": STAMP,
            },
        ],
        "media": [],
    }
