#!/usr/bin/env python3
"""Builds wordlists/adlaw/disease_lexicon.txt: disease and symptom names beyond the hand-written
disease.txt, from shippable sources (issue 12, i12pa).

Sources:
- THUOCL (Tsinghua Open Chinese Lexicon), data/THUOCL_medical.txt, MIT licence, Copyright (c) 2018
  THUNLP, https://github.com/thunlp/THUOCL (commit a30ce79). Only words that end in a disease or
  symptom suffix (病, 炎, 症, 癌, 瘤, 综合征 …) are kept, minus the words below that are ordinary
  nouns, verbs, drugs, treatments, immunology terms, animal or plant diseases, or public-health
  vocabulary (传染病, 医院感染, 慢病) rather than a disease a product could claim to cure.
- 《中华人民共和国传染病防治法》 (2013) Art. 3, the named notifiable diseases (official text, not
  protected by copyright, PRC Copyright Law Art. 5; copy in ../shared/corpus/statutes/).

Usage: build_disease_lexicon.py THUOCL_medical.txt > wordlists/adlaw/disease_lexicon.txt
(get the file with `git show HEAD:data/THUOCL_medical.txt` in a clone of thunlp/THUOCL).
The output is sorted by THUOCL's document frequency (most frequent first), one term a line.
"""
import os
import sys

# Suffixes that make a word a disease or symptom name (longest first, so 综合征 wins over 征).
SUFFIXES = [
    '综合征', '综合症', '功能障碍', '功能不全', '功能减退', '功能亢进', '功能衰竭',
    '病', '炎', '症', '癌', '瘤', '疹', '癣', '疮', '溃疡', '结石', '硬化', '萎缩', '息肉', '囊肿', '衰竭', '疣',
    '痔', '痫', '疸', '哮喘', '贫血', '梗死', '梗塞', '栓塞', '血栓', '增生', '结节', '亢进', '狼疮', '白斑', '麻痹',
    '疝', '痹', '失眠', '便秘', '脱发', '近视', '弱视', '斜视', '过敏', '腹泻', '痴呆', '血症', '感染', '瘫', '疟',
    '痢', '中风', '耳鸣', '眩晕', '水肿', '不育', '不孕', '早泄', '阳痿', '白内障', '青光眼', '失禁', '痉挛',
    '神经痛', '头痛', '腰痛', '腿痛', '背痛', '胃痛', '牙痛', '关节痛', '关节疼痛', '骨痛', '咽喉痛', '绞痛',
]

# Multi-character suffixes that are disease or symptom names on their own (失眠, 便秘 …): kept when
# THUOCL lists them alone too. Not 感染, 硬化, 萎缩, 衰竭, 麻痹 alone (市场萎缩, 道路硬化, 麻痹大意).
ALONE = set('''
失眠 便秘 脱发 近视 弱视 斜视 过敏 腹泻 痴呆 中风 耳鸣 眩晕 水肿 不育 不孕 早泄 阳痿 白内障 青光眼 哮喘 贫血 结石 息肉 囊肿
结节 增生 血栓 狼疮 溃疡 痉挛 梗死 梗塞 栓塞 白斑 失禁 功能障碍
'''.split())

# THUOCL symptom and condition names without such a suffix, chosen by hand: specific complaints a
# product claims to relieve (口臭, 盗汗, 尿频, 打鼾), skin marks (黄褐斑, 色素斑) and TCM conditions
# (脾胃虚寒, 肾阳不足), conditions named by a lab value (高血糖, 低血压) and diseases in 风, a suffix
# left out above for 防风, 医风 (痛风, 白癜风). Not the common symptoms of everyday talk and health advice (咳嗽, 发烧, 头晕,
# 乏力, 疲劳, 疼痛) nor injuries and poisonings (骨折, 损伤, 中毒).
CHOSEN = set('''
口臭 脚臭 盗汗 虚汗 心悸 胸闷 尿频 打鼾 鼻塞 健忘 水痘 黄褐斑 雀斑 色素斑 月经失调 内分泌失调 脾胃虚寒 阳虚 阴虚 肾阳不足
肾阴不足 胃肠功能紊乱 气血失调 畏寒 高血压 高血糖 高血脂 低血糖 低血压 高尿酸 痛风 白癜风 风湿 类风湿
'''.split())

# Words with those suffixes that are not a disease a product claims to cure: everyday words and
# idioms (毛病, 通病, 诟病, 麻痹 as in 麻痹大意), verbs and drug or treatment names (消炎, 消炎痛,
# 针刺镇痛), public-health and hospital-management terms (传染病, 医院感染, 交叉感染, 慢病), generic
# classes and stages (急性病, 并发症 is kept: adverts claim it), immunology, animal and plant
# diseases, colloquial or social uses (斯德哥尔摩综合征, 空巢综合征, 红眼病), and TCM syndrome
# classes named after the six channels (太阳病 …), which would also match their first characters.
EXCLUDE = set('''
毛病 通病 弊病 语病 诟病 心病 看病 治病 生病 患病 发病 犯病 防病 得病 大病 重病 小病 老病 怪病 急病 起病 杂病 目病 狂病 郁病
传染病 流行病 地方病 常见病 多发病 疫病 职业病 慢病 急性病 慢性非传染性疾病 急性传染病 肠道传染病 乙类传染病 甲类传染病 丙类传染病
虫媒传染病 人畜共患传染病 消化道传染病 自然疫源性疾病 动物疾病 外科疾病 消耗性疾病 自限性疾病 食源性疾病 精神疾病 精神病 神经病
红眼病 富贵病 相思病 公主病 文明病 现代病 老年病 冰箱病 航空病 空巢综合征 斯德哥尔摩综合征 测验焦虑 状态焦虑
消炎 抗炎 发炎 炎炎 适应症 禁忌症 对症 急症 重症 轻症 危重症 病症 血症 毒症 热症 寒症 湿症 湿热症
毒瘤 根瘤 杂交瘤 锈病 软腐病 黑穗病 白点病 口蹄病 牛疫 病毒病 猪链球菌病 犬钩端螺旋体病 疯牛病 蟾皮病
麻痹 医院感染 交叉感染 医院内感染 医源性感染 继发感染 继发性感染 二次感染 二重感染 重复感染 混合感染 机会感染 隐性感染 显性感染
全身感染 局部感染 外源性感染 内源性感染 垂直感染 全身性感染 烧伤感染
扑热息痛 消炎痛 消心痛 索密痛 索米痛 灭湿痛 针刺镇痛 术后镇痛 和胃止痛 舒筋定痛 止痛 镇痛
太阳病 少阳病 太阴病 少阴病 厥阴病 三阳合病 卫气同病 心火上炎 肝火上炎
截瘫 高位截瘫 四肢瘫 骨折病 恋物症 露阴症 摩擦症 温疫 绞痛 骨痛
'''.split())

# Named in the Law on the Prevention and Control of Infectious Diseases, Art. 3, and not already
# in THUOCL's list under the suffixes above.
STATUTE = ['霍乱', '梅毒', '疟疾', '百日咳', '白喉', '破伤风', '猩红热', '登革热', '炭疽', '痢疾', '流行性出血热', '包虫病']


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    here = os.path.dirname(os.path.abspath(__file__))
    curated = set()
    with open(os.path.join(here, '..', 'wordlists', 'adlaw', 'disease.txt'), encoding='utf-8') as f:
        for line in f:
            t = line.split('#')[0].strip()
            if t:
                curated.add(t)
    rows = []
    with open(sys.argv[1], encoding='utf-8') as f:
        for line in f:
            parts = line.rstrip('\n').split('\t')
            if len(parts) != 2 or not parts[0].strip():
                continue
            rows.append((parts[0].strip(), int(parts[1])))
    out, seen = [], set(curated)
    for w, _ in rows:
        if w in seen or w in EXCLUDE or '免疫' in w:
            continue
        if w in ALONE or w in CHOSEN or any(w.endswith(s) and len(w) > len(s) for s in SUFFIXES):
            out.append(w)
            seen.add(w)
    for w in STATUTE:
        if w not in seen:
            out.append(w)
            seen.add(w)
    print('# Disease and symptom names (partners of AD150, AD109, AD216 beside disease.txt), one a line.')
    print('# Built by scripts/build_disease_lexicon.py from THUOCL data/THUOCL_medical.txt (MIT licence,')
    print('# Copyright (c) 2018 THUNLP, https://github.com/thunlp/THUOCL) and the diseases named in')
    print('# 《传染病防治法》 Art. 3 (official text); terms already in disease.txt are left out.')
    for w in out:
        print(w)


if __name__ == '__main__':
    main()
