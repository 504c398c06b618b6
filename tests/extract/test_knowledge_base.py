"""The industry knowledge base (assets/gazetteer/kb_*.jsonl) and the entity-recall rules that came
with it: one test per error class, on sentences written for the test."""

from __future__ import annotations

import functools
import json

import extract_helpers

from graph.extract.resources import GAZETTEER, load_resources, norm_key
from graph.model import ENTITY_TYPES

run = functools.partial(extract_helpers.run, year=2024)


def typed(out: dict) -> dict[str, str]:
    return {e["name"]: e["type"] for e in out["entities"]}


def test_kb_files_are_well_formed_and_claim_no_form_twice():
    owner: dict[str, str] = {}
    for r in map(json.loads, (GAZETTEER / "gazetteer.jsonl").read_text(encoding="utf-8").splitlines()[1:]):
        for x in [r["name"], *r["aliases"]]:
            owner.setdefault(norm_key(x), r["name"])  # the hand-kept list comes first and wins
    for f in sorted(GAZETTEER.glob("kb_*.jsonl")):
        lines = f.read_text(encoding="utf-8").splitlines()
        head = json.loads(lines[0])
        assert set(head) == {"comment"} and "public" in head["comment"].lower(), f.name  # the source note
        for line in lines[1:]:
            r = json.loads(line)
            assert r["type"] in ENTITY_TYPES and r.get("comment"), (f.name, r)
            forms = {norm_key(x) for x in [r["name"], *r["aliases"]]}
            assert set(map(norm_key, r.get("guarded", ()))) <= forms, r  # a guard names a form
            for k in forms:
                assert k not in owner, (f.name, r["name"], owner.get(k))  # one entry per form
                owner[k] = r["name"]


def test_model_developers_name_known_organisations():
    res = load_resources()
    assert res.developers["文心大模型"] == "百度" and res.developers["MiniMax-01"] == "MiniMax"
    for model, dev in res.developers.items():
        g = res.lookup(dev)
        assert g is not None and g.type in ("Company", "ResearchInstitution"), (model, dev)


def test_carmakers_in_a_list_are_companies_even_when_the_name_is_a_common_word():
    out = typed(run("本周又有多家车企宣布接入该模型，包括吉利、长城、长安和奇瑞。"))
    for name in ("吉利汽车", "长城汽车", "长安汽车", "奇瑞汽车"):
        assert out.get(name) == "Company", (name, out)


def test_guarded_words_alone_are_no_names():
    out = typed(run("登上长城的游客很多，他的理想是造出3纳米、5纳米芯片，并联想到了未来。"))
    for name in ("长城汽车", "理想汽车", "纳米", "联想"):
        assert name not in out, out
    # the same words before a company cue are names
    out = typed(run("理想汽车与联想集团昨日宣布达成合作。"))
    assert out.get("理想汽车") == "Company" and out.get("联想") == "Company", out


def test_media_source_is_a_company_but_the_common_phrase_is_not():
    assert typed(run("据投资界报道，星河算力完成新一轮融资。")).get("投资界") == "Company"
    assert "投资界" not in typed(run("投资界普遍认为这一赛道仍有机会。"))


def test_traditional_names_keep_their_original_spelling_as_alias():
    out = run("輝達執行長黃仁勳表示，聯想集團將採用新晶片。")
    ents = {e["name"]: e for e in out["entities"]}
    assert ents["英伟达"]["type"] == "Company" and "輝達" in ents["英伟达"]["aliases"]
    assert ents["黄仁勋"]["type"] == "Person" and "黃仁勳" in ents["黄仁勋"]["aliases"]


def test_government_names_holding_a_stop_word_stay_whole():
    # 成都 holds 都 and 经济和信息化 holds 和, both stop words for name stems
    out = typed(run("据成都市人民政府消息，重庆市经济和信息化委员会也发布了新的措施。"))
    assert out.get("成都市人民政府") == "GovernmentBody", out
    assert out.get("重庆市经济和信息化委员会") == "GovernmentBody", out


def test_time_words_and_verbs_do_not_open_a_name():
    out = typed(run("今天大模型的竞争很激烈，评估大语言模型的难度在上升，也有星尘科技参与。"))
    assert not any(n.startswith(("今天", "评估")) for n in out), out
    assert out.get("星尘科技") == "Company" and "有星尘科技" not in out, out


def test_bare_deepseek_is_the_company_and_its_model_cue_the_model():
    out = typed(run("DeepSeek 发布了新的推理模型，多家车企接入DeepSeek大模型。"))
    assert out.get("DeepSeek") == "Company" and out.get("DeepSeek大模型") == "AIModel", out


def test_state_platforms_and_corporate_venture_arms_are_investors():
    out = typed(run("本轮由国投集团领投，哈勃投资、小米长江产业基金跟投，星海半导体完成B轮融资。"))
    for name in ("国家开发投资集团", "哈勃投资", "小米长江产业基金"):
        assert out.get(name) == "Investor", (name, out)


def test_a_version_or_model_code_names_its_own_release_or_product_line():
    out = typed(run("星云手机搭载MagicOS 10.0，而特斯拉FSD V13与理想 i6、问界M7同台亮相。"))
    for name in ("MagicOS 10.0", "FSD V13", "理想 i6", "问界M7"):
        assert out.get(name) == "Product", (name, out)
    # a count after a carmaker is no product line
    assert not any(n.startswith("吉利汽车 ") for n in typed(run("吉利汽车 100万辆的目标达成。")))


def test_named_campaigns_and_unbracketed_titles_are_policies():
    out = typed(
        run("市经信委开展“星火燎原”专项行动，省政府印发人工智能产业集群建设指南，推进“东数西算”工程。")
    )
    assert out.get("“星火燎原”专项行动") == "Policy", out
    assert out.get("人工智能产业集群建设指南") == "Policy", out
    assert out.get("“东数西算”工程") == "Policy", out


def test_titles_in_press_usage_introduce_people():
    out = typed(run("星河研究院院长罗建明表示，公司监事钱小雨、前投资人孔凡均与此事无关。"))
    for name in ("罗建明", "钱小雨", "孔凡"):
        assert out.get(name) == "Person", (name, out)


def test_kangxi_radicals_in_the_text_fold_to_their_ideographs():
    # PDF text layers write 基金 with the Kangxi radical U+2FA6 for 金
    out = typed(run("本轮由星河基\u2fa6领投。"))
    assert out.get("星河基金") == "Investor", out


def test_a_shape_suffix_inside_a_known_longer_name_is_not_a_suffix():
    # 大模型 sits inside the product name 千帆大模型平台: no model name 百度智能云千帆大模型
    out = typed(run("开发者可以在百度智能云千帆大模型平台上调用多种模型。"))
    assert out.get("千帆大模型平台") == "Product" and out.get("百度智能云") == "Company", out
    assert not any(n.endswith("千帆大模型") for n in out), out


def test_a_development_zone_that_acts_is_a_government_body():
    out = typed(run("活动现场，杭州高新区与星河算力签署合作协议。"))
    assert out.get("杭州高新区") == "GovernmentBody", out
    assert "杭州高新区" not in typed(run("星河算力总部位于杭州高新区的园区内。"))


def test_rare_words_and_one_character_prepositions_still_open_names():
    # the lead cut takes only common leading words: 顺 (a preposition) and 千方 (a numeral) open names
    out = typed(run("，顺网科技、千方科技与晓悟智能都在布局，公司董事会的决议由董事长王明远宣布。"))
    for name in ("顺网科技", "千方科技", "晓悟智能"):
        assert out.get(name) == "Company", (name, out)
    assert out.get("王明远") == "Person" and not any(n.startswith("会") for n in out), out


def test_company_names_that_are_also_words_of_prose_need_context():
    out = typed(run("这股大模型浪潮让行业看到了曙光，星星之火也可以燎原。"))
    assert not {"浪潮信息", "中科曙光"} & set(out), out
    out = typed(run("华为、浪潮、曙光等服务器厂商的订单增长。"))  # acceptance spreads from 华为
    assert out.get("浪潮信息") == "Company" and out.get("中科曙光") == "Company", out


def test_latin_names_with_a_legal_form_are_companies():
    out = typed(run("星河科技的子公司Nebula Cloud Technology Limited与Orion Data Inc.签约。"))
    assert out.get("Nebula Cloud Technology Limited") == "Company", out
    assert out.get("Orion Data Inc.") == "Company", out


def test_a_legal_name_led_by_its_city_is_the_same_company_as_its_short_name():
    out = run("杭州星云微电子科技有限公司今日宣布完成融资。星云微电子成立于2021年。")
    names = [e["name"] for e in out["entities"] if e["type"] == "Company"]
    assert len([n for n in names if "星云微电子" in n]) == 1, names
