//! Precision: ordinary prose must stay quiet with the bundled packs.
//!
//! - `tests/data/false_positives.txt`: hand-written everyday sentences (news, recipes, statute style,
//!   travel, tech, daily life) full of words a naive matcher flags (最近, 第一次, 国家级自然保护区 …);
//!   none may produce a finding at severity warning or error.
//! - `../shared/corpus/statutes` (beside the project, see its README): 1,052 PRC laws and
//!   regulations; none may produce a finding at severity error.

use std::path::{Path, PathBuf};

use hegui::detect::Engine;
use hegui::model::{Finding, Severity};
use hegui::report::FileStatus;
use hegui::scan::Scanner;

mod common;

const SENTENCES: &str = include_str!("data/false_positives.txt");

/// Minimum number of sentences the data file must hold.
const MIN_SENTENCES: usize = 80;

fn scanner() -> Scanner {
    Scanner::from_engine(Engine::builtin().unwrap_or_else(|e| panic!("bundled packs load: {e}")))
}

fn show(f: &Finding) -> String {
    format!(
        "{}:{}:{} {} [{}] {:?} (term {:?}) in {:?}",
        f.path, f.start.line, f.start.column, f.rule, f.severity, f.matched, f.term, f.context.text
    )
}

fn sentences() -> Vec<(usize, &'static str)> {
    SENTENCES
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

#[test]
fn ordinary_sentences_have_no_warnings() {
    let sentences = sentences();
    assert!(
        sentences.len() >= MIN_SENTENCES,
        "false_positives.txt has {} sentences, want at least {MIN_SENTENCES}",
        sentences.len()
    );
    let scanner = scanner();
    let mut offenders = Vec::new();
    for (line, s) in &sentences {
        let report = scanner.scan_bytes("sentence.txt", s.as_bytes());
        for f in report.findings.iter().filter(|f| f.severity >= Severity::Warning) {
            offenders.push(format!("false_positives.txt:{line}: {s}\n    {}", show(f)));
        }
    }
    assert!(
        offenders.is_empty(),
        "{} finding(s) at severity ≥ warning in ordinary sentences:\n{}",
        offenders.len(),
        offenders.join("\n")
    );
}

/// Encyclopedic sentences (issue 12, round i12u): superlatives and designations stated as facts,
/// the way encyclopedias and news describe firms, hospitals, universities and places. Kept here
/// rather than in `data/false_positives.txt`, which the claim-model trainer reads as negatives:
/// these sentences test the rules and the context logic, and must not move the models.
const ENCYCLOPEDIC: [&str; 8] = [
    // a size or rank claim with its data source or ranking in the sentence (AD011, AD009)
    "据市场研究机构统计，该公司2022年的动力电池装机量全球最大。",
    "英国《银行家》杂志排行榜显示，该行按一级资本计为全球最大的银行。",
    "该院是三级甲等综合医院，在复旦版中国医院排行榜中连续多年位居第一。",
    // a poll told (AD003)
    "该剧在年度网络投票中被评为最受欢迎的电视剧。",
    // the names of national programmes (AD002)
    "该校拥有3个国家级重点学科和2个国家级实验教学示范中心。",
    "医院现有国家级临床重点专科8个。",
    // a nickname in quotation marks (context: nicknamed)
    "华山以险峻著称，有“奇险天下第一山”之称。",
    // a drug's approved indication (AD150)
    "该药于2021年获批用于治疗阿尔茨海默病。",
];

/// Adverts of the same shapes, which must still be flagged by the rule named.
const ENCYCLOPEDIC_ADS: [(&str, &str); 4] = [
    ("今日发布的全球最大屏手机，限时优惠。", "AD011"),
    ("本店销量全国第一，欢迎选购。", "AD003"),
    ("国家级品质，值得您信赖。", "AD002"),
    ("我们的茶是“天下第一茶”，限时特价。", "AD003"),
];

#[test]
fn encyclopedic_facts_have_no_warnings_and_adverts_of_the_same_shape_still_do() {
    assert_quiet_and_caught("encyclopedic sentences", &ENCYCLOPEDIC, &ENCYCLOPEDIC_ADS);
}

/// Consumer reviews and news (issue 12, round i12zn: shapes seen in real hotel and shop reviews and
/// sina news): a word inside a longer word (重返租赁, 看上去皱巴巴), a statistic's or a parameter's
/// extreme, a product's own strongest point, a chain's name, a term defined, a delivery told as past,
/// a complaint's superlative. Kept out of `data/false_positives.txt` for the reason given at
/// `ENCYCLOPEDIC`.
const REVIEWS_AND_NEWS: [&str; 12] = [
    "今年多家企业重返租赁市场。",
    "该项目成为京城涨幅最大的在售楼盘。",
    "相机支持最大4288×2848分辨率的图片。",
    "做工不整齐，看上去皱巴巴的。",
    "幸福是分享分享，幸福是共赴患难。",
    "入住最佳西方酒店，服务方面比去年有进步。",
    "需要组队3个人以上才可以做任务。",
    "保本理财产品是指银行承诺到期返还本金的理财产品。",
    "不错是正品，昨天晚上下单，今天下午就到了，这速度真是无与伦比啊！",
    "买过那么多次苹果，这次是最不好的一次，下单第二天就到了。",
    "这款手机最大的亮点，就在于它的智能拨号功能。",
    "唯一有一点不太喜欢的是，微信不能同时登录。",
];

/// Adverts of the same shapes, which must still be flagged by the rule named.
const REVIEWS_AND_NEWS_ADS: [(&str, &str); 7] = [
    ("5年保底返租40%，即买即租。", "AD125"),
    ("今天下单，明天送达，无与伦比的速度！", "AD005"),
    ("这款手机是全网最大屏，限时特价。", "AD010"),
    ("本店最吸引人的度假胜地，立即预订！", "AD008"),
    ("转发这篇文章，家人会平安幸福。", "PL022"),
    ("专业去皱，立即预约。", "AD174"),
    ("保本理财，年化收益8%，立即购买！", "AD121"),
];

#[test]
fn reviews_and_news_have_no_warnings_and_adverts_of_the_same_shape_still_do() {
    assert_quiet_and_caught("reviews and news", &REVIEWS_AND_NEWS, &REVIEWS_AND_NEWS_ADS);
}

/// Food-delivery reviews and Weibo posts (issue 12, round i12zo): a complaint about the order (难吃,
/// 还没到, 才送到, 很不满意) or a superlative grading a word of blame (史无前例的难吃); a bare repost
/// (Weibo's default 转发微博 after attributions and emoticons); 看 with its own object (赶紧看书); a
/// rhetorical 加V谁. Kept out of `data/false_positives.txt`
/// for the reason given at `ENCYCLOPEDIC`.
const DELIVERY_AND_WEIBO: [&str; 13] = [
    // i12zx: a complaint telling of a seller's diversion or broken reward promise, a reviewer's
    // choice among the dishes and the options at hand, advice shared (not kept in the packs'
    // examples, which train the claim models).
    "电话打不进去，语音提示加微信查询，加微信后咨询无回复。",
    "上次说好评返现金，结果好评骗到了，没见返现金！",
    "与青年中心合作举办讲座，与青年分享健康生活经验。",
    "送货很快，最好吃的是牛蛙，其他都不错，谢谢～",
    "牛肉蔬菜拌饭是辣的。这家还是宇宙饼最好吃。",
    "jd已经不再是最具竞争力的供货商了",
    "点的扁豆焖面，还有极品状元粥，这三样真是难吃到无话可说。",
    "宇宙级蜗牛送餐速度，共花2.5小时，并且还没到。",
    "送了2个小时才送到，也是史无前例了！很不满意，味道太辣。",
    "毛血旺更是史无前例的难吃。",
    "[泪][泪][泪]//@某某某:转发微博",
    "这像素不是一般的渣啊，还是赶紧看书吧。",
    "王也加v谁不会自己来V",
];

/// Adverts of the same shapes, which must still be flagged by the rule named.
const DELIVERY_AND_WEIBO_ADS: [(&str, &str); 9] = [
    ("有问题加我微信：abc_123456，投诉电话见文末。", "PL019"),
    ("五星好评加晒图，截图发客服领取红包。", "PL031"),
    ("转发这篇文章，家人会平安健康。", "PL022"),
    ("最好吃的是本店招牌烤鸭，现在下单立减10元！", "AD001"),
    ("极品状元粥，宇宙级美味，现在下单立减10元！", "AD001"),
    ("史无前例的低价，今天下单立减10元！", "AD005"),
    ("[泪]//@某某:转发本条微博并关注我们，就能领取现金红包！", "PL002"),
    ("删前赶紧看！这份名单你一定要知道。", "PL008"),
    ("加V详聊。", "PL044"),
];

#[test]
fn delivery_reviews_and_weibo_posts_have_no_warnings_and_adverts_of_the_same_shape_still_do() {
    assert_quiet_and_caught("delivery reviews and weibo posts", &DELIVERY_AND_WEIBO, &DELIVERY_AND_WEIBO_ADS);
}

/// Health explainers and admission rules (review-ah: real sentences from public pages with the key
/// words of AD217, AD220 and AD222 of round i12zl): a lab value in a conditional (如果…降到…的程度), an
/// organ that clears waste by filtering, a priority admitted under equal conditions. Kept out of
/// `data/false_positives.txt` for the reason given at `ENCYCLOPEDIC`.
const HEALTH_AND_ADMISSION_RULES: [&str; 3] = [
    "如果只是刚好把血压降到“<140/90mmHg”的程度，那么，我们的心血管系统可能仍然在承受着一定的慢性损害！",
    "肾脏则通过过滤血液来清除体内废物。",
    "有3类考生在与其他考生同等条件下可优先录取，审核办法与加分相同。",
];

/// Adverts of the same shapes, which must still be flagged by the rule named.
const HEALTH_AND_ADMISSION_ADS: [(&str, &str); 4] = [
    ("吃了两盒，血糖稳定了，血压也降下来了！", "AD217"),
    ("每天一包，排除体内湿毒。", "AD220"),
    ("清除血管垃圾，溶解斑块，给血管洗个澡。", "AD220"),
    ("内部渠道，保证优先录取。", "AD222"),
];

#[test]
fn health_explainers_and_admission_rules_have_no_warnings_and_adverts_of_the_same_shape_still_do() {
    assert_quiet_and_caught(
        "health explainers and admission rules",
        &HEALTH_AND_ADMISSION_RULES,
        &HEALTH_AND_ADMISSION_ADS,
    );
}

/// News headlines (i12nw: NLPCC 2017 Toutiao headlines) that ask which thing is the best (谁最强？,
/// 哪种最好吃？): a question that picks among things, not a claim. Kept out of
/// `data/false_positives.txt` for the reason given at `ENCYCLOPEDIC`.
const HEADLINE_QUESTIONS: [&str; 4] = [
    "第一次世界大战国家实力谁最强？",
    "哪种馅儿的包子最好吃？",
    "浓眉哥发NBA各时代最佳阵容，哪一代最强？",
    "煮酒谈三国，谁是你的天下第一",
];

/// A numbered institution in a news headline (i12nw): 第一 in its proper name is not a ranking.
const NUMBERED_INSTITUTIONS: [&str; 3] =
    ["娄底市第一人民医院引资调查：求解混合所有制改革", "县第一中学今年高考成绩公布", "北京大学第一医院专家做客节目"];

/// Adverts of the same shape, which must still be flagged by the rule named: a "first hospital"
/// or "first laboratory" with no place word before it is a ranking (review of i12nw).
const NUMBERED_INSTITUTION_ADS: [(&str, &str); 2] =
    [("本院口碑全市第一，欢迎预约体检！", "AD009"), ("全省第一医院级别的体检服务，限时特价99元，立即预约", "AD009")];

#[test]
fn numbered_institutions_have_no_warnings_and_adverts_of_the_same_shape_still_do() {
    assert_quiet_and_caught("numbered institutions", &NUMBERED_INSTITUTIONS, &NUMBERED_INSTITUTION_ADS);
}

#[test]
fn a_first_laboratory_with_no_place_before_it_is_still_a_ranking() {
    // Info in a neutral line (the advertising context raises it), but reported: 第一实验 alone is no
    // institution's name (review of i12nw).
    let report = scanner().scan_bytes("claim.txt", "我们拥有亚洲第一实验室，品质保障".as_bytes());
    assert!(
        report.findings.iter().any(|f| &*f.rule == "AD009"),
        "no AD009: {:?}",
        report.findings.iter().map(show).collect::<Vec<_>>()
    );
}

/// Notices (review of i12nw) with the words of PL049's benefit shape: a deadline after which a claim
/// lapses (逾期视为弃权) and a plan's allowance reset each month are not the rumour that a benefit
/// "will be cleared".
const BENEFIT_NOTICES: [&str; 3] = [
    "请符合条件的农户于12月20日前申领耕地地力保护补贴，逾期视为弃权。",
    "套餐内流量额度月底清零，不结转下月。",
    "晚上不关WiFi会危害健康吗？",
];

/// Rumours (review of i12nw) that ask only a tag question (你知道吗？ 你还敢吃吗？), name a drug
/// sprayed on a food rather than taken, or cite an expert's 说法: still rumours.
const RUMOURS_WITH_TAGS: [(&str, &str); 5] = [
    ("小龙虾原来是一种虫子，你知道吗？", "PL048"),
    ("桃子和西瓜千万不能一起吃，会产生剧毒，你还敢吃吗？", "PL049"),
    ("紧急通知：香蕉都打了药，暂时别吃，已有3人感染死亡！", "PL049"),
    ("按专家的说法，晚上不关WiFi会危害健康。", "PL049"),
    ("统筹额度月底就要清零，赶紧去用。", "PL049"),
];

#[test]
fn benefit_notices_have_no_warnings_and_rumours_with_tag_questions_still_do() {
    assert_quiet_and_caught("benefit notices", &BENEFIT_NOTICES, &RUMOURS_WITH_TAGS);
}

/// Adverts of the same shapes, which must still be flagged by the rule named.
const HEADLINE_QUESTION_ADS: [(&str, &str); 4] = [
    ("谁都想要的最佳礼物，今天下单立减10元！", "AD001"),
    // an advert answers its own question (review of i12nw)
    ("哪种吸尘器最好用？当然是XX，限时特价99元", "AD001"),
    ("哪吒同款，最强装备今天下单立减10元！", "AD001"),
    ("本店招牌菜，全城销量第一！", "AD003"),
];

#[test]
fn headline_questions_have_no_warnings_and_adverts_of_the_same_shape_still_do() {
    assert_quiet_and_caught("headline questions", &HEADLINE_QUESTIONS, &HEADLINE_QUESTION_ADS);
}

/// News and editorial sentences (issue 12, round i12v) that use the words of the investment,
/// education and superlative patterns added then (AD196, AD117, AD187, AD125, AD126, AD185,
/// AD005) innocently: a forecast or a question about gold, a school's rate reported, a denial of
/// absolute safety, a story's list of superlatives. Kept out of `data/false_positives.txt` for the
/// reason given at `ENCYCLOPEDIC`.
const SALES_TALK_WORDS_IN_NEWS: [&str; 24] = [
    "黄金价格会大涨吗？分析师认为短期内仍有波动。",
    "有分析人士预计，明年金价将大涨。",
    "有媒体称比特币将暴涨，监管部门提示风险。",
    "据报道，受多重因素影响，国际金价昨日大涨。",
    "他说，做生意不一定能赚钱，要看市场。",
    "做这行肯定能挣钱吗？很多人心里没底。",
    "记者调查发现，所谓“闭着眼睛买也能赚钱”的说法并不可信。",
    "网上流传的“推荐黑马股”信息多为诈骗，投资者要警惕。",
    "政府投入资金，让农民的收益有保障。",
    "国债的利息有保障，适合稳健型投资者。",
    "每1元财政资金可撬动5元社会投资。",
    "银行工作人员提醒，任何理财产品都不是绝对安全的。",
    "该校升学率连续三年100%，在当地颇有名气。",
    "记者了解到，该校今年实现了百分之百的升学率。",
    "很多家长问，怎样才能快速提分？",
    "教育部门要求，校外培训机构不得承诺成绩兜底。",
    "他花了七天背完了整本单词书。",
    "学校组织一线名师送教下乡，受到乡村教师欢迎。",
    "这位名师曾在多所学校任教。",
    "城里最好的是哪间酒店？",
    "我已经找到最大、最好、最适合我的那一颗。",
    "他们的货品有着最高的品质。",
    "买房时，很多家长关心能否上好学校。",
    "该镇今年保证高产的目标没有实现。",
];

/// Sales talk of the same words, which those rules flag.
const SALES_TALK: [(&str, &str); 12] = [
    ("跟着我们做，肯定能挣钱。", "AD196"),
    ("现在入场，随便买随便赚。", "AD196"),
    ("今年黄金会大涨，赶紧上车。", "AD196"),
    ("产品收益稳定可靠，到期还本。", "AD196"),
    ("资金由第三方托管，绝对安全。", "AD005"),
    ("连续五年保持100%的升学率。", "AD117"),
    ("寒假冲刺班，快速提分。", "AD117"),
    ("21天背完初中全部英语单词。", "AD117"),
    ("一线名师任教，小班授课。", "AD185"),
    ("杭州最好的炒货店铺。", "AD187"),
    ("买房就能上实验小学。", "AD265"),
    ("保证高产。", "AD126"),
];

/// Issue 12 (i12w): health education, public-health news and debunked rumours that use the words
/// of the new medical and rumour shapes (治/防 glued to a disease, 杀死/消灭/清除 with a disease, food +
/// 致癌, 紧急通知, 速转, cosmetic procedures). The first twenty were written after the rules, as a
/// probe they were not tuned on; the last four are the kinds of sentence the task named, which the
/// rules were tuned to pass. Main c812e29 flags three (AD150 on 糖尿病防治知识讲座, 癌症防治科普 and a
/// vaccine's purpose); i12w none.
const HEALTH_EDUCATION: [&str; 33] = [
    "疾控中心提醒，秋冬季是流感高发期，老人和儿童要注意防护。",
    "市卫健委举办糖尿病防治知识讲座，吸引了众多居民参加。",
    "医生表示，目前还没有能治愈阿尔茨海默病的药物。",
    "网传吃香蕉能治抑郁症，专家说这种说法不科学。",
    "市一院成功救治一名心梗患者。",
    "腌制食品含有亚硝酸盐，长期大量食用会增加致癌风险。",
    "吸烟和饮酒都会致癌，这一点已经被大量研究证实。",
    "谣言：用微波炉加热食物会致癌。",
    "研究表明，多吃蔬菜可以降低患癌风险。",
    "这部纪录片讲述了人类消灭天花的历史。",
    "卫生院为辖区儿童免费接种疫苗，预防麻疹等传染病。",
    "我每天喝一杯牛奶，吃一个鸡蛋。",
    "她做了近视手术，视力恢复到了1.0。",
    "为了防止蛀牙，要早晚刷牙。",
    "请各单位收到通知后立即转发给下属部门。",
    "紧急通知：受台风影响，明天全市中小学停课。",
    "他迅速转过身去。",
    "双眼皮贴和假睫毛是她的化妆必备品。",
    "这次事故中有三人烧伤，已送医院救治。",
    "专家提醒，烫伤后不要涂牙膏。",
    "该院开展癌症防治科普进社区活动。",
    "专家提醒，接种流感疫苗可以预防流感。",
    "辟谣：大蒜炝锅不会致癌。",
    "近视防控要从小抓起，多到户外活动。",
    // review-z: each but the last two was a warning (an error for the antivirus) on main 4155c09,
    // from PL036, PL036, AD109, AD150, AD150 and AD151; the last two guard the narrowed excepts.
    "网传“吃小龙虾会致癌”，市场监管专家称小龙虾不会致癌。",
    "网传“隔夜茶会致癌”，真的是这样吗？",
    "牙医说，防龋的关键是少吃糖、多刷牙。",
    "抗生素能杀死细菌，对病毒却没有作用。",
    "这款杀毒软件能彻底清除电脑病毒。",
    "戒烟困难的人，可以在医生指导下使用药物帮助戒烟。",
    "派出所民警提醒：别信包治百病的神药。",
    "辟谣：酸奶不会致癌，网上流传的说法不实。",
    // AD150 warned on main 4155c09 (清除 + 病毒); a computer word in the sentence cancels it
    "杀毒以后病毒清除了，电脑又能用了。",
];

/// Claims of the same shapes (a probe written with the sentences above, not tuned on).
const HEALTH_CLAIMS: [(&str, &str); 14] = [
    ("这款茶能治痛风，喝一个月就见效。", "AD109"),
    ("喝它防中风，中老年人必备。", "AD109"),
    ("玉米须泡水喝能治糖尿病。", "AD109"),
    ("蜂胶能消灭幽门螺杆菌。", "AD150"),
    ("香菇致癌，千万别再吃了！", "PL036"),
    ("喝豆浆会致癌，转给家人看看！", "PL036"),
    ("收到速转！新型骗局来了！", "PL030"),
    ("用棉花做肉松，太可怕了。", "PL030"),
    ("专业祛眼袋，告别熊猫眼。", "AD174"),
    ("减肥咖啡，坐着也能瘦。", "AD151"),
    // review-z: each was missed on main 4155c09
    ("祖传包治百病的神药，今天下单立减50元。", "AD151"),
    ("收到请转给你身边的家人，千万别吃这种鱼！", "PL030"),
    ("【紧急扩散】明天起自来水停止供应一周！", "PL030"),
    ("用铝锅煮饭会致癌，赶紧换掉！", "PL036"),
];

/// Each finding at `level` or above on a sentence of `texts`, shown with its sentence.
fn offenders(scanner: &Scanner, texts: &[&str], level: Severity) -> Vec<String> {
    let mut found = Vec::new();
    for s in texts {
        let report = scanner.scan_bytes("sentence.txt", s.as_bytes());
        for f in report.findings.iter().filter(|f| f.severity >= level) {
            found.push(format!("{s}\n    {}", show(f)));
        }
    }
    found
}

/// The highest severity of the findings on `text`, if any.
fn worst(scanner: &Scanner, text: &str) -> Option<Severity> {
    scanner.scan_bytes("s.txt", text.as_bytes()).findings.iter().map(|f| f.severity).max()
}

/// Asserts that no sentence of `news` gets an error and that each of `adverts` does.
fn assert_news_without_errors_and_adverts_with(scanner: &Scanner, news: &[&str], adverts: &[&str]) {
    let offenders = offenders(scanner, news, Severity::Error);
    assert!(offenders.is_empty(), "errors on news:\n{}", offenders.join("\n"));
    for advert in adverts {
        assert_eq!(worst(scanner, advert), Some(Severity::Error), "{advert}");
    }
}

/// Asserts that no sentence of `quiet` gets a finding at warning or above, and that each
/// `(text, rule)` of `caught` gets `rule` at warning or above; `what` names the quiet set.
fn assert_quiet_and_caught(what: &str, quiet: &[&str], caught: &[(&str, &str)]) {
    let scanner = scanner();
    let offenders = offenders(&scanner, quiet, Severity::Warning);
    assert!(offenders.is_empty(), "{what} flagged:\n{}", offenders.join("\n"));
    for (text, rule) in caught {
        assert_flags(&scanner, "claim.txt", text, rule);
    }
}

/// Each of `quiet`, scanned as a Markdown `# H1` title, has no warning or error; each of `ads` is
/// flagged by the rule named.
fn assert_headlines_quiet_and_flagged(quiet: &[&str], ads: &[(&str, &str)]) {
    let scanner = scanner();
    let title = |t: &str| format!("# {t}\n");
    for text in quiet {
        let loud = loud(&scanner, "headline.md", &title(text));
        assert!(loud.is_empty(), "{text}: {loud:?}");
    }
    for (text, rule) in ads {
        assert_flags(&scanner, "headline.md", &title(text), rule);
    }
}

/// The findings at warning or above of `doc`, scanned as a file named `file`, shown.
fn loud(scanner: &Scanner, file: &str, doc: &str) -> Vec<String> {
    let report = scanner.scan_bytes(file, doc.as_bytes());
    report.findings.iter().filter(|f| f.severity >= Severity::Warning).map(show).collect()
}

/// Asserts that `doc`, scanned as a file named `file`, gets `rule` at warning or above.
fn assert_flags(scanner: &Scanner, file: &str, doc: &str, rule: &str) {
    let report = scanner.scan_bytes(file, doc.as_bytes());
    assert!(
        report.findings.iter().any(|f| &*f.rule == rule && f.severity >= Severity::Warning),
        "{doc}: no {rule} at warning or above: {:?}",
        report.findings.iter().map(show).collect::<Vec<_>>()
    );
}

/// Real headlines (issue 12, round i12u: Toutiao headlines of the i12of probe's tune half): a
/// question left open (its sentence asks with 谁, 什么, 如何…, nothing after it answers), people
/// ranked (a list of players or game characters, an award category for a role), sanctions told, an undertaking's condition (若公司被立案调查…). Scanned as Markdown `# H1` titles, as the
/// probe has them, so the title rules (PL009) see them. Kept out of `data/false_positives.txt` for
/// the reason given at `ENCYCLOPEDIC`.
const HEADLINES: [&str; 9] = [
    "DNF谁的爆发能力最强？",
    "狼人杀的最强套路是什么？",
    "如何瘦到80斤？",
    "NBA公布罚球数量榜排名第一的哈登比第二名多1200个，你怎么看？",
    "美国恢复“最强制裁” 伊朗对华原油出口或受冲击",
    "*ST尤夫实控人承诺：若公司被立案调查而遭受损失 其本人将予以全额赔偿",
    "这款，无论从款式，颜色都是最理想的一款，还有这么多赠品，都很喜欢。充电更快",
    "线上最强的四大辅助 鬼谷子上榜，第一名在场射手根本死不了！",
    "瓦基弗银行蝉联欧冠朱婷最佳主攻 排超两外援入选法国男排",
];

/// Adverts and clickbait of the same shapes, which must still be flagged by the rule named: a
/// question answered by the product, a rhetorical question after the claim, a bare accusation.
const HEADLINE_ADS: [(&str, &str); 7] = [
    ("哪款面膜最好用？当然是XX面膜", "AD001"),
    ("最好用的面霜，你还在等什么？", "AD001"),
    ("怎么瘦到80斤？XX酵素，一个月见效", "AD154"),
    ("王俊凯,被立案调查", "PL059"),
    ("这款面膜是最理想的一款，还有这么多赠品，赶紧下单！", "AD201"),
    ("NBA球星同款篮球鞋，穿上就是球场最强王者", "AD001"),
    ("年度盘点：最好用的面膜TOP10", "AD001"),
];

#[test]
fn real_headlines_have_no_warnings_and_adverts_of_the_same_shape_still_do() {
    assert_headlines_quiet_and_flagged(&HEADLINES, &HEADLINE_ADS);
}

/// Review rv6 (reviewer-written lines, a check only): editorial lines that the i12t rules AD266,
/// AD267, AD268 and AD241 warned on. Markets and advice (不再反弹), school news and a regulator's ban
/// (冲刺名校, 承诺班), a public service (解决血压管理难题), a debunk (破格发行…不实).
const REVIEW_RV6_EDITORIAL: [&str; 13] = [
    "楼市不会再反弹，开发商压力加大",
    "油价不再反弹，车主松了口气",
    "金价短期不会反弹，分析师称需等待美联储信号",
    "减肥后不反弹的秘诀：坚持运动、规律饮食",
    "营养师：想要体重不反弹，关键在于改变习惯",
    "医生介绍，该患者经过治疗后病情不再复发",
    "我校学子冲刺名校的故事：每天学习到深夜",
    "我校高三冲刺名校，誓师大会现场气氛热烈",
    "百日冲刺！市一中学子直通清北的经验分享",
    "“此生上岸”成为考公人的流行语",
    "社区医院帮助居民解决血压管理难题",
    "市政府出台措施解决失眠障碍患者的医保问题",
    "邮票破格发行的说法不实，集邮协会提醒谨防受骗",
];

/// Review rv6: adverts that the i12u context shapes (sanctions, a gift count, a ranking, an open
/// question) and PL009's condition exception had silenced; each must be flagged by the rule named.
const REVIEW_RV6_ADS: [(&str, &str); 14] = [
    ("无惧制裁，本店进口红酒最低价清仓", "AD004"),
    ("国产替代不惧制裁，最先进的光刻胶，欢迎订购", "AD001"),
    ("那么多赠品，现在订购还能再减50，最划算", "AD004"),
    ("这么多赠品只要99元，最划算的一次，快来抢", "AD004"),
    ("最佳主攻朱婷的训练营，暑期报名开始", "AD001"),
    ("盘点最强的3位律师，离婚纠纷找我们律所", "AD001"),
    ("上榜！最受欢迎的10位月嫂，来我们家政公司预约", "AD003"),
    ("盘点王者荣耀最强的5位英雄\n\n充值6元即送限定皮肤，扫码领取。", "AD001"),
    ("哪款面膜最好用？还在犹豫什么？", "AD001"),
    ("如果你错过今天，震惊！价格将上涨一倍", "PL009"),
    ("如果不买就后悔，万万没想到这款面膜这么好", "PL009"),
    ("一旦开始，万万没想到减肥这么简单", "PL009"),
    ("若没看到这条，刚刚曝光：某品牌面膜含激素，换用我们的纯天然面膜", "PL009"),
    ("如果你有脱发，竟然三天就能长出新发，点击购买", "PL009"),
];

#[test]
fn review_rv6_editorial_lines_have_no_warnings_and_its_adverts_are_flagged() {
    let scanner = scanner();
    let title = |t: &str| format!("# {t}\n");
    for text in REVIEW_RV6_EDITORIAL {
        for doc in [text.to_owned(), title(text)] {
            let loud = loud(&scanner, "line.md", &doc);
            assert!(loud.is_empty(), "{doc}: {loud:?}");
        }
    }
    for (text, rule) in REVIEW_RV6_ADS {
        assert_flags(&scanner, "line.md", &title(text), rule);
    }
}

#[test]
fn sales_talk_words_in_news_have_no_warnings_and_sales_talk_still_does() {
    assert_quiet_and_caught("news sentences", &SALES_TALK_WORDS_IN_NEWS, &SALES_TALK);
}

#[test]
fn health_education_stays_below_warning_and_health_claims_of_the_same_shapes_do_not() {
    assert_quiet_and_caught("health education", &HEALTH_EDUCATION, &HEALTH_CLAIMS);
}

/// Issue 12 (i12x): the words of the health-food function catalogues (2003 and 2023) and of the
/// cosmetics medical-term lists in health advice, news, regulator notices and reviews. They may be
/// info (editorial) but never a warning.
const CATALOGUE_WORDS_IN_NEWS: [&str; 19] = [
    "眼科医生提醒，长时间看手机后做眼保健操可以缓解视疲劳。",
    "睡前喝一杯热牛奶有助于改善睡眠。",
    "适量运动可以改善睡眠质量。",
    "新版目录将“缓解视疲劳”改为“缓解视觉疲劳”。",
    "记者了解到，不少网红饮料宣称能改善睡眠，市场监管部门提醒消费者理性购买。",
    "酒店交通便利，饮品种类丰富，服务也不错。",
    "高原缺氧，游客要注意提高缺氧耐受力。",
    "研究表明，蓝莓富含花青素，有助于抗氧化。",
    "这个枕头睡着很舒服，感觉能改善睡眠。",
    "医院新建的实验室主要研究抗菌药物的耐药性。",
    "皮肤科医生建议，治疗期间暂停使用刺激性的护肤品。",
    "这家工厂生产面膜和洗发水，去年产值过亿。",
    "监管部门通报，某品牌面膜宣称“抗敏消炎”被罚款。",
    "药监部门提醒，化妆品不能治疗皮肤病，出现过敏应及时就医。",
    "研究人员发现这种基因与衰老有关。",
    "本保健食品的保健功能为缓解视觉疲劳，国食健注G20230001。",
    "化妆品不能宣称抗菌、抑菌等功效。",
    "脱发主要与基因有关，靠洗发水很难解决。",
    "调节肠道菌群需要均衡饮食。",
];

/// Claims of the same words for an ordinary food or a cosmetic, which those rules flag.
const CATALOGUE_CLAIMS: [(&str, &str); 10] = [
    ("本品可缓解视疲劳。", "AD190"),
    ("这款饮料能促进排铅。", "AD199"),
    ("叶黄素软糖，缓解眼疲劳，学生党必备。", "AD199"),
    ("益生菌固体饮料，调节肠道菌群，促进消化。", "AD199"),
    ("睡前一杯安神饮品，改善睡眠，一觉到天亮。", "AD197"),
    ("这款压片糖果能促进消化，饭后来两粒。", "AD197"),
    ("这款修护面霜抗敏消炎，敏感肌放心用。", "AD198"),
    ("天然植物抑菌洗发水，去屑止痒。", "AD198"),
    ("干细胞精华液，让肌肤重回18岁。", "AD198"),
    ("药妆面膜，专为问题肌设计，限时特惠。", "AD198"),
];

#[test]
fn catalogue_words_in_news_stay_below_warning_and_product_claims_of_them_do_not() {
    assert_quiet_and_caught("catalogue words in news", &CATALOGUE_WORDS_IN_NEWS, &CATALOGUE_CLAIMS);
}

/// Review aa: text that doubts or denies a catalogue claim (所谓…, 号称…要理性看待, 其实没有科学
/// 依据, 效果有限, 智商税, 别迷信…) and 减肥 as the reader's goal (想减肥的话, 减肥期间). Each got a
/// warning from AD197 or AD198 at 56a7597; none did before it.
const DOUBTED_CATALOGUE_CLAIMS: [&str; 8] = [
    "喝奶茶容易长胖，想减肥的话最好少喝。",
    "很多人以为喝酵素能减肥，其实没有科学依据。",
    "市面上不少软糖号称助眠，消费者要理性看待。",
    "别迷信“药妆”，化妆品就是化妆品。",
    "所谓干细胞面膜，大多不含干细胞成分。",
    "很多洗发水宣称生发，其实效果有限。",
    "正在减肥的人晚饭可以吃点水果，少喝饮料。",
    "所谓抗菌洗发水，很多只是普通洗发水换了个包装。",
];

/// Adverts of the same words, in traditional script and disguised, which stay caught.
const UNDOUBTED_CATALOGUE_CLAIMS: [(&str, &str); 7] = [
    ("代餐粉饱腹减肥，一天两餐轻松瘦。", "AD197"),
    ("GABA压片糖果，助眠安神，失眠人群的福音。", "AD197"),
    ("葉黃素軟糖，緩解視疲勞，學生黨必備。", "AD199"),
    ("叶黄素软糖，缓.解.视.疲.劳，下单立减。", "AD199"),
    ("乾細胞精華液，讓肌膚重回18歲。", "AD198"),
    ("干.细.胞精华，逆龄神器，面膜界天花板。", "AD198"),
    ("洗发水防脱止脱，男士必备。", "AD198"),
];

#[test]
fn doubted_catalogue_claims_stay_below_warning_and_plain_ones_do_not() {
    assert_quiet_and_caught("doubted catalogue claims", &DOUBTED_CATALOGUE_CLAIMS, &UNDOUBTED_CATALOGUE_CLAIMS);
}

/// Issue 12 (i12x) regression: these catalogue functions got no finding at all on main 280b5df.
/// Alone, a function is what a registered health food lawfully claims (the quality cases quote the
/// catalogue as exempt), so it is info; claimed by the product (本品, 这款) it is an error.
#[test]
fn registered_health_functions_are_found_and_are_errors_when_a_product_claims_them() {
    let scanner = scanner();
    let bare = [
        "清咽润喉，改善睡眠",
        "调节肠道菌群，促进消化",
        "对化学性肝损伤有辅助保护功能",
        "提高缺氧耐受力",
        "缓解视疲劳",
    ];
    for line in bare {
        let report = scanner.scan_bytes("line.txt", line.as_bytes());
        assert!(
            report.findings.iter().any(|f| &*f.rule == "AD190" && f.severity == Severity::Info),
            "{line}: no AD190 info: {:?}",
            report.findings.iter().map(show).collect::<Vec<_>>()
        );
    }
    for (line, rule) in
        [("本品可缓解视疲劳", "AD190"), ("这款饮料能促进排铅", "AD199"), ("本品清咽润喉，改善睡眠，欢迎选购", "AD190")]
    {
        let report = scanner.scan_bytes("ad.txt", line.as_bytes());
        assert!(
            report.findings.iter().any(|f| &*f.rule == rule && f.severity == Severity::Error),
            "{line}: no {rule} error: {:?}",
            report.findings.iter().map(show).collect::<Vec<_>>()
        );
    }
}

/// Review w: the encyclopedic exceptions (a data source, an approval, a nickname, a national
/// programme's name) hold in facts but not in an advert's own paragraph, where they are its claim.
/// Each advert was an error before those exceptions and lost it with them (main e61290a).
const ADS_WITH_A_SOURCE: [(&str, &str); 9] = [
    ("据不完全统计，本店销量全市第一，欢迎到店选购。", "AD009"),
    ("据统计，本品全网销量第一，下单立减30元。", "AD009"),
    ("报告显示我们的技术世界领先，限时优惠仅需99元。", "AD011"),
    ("这款保健酒获批用于治疗风湿骨痛，买二送一。", "AD150"),
    ("本品已获批用于治疗高血压，每天一粒，订购热线400-123-4567。", "AD150"),
    ("我们的白酒素有“中国第一酒”之美誉，今日下单享九折。", "AD009"),
    ("国家级精品茶叶，限时特惠，扫码购买。", "AD002"),
    ("国家级重点推荐产品，全国包邮，点击购买。", "AD002"),
    ("国家级一流品质，限时特价，买二送一。", "AD002"),
];

/// Facts of the same shapes, and ordinary lines the new platform patterns matched, stay quiet.
const FACTS_WITH_A_SOURCE: [&str; 8] = [
    "据中国汽车工业协会统计，该品牌去年销量全国第一。",
    "数据显示，该省粮食产量连续三年位居全国第一。",
    "该疫苗已获批用于预防带状疱疹，适用于50岁以上人群。",
    "该院现有国家级重点专科5个，年门诊量超过300万人次。",
    "这两天，家长群里都在看这份开学通知。",
    "个人隐私信息要妥善保管，不要随意透露给陌生人。",
    "骗子私聊我要验证码，我没有给。",
    "期末考试考完了\n今天终于考完最后一门，晚上和同学去吃了火锅。\n",
];

#[test]
fn sources_and_approvals_in_an_advert_are_its_claims() {
    let scanner = scanner();
    for (ad, rule) in ADS_WITH_A_SOURCE {
        let report = scanner.scan_bytes("ad.txt", ad.as_bytes());
        assert!(
            report.findings.iter().any(|f| &*f.rule == rule && f.severity == Severity::Error),
            "{ad}: no {rule} error: {:?}",
            report.findings.iter().map(show).collect::<Vec<_>>()
        );
    }
    for s in FACTS_WITH_A_SOURCE {
        let report = scanner.scan_bytes("fact.txt", s.as_bytes());
        let loud: Vec<String> = report.findings.iter().filter(|f| f.severity >= Severity::Warning).map(show).collect();
        assert!(loud.is_empty(), "{s}: {loud:?}");
    }
    // A document declared advertising: the source word no longer makes the claim a fact, even
    // with no price or call to action on the claim's own line.
    let declared = "---\nhegui-context: advertising\n---\n据中国汽车工业协会统计，该品牌去年销量全国第一。\n";
    let report = scanner.scan_bytes("declared.md", declared.as_bytes());
    assert!(
        report.findings.iter().any(|f| &*f.rule == "AD009" && f.severity == Severity::Error),
        "{:?}",
        report.findings.iter().map(show).collect::<Vec<_>>()
    );
    // A title line ending in CRLF is a title to the title-only shapes too.
    let report = scanner.scan_bytes("crlf.txt", "安倍晋三完了\r\n日本政坛近日出现变化。\r\n".as_bytes());
    assert!(
        report.findings.iter().any(|f| &*f.rule == "PL032"),
        "{:?}",
        report.findings.iter().map(show).collect::<Vec<_>>()
    );
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
    for entry in entries {
        let path = entry.unwrap_or_else(|e| panic!("cannot read an entry of {}: {e}", dir.display())).path();
        if path.is_dir() {
            files_under(&path, out);
        } else if path.is_file() {
            out.push(path);
        }
    }
}

#[test]
fn statutes_have_no_errors() {
    let Some(dir) = common::statutes("statutes_have_no_errors") else { return };
    let mut files = Vec::new();
    files_under(&dir, &mut files);
    files.sort();
    assert!(!files.is_empty(), "no files under {}", dir.display());
    let scanner = scanner();
    let threads = std::thread::available_parallelism().map_or(4, |n| n.get()).min(files.len());
    let chunk = files.len().div_ceil(threads);
    // (offending findings, files not scanned, characters scanned)
    let results: Vec<(Vec<String>, Vec<String>, usize)> = std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|part| {
                let scanner = &scanner;
                let dir = &dir;
                scope.spawn(move || {
                    let mut offenders = Vec::new();
                    let mut unscanned = Vec::new();
                    let mut chars = 0;
                    for path in part {
                        let bytes =
                            std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
                        chars += String::from_utf8_lossy(&bytes).chars().count();
                        let name = path.strip_prefix(dir).unwrap_or(path).display().to_string();
                        let report = scanner.scan_bytes(&name, &bytes);
                        if !matches!(report.status, FileStatus::Scanned { .. }) {
                            unscanned.push(format!("{name}: {:?}", report.status));
                        }
                        offenders.extend(report.findings.iter().filter(|f| f.severity == Severity::Error).map(show));
                    }
                    (offenders, unscanned, chars)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("scan thread")).collect()
    });
    let offenders: Vec<String> = results.iter().flat_map(|r| r.0.iter().cloned()).collect();
    let unscanned: Vec<String> = results.iter().flat_map(|r| r.1.iter().cloned()).collect();
    let chars: usize = results.iter().map(|r| r.2).sum();
    assert!(unscanned.is_empty(), "{} statute file(s) were not scanned:\n{}", unscanned.len(), unscanned.join("\n"));
    assert!(
        offenders.is_empty(),
        "{} finding(s) at severity error in {} statute files ({chars} characters, under {}):\n{}",
        offenders.len(),
        files.len(),
        dir.display(),
        offenders.join("\n")
    );
}

/// Words that contain an absolute term's characters but are not claims: no finding at any
/// severity (the token-boundary rules AD008 最 and AD009 第一 must see the word boundaries).
#[test]
fn boundary_words_do_not_fire_at_all() {
    let scanner = Scanner::from_engine(Engine::builtin().expect("bundled packs"));
    let sentences = [
        "最近天气转凉，大家注意保暖。",
        "活动最后一天，门店营业到晚上十点。",
        "最初的方案只有两页纸。",
        "最终结果将在下周公布。",
        "第一章 总则",
        "这是我第一次来上海。",
        "我们会在第一时间回复您。",
        "唯一的办法是早点出发。",
        "依照本法第一百二十条的规定处理。",
        "本条第一款规定的情形除外。",
        "每人最多限购两件。",
        "最高人民法院发布了典型案例。",
    ];
    let mut offenders = Vec::new();
    for s in sentences {
        let report = scanner.scan_bytes("s.txt", s.as_bytes());
        for f in &report.findings {
            offenders.push(format!("{} {} {:?} in {s:?}", f.rule, f.severity, f.matched));
        }
    }
    assert!(offenders.is_empty(), "findings on non-claims:\n{}", offenders.join("\n"));
    // And the same rules do fire on claims.
    for (s, rule) in [("这款面霜最滋润。", "AD008"), ("这家店的火锅味道第一。", "AD009")] {
        let report = scanner.scan_bytes("s.txt", s.as_bytes());
        assert!(report.findings.iter().any(|f| &*f.rule == rule), "{rule} should fire on {s:?}");
    }
}

/// Issue 12: regulator notices that report or deny a cure claim (public sources call them not
/// violations; they were once left out of the case files because they got errors). None may get
/// an error; the reported claim stays visible as a warning, and the same claim as an advert errs.
#[test]
fn regulator_notices_that_report_or_deny_a_claim_have_no_errors() {
    let scanner = scanner();
    let notices = [
        // 晋中市市场监管局 2025 通告: reported speech (宣称…的内容).
        "宣称保证治愈癌症、绝症或者治愈近视等误导群众健康观念、危害群众生命健康安全的内容。",
        // 天门市工商局 提示: existential negation (世上没有…的药).
        "保健品不是药品,世上没有能够“包治百病”的药,也没有能够“包治百病”的医疗保健器材;",
        // 萧县市场监管局 提示 (traditional, and its simplified form).
        "保健食品是具有特定保健功能,適宜特定人群使用,以調節機體功能為目的的食品,不能替代藥物治療疾病。",
        "保健食品是具有特定保健功能,适宜特定人群使用,以调节机体功能为目的的食品,不能替代药物治疗疾病。",
    ];
    let offenders = offenders(&scanner, &notices, Severity::Error);
    assert!(offenders.is_empty(), "errors on regulator notices:\n{}", offenders.join("\n"));
    let warned = |s: &str| scanner.scan_bytes("s.txt", s.as_bytes()).findings.iter().map(|f| f.severity).max();
    assert_eq!(warned(notices[0]), Some(Severity::Warning), "a reported claim is still shown");
    assert_eq!(warned("保证治愈癌症，立即抢购！"), Some(Severity::Error));
    assert_eq!(warned("宣称保证治愈癌症，立即抢购！"), Some(Severity::Error), "a cue keeps it an error");
    assert_eq!(warned("包治百病的药，扫码下单。"), Some(Severity::Error));
}

/// Review v: the reported-claim and existential-negation settings must not soften adverts. An
/// advert that calls its product by a nickname (号称“鼻炎克星”的祖传秘方) or names an exception to
/// the world's lack of a cure (…，除了我们的痛风贴) still errs or warns on its own claims, and a
/// hedge elsewhere in the paragraph (有时候是最难的) does not excuse a claim; consumer warnings that
/// deny a cure (世上没有包治百病的神药) get no warning.
#[test]
fn adverts_keep_their_severity_beside_reporting_verbs_exceptions_and_hedges() {
    let scanner = scanner();
    for advert in [
        "号称“鼻炎克星”的祖传秘方，三天根治鼻炎，永不复发！",
        "我们的药膏号称“皮肤病克星”，三天根治湿疹，永不复发。",
        "这个号称老字号的膏药，保证治愈腰椎间盘突出。",
        "选择有时候是最难的，本产品是全网销量第一的护肝片。",
    ] {
        assert_eq!(worst(&scanner, advert), Some(Severity::Error), "{advert}");
    }
    for advert in ["世上没有能根治痛风的药，除了我们的特效痛风贴。", "世上没有能根治鼻炎的药，只有我们的鼻炎膏能做到。"]
    {
        assert!(worst(&scanner, advert) >= Some(Severity::Warning), "{advert}");
    }
    for warning in ["世上没有包治百病的神药，老人切莫上当。", "天下没有包治百病的药，遇到推销要警惕。"]
    {
        assert!(worst(&scanner, warning) <= Some(Severity::Info), "{warning}");
    }
}

/// Review x (i12s): the fortune-telling words of AD160 (看相, 算命, 测字, 排命) must not fire inside
/// ordinary words (查看相关, 计算命中率, 检测字段, 编排命名: 点击查看相关 is in half the articles on
/// WeChat, and beside a call to action it was an error) or name the trade's people in a story
/// (算命先生), nor 风水宝地 said of a place as others see it; and a school, an institution or a centre that hoists its own slogan (我校打出“…”的承诺) is
/// the advert speaking, not a report (it was capped at a warning). The words still fire as services.
#[test]
fn fortune_telling_words_inside_ordinary_words_and_own_slogans() {
    let scanner = scanner();
    for quiet in [
        "点击查看相关规定。",
        "请查看相册中的照片。",
        "点击阅读原文查看相关优惠，立即下单！",
        "计算命中率时要排除无效样本。",
        "检测字段是否为空。",
        "模型用于预测字符出现的概率。",
        "按顺序编排命名规则。",
        "小说讲述了一个算命先生在乱世中的传奇人生。",
        "测字先生在街头摆摊，一个字收五毛钱。",
        "这里三面环山、一面临水，历来被当地人看作风水宝地。",
    ] {
        let report = scanner.scan_bytes("s.txt", quiet.as_bytes());
        let ad160: Vec<String> = report.findings.iter().filter(|f| &*f.rule == "AD160").map(show).collect();
        assert!(ad160.is_empty(), "{quiet}: {ad160:?}");
    }
    for (advert, rule) in [
        ("大师亲自看相算命，一次99元。", "AD160"),
        ("周易测字排命，微信同号。", "AD160"),
        ("免费看相，预约热线：138-0000-0000。", "AD160"),
        ("本楼盘坐落于风水宝地，依山傍水。", "AD160"),
        ("宝妈在家兼职，轻松月入1.5万。", "AD127"),
    ] {
        let report = scanner.scan_bytes("ad.txt", advert.as_bytes());
        assert!(
            report.findings.iter().any(|f| &*f.rule == rule && f.severity >= Severity::Warning),
            "{advert}: no {rule}: {:?}",
            report.findings.iter().map(show).collect::<Vec<_>>()
        );
    }
    for own in ["我校打出“考不过全额退费”的承诺，包过！", "本机构打出“不过退费”承诺，一次通过。"]
    {
        assert_eq!(worst(&scanner, own), Some(Severity::Error), "{own}");
    }
    // Others hoisting a slogan are still reported (at most a warning).
    assert_eq!(worst(&scanner, "不少商家打出“三天瘦十斤”的广告语吸引顾客。"), Some(Severity::Warning));
}

/// i12t: the title-only clickbait shapes (PL032) match only titles, and their matches stay short:
/// the engine drops a hit inside a longer one before it checks fields, so a body line matched whole
/// would hide another rule's finding on it (a draft of PL032 took 15分钟直达…… and lost AD125).
#[test]
fn title_shapes_fire_on_titles_and_hide_nothing_in_the_body() {
    let scanner = scanner();
    let ids = |name: &str, s: &str| -> Vec<String> {
        scanner.scan_bytes(name, s.as_bytes()).findings.iter().map(|f| f.rule.to_string()).collect()
    };
    for title in ["母亲含泪诉说…", "安倍晋三完了", "全球沉默", "你绝对不知道的秘密"] {
        let found = ids("t.md", &format!("---\ntitle: {title}\n---\n正文。\n"));
        assert!(found.iter().any(|id| id == "PL032"), "{title}: {found:?}");
        let body = ids("b.txt", &format!("{title}\n"));
        assert!(!body.iter().any(|id| id == "PL032"), "body {title}: {body:?}");
    }
    let found = ids("b.txt", "15分钟直达太原火车站、20分钟达火车南站……\n");
    assert!(found.iter().any(|id| id == "AD125"), "{found:?}");
    for headline in ["4500米,一个人的高原邮路", "别了,白家庄矿", "最可爱的人"] {
        let found = ids("t.md", &format!("---\ntitle: {headline}\n---\n正文。\n"));
        assert!(!found.iter().any(|id| id == "PL032"), "{headline}: {found:?}");
    }
}

/// Issue 12 (i12y): real news and public-information sentences (short quotes; source in the
/// comment) about hospitals, scams and health that got an error on main 280b5df: a hospital named
/// in a story was read as the hospital advertising (SECTOR), a quoted or forbidden promise in a
/// scam warning as the promise itself. None may be an error now; the adverts of the same shapes
/// still are.
#[test]
fn hospital_news_and_scam_warnings_have_no_errors() {
    let scanner = scanner();
    let news = [
        // https://www.95549.cn/pages/news/cpl/xbfxtsalk/xbfxtsalk_anhui57.shtml (AD121 errors)
        "对方推荐了一款“养老理财产品”,承诺“保本保息,年化收益15%,投资国家养老项目”。",
        "任何承诺“保本高收益”的投资都极有可能是骗局。",
        "正规金融机构的理财产品均不能承诺保本保息。",
        // https://360doc.cn/relevant/607071482.html (AD010 error)
        "中国最好的100家医院,上海占19个,7家专科全国第1!",
        // http://m.handmsg.com/page/2015/0316/12414699.shtml (traditional; AD174 error)
        "30歲的安徽姑娘小雪于2014年3月3日按約定來到韓國首爾原辰醫院——一家綜合整形外科醫院,做了雙眼皮手術。",
        // dev People's Daily 1998 (target/quality-prose/dev-peoples_daily_1998_late-*), one sentence
        // of a paragraph scanned alone (AD009 error)
        "三位获奖者分别是昆明医学院第一附属医院陈昆昌医师（一等），中国医学科学院、中国协和医科大学肿瘤医院青年博士黄镜（二等），兰州大学生物系郑荣梁教授（三等）。",
        // review-z's hospital news (AD109, AD174 errors) and review-y's a010, a047 (AD112, AD120)
        "这家医院治肝病在省里很有名。",
        "医院烧伤科为这名患者做了植皮祛疤手术。",
        "该校去年的本科升学率为100%，今年略有下降。",
        "理财经理不能承诺保本保收益，这是监管的明确要求。",
        // https://jxxfw.com/periodical/f0eb61a0c1bd3781ccd88df88093df4f.html (AD103 error)
        "观察组治疗总有效率为97.50%高于对照组的80.00%",
        // dev People's Daily 1998, one sentence alone (AD131 error on an official designation)
        "交通部投资近亿元在河南洛阳市汝阳县、嵩县等７个国家级贫困县城乡间修建了１０条总长为１８１．４公里的交通扶贫路。",
    ];
    let adverts = [
        "本公司承诺“保本保息，年化收益15%”，立即抢购！",
        "最好的专科医院，专家坐诊，欢迎预约。",
        "近日，市整形医院引进新技术，植皮祛疤，专家坐诊。",
        "本校升学率100%，报名热线：400-123-4567。",
        "本品治疗慢性咽炎的总有效率为97.5%，立即抢购！",
        "国家级理财专家团队，投资收益最高，立即抢购！",
    ];
    assert_news_without_errors_and_adverts_with(&scanner, &news, &adverts);
}

/// review-ab: an advert that warns against rivals' scams (谨防骗局，认准本品…), or tells of its
/// product or hospital in the third person while speaking to its buyer (将为您…, 报名从速), is an
/// error as it was before i12y; each of these was an error on main 280b5df and info after i12y.
#[test]
fn adverts_that_warn_against_rivals_or_speak_of_themselves_as_told_stay_errors() {
    let scanner = scanner();
    let adverts = [
        "谨防骗局，认准本品，三天根治脚气，无效退款。",
        "市面上很多减肥药都是骗局，只有我们的产品能一周瘦10斤，永不反弹。",
        "其他平台的高收益都是诱饵，本平台稳赚不赔，年化收益12%。",
        "警惕骗局！本公司的黄金投资零风险，月收益10%。",
        "别被幌子骗了，本品是唯一能治愈痛风的保健品。",
        "该校升学率100%，是本市最好的民办学校，报名从速。",
    ];
    // The scam warnings themselves stay free of errors.
    let news = [
        "不法分子以“免费体检”为诱饵，向老人推销保健品。",
        "警惕“保本高息”骗局，任何承诺高收益的投资都可能是非法集资。",
    ];
    assert_news_without_errors_and_adverts_with(&scanner, &news, &adverts);
}

/// Issue 12 (i12y): public-health outreach and a claim exposed as a scam's lure or forbidden (dev
/// exempt phrases and review notes that warned) get no warning; a bare claim still warns.
#[test]
fn outreach_and_exposed_claims_have_no_warnings_and_bare_claims_still_do() {
    let quiet = [
        // review-z (AD150)
        "40岁以上人群建议每年做一次癌症筛查，早发现早治疗。",
        "卫生院开展慢性病防治义诊，为村民免费测血压。",
        // review-y a050, a052 (AD127, AD015)
        "这种说法称只要持有黄金就能稳赚，显然是误导。",
        "该品牌被评为年度最具影响力品牌之一，评选由行业协会组织。",
        // https://wxredian.com/art?id=31067045ca8c6d6e2051531fdbc262b5 (AD120 warning)
        "然而少数不法分子却打着“高额返利”“稳赚不赔”的幌子,利用“熟人推荐”“扫码送礼”等手段进行非法集资活动,严重威胁市民财产安全。",
        // https://www.rluk.cn/news/jie-lu-yang-lao-xian-jing-lao-nian-ren-ru-he-shi-bie-he-fang-fan-ji-zi-zha-pian.html (AD123)
        "诈骗者通常以高额回报为诱饵,承诺在短时间内为投资者带来丰厚的利润。",
    ];
    let caught = [
        ("每天一杯，早发现早治疗不如早预防，本茶根治高血压。", "AD150"),
        ("黄金稳赚不赔，高额返利，名额有限！", "AD120"),
        ("高额回报，年化收益15%，保本保息。", "AD120"),
    ];
    assert_quiet_and_caught("outreach and exposed claims", &quiet, &caught);
}

/// Issue 12 (i12za): real news and public notices (each quoted from the page in its comment) that
/// got an error on main 03dbd70: a term named rather than used (…的用语, “…”等诱惑信息), the 2018
/// asset-management rules ending guarantees (不再保本保收益, 理财再无刚兑, 打破刚性兑付), a survey of
/// beliefs (…%的老年人认为…), an enforcement decision (当事人宣传…), a claim about someone else's
/// product (称其能够治疗…). None may be an error now; the adverts of the same shapes still are.
#[test]
fn regulation_news_surveys_and_named_terms_have_no_errors() {
    let scanner = scanner();
    let news = [
        // https://www.tojoyun.com/news/zixun/694b1464452105142509afa0 (AD121 error)
        "通过短信、微信、微博、短视频评论等渠道，发布“低投入高回报”“零风险日收益X%”等诱惑信息。",
        // https://www.hami.gov.cn/hami/c120121/202510/8dba276e0b714e1bad7d70b2a6cb66c8.shtml (AD106)
        "当事人宣传内容明显夸大其产品的功效，并有治疗疾病的用语，与该产品的保健食品性质不符。",
        // https://zj.qq.com/news/Spotlight/82.htm (AD106 errors)
        "相当一部分老年朋友认为保健品有治疗功效，5.7%的老年人认为保健品能治病，45.9%的老年人认为保健品能辅助治疗。",
        "推销一款名为“益多多”的保健品，称其能够治疗高血压、手脚麻木、前列腺炎等多种疾病。",
        // http://www.aaygz.cn/GB/News/1001/2018-04-27/5NMDAwMDMxMjQ5Nw.html (AD121)
        "理财再无刚兑，收益要涨？来看十大变化",
        // https://cctv-company.video/caijing/35799.html (AD120, AD121)
        "金融机构资管新规：银行理财今后不再保本保收益",
        "刚性兑付弱化了市场纪律，导致一些投资者冒险投机，金融机构不尽职尽责，道德风险较为严重。",
        // http://caitujun.cn/renshengganwu/258627.html (AD120; a held-out page of the probe)
        "新的理财产品不再以保本保收益为售卖点。",
        "资管新规的实施让银行理财产品不再保本保收益，投资者需要自行承担风险。",
        // https://www.fudaoke.com/exam/3134863.html (AD120, AD121; held out)
        "新规实施后，理财产品全面转向“非保本浮动收益”，投资者需根据风险承受能力选择产品，打破过去“稳赚不赔”的惯性思维。",
        // http://www.moenxi.com/cysc/sp/info/202506/t20250617_2329792.shtml (a named term, warned)
        "将普通食品、保健食品宣称具有治疗疾病的功能或疗效，或者使用“最”级绝对化广告用语等。",
    ];
    let adverts = [
        "本产品零风险，日收益5%，高回报等你来拿！",
        "打破常规，本产品保本保息，年化收益8%。",
        "打破传统理财思维，保本保收益，稳赚不赔。",
        "我们的“保本”承诺，让您投资无忧。",
        "90%的用户认为本品能治疗失眠。",
        "很多老人认为这款保健品能治疗高血压，赶快下单吧。",
        "该保健品能治疗糖尿病，当事人亲测有效。",
        "告别“零风险”的说法，我们保证收益15%。",
        "不法分子的高收益都是骗局，本平台稳赚不赔。",
    ];
    assert_news_without_errors_and_adverts_with(&scanner, &news, &adverts);
}

/// Issue 12 (i12za): scam warnings and news that tell of a lure, its actors or its victims, of a
/// fake red packet's prompt, or list official levels (each quoted from the page in its comment)
/// warned on main 03dbd70; they are quiet now, and the inducements and boasts they tell of still
/// warn.
#[test]
fn scam_warnings_and_official_levels_have_no_warnings_and_inducements_still_do() {
    let quiet = [
        // https://www.baoshan.cn/cityMini/site/content/2525420260313151314.html (AD123)
        "不法分子虚构理财项目、承诺超高收益，诱导金融消费者盲目投资。",
        // http://big5.news.cn/gate/big5/gz.news.cn/20250715/80627e5318c54afc9ed427c8aeef2b0f/c.html (AD123)
        "坚信“天上不会掉馅饼”，对“高额回报”“快速致富”的投资项目进行冷静分析，避免上当受骗。",
        // https://www.baoshan.cn/… (AD120, AD121, AD122: a quoted list called a banner)
        "打着“年化收益20%以上”“保本保息、零风险”“稳赚不赔”等旗号，远超银行存款、正规理财的合理收益水平。",
        // http://www.5mdx.com/info/1195/191103.htm (PL002, PL015)
        "提示转到其他群再发至朋友圈即可领取，随后告知你“红包”多日后才能到账，利用时间差骗取粉丝量以及个人信息。",
        // http://big5.news.cn/gate/big5/gz.news.cn/20250715/80627e5318c54afc9ed427c8aeef2b0f/c.html (AD123)
        "高收益往往伴随着高风险，不规范的经济活动更是蕴藏着巨大风险。",
        // https://www.95549.cn/pages/news/cpl/xbfxtsalk/xbfxtsalk_anhui57.shtml (AD123)
        "李阿姨被高额回报打动，在对方指导下开通手机银行，陆续投入了20万元养老钱。",
        // https://www.xuehua.us/a/5eb6254f86ec4d2aaddf3338 (AD150)
        "保健品适用于特定人群食用，但不以治疗疾病为目的。",
        // http://119.23.250.19:2008/api/articlese.php?5xD=EHAOt.html (中新网; AD002)
        "国庆期间将组织国家级、省级、市级非遗代表性项目，走进隰县小西天景区。",
    ];
    let caught = [
        ("转发到朋友圈即可领取红包，谨防诈骗。", "PL002"),
        ("转发领10元红包，千万别错过。", "PL015"),
        ("国家级品质，值得您信赖。", "AD002"),
        ("其他平台的高收益都是诱饵，本平台稳赚不赔。", "AD120"),
        ("高收益伴随零风险，本平台值得信赖。", "AD123"),
        ("高回报意味着低风险，稳赚不赔。", "AD120"),
    ];
    assert_quiet_and_caught("scam warnings and official levels", &quiet, &caught);
}

/// Issue 12 (i12zc): real education and finance news sentences (exam numbers, reported scores,
/// a quoted seller's promise, an old stamp's price, investor warnings that quote 保本高收益) stay below
/// warning, while the adverts they were written from are still caught.
#[test]
fn education_and_finance_news_stay_quiet_under_the_guarantee_constructions() {
    let quiet = [
        "2026年国家公务员考试报考人数创造了历史最高纪录,达到371.8万人,其中283.1万人参加考试",
        "截至2023年底,中国60岁及以上人口已达2.97亿,占总人口的21.1%。",
        "银保监会曾警示:“收益率超6%打问号,超8%危险,超10%准备损失本金。”",
        "监管明确:合法机构不承诺保本保息,非正规荐股收费均非法。",
        "毛子敬称,参加培训班后,前后一共交了50100元。但高考结果出来后她傻了眼:仅考了215分。",
        "“当时那的老师跟我和我媽講,我在他們這里學習,絕對能考450分以上。”毛子敬說。",
        "她说自己今年高考考了600分以上,被一所985高校录取。",
        "2000年发行的《中国“神舟”飞船首飞成功纪念》邮票一套2枚,面值1.6元,目前市价在25元左右。",
        "有家长感叹,如果孩子成绩真能提高50分当然好,但30万元的价格实在太高。",
        "基金管理人不保证基金一定盈利,也不保证最低收益。",
        "不轻信“高收益还保本”“躺着就能赚钱”等保证性承诺。",
        "投资者在面对这种情况的时候,一定要小心谨慎,不要因为对方承诺保本高收益而掉以轻心。",
    ];
    let caught = [
        ("语数英保135+，名额有限，速报！", "AD210"),
        ("跟着我们学，绝对能考450分以上。", "AD210"),
        ("这套纪念币买回去肯定升值！", "AD211"),
        ("这款理财产品保本，年化收益稳定。", "AD121"),
    ];
    assert_quiet_and_caught("education and finance news", &quiet, &caught);
}

/// Issue 12 (i12zb): news, statutes and history naming state organs, state honours, national
/// symbols and Party anniversaries get no warning (AD202–AD206 from `state_organs.txt` and the other
/// lists); the same names used as an advert's endorsement, credential or hook still warn.
#[test]
fn state_organs_and_political_events_in_news_are_quiet_and_in_adverts_are_caught() {
    let quiet = [
        "国务院新闻办公室今天上午举行新闻发布会，介绍上半年国民经济运行情况。",
        "财政部、税务总局发布公告，延续实施小微企业普惠性税收减免政策。",
        "国家卫健委专家组成员表示，冬季是呼吸道疾病高发季节。",
        "最高人民检察院与公安部联合挂牌督办一批重大案件。",
        "国务院授权的部门负责本行政区域内的监督管理工作。",
        "县级以上人民政府指定的部门负责组织实施本办法。",
        "公司电子商务部推荐了三款新品参加评选。",
        "中组部组织专家赴海南休假。",
        "1998年的机构改革中，电力工业部、煤炭工业部等十个部门被撤销。",
        "中国工程院院士钟南山在发布会上回答了记者提问。",
        "升旗仪式上，全体师生齐唱国歌，五星红旗冉冉升起。",
        "国旗及其图案不得用作商标、授予专利权的外观设计和商业广告。",
        "中国旗袍文化展在市博物馆开幕。",
        "二十大报告提出了全面建设社会主义现代化国家的目标任务。",
        "喜迎二十大，社区开展了一场文艺汇演。",
        "中国人民银行从未发行过、监制过以上商品。",
        "辽宁省把群众最关心的房子问题作为政府的民心工程来抓。",
        "人民银行发行了2024年贺岁纪念币，各地银行网点开始预约兑换。",
    ];
    let caught = [
        ("由中国人民银行授权旗下的相关权威单位发行，中国钱币博物馆监制出品。", "AD202"),
        ("工信部认证品牌，品质有保障，全国包邮。", "AD202"),
        ("最高人民法院合作单位，专业法律咨询，扫码预约。", "AD202"),
        ("原国家体育总局专家研发，科学健身从这里开始。", "AD206"),
        ("享受国务院特殊津贴专家亲自坐诊，欢迎预约。", "AD203"),
        ("两院院士领衔研发的空气净化器，限时8折。", "AD203"),
        ("国庆大促，五星红旗同款T恤全场5折。", "AD204"),
        ("奋进新征程，楼盘开盘钜惠，首付5万起。", "AD161"),
        ("献礼建军95周年，军旅风背包特惠。", "AD161"),
    ];
    assert_quiet_and_caught("news naming state organs and events", &quiet, &caught);
    // A promotional text raises the bare event to an error (AD205), a news paragraph leaves it info.
    let scanner = scanner();
    let ad = "喜迎二十大 奋进新征程！本院无痛胃镜体检套餐限时优惠，扫码预约。";
    let report = scanner.scan_bytes("ad.txt", ad.as_bytes());
    assert!(
        report.findings.iter().any(|f| &*f.rule == "AD205" && f.severity == Severity::Error),
        "{ad}: no AD205 error: {:?}",
        report.findings.iter().map(show).collect::<Vec<_>>()
    );
}

/// review-ac: ministries' cooperation, authorisation and poverty work, honours announced, an
/// organ's expert group at work, a fraudster's claimed title and a police notice quoting a red-packet
/// prompt stay below warning (AD202's 合作/授权/定点/津贴, AD203's 指导/专家, AD206, PL002/PL026); the
/// adverts built on the same words, and adverts that warn against rivals in their own voice
/// (切勿轻信…我们承诺, 不法分子…我们公司), are caught.
#[test]
fn organs_at_work_and_rival_warnings_in_adverts_review_ac() {
    let quiet = [
        "科技部和中国科学院合作开展重大科技专项研究。",
        "我校与中国工程院合作共建研究生联合培养基地。",
        "获得国务院政府特殊津贴的李教授今年退休。",
        "该院三位专家入选全国名中医。",
        "国医大师李某指导青年医生开展临床研究。",
        "国家知识产权局授权发明专利数量同比增长。",
        "骗子自称是国务院特殊津贴专家，向老人推销保健品。",
        "派出所民警提醒，不要轻信“转发朋友圈领取红包”的信息。",
        "水利部专家组赶赴灾区指导抗洪抢险。",
        "中国人民银行授权中国外汇交易中心公布人民币汇率中间价。",
        "央行定点帮扶的村今年实现人均增收15%。",
        "解放军某部与地方医院合作开展义诊。",
        "全国人大常委会授权国务院在部分地区开展试点。",
        "民警介绍，骗子常以“中国人民银行监制”纪念币为噱头行骗。",
    ];
    let caught = [
        ("商务部合作品牌，年货节满300减50。", "AD202"),
        ("人民银行授权发行的生肖纪念金条，仅剩最后100套。", "AD202"),
        ("享受国务院特殊津贴专家亲自把关配方，调理肠胃。", "AD203"),
        ("原卫生部专家亲自坐诊，预约热线13800000000。", "AD206"),
        ("庆祝中国共产党成立100周年，纪念金币火热预定中。", "AD161"),
        ("保证孩子期末考到90分以上。", "AD210"),
        ("掌握内部押题资料，考前必中。", "AD210"),
        ("不用考试，半年即可拿到本科毕业证。", "AD210"),
        ("我们的学员100%考上重点。", "AD210"),
        ("考前72小时绝密押题，考不过不收费。", "AD111"),
        ("切勿轻信小机构，我们承诺提分，包过包录。", "AD110"),
        ("别信那些不法分子的高息陷阱，我们公司产品保本保收益。", "AD120"),
        ("谨防上当受骗！别家所谓的保过班都是骗人的，我们签约保过，不过退费。", "AD111"),
    ];
    assert_quiet_and_caught("review-ac", &quiet, &caught);
}

/// Issue 12 (i12ze): review-ac's open items. Innocent lines that warned or erred on main afd2099 (a
/// customs status, two bodies at joint work, a ministry's advice to residents, a prohibition of pass
/// promises) stay below warning; and an advert that scorns or cautions against its rivals and then
/// speaks for itself keeps its claim (both were silent on main), as do adverts of the same shapes.
#[test]
fn review_ac_open_items_news_quiet_and_adverts_that_turn_to_themselves_caught() {
    let quiet = [
        "海关总署公布了新一批高级认证企业名单。",
        "生态环境部与中国科学院合作研发大气污染监测系统。",
        "国家卫健委推荐居民每天食盐摄入量不超过5克。",
        "各地教育局要严格落实“双减”政策，严禁校外培训机构作出保过承诺。",
        // investor warnings keep their caution verbs (no own-voice words between)
        "投资理财千万不能掉以轻心，对所谓“保本高收益”的承诺要提高警惕。",
        "家长不要轻信所谓的保过班，考试没有捷径。",
    ];
    let caught = [
        ("家长千万不要轻信所谓的名师，我们的学员100%考上重点。", "AD210"),
        ("投资千万不能掉以轻心，选择我们，保本无忧，收益稳定。", "AD121"),
        ("海关总署认证，进口品质。", "AD202"),
        ("本公司与中国科学院合作研发，净化率99%。", "AD202"),
        ("某企业与中国科学院合作研发的净水器。", "AD202"),
        ("国家卫健委推荐，每天一杯，欢迎选购。", "AD006"),
        ("教师资格证面试保过班，名额有限。", "AD110"),
    ];
    assert_quiet_and_caught("review-ac open items", &quiet, &caught);
    let adverts = ["投资千万不能掉以轻心，选择我们，保本无忧，收益稳定。", "国家卫健委推荐，每天一杯，欢迎选购。"];
    assert_news_without_errors_and_adverts_with(&scanner(), &[], &adverts);
}

/// Issue 12 (i12ze): real health, public-health and health-science sentences from pages i12za did not
/// use (each quoted from the page in its comment; tuned part of the probe) that warned or erred on
/// main afd2099: advice to the public (提醒广大市民), a claim denied after a quoted name (“神药”并无
/// 治疗效果), treatment as a topic (治疗的总成本, 康复情况), a cure rate told as a trend with no figure.
/// They stay below warning; claims of the same shapes still warn or err.
#[test]
fn health_news_advice_topics_and_trends_stay_below_warning_and_claims_do_not() {
    let quiet = [
        // http://sansanliu.cn/archives/8542 (AD001 warning)
        "为了有效预防流感，保障公众健康，13日，湖北疾控官方微信发布消息，提醒广大市民采取以下措施：接种流感疫苗是预防流感最有效的手段之一。",
        // http://www.lianlianhuanxi.com/product/42.html (AD151 warning)
        "老人花费巨资购买的“神药”并无治疗效果，可能导致其停用正规药物，延误病情，直接威胁生命健康。",
        // https://www.76hw.com/news/jie-mi-ai-zheng-zao-qi-shai-cha-yu-zhi-yu-lv-zui-xin-shu-ju-jie-shi-jing-ren-zhen-xiang.html (AD103 error, AD150 warning)
        "随着医疗技术的进步，癌症的早期筛查和治愈率得到了显著提高。",
        "早期筛查可以减少癌症治疗的总成本。",
        // https://zhongli-tech.com/new/c477caa2ad924ca0bcdaf9b771ab7501 (AD150 warnings)
        "11月11日，刘谦在节目中分享了自己肺腺癌的康复情况，如今仅需定期追踪。",
        "恶性肿瘤就像一颗潜伏在体内的“定时炸弹”，早期往往毫无征兆，一旦出现明显症状，大多已发展到中晚期，治疗难度和死亡率大幅上升。",
    ];
    let caught = [
        ("接种本品是预防流感最有效的手段，欢迎咨询。", "AD001"),
        ("祖传神药，治疗效果显著。", "AD151"),
        ("我院采用微创疗法，治愈率高达98%，患者满意度高。", "AD103"),
        ("本品治疗鼻炎，治愈率不断提高。", "AD103"),
        ("三个疗程下来，有效率超过九成。", "AD103"),
        ("本品专业治疗胃病，三天康复。", "AD150"),
    ];
    assert_quiet_and_caught("health news", &quiet, &caught);
}

/// review-ad: the platform rules of i12zf (PL037-PL042) on news that quotes, reports or merely
/// shares their words, and the rumours and baits they were written for.
#[test]
fn platform_bait_words_in_news_and_appeals_stay_quiet_and_the_baits_do_not_review_ad() {
    let quiet = [
        // PL037 on a curse quoted to be debunked
        "警方提醒，“不点赞全家死光”之类的诅咒信息纯属无稽之谈。",
        // PL038 on a like-for-prize offer reported
        "某奶茶店要求顾客集够30个赞送饮料，被市场监管部门约谈。",
        "记者发现，有商家以“获得50个赞免费领取”为噱头收集用户信息。",
        // PL039 on a drill and on fiction
        "学校举行地震应急演练，模拟明天将发生7级地震时的疏散过程。",
        "电影中，科学家预测三天内将发生9级大地震。",
        // PL040 on court news and organ donation
        "上世纪九十年代，一个犯罪团伙在当地专门偷抢儿童贩卖，最终被警方一网打尽。",
        "在家属同意下，医生摘取了这名儿童的器官，挽救了三个生命。",
        // PL041 on a fined claim, a charity appeal and what a patient loses
        "该品牌因宣传“喝了高血压全走开”被市场监管部门罚款五万元。",
        "一场大病，家里的积蓄全没了，恳请好心人帮帮这个家庭。",
        "流浪狗得了皮肤病，路人都不敢靠近它。",
        "他患癌化疗后头发全没了，但他依然乐观。",
        // PL039 on a consultation's long-term estimate
        "据中国地震局年度会商，未来一年内华北地区会有发生6级左右地震的可能。",
        // PL042 on a public service
        "只需一部手机，就能查看个人收入纳税明细。",
    ];
    let caught = [
        ("不点赞的全家死光光，看到的请马上点赞！", "PL037"),
        ("本条朋友圈集够38个赞，截图发给店长，免费送价值68元的甜品一份！", "PL038"),
        ("紧急通知：中国地震局预报，今晚12点将发生7.5级大地震，请大家做好准备！", "PL039"),
        ("紧急扩散！咱们市来了一伙人专门偷小孩，已经被偷了5个孩子！", "PL040"),
        ("每天一杯黑豆茶，高血压、高血脂全走开！", "PL041"),
        ("坚持泡脚七天，失眠便秘一扫光！", "PL041"),
        ("只需一部手机，每天花一小时，轻松月入过万！", "PL042"),
    ];
    assert_quiet_and_caught("platform news", &quiet, &caught);
}

/// review-ad: 修补 and 稳固 joined AD150 (i12zd); a hospital's outreach told of (开展义诊, 志愿者)
/// is news, not the hospital's advert, so it is not an error; the hospital's own offer still is.
#[test]
fn hospital_outreach_with_tooth_repair_is_not_an_error_and_the_offer_is_review_ad() {
    let scanner = scanner();
    let news = ["市口腔医院开展义诊，为老人免费修补牙洞。", "今天口腔医院的志愿者为留守儿童修补龋洞。"];
    let adverts = ["本院口腔科专家坐诊，免费修补龋洞，欢迎预约。", "口腔医院免费修补龋洞，稳固松动牙齿。"];
    assert_news_without_errors_and_adverts_with(&scanner, &news, &adverts);
}

/// review-ad: public-health advice whose audience follows a comma (推荐，孕妇…) is advice, not an
/// advert (AD006 was an error, AD202 a warning); advice that names a brand to buy (选用XX牌) is
/// an endorsement and keeps its claim at warning. A study's arms (试验组, 安慰剂组) make research
/// text unless the text speaks for its product (AD153 on a trial's 减药率 was a warning).
#[test]
fn advice_after_a_comma_and_study_arms_are_quiet_and_brand_advice_and_own_trials_are_not() {
    assert_quiet_and_caught(
        "public advice",
        &[
            "国家卫健委推荐，孕妇每天补充400微克叶酸。",
            "中国营养学会推荐，成人每天饮水1500到1700毫升。",
            "国家卫健委推荐居民每天食盐摄入量不超过5克。",
            "建议消费者购买正规品牌的产品，有效保护自身权益。",
            "该研究中，试验组的减药率为35%，安慰剂组为12%。",
        ],
        &[
            ("专家推荐广大消费者选用XX牌净水器，有效去除99%细菌。", "AD158"),
            ("医生推荐，孕妇每天一粒本品，补充叶酸，预防胎儿畸形。", "AD194"),
        ],
    );
}

/// Sentence-bound rules stop at a line break: in a `.txt` file a line feed ends a paragraph, so a
/// match across it joins two paragraphs. A soft line break inside a Markdown or HTML paragraph is
/// not a break (the extractors join lines wrapped between Chinese characters), so the same split
/// there is still found.
#[test]
fn sentence_bound_rules_stop_at_a_line_break_but_not_at_a_wrapped_line() {
    let scanner = scanner();
    let has = |path: &str, text: &str, rule: &str| {
        scanner.scan_bytes(path, text.as_bytes()).findings.iter().any(|f| &*f.rule == rule)
    };
    let cases = [
        ("AD127", "投资5万元", "每年分红8000元。"),
        ("AD115", "今年我校考上清华", "大学共23人。"),
        ("PL022", "转发这篇文章", "的人都会平安健康。"),
        ("PL005", "转发到3个", "微信群即可领取红包。"),
        ("PL016", "转发给好友", "证明你爱国。"),
        ("AD122", "保证年化", "收益12%，稳赚不赔。"),
        ("AD013", "经国家卫生", "部门推荐的好产品。"),
    ];
    for (rule, left, right) in cases {
        let joined = format!("{left}{right}\n");
        let split = format!("{left}\n{right}\n");
        assert!(has("a.txt", &joined, rule), "{rule} on {joined:?}");
        assert!(!has("a.txt", &split, rule), "{rule} across a line break in {split:?}");
        assert!(has("a.md", &split, rule), "{rule} across a wrapped Markdown line in {split:?}");
        assert!(has("a.html", &format!("<p>{left}\n  {right}</p>"), rule), "{rule} across a wrapped HTML line");
    }
}

/// Issue 12 (i12zh): real sentences from a fresh probe of pages no earlier probe or the quality
/// data used (tuned part; each page's URL in its comment) that warned on main 815774f, and
/// review-ad's open items: a cure rate told as low, a utility's outage notice passed on, treatment
/// advice and whether treatment was right as topics, an effect said to differ with a hedge; a
/// disease gone told of with no use or product before it (review-ad: news, not a testimonial), a
/// tooth to be mended as advised, a real appeal for a sick or a missing child, an aftershock
/// outlook after a real quake. They stay below warning; the claims, testimonials, chain posts and
/// forecasts of the same shapes still warn or err.
#[test]
fn health_limits_notices_appeals_and_outlooks_stay_quiet_and_claims_of_their_shapes_do_not_i12zh() {
    let quiet = [
        // http://news.jingcaihenan.com/html/2017/zh_0728/34989.html (AD150 warning)
        "孙唱被确诊为急性非淋巴细胞M2a型白血病，在儿童中得病率只占20%-30%，治愈率只有50%-60%，属于髓系白血病。",
        // http://hswatersupply.com/art.php?id=14063 (PL023 warning)
        "请以上区域用户提前做好蓄水准备并相互转告。",
        // http://www.fosyy.com/sz/1375.html (AD150 warning)
        "如果湿疹反复发作，建议咨询皮肤科医生，寻求专业的治疗建议。",
        // https://m.b2der.com/health/news/18217394.html (AD150 warning)
        "决定走向的关键在于诱因是否可控、皮肤屏障是否修复到位、是否合并感染以及治疗是否规范。",
        // https://www.76hw.com/news/jie-mi-yao-wu-zhi-liao-cheng-gong-lv-jie-mi-shi-zhi-yu-hai-shi-shi-wang.html (AD150 warning)
        "不同药物对同一种疾病的疗效可能存在显著差异。",
        // review-ad's open items (AD150, PL037, PL039 warnings on main)
        "李女士说，孩子的湿疹去年冬天反复发作，今年开春后再也没犯过。",
        "去年冬天的流感疫情中，全校患病学生都好了，没有出现重症。",
        "医生说，龋洞需要及时修补，拖延可能导致牙髓炎。",
        "没有能力捐款的朋友，转发也是在做善事，谢谢大家。",
        "谁的群多帮忙转发一下，孩子今天下午在公园走失了。",
        "中国地震台网中心专家表示，此次地震后未来几天还会有4级左右余震发生。",
    ];
    let caught = [
        ("我院采用微创疗法，治愈率高达98%，患者满意度高。", "AD103"),
        ("希望大家相互转告，通知家人及邻里！", "PL023"),
        ("用了两个疗程，鼻炎再也没犯。", "AD150"),
        ("贴上邦比，鼻炎5年不再犯。", "AD180"),
        ("做了九个月艾灸，肾结石全部好了。", "AD150"),
        ("宝宝的湿疹用了这款霜三天全好了", "AD150"),
        ("这款牙膏能修补龋洞，稳固松动的牙齿。", "AD150"),
        ("这款药膏对湿疹的疗效与普通药膏存在显著差异。", "AD150"),
        ("所谓标本兼治，是指本品能根治湿疹。", "AD150"),
        ("谁的群多，帮忙转一下。转发也是做善事", "PL037"),
        ("紧急通知：中国地震局预报，今晚12点将发生7.5级大地震，请大家做好准备！", "PL039"),
    ];
    assert_quiet_and_caught("health limits, notices and appeals", &quiet, &caught);
}

/// review-ae: ordinary WeChat requests to pass something on that PL043 (i12zg) warned on (a
/// missing child, an event, a questionnaire, a class notice, a utility notice, a video for one's
/// wife), and adverts and forecasts that i12zh's exceptions silenced: an outcome word beside an
/// offer in the same sentence (no use verb before it), and a rumour that names "this quake"
/// (此次地震后，今晚11点还有一次7.5级大地震). The chain posts, the cure testimonials with a use
/// verb and CENC's aftershock outlook keep their severity.
#[test]
fn forward_requests_stay_quiet_and_offers_and_this_quake_rumours_are_caught_review_ae() {
    let quiet = [
        "孩子今天下午在人民公园走失了，穿红色外套，大家帮忙转发一下，谢谢！",
        "本次活动报名截止到周日，欢迎大家转发给身边感兴趣的朋友。",
        "请大家转发一下这个问卷，我们在做毕业论文调查，谢谢。",
        "我们班的群公告：明天八点准时到校，大家转告一下没看到的同学。",
        "这个视频太好笑了，我一定要转发给我老婆看看。",
        "小区停水通知，大家转告一下邻居。",
        "爷爷走失三天了，老人有老年痴呆，看到的朋友都转发吧，谢谢大家！",
        // i12zh's quiet sentences of the same shapes stay quiet
        "李女士说，孩子的湿疹去年冬天反复发作，今年开春后再也没犯过。",
        "去年冬天的流感疫情中，全校患病学生都好了，没有出现重症。",
        "中国地震台网中心专家表示，此次地震后未来几天还会有4级左右余震发生。",
        "此次地震后，专家提醒未来几天仍需防范4级左右余震。",
    ];
    let caught = [
        ("大家一定要转发到群里，并告诉家里的老人。", "PL043"),
        ("重要消息，大家赶快转发出去，让更多人知道！", "PL043"),
        ("看到这条消息的人，一定要转发给身边的人，否则会倒霉七年。", "PL043"),
        ("看到的都转发吧，救救这些孩子！", "PL043"),
        ("大家转发吧，这条消息关系到每一个家庭！", "PL043"),
        ("泡脚一个月，老寒腿彻底好了，XX足浴粉买二送一。", "AD150"),
        ("服药一周，湿疹全部好了，XX皮肤膏厂家直销。", "AD150"),
        ("XX通络贴，风湿关节痛再也没犯过，买三送一。", "AD150"),
        ("此次地震后，今晚11点还有一次7.5级大地震，大家千万不要睡着！", "PL039"),
        ("这次地震只是前震，明天凌晨还会发生8级大地震！", "PL039"),
        ("本次地震后，三天内将发生7.2级强烈余震，请大家互相转告。", "PL039"),
        // a hedged forecast is still a forecast (可能 silenced PL039 on ee2d7a6)
        ("明天凌晨可能会有6.8级大地震，大家今晚不要在家睡。", "PL039"),
        ("近期可能还会发生7级以上大地震，请转告亲友。", "PL039"),
    ];
    assert_quiet_and_caught("forward requests, offers and this-quake rumours", &quiet, &caught);
}

/// review-ae: a rate defined (有效率是指…) is encyclopedic text (AD103 error on ee2d7a6); a rate
/// stated stays an error.
#[test]
fn a_rate_defined_is_not_claimed_review_ae() {
    let quiet = ["有效率是指治疗后症状得到改善的患者所占的比例。", "所谓“治愈率”，通常指治愈的患者占全部患者的比例。"];
    let caught = [("我院治愈率高达98%，有效率是同类医院的两倍。", "AD103")];
    assert_quiet_and_caught("rates defined", &quiet, &caught);
}

/// Issue 12 (i12zs): AD152 (timed efficacy) and AD180 (quick cure) both match 一贴见效; AD180
/// supersedes AD152 on the same span, so an advert gets one finding there, still an error.
#[test]
fn one_plaster_cure_is_reported_once() {
    let report = scanner().scan_bytes("advert.txt", "这款贴膏一贴见效，欢迎选购。".as_bytes());
    let on_span: Vec<&Finding> = report.findings.iter().filter(|f| f.matched == "一贴见效").collect();
    assert_eq!(on_span.len(), 1, "{:?}", on_span.iter().map(|f| show(f)).collect::<Vec<_>>());
    assert_eq!(&*on_span[0].rule, "AD180");
    assert_eq!(on_span[0].severity, Severity::Error);
}

/// Issue 12 (i12od): the original-price, patent, institution and teacher-pedigree shapes
/// (AD260-AD264) stay quiet on real news and research prose about partnerships, research results
/// and patent statistics (sentences from tsinghua-zj.edu.cn/news/comprehensive/jia-xing-ri-bao-tou-ban-tou-tiao-chang-pian-bao-dao-zhe-jiang-qing-hua-chang-san-jiao-yan-jiu-yuan-20-nian-fa-zhan-cheng-xiao,
/// weizg.com/caijing/9679.html, www.lzpat.com/zlsq/36764.htm, m.fx361.cc/news/2020/0324/14465150.html),
/// on review-ac's partnership news and on a discount sum, and catch the advert shapes.
#[test]
fn partnership_news_and_patent_statistics_stay_quiet_and_backing_claims_are_caught_i12od() {
    let quiet = [
        "比如20年前的今天，浙江省人民政府携手清华大学签约共建浙江清华长三角研究院。",
        "中新天津生态城管理委员会近日与清华大学就联合建设清华大学天津电子信息研究院签署第二期合作协议。",
        "积极推进清华大学电子信息科研成果在津转化。",
        "企业是否申请专利，选择申请哪种专利类型，关系到企业的整个专利战略布局。",
        "由民营企业提交的专利申请占到了这些企业提交的所有专利申请的41.0%。",
        "我校与中国工程院合作共建研究生联合培养基地。",
        "一件衣服原价200元，现价160元，打了几折？",
    ];
    let caught = [
        ("原价¥1299，优惠后¥399，仅限今天。", "AD260"),
        ("本产品现已申请4项相关专利。", "AD261"),
        ("携手中科院，打造健康好水。", "AD262"),
        ("中国农业大学技术支持，品质看得见。", "AD264"),
        ("主讲老师都是来自985院校，教学经验丰富。", "AD263"),
    ];
    assert_quiet_and_caught("i12od news", &quiet, &caught);
}

/// Review of i12od/i12oe (rv2): news, decisions, a maths sum and headlines with the new shapes'
/// words stay below warning (real quotes from new.aaebu.com/jspd/65725.html,
/// big5.chinataiwan.cn/gate/big5/www.taiwan.cn/xwzx/PoliticsNews/202106/t20210601_12356278.htm and
/// www.tradingup.com.cn/htm/general/20250718/48881.html; the rest written in their shapes), and the
/// adverts of those shapes are still caught.
#[test]
fn price_teacher_exam_tip_refund_and_institution_news_stay_quiet_review_rv2() {
    let quiet = [
        "销售人员声称:原价为398元,现价为135元。",
        "经查，当事人在网店商品页面标示“原价598元，活动价198元”，但无法提供该商品原价的交易记录。",
        "一种书包原价80元，现价只要60元，便宜了百分之几",
        "比如,藍天宣傳其121人的教研團隊“超過85%的老師來自985、211大學”,事實上來自985、211大學的僅有18人",
        "状元老师回乡支教的第十年",
        "考研押题班火爆，动辄上万元",
        "每年高考前，各种押题卷满天飞",
        "可當成績未達標時,退費之路卻阻礙重重",
        "成绩未达标时退费却遭拒",
        "联合国内多所大学，课题组建立了全国数据库",
        "该校管理学院今年通过AACSB国际商学院认证",
        "该公司已申请发明专利12项，其中5项获得授权",
        "新能源车的销量是传统燃油车的1.5倍",
        "这次洪水的流量为普通年份的3倍",
        "该方法的效率为其他方法的5倍",
    ];
    let caught = [
        ("XX土鸡蛋，营养成分为普通鸡蛋的3倍。", "AD181"),
        ("名师押题，考点全覆盖。", "AD252"),
        ("若未能升入十大名校，全额退还学费。", "AD250"),
        ("原价¥1299，优惠后¥399，仅限今天。", "AD260"),
        ("主讲老师都是来自985院校，教学经验丰富。", "AD263"),
        ("携手中科院，打造健康好水。", "AD262"),
    ];
    assert_quiet_and_caught("review rv2 news", &quiet, &caught);
}

/// Issue 12 (i12oh): PL050 (rumor-family-alarm). Advice that addresses a family for a real reason
/// (fraud prevention, a patient's diet, a debunk) stays quiet; the rumour's "tell your family" and
/// "stop eating meat!" stay warnings.
#[test]
fn family_advice_is_quiet_and_the_rumours_family_alarm_is_not() {
    let quiet = [
        "民警提醒：请告诉家里的老人，谨防电信诈骗。",
        "痛风患者不要吃海鲜和牛肉！",
        "网传“不要买猪肉吃”，经核实系谣言。",
        "他回家告诉妈妈考试成绩。",
        "这家店的鱼不错，我会推荐给身边的朋友。",
    ];
    let caught = [
        ("明天早上8点全体警员上路查电动车，给家里人通知一声哈", "PL050"),
        ("告诉家里有小孩的朋友，这种饮料千万不要买。", "PL050"),
        ("市场已经出现了，尽量减少吃猪肉！", "PL050"),
    ];
    assert_quiet_and_caught("family advice", &quiet, &caught);
}

/// Review of i12og/i12oh (rv3): names, shortcut keys and config keys after a colon, counts after 扣1/打1,
/// the account's own backstage, plain follow prompts, welfare information, a study's sample, news
/// about share-reward activities, anti-fraud and safety advice, a complaint about one shop, and news
/// titles (快速删除, 内部消息, 转向, 惊出一身冷汗) stay below warning; the inducements stay caught.
/// Sentences written in the genres the review read (no single source).
#[test]
fn names_counts_notices_and_news_titles_stay_quiet_and_inducements_are_caught_review_rv3() {
    let quiet = [
        "挪威：Norway",
        "Ctrl+V：visual block模式",
        "weixin: enabled",
        "闯黄灯扣1分？交警带你看新规",
        "每天打1次卡，老师带你读完一本书。",
        "有需要的朋友可以私信我们。",
        "扫码关注医院公众号，可免费预约挂号。",
        "关注公众号，了解更多惠民福利政策。",
        "本研究关注农村留守儿童，随机抽取300名儿童进行问卷调查。",
        "千万别转账，否则后悔莫及。",
        "善良的人都会分享快乐。",
        "警惕“转发抽奖”骗局，已有多人被骗。",
        "民警联系上老人的儿子，通知家里人来派出所接人。",
        "外出游玩前一定要给家人说一声行程。",
        "千万别买这家的牛肉！又柴又咸。",
        "24小时内未领取的红包将原路退回。",
        "# Excel如何快速删除空白行\n\n按Ctrl+G定位空值。",
        "# 微信上线新功能：聊天消息可随时删除\n\n新版本已推送。",
        "# 越来越多中国人都转向新能源汽车\n\n销量持续上升。",
        "# 高速上轮胎突然脱落，司机惊出一身冷汗\n\n所幸无人受伤。",
    ];
    let caught = [
        ("想要的加薇：zhang8888", "PL019"),
        ("评论区扣1，私发给你。", "PL056"),
        ("长按二维码关注，免费送电子书。", "PL054"),
        ("下载APP，注册即送50元。", "PL055"),
        ("如果你还是中国人，请转发。", "PL016"),
        ("看完记得转发，不然会倒霉一整年。", "PL016"),
        ("明天第一天，给家里人通知一声哈", "PL050"),
        ("# 马上删！这个视频太吓人\n\n正文。", "PL057"),
    ];
    assert_quiet_and_caught("review rv3", &quiet, &caught);
}

/// Issue 12 (i12pc): news headlines and briefs of real non-advertising text (an award named, a
/// record set, a trouble ranked, a business result, a bulk purchase told, a notice passed down an
/// organisation) stay quiet, while the same words in adverts are still caught. Review rv4 took out
/// the news-brief and sport words and the world-class people (they silenced short adverts).
#[test]
fn news_headlines_awards_records_and_notices_stay_quiet_i12pc() {
    let quiet = [
        "李晨凭《空天猎》获最受欢迎导演奖，你怎么看？",
        "医疗保健与能源股提振 道指七连涨创三月来最佳表现",
        "高房价是中国最大的毒瘤",
        "粉丝经济持续发力 微博一季报显示月活跃用户突破4亿",
        "去年年初，联想集团与美国微软公司签订了近1亿元的版权协议，订购40万套视窗操作系统随联想微机预装。",
        "接到通知后请转告本单位职工，按时参加体检。",
    ];
    let caught = [
        ("打造世界级的观影体验，尽在您家客厅。", "AD002"),
        ("顶级电竞外设等你体验", "AD001"),
        ("有史以来最快最安全的生发产品", "AD001"),
        ("累计销售3000万盒。", "AD249"),
        ("请转告身边的人！明天起全市停水。", "PL030"),
    ];
    assert_quiet_and_caught("i12pc news headlines", &quiet, &caught);
}

/// Review rv4 of the i12pa/i12pb/i12pc merges: adverts their first versions silenced are caught
/// (a news brief's word, a date deadline, an award won, a franchise's revenue, a world-class
/// teacher, a health frame adverts use too), and property and transit news stays quiet.
#[test]
fn review_rv4_adverts_stay_caught_and_property_news_quiet() {
    let quiet = [
        "学区房新政解读：购房后可以上哪所学校",
        "很多家长为了孩子上学买房，入住后才发现上不了对口小学",
        "急救车一般8-15分钟即可到达现场",
        "从机场打车30-40分钟就能到达市区",
    ];
    let caught = [
        ("新店开幕，全场最低价", "AD004"),
        ("12月31日前报名，保证通过", "AD114"),
        ("最受欢迎的面膜获得年度大奖", "AD003"),
        ("加盟XX火锅，年营收超10亿，全国门店突破1万家，加盟热线", "AD249"),
        ("XX钢琴学校，世界级钢琴家亲授，报名从速", "AD002"),
        ("XX诊所，治疗方案个性化，专治痛风", "AD150"),
        ("XX口服液已纳入医保目录，根治慢性胃炎", "AD150"),
        ("重要通知：明天起全市停水三天，请转告相关人员，请大量扩散", "PL030"),
        ("5-20分钟即可到达石景山、总部基地等成熟生活圈，扫码预约看房", "AD170"),
        ("买房送学位，扫码预约看房", "AD265"),
    ];
    assert_quiet_and_caught("review rv4", &quiet, &caught);
}

/// A guarantee said not to exist (issue 12, i12q: 稳赚不赔的投资并不存在 was an error) gets no error;
/// adverts of the same words, dated or not, keep theirs (a cue, the product as subject), and so does
/// scarcity talk (保本高息的好产品不会存在太久, review rv5). A short text dated as news (近日, 去年,
/// 于2018) was made "reported" on the i12q branch; review rv5 found that it took the error from 31
/// dated adverts (近日，XX理财产品上线，保本保息) for one real headline, so it did not land.
#[test]
fn guarantees_said_not_to_exist_get_no_error_and_adverts_still_do() {
    let scanner = scanner();
    let news = ["零风险的理财产品并不存在", "专家解读：稳赚不赔的投资并不存在", "保证收益的投资根本不存在"];
    let adverts = [
        "近日，本公司推出保本理财产品，年化收益10%，欢迎咨询。",
        "去年我们的理财产品收益最高，今年继续保本保息。",
        "2023年以来，本平台投资收益稳居行业第一，咨询电话：400-123-4567。",
        "1月13日起，保本高收益理财火热认购中，名额有限！",
        "成立于2010年的本平台，投资收益全国第一。",
        "去年销量第一的理财产品，今年限时特惠。",
        "2020年以来，我院治疗白癜风效果最好，专家坐诊。",
        "年度最佳投资平台，去年收益率高达15%，立即开户。",
        "近日我们的新品上市，全国最低价，扫码即可购买。",
        "投资无风险，收益看的见",
        "零风险日收益5%",
        "日前，XX理财产品上线，年化收益12%，保本保息",
        "近日，XX教育推出考研保过班，不过全额退款",
        "保本高息的好产品不会存在太久，名额有限，立即认购",
    ];
    assert_news_without_errors_and_adverts_with(&scanner, &news, &adverts);
}

/// Sport and game adverts keep their error (review rv5: the i12q branch's sport words made a
/// paragraph with no cue editorial, which silenced 44 written sport and e-sport adverts; they did
/// not land).
#[test]
fn sport_and_game_adverts_stay_errors() {
    let scanner = scanner();
    let adverts = [
        "NBA球星同款篮球鞋，最强抓地力，限时特价399元！",
        "王者荣耀最强英雄皮肤，免费领取，点击链接。",
        "女排同款护膝，顶级防护，今日下单包邮。",
        "冠军同款跑鞋，史上最轻，立即抢购。",
        "最强师资阵容，考研保过，报名从速。",
        "球星推荐的顶级护膝，立即下单。",
    ];
    assert_news_without_errors_and_adverts_with(&scanner, &[], &adverts);
}

/// Business and economic news (issue 12, round i12v: shapes of the i12of probe's tune half): a
/// record told by a figure passing a mark for the first time (首超), a product's end reported
/// (卒于), output measured in a unit written in Latin letters (万t). Kept out of
/// `data/false_positives.txt` for the reason given at `ENCYCLOPEDIC`.
const BUSINESS_NEWS: [&str; 3] = [
    "# 收入首超万亿为5年来最佳 中铁总2017业绩向好之谜\n",
    "# 保本理财，卒于2018\n",
    "详细分析了贵冶电解在达到设计能力年产15万t阴极铜后,进一步增产的可能性,并介绍了强化生产的措施和效果.\n",
];

/// Adverts of the same shapes, still flagged by the rule named.
const BUSINESS_ADS: [(&str, &str); 5] = [
    ("本品口感为5年来最佳，限时抢购。", "AD001"),
    ("保本理财，年化收益稳定，欢迎咨询。", "AD121"),
    ("保本理财，告别亏损，欢迎咨询。", "AD121"),
    ("年产15万瓶，品质如一。", "AD249"),
    ("已服务超过10万家庭。", "AD249"),
];

#[test]
fn business_news_has_no_warnings_and_adverts_of_the_same_shape_still_do() {
    let scanner = scanner();
    for text in BUSINESS_NEWS {
        let name = if text.starts_with('#') { "headline.md" } else { "abstract.txt" };
        let report = scanner.scan_bytes(name, text.as_bytes());
        let loud: Vec<String> = report.findings.iter().filter(|f| f.severity >= Severity::Warning).map(show).collect();
        assert!(loud.is_empty(), "{text}: {loud:?}");
    }
    assert_quiet_and_caught("business news", &[], &BUSINESS_ADS);
}

/// Capital spending (issue 12, round i12v): 投资 in 总投资 or 投资环境 is no investment sold, so
/// the investment-context error (AD131) does not take it as its partner; an investment platform
/// beside the same words still is one.
#[test]
fn capital_spending_news_has_no_investment_errors_and_investment_adverts_still_do() {
    let scanner = scanner();
    assert_news_without_errors_and_adverts_with(
        &scanner,
        &["该市投资环境全国第一，吸引外资项目落户。", "项目总投资12亿元，建成后将成为全国第一的汽车生产基地。"],
        &["投资环境好，全国第一的投资平台，欢迎加盟。", "全国第一的投资平台，专业团队为您服务。"],
    );
}

/// Urgency and per-unit figures (issue 12, round i12y): news of a product's withdrawal, a sports
/// team's last chance, a places count, computing speeds and a heartbeat are no sales pressure or
/// unsourced figure (AD269, AD270); the sales talk and the product claims of the same shapes are.
#[test]
fn withdrawal_news_and_computing_speeds_have_no_warnings_and_sales_pressure_still_does() {
    assert_quiet_and_caught(
        "news and explainers",
        &[
            "记者了解到，该款保险产品将于月底停售。",
            "警惕“即将停售”的销售话术，理性投保。",
            "这是两队晋级的最后机会。",
            "今年的招生名额有10个。",
            "这台超级计算机每秒运算10亿次。",
            "交易系统每秒可处理10万笔交易。",
            "心脏每分钟跳动70次左右。",
            "这款手机是业内首家采用该芯片的机型吗？",
        ],
        &[
            ("此款重疾险即将停售，停售后保费上涨。", "AD269"),
            ("本期仅剩3个名额，先到先得。", "AD269"),
            ("帮你每分钟做十几万次卷腹。", "AD270"),
            ("每粒含100亿活菌，调理肠道。", "AD270"),
            ("业界首款智能跳绳，限时优惠。", "AD007"),
        ],
    );
}

/// Real headlines (issue 12, round i12z: Toutiao headlines of the i12of probe's tune half): people
/// ranked in the news of a sport, a show or a game (顶级中锋, 世界级超模, 最受欢迎的英雄), an idiom (奏响
/// 生命的最强音), a developer's monthly results (合同销售), a person's state or praise in 疯了 and 炸了
/// (逼疯了, 帅炸了). Scanned as Markdown `# H1` titles, as the probe has them.
const HEADLINES_I12Z: [&str; 9] = [
    "如果奥尼尔这样的顶级中锋在当今联盟，能否抗衡勇士的死亡五小？",
    "中国世界级超模在维密内衣秀展现风采，刘雯、何慧、奚梦瑶",
    "王者荣耀最受欢迎的英雄排名：李白第5，亚瑟第2，第一无可争议",
    "中国女排最强阵容集结仅剩1将缺席 朱婷正式回中国女排助郎平征战",
    "真正的中国好声音——中原阿炳用一把坠胡奏响生命的最强音",
    "华润置地4月合同销售141.7亿 累计销售503亿",
    "不到十天就要结婚的哈里王子，快被女王奶奶和未婚妻家逼疯了",
    "胡一天唱《带你去旅行》，网友：帅炸了！",
    "黄冈媳妇旅游预感家要出事，回家听婆婆和老公说话，头皮快炸了",
];

/// Adverts and clickbait of the same shapes (reviewer lines rv4–rv6 among them), which must still be
/// flagged by the rule named: a field's words beside goods, a bare 炸了 or 笑疯了, a sale's figure.
const HEADLINE_I12Z_ADS: [(&str, &str); 8] = [
    ("中锋必备！最强护膝", "AD001"),
    ("荒野行动最强外挂，百分百防封", "AD001"),
    ("西甲球星最爱的面包，最好吃", "AD001"),
    ("名人堂级别的品质，全国第一的篮球鞋", "AD003"),
    ("享受国务院特殊津贴专家亲诊，技术最先进", "AD001"),
    ("炸了炸了，电竞马蓉？笑笑被绿还被离婚？", "PL009"),
    ("偷听两个小朋友的谈话，笑疯了！简直是真理啊！", "PL009"),
    ("累计销售3000万盒。", "AD249"),
];

#[test]
fn i12z_headlines_have_no_warnings_and_adverts_of_the_same_shape_still_do() {
    assert_headlines_quiet_and_flagged(&HEADLINES_I12Z, &HEADLINE_I12Z_ADS);
}

/// News of an economy's investment (issue 12, i12z: dev People's Daily shapes) is no investment
/// advert: a superlative beside 直接投资 or 来华投资 is no AD131 error; an investment offer still is.
#[test]
fn economic_investment_news_is_no_investment_advert() {
    let scanner = scanner();
    assert_news_without_errors_and_adverts_with(
        &scanner,
        &["近三百家跨国公司来华投资，带来最先进的技术", "外国直接投资持续增长，该市成为最具吸引力的城市之一"],
        &["这是今年最安全的理财产品，年化收益稳定。"],
    );
}

/// Issue 12 (i12x): PL060-PL063, rumour shapes that name no claim. A debunk quoting the rumour, a
/// health report of a study or a food-safety check, a personal note about a friend's job and fiction
/// stay quiet; the insider source, the bodily-harm claim, the folk cure and the vouched alarm are
/// caught. Sentences written in the genres of 辟谣 articles and health news (no single source).
#[test]
fn debunks_and_health_reports_are_quiet_and_shape_rumours_are_caught_i12x() {
    let quiet = [
        "网传“常吃小龙虾身体会长出寄生虫”，专家表示这是谣言。",
        "抽检发现，这批饮料都含有超标的防腐剂，已责令下架。",
        "生鱼片可能含有寄生虫，吃前要充分冷冻。",
        "研究显示，该药物对新冠肺炎有效，但仍需更大规模的临床试验。",
        "网传“换季输液能通血管”，医生称这是误区。",
        "我同学在医院工作，每天都很忙。",
        "我朋友在北京上班，周末常来看我。",
        "网传有人贩子抢小孩，是真的吗？",
        "警方通报：所谓有人贩子抢小孩系谣言。",
        "地震来的那一刻是真的可怕。",
        "这部电影讲的是真事：一个被拐走的孩子找回了家。",
        "医生给孩子打了针，烧很快退了。",
        "我朋友在医院上班，她说最近流感的人特别多，大家注意保暖。",
        "我表姐在派出所工作，她说现在电信诈骗特别多，提醒大家别轻信陌生电话。",
        "医院的朋友说，今年冬天甲流来得早。",
        "很多人以为吃素就不会得脂肪肝，其实不然。",
        "所谓“吃猪血能除霾”，没有科学依据。",
        "那场地震是真的，我亲身经历过。",
    ];
    let caught = [
        ("我发小在市二院上班，他说好多拍片出来肺都是白的。", "PL060"),
        ("从医保局内部人士处获悉，个人账户将取消。", "PL060"),
        ("常吃小龙虾身体长出寄生虫。", "PL061"),
        ("又红又甜的西瓜是被打了针。", "PL061"),
        ("威士忌加蜂蜜水对新冠肺炎有效。", "PL062"),
        ("吃素就不会得脂肪肝。", "PL062"),
        ("南门今天抢小孩没抢走，看见这车的注意了，真事", "PL063"),
    ];
    assert_quiet_and_caught("i12x debunks and health reports", &quiet, &caught);
}

/// Review rv7 (reviewer-written lines, Dec 7, 2026): news, science and personal lines in the shapes
/// of the i12x/i12y rules (AD269 places and withdrawals, AD270 per-unit figures, AD007 openings,
/// PL060-PL063 rumour shapes) that the first merge warned on; the adverts of the same shapes stay
/// flagged by the rule named.
#[test]
fn review_rv7_news_and_science_lines_are_quiet_and_sales_talk_is_caught() {
    assert_quiet_and_caught(
        "review rv7",
        &[
            "争四白热化：英超欧冠席位仅剩1个",
            "中国队在该项目的奥运名额仅有2个，竞争异常激烈。",
            "今年清华在本省的招生名额仅有10个，考生竞争激烈。",
            "报名参加今年马拉松的最后机会：周五截止",
            "老牌杂志年底停售，读者纷纷留言惋惜",
            "苹果宣布iPhone mini即将停售",
            "消协提醒：警惕“即将停售”的销售话术。",
            "人体每秒约产生200万个红细胞，骨髓是它们的“工厂”。",
            "每克肥沃的土壤中含有数亿个细菌，它们分解落叶、滋养植物。",
            "亚洲首家全自动化集装箱码头在青岛投运，工人数量减少七成。",
            "福寿螺没煮熟就吃，脑子里会长出寄生虫，这可不是危言耸听。",
            "野生河豚的肝脏和卵巢都含有剧毒，千万不要自行宰杀食用。",
            "对孩子来说，妈妈的拥抱比吃药还管用。",
            "这个寻亲故事是真事：孩子三岁时被人贩子拐走，二十年后终于回家。",
            "我朋友在医院当护士，她说那天抢救了一整夜，病人终于脱离危险。",
            "我闺蜜在医院上班，她告诉我她外婆去年确诊了乳腺癌，现在恢复得很好。",
        ],
        &[
            ("停售倒计时3天！百万医疗险，错过再等一年，私信我投保。", "AD269"),
            ("温馨提醒：此款重疾险即将停售，抓紧为家人投保！", "AD269"),
            ("VIP私教课，本月仅剩5个名额，扫码预约。", "AD269"),
            ("负离子空气净化器，每立方厘米释放负氧离子3000万个，呼吸森林般清新。", "AD270"),
            ("亚洲首创纳米美白技术，7天白一度，限时特价。", "AD007"),
            ("我发小在市二院上班，他说这次流感已经死了好多人，大家赶紧囤药！", "PL060"),
            ("常喝这种饮料，体内会长出寄生虫，赶紧告诉家人别再喝了！", "PL061"),
            ("吃洋葱泡红酒能通血管，比降压药还管用，赶快收藏！", "PL062"),
            ("千真万确，小学门口有人偷孩子，车牌已经拍下来了。", "PL063"),
        ],
    );
}

/// Issue 12 (i12ad): debunk articles and news that name a known rumour's entities (隔夜菜, 微波炉,
/// 喝酒 and 新冠, 好友 and 封号, 香蕉, 自来水) stay quiet: the debunk frame is a denial between the
/// claim's concepts (喝酒不能杀死新冠病毒), the claim asked (隔夜菜致癌？ …致癌物吗？), a worry answered
/// with a denial (有人担心…，不会…: not 担心 alone since review rv8), the claim named as a saying
/// (“香蕉致癌”的说法流传多年, 这个说法流传很广：…, through 说法流传 since review rv8), or the ban
/// scare reported as a rumour (网传“好友太多会被封号”…系谣言; 网上流传“…永不解冻”…不实). The rumours
/// themselves, with the same entities, are still caught by PL023, PL030 and PL048. Sentences written
/// in the genres of 辟谣 articles and health news (no single source).
#[test]
fn debunks_naming_a_known_rumours_entities_are_quiet_and_the_rumours_are_caught_i12ad() {
    let quiet = [
        "专家辟谣：隔夜菜不会致癌，冷藏保存后加热食用即可。",
        "隔夜菜致癌？营养师说，只要冷藏得当，亚硝酸盐含量远低于安全限值。",
        "微波炉加热食物会产生辐射致癌的说法没有科学依据。",
        "有人担心微波炉有辐射，其实微波炉关门后几乎没有泄漏，不会危害健康。",
        "微波炉加热会让食物产生致癌物吗？答案是否定的。",
        "国家卫健委明确表示，喝酒不能杀死新冠病毒。",
        "网传“好友太多会被封号”，微信团队回应称系谣言。",
        "网上流传“微信群全国清查，永不解冻”，腾讯回应：此消息不实。",
        "“香蕉致癌”的说法流传多年，科学家早已澄清。",
        "这个说法流传很广：自来水有毒，不能直接喝。事实并非如此。",
        "特别是碰到“一定要相互转告”之类的消息，应慎重对待，不可盲目转发。",
        "记者走访发现，今年小龙虾上市早、价格低，夜宵摊生意红火。",
        "市自来水公司介绍，自来水出厂水质全部达标，可放心使用。",
        "网传某地出现“偷小孩团伙”，当地警方辟谣。",
    ];
    let caught = [
        ("隔夜菜致癌，大家千万别再吃了！", "PL030"),
        ("香蕉致癌，家人们赶紧转告。", "PL030"),
        ("每天刷牙就是在吸毒，牙膏里全是毒。", "PL048"),
        ("世卫组织提醒：微波炉有辐射，尽早停止使用。", "PL048"),
        ("好友太多会被封号，赶紧删人！", "PL023"),
        ("微信群全国清查，这次不但封群，永不解冻！", "PL023"),
        ("碰到消息一定要相互转告！", "PL023"),
    ];
    assert_quiet_and_caught("i12ad debunks naming a rumour's entities", &quiet, &caught);
}

/// Issue 12 (i12ab): news, reviews and stories near AD290-AD295, the superstition titles (AD296
/// since review rv8) and AD158's new words stay quiet —
/// a comparison between people or from research, a count the statistics or a public service gives,
/// a parent buying for a child, a drinker's long life told, a place's only school or award winner in
/// the news, a debunk of feng shui, a commute, a hotel review, a degradation rate in a science
/// abstract — and the advert of each shape is flagged by the rule named.
#[test]
fn i12ab_news_and_stories_stay_quiet_and_adverts_of_the_same_shape_are_flagged() {
    assert_quiet_and_caught(
        "i12ab news, reviews and stories",
        &[
            "研究人员发现，这种新型电池的能量密度比普通锂电池高出3倍。",
            "今年的降雨量比常年多出两倍。",
            "这台新机器的效率比旧机器高三倍，工人们都很高兴。",
            "据统计，春节期间共有12万人次游客前来参观。",
            "这部电影上映首日就有10万观众选择观看。",
            "截至目前，全市已有5万户家庭选择安装光伏板。",
            "该景区连续三年实现零投诉。",
            "这家店号称万人推荐，其实味道一般。",
            "妈妈给我买了一个新书包。",
            "孩子总是缠着爸妈给他买玩具，怎么办？",
            "老人常说，喝点小酒能活到九十九，这种说法没有科学依据。",
            "他喝了一辈子酒，活到了九十岁。",
            "爷爷爱喝酒，活到八十八岁。",
            "他是广东省唯一获此殊荣的国家公务员。",
            "该县唯一一所高中今年扩招。",
            "这是这座城市唯一的一家书店。",
            "这是贵州省唯一入选的项目。",
            "上海市唯一的世界文化遗产候选项目正在申报。",
            "很多人相信风水，但龙脉之说并无科学依据。",
            "圆形开光内绘山水人物，是清代瓷器的典型装饰。",
            "他曾拜访过一位自称易经大师的人。",
            "社区居民步行15分钟即可到达卫生服务站。",
            "这个项目我们做了三个月，每天开车40分钟去工地。",
            "酒店离机场车程约20分钟。",
            "实验表明，该菌株24小时内能将苯酚降解91%以上。",
        ],
        &[
            ("这款牙膏比普通牙膏美白效果强10倍，限时特价。", "AD290"),
            ("保湿效果5倍于普通面霜。", "AD290"),
            ("百万宝妈的共同选择，扫码下单。", "AD291"),
            ("上市五年零投诉，品质有保障。", "AD291"),
            ("小朋友们，快让爸爸妈妈给你买吧！", "AD292"),
            ("喝了我们的好白酒，大家至少活到九十九！", "AD293"),
            ("全蒙自唯一赶集地，风情荟萃商家必争地。", "AD294"),
            ("易经大师亲自招财开光，调理能量磁场。", "AD296"),
            ("本项目紧邻绕城高速，驾车约15分钟可达市中心。", "AD295"),
            ("空气净化器，针对甲醛3小时净化93.4%。", "AD158"),
        ],
    );
}

/// Review rv8 of the morning's merged rules (i12ab, i12ad; reviewer-written lines, a check only):
/// research and local news near AD290, AD294, AD295, AD291, AD158 and the superstition titles stay
/// quiet, and the adverts and rumours that say a debunk word in passing (警惕假货, 所谓好运, 不搞伪科学,
/// 澄清一下, 这个说法是真的, 网传的消息是真的, 别相信银行那点利息) are still flagged by the rule named.
#[test]
fn review_rv8_news_stays_quiet_and_debunk_words_in_passing_silence_no_advert() {
    assert_quiet_and_caught(
        "review rv8",
        &[
            "中科院团队发现，这种新型催化剂的活性比普通铂催化剂高出8倍，相关成果发表在《自然》上。",
            "测试显示，这款国产电池的循环寿命比同类产品高出40%，但成本也更高。",
            "今年夏天的降雨量比常年多三成，比其他年份高出50%。",
            "孩子们发现，用冰块做的滑梯比普通滑梯快两倍，玩得不亦乐乎。",
            "漠河县唯一机场今天恢复通航。",
            "黄岩镇唯一卫生院因台风停电，医护人员打着手电为病人换药。",
            "兰州市唯一动物园迎来两只大熊猫。",
            "这个水利项目位于山区，从县城驾车约40分钟才能到达。",
            "那栋老别墅是民国时期建的，从外滩坐地铁约20分钟，值得一看。",
            "纪录片讲述了易经大师这一称号背后的江湖骗术。",
            "民俗学者认为，龙脉是古人对山川走势的一种想象。",
            "本书从历史角度梳理了命理分析在民间的流传。",
            "疫苗灭活率达到99.99%才能进入下一阶段。",
            "这家老字号饭店开业五十年，几乎零投诉，附近居民都说好。",
            "派出所民警提醒老人别相信上门推销的“保证收益”养老项目。",
            "网传“隔夜菜致癌”，营养专家澄清：合理冷藏的隔夜菜可以放心吃。",
            "这种说法流传很广：自来水有毒，要烧开三次。",
            "民警提醒：不要相信“稳赚不赔”“保本保息”的承诺。",
            "疾控中心提示：不要相信“喝白酒可以预防新冠”。",
        ],
        &[
            ("天然黑曜石貔貅，镇宅挡煞保平安，警惕假货，认准本店！", "AD160"),
            ("招财貔貅摆件，旺财转运，所谓好运就是这么简单！", "AD160"),
            ("专业看相算命，不搞伪科学那一套，欢迎预约。", "AD160"),
            ("易经大师开光手串，警惕假货，认准本店！", "AD296"),
            ("朋友们，澄清一下，隔夜菜致癌是真的，千万不要吃！", "PL030"),
            ("别担心，这个说法是真的：香蕉致癌，千万别吃！", "PL030"),
            ("很多人担心隔夜菜，其实隔夜菜真的会致癌，赶紧转告家人！", "PL048"),
            ("网传的消息是真的，好友太多会被封号，赶紧转发！", "PL023"),
            ("别相信银行那点利息，跟我们投资，稳赚不赔，保本保息！", "AD120"),
            ("跟着老师操作稳赚不赔，别相信那些说有风险的人。", "AD120"),
            ("这款净水器比普通净水器过滤效果好5倍，大数据证明！", "AD290"),
            ("全西安唯一现房洋房，拎包入住。", "AD294"),
            ("纯粮酿造，喝我们的酒，保你活到九十九，不伤肝！", "AD293"),
            ("百万宝妈的共同选择，全市包邮，今天下单立减！", "AD291"),
            ("小朋友，别犹豫了，快让爸爸妈妈给你买吧！", "AD292"),
        ],
    );
}

/// Issue 12 (i12ac): editorial lines beside the statute-shaped guarantee rules AD271-AD305 (news of
/// exam marking, a bank's and the police's risk warnings, deposit insurance, a doctor's advice, a
/// clinical report, a vaccine's lifelong immunity, an economic plan, encouragement) stay below
/// warning; the adverts of the same shapes are flagged by the rule named.
#[test]
fn guarantee_shapes_in_news_and_advice_are_quiet_and_in_adverts_are_caught() {
    assert_quiet_and_caught(
        "i12ac editorial lines",
        &[
            "今年全市共有1200名教师参加高考阅卷工作，阅卷将持续十天。",
            "省教育考试院提醒考生：任何机构声称有命题专家授课都是虚假宣传。",
            "阅卷组专家表示，今年作文题贴近生活，考生普遍发挥稳定。",
            "本产品不保证本金和收益，过往业绩不代表未来表现，投资须谨慎。",
            "银行理财经理提醒：没有哪款产品能保证年年盈利，投资有风险。",
            "警方提醒：凡是承诺保证赚钱、稳赚不赔的投资平台，都要提高警惕。",
            "存款保险制度保障储户的本金和利息，最高偿付限额为50万元。",
            "医生提醒：任何疗法都不能保证痊愈，患者要遵医嘱按时服药。",
            "临床观察显示，患者用药后疼痛明显减轻，未见明显不良反应。",
            "专家建议，如果咳嗽症状没有明显缓解，应及时到医院就诊。",
            "接种疫苗后可获得终身免疫，从此不再得麻疹。",
            "到2020年实现国内生产总值和城乡居民人均收入比2010年翻一番。",
            "多校划片后，买学区房不一定能上名校。",
            "市人社局组织退役军人参加技能培训，并推荐安排就业岗位。",
            "符合条件的退役士兵可以免试入学，就读高职院校。",
            "相信你一定能考上理想的大学，加油！",
            "要确保国有资产保值增值，防止国有资产流失。",
            "财政对教育的投入只增不减。",
            "医生提醒：千万不要听信偏方，自行停掉降糖药。",
            "研究发现，长期熬夜会影响性功能。",
        ],
        &[
            ("购买本基金，确保年年盈利，欢迎咨询。", "AD271"),
            ("本项目投资风险为零，收益可观，名额有限。", "AD272"),
            ("参加岗前培训班，就能保证安排去银行工作。", "AD273"),
            ("本校老师均为历年高考命题专家，欢迎报名。", "AD274"),
            ("纯植物配方，无不良反应，孕妇也可放心使用。", "AD275"),
            ("通过我们的康复训练，保证让孩子语言障碍痊愈。", "AD276"),
            ("每天一杯，永远不会得胃病。", "AD277"),
            ("本息100%保障，到期还本付息，欢迎预约。", "AD297"),
            ("这套纪念币收藏价值极高，几年后价值翻十倍。", "AD298"),
            ("名家字画，只升不降，传家之宝。", "AD299"),
            ("免试入学，轻松拿本科文凭，报名从速。", "AD300"),
            ("考研复试一对一辅导，录取无忧。", "AD301"),
            ("服用本品后，关节疼痛明显减轻。", "AD302"),
            ("喝了这款茶，从此不用再吃降压药。", "AD304"),
            ("本品可以提高性功能，重振雄风。", "AD305"),
        ],
    );
}

/// Issue 12 (i12af): claims that yearly and monthly debunk lists repeat, added to PL048's list, are
/// caught when posted as news, and the same topics stay quiet in a debunk, a health explainer or an
/// ordinary notice that names the entity without the false predicate.
#[test]
fn recurring_list_rumours_are_caught_and_their_debunks_and_notices_stay_quiet() {
    assert_quiet_and_caught(
        "debunks and notices",
        &[
            "辟谣：微信红包不会停止运营，请放心使用。",
            "酸菜充分发酵后亚硝酸盐含量已降至安全范围，正常食用不会致癌。",
            "社保卡换发第三代后，旧卡仍可正常使用。",
            "考生如果丢失准考证，应立即联系报名所在地招生考试机构补办。",
            "领取失业保险金不会影响退休后领取的养老金。",
        ],
        &[
            ("最新消息：微信红包将在10月20日正式取消，请尽快把零钱提现！", "PL048"),
            ("酸菜腌制时会产生大量亚硝酸盐，吃了会致癌！", "PL048"),
            ("北京第一代、第二代社保卡即将停用，请尽快换卡！", "PL048"),
            ("朋友捡到一张准考证，联系电话在下面，请大家扩散，别耽误孩子高考！", "PL048"),
            ("领过的失业保险金，退休后会从养老金里扣除！", "PL048"),
        ],
    );
}

/// Two errors on editorial lines that the helpers of Dec 7 noticed and left alone: advice that a
/// health food is no medicine (AD106 read 降压 beside 保健食品) and a hospital's own news (the
/// sector word 医院 made 唯一 promotional). The adverts of the same words stay errors.
#[test]
fn health_food_advice_and_hospital_news_are_no_errors() {
    let scanner = scanner();
    let offenders = offenders(
        &scanner,
        &["保健食品不能代替降压药，患者应遵医嘱服药。", "淮南市唯一的三甲医院今年迎来新院长。"],
        Severity::Error,
    );
    assert!(offenders.is_empty(), "errors on editorial lines:\n{}", offenders.join("\n"));
    assert_flags(&scanner, "claim.txt", "这款保健品能降血压，吃了就能停药。", "AD106");
    assert_flags(&scanner, "claim.txt", "我院今年引进德国设备，治疗效果最好。", "AD130");
}

/// Issue 12 (i12ah): a `near` claim that a negator before it denies, in words no rule lists as an
/// exception (无法实现快速缓解、根治效果: a news report quoting a doctor, hejianhemei.com/yulexinwen/3620.html),
/// a debunk's question answered no, and a paper's abstract speaking of itself (本文…介绍了中医治疗急性胰腺炎的
/// 治法: FewCLUE csldcp, a CSL abstract) are quiet, as are two reviewer-written guard lines of review rv8
/// (微波炉…不会让食物致癌; 喝酒能杀死新冠病毒？专家：…不能…); the same claims made, or asked and left open, are caught.
#[test]
fn denied_claims_debunk_questions_and_paper_abstracts_are_quiet() {
    assert_quiet_and_caught(
        "denied claims, answered questions and abstracts",
        &[
            "中医专家直言成分均为常见中药,成本低廉,无法实现快速缓解、根治效果,更无明确治疗关节疾病的机理",
            "有人担心微波炉有辐射，其实微波炉加热不会让食物致癌。",
            "喝酒能杀死新冠病毒？专家：喝酒不能杀死新冠病毒。",
            "本文就急性胰腺炎的病位归属、病因病机、治疗方法等方面进行了较详尽的阐述,并重点介绍了中医治疗急性胰腺炎的治法及优势和特点.",
        ],
        &[
            ("这款膏药能快速缓解、根治关节炎。", "AD150"),
            ("微波炉加热的饭菜会致癌。", "PL036"),
            ("隔夜菜千万不能吃，吃了会致癌！", "PL048"),
            ("喝酒能杀死新冠病毒？赶紧告诉家人！", "AD150"),
        ],
    );
}

/// Issue 12 (i12ah; reviewer-written guard lines of review rv8, ed2): a hospital's building news (扩建, like
/// 落成 and 揭牌) and a reported yield (据介绍, like 据悉) are news, not the hospital's or the seed seller's advert; the advert of the same words is caught.
#[test]
fn building_news_and_reported_yields_are_no_warnings() {
    assert_quiet_and_caught(
        "building news and reported yields",
        &["浦东新区唯一三甲中医院完成扩建。", "据介绍，这种水稻比普通水稻增产20%，已在全省推广。"],
        &[("本院是浦东新区唯一三甲中医院，欢迎预约。", "AD010"), ("新品种水稻增产20%，欢迎订购。", "AD126")],
    );
}

/// Issue 12 (i12ah): a claim that a negator governs denies it for the context rules too: a Toutiao
/// headline (FewCLUE tnews, unlabeled.json) says one cannot get rich fast; the promise made is caught.
#[test]
fn a_governed_negation_denies_a_context_rule_claim() {
    assert_headlines_quiet_and_flagged(
        &["Origin ECN：在交易中不能快速致富，“最慢”的人倾向于赢"],
        &[("跟着老师炒股，三个月快速致富！", "AD243")],
    );
}
