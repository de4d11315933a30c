//! Advertising context: does the text around a hit sell something?
//!
//! The advertising law applies to commercial promotion. A superlative in an advert is unlawful; the
//! same word in a news report or a review is not a claim. Rules marked `context = "advertising"`
//! take their severity from the context of each hit:
//!
//! - **promotional** (error): the hit's paragraph has a cue — a price or offer (`¥99`, 限时, 包邮,
//!   立减, 全网最低价: a price claim is itself an offer), a call to action (下单, 抢购, 扫码, 加微信, 咨询电话), the product as subject (本品, 这款,
//!   本店) or contact details (电话：, 微信号：) — or the document has two cues or more (in a long
//!   document, one per 1,000 characters);
//! - **editorial** (info): otherwise, a document of 80 characters or more, or a paragraph that
//!   tells of people (他, 她, a singular 我) or reports news (记者, 据悉, 新华社, 表示);
//! - **reported** (the rule's own severity, at most warning): otherwise, a claim the sentence
//!   reports someone making (宣称保证治愈癌症…的内容, 声称…, 号称…, 涉嫌…宣传…), as regulator
//!   notices and news do; a reviewer still sees it. Not when the verb's clause only names a thing
//!   (号称“鼻炎克星”的祖传秘方，三天根治鼻炎: the later clauses are the advert's own) or the
//!   product is its subject (我们的药膏号称…);
//! - **neutral** (the rule's own severity): anything else, such as a short text with no cue.
//!
//! A directly negated hit (不是最佳, 不代表收益保障, a cure word after 无法/不可), one cautioned
//! against or denied in its clause (切勿滥用…, …没有任何作用), or a cure the world is said to have
//! none of (世上没有能够“包治百病”的药, 没有什么药能根治…) is editorial whatever the cues. A money-back
//! offer, a question, a double negative (没有本品治不好的) or an exception (除了本品; …，唯有这款痛风贴)
//! still claims. A hedge right before a superlative (有时候是最有效的) is editorial. Editorial words
//! include reporting, sport, a reviewer's feelings and hedges; words adverts share with news (称号,
//! 获评, 第二天, 后来; 新药, 病例 beside a cue) count only in a paragraph with a news marker
//! (通讯员, 据院方介绍).
//! A cue inside a longer word (日本品牌) or a purchase told (下单了) is not a cue.
//! In a short text with no cue, a question left open (DNF谁的爆发能力最强？) and people ranked (a list
//! headline of players or game characters, 最佳第六人) are editorial; an answer after the question or a
//! product or endorsement word beside the ranking keeps the claim. So is state news (出席, 慰问, 本报,
//! a photo caption) and the news of a sport, a show or a game when the hit ranks people (顶级中锋,
//! 世界级超模), unless a product, an endorsement or a sale is named (中锋必备！最强护膝).
//!
//! Each finding names the cues that made its context promotional.

use std::cell::OnceCell;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{LazyLock, OnceLock};

use regex::Regex;

use crate::detect::kinds::regex::{light_turn_within, meta_light};
use crate::model::{AdSetting, Advertising};
use crate::normalize::simplified;

/// Documents at least this long (in characters) with no cue are editorial. Lowered from 300 in
/// issue 12's second round, tuned on dev news (2.3 M characters of 1998 People's Daily disjoint from
/// the test part): every quoted violation in the case sets is under 62 characters, while a cue-less
/// news paragraph of 80–300 characters was the largest source of warnings on news.
pub const EDITORIAL_MIN_CHARS: usize = 80;

/// In documents of more than twice this many characters, the document counts as promotional only
/// with a cue per this many characters.
pub const DENSE_CHARS: usize = 1000;

/// Cues shown at most, per finding.
const SHOWN: usize = 3;

/// A regex of `pattern` that also matches the traditional and variant forms of its Han
/// characters: the context patterns run on the extracted text, not the folded one, and a
/// traditional-script advert (立即下單) has the same cues as a simplified one.
fn han_regex(pattern: &str) -> Result<HanRegex, String> {
    HanRegex::new(crate::normalize::widen_han(pattern))
}

/// Bytes of short texts a run searches with a context pattern's light compilation before it
/// builds the full one: less than a regex rule's (the light one has no literal prefilter to skip
/// a sentence without a match, and a context pattern is tried on every sentence around a hit),
/// more than one small draft needs (launch.md is 1.5 KiB).
const CONTEXT_LIGHT_BUDGET: usize = 16 << 10;

/// Documents longer than this many bytes make the run a long one ([`LONG_RUN`]).
const LONG_DOCUMENT: usize = 64 << 10;

/// Set once the run analyses a document longer than [`LONG_DOCUMENT`] ([`DocContext::analyse`]),
/// or opens a text or Markdown file that long ([`note_document_len`]): the context patterns and
/// the advertising cues then search with their full compilation, built at once, and no longer
/// spend their budgets on the light one. The light compilation's PikeVM takes hundreds of
/// nanoseconds a byte on the long alternations (editorial words, the review voice, the cues): the
/// budget saves a small draft the lazy DFAs it would not repay, but a long document repays them
/// and spent ≈ 2 % of a check of the statutes ×4 in the PikeVM first. The same matches either way.
static LONG_RUN: AtomicBool = AtomicBool::new(false);

/// Marks the run a long one ([`LONG_RUN`]) when a document of `len` bytes is longer than
/// [`LONG_DOCUMENT`]. The scanner calls it as it opens a text or Markdown file, before extracting
/// it: on several threads, the other workers' short documents, scanned meanwhile, then search with
/// the full compilations the long one builds anyway, not with the light ones first (a second
/// worker spent ≈ 16 ms of a check of the statutes in the cue pattern's PikeVM, on the short files
/// after the first, long one).
pub fn note_document_len(len: u64) {
    if len > LONG_DOCUMENT as u64 && !LONG_RUN.load(Ordering::Relaxed) {
        LONG_RUN.store(true, Ordering::Relaxed);
    }
}

/// Whether the run is a long one ([`LONG_RUN`]).
pub(crate) fn long_run() -> bool {
    LONG_RUN.load(Ordering::Relaxed)
}

/// A context pattern: searched with a compilation without the lazy DFA (no reverse NFA, no
/// literal prefilter: about half the cost to build) while the run has searched little with it
/// ([`CONTEXT_LIGHT_BUDGET`]), as a regex rule's pattern is (see
/// [`crate::detect::kinds::regex::light_turn`]); with `regex::Regex` after, built then. One
/// small draft does not pay for the lazy DFAs of all the context patterns. Both find the same
/// matches (the engines of one `meta::Regex` differ only in speed).
#[derive(Debug)]
struct HanRegex {
    source: String,
    light: regex_automata::meta::Regex,
    full: OnceLock<Regex>,
    /// Bytes searched with `light` so far.
    searched: AtomicUsize,
}

/// A match of a [`HanRegex`] (as `regex::Match`).
#[derive(Debug, Clone, Copy)]
struct Found<'h> {
    haystack: &'h str,
    start: usize,
    end: usize,
}

impl<'h> Found<'h> {
    fn start(&self) -> usize {
        self.start
    }

    fn end(&self) -> usize {
        self.end
    }

    fn as_str(&self) -> &'h str {
        &self.haystack[self.start..self.end]
    }
}

/// The engine a [`HanRegex`] searches a text with.
enum Engine<'a> {
    Light(&'a regex_automata::meta::Regex),
    Full(&'a Regex),
}

impl HanRegex {
    /// Compiles `source` without the lazy DFA (the full compilation waits for a long text).
    fn new(source: String) -> Result<Self, String> {
        let light = meta_light(&source)?;
        Ok(Self { source, light, full: OnceLock::new(), searched: AtomicUsize::new(0) })
    }

    fn engine(&self, len: usize) -> Engine<'_> {
        if let Some(full) = self.full.get() {
            return Engine::Full(full);
        }
        if !long_run() && light_turn_within(&self.searched, len, CONTEXT_LIGHT_BUDGET) {
            return Engine::Light(&self.light);
        }
        // The light compilation of the same pattern built, so this one builds too.
        Engine::Full(self.full.get_or_init(|| Regex::new(&self.source).expect("a context pattern is valid")))
    }

    /// As `regex::Regex::is_match`.
    fn is_match(&self, text: &str) -> bool {
        match self.engine(text.len()) {
            Engine::Light(re) => re.is_match(text),
            Engine::Full(re) => re.is_match(text),
        }
    }

    /// As `regex::Regex::find`.
    fn find<'h>(&self, text: &'h str) -> Option<Found<'h>> {
        let (start, end) = match self.engine(text.len()) {
            Engine::Light(re) => re.find(text).map(|m| (m.start(), m.end()))?,
            Engine::Full(re) => re.find(text).map(|m| (m.start(), m.end()))?,
        };
        Some(Found { haystack: text, start, end })
    }

    /// The last match of `regex::Regex::find_iter`.
    fn find_last<'h>(&self, text: &'h str) -> Option<Found<'h>> {
        let (start, end) = match self.engine(text.len()) {
            Engine::Light(re) => re.find_iter(text).last().map(|m| (m.start(), m.end()))?,
            Engine::Full(re) => re.find_iter(text).last().map(|m| (m.start(), m.end()))?,
        };
        Some(Found { haystack: text, start, end })
    }
}

/// Every context pattern (a test checks that none is left out).
static PATTERNS: [&LazyLock<HanRegex>; 55] = [
    &EDITORIAL,
    &NOT_EXISTING,
    &TOLD,
    &INSTITUTION_TOLD,
    &STUDY,
    &EXPOSED,
    &OPINION,
    &ADVICE,
    &BRAND_ADVISED,
    &OWN_VOICE,
    &OWN_PRODUCT,
    &AMBIGUOUS,
    &HEALTH_NEWS,
    &REPORT,
    &SECTOR,
    &VISIT,
    &DESCRIBED,
    &NEWS_FRAME,
    &SELF_PROMOTION,
    &CAUTION,
    &LURE_OR_RISK,
    &MENTIONED,
    &GUARANTEE_CRITICISED,
    &REPORTED,
    &OWN_SUBJECT,
    &EXISTENTIAL,
    &EXCEPT_AFTER,
    &PROHIBITED,
    &DENIED_AFTER,
    &CO_ACTOR,
    &TREATMENT_TOPIC,
    &RATE_TREND_AFTER,
    &RATE_TREND_BEFORE,
    &HEDGED_DIFFERENCE,
    &DEFINITION,
    &OFFER,
    &MARKET,
    &REVIEW_VOICE,
    &TESTIMONIAL,
    &SELLER_VOICE,
    &CLOCKED,
    &BULK,
    &QUESTION,
    &OPINION_ASKED,
    &RANKING,
    &RANKED_PEOPLE,
    &COUNTED_PEOPLE,
    &SHOW_FIELD,
    &SELLING,
    &ENDORSED,
    &PUSHED,
    &NEWS_FIELD,
    &PERSON_HEAD,
    &NEWS_STATE,
    &NOT_STATE_NEWS,
];

/// Compiles every context pattern now (without the lazy DFA: see [`HanRegex`]), so that a thread
/// that has nothing else to do yet (while the rules load) does it instead of the first document's
/// scan (see [`crate::detect::warm_up`]).
pub(crate) fn warm_up() {
    for re in PATTERNS {
        LazyLock::force(re);
    }
}

/// Words of reporting, narration, evaluation and regulation: a paragraph with one of these and at
/// most one promotional cue is editorial (a review, a news report, a story, a statute), not an
/// advert.
static EDITORIAL: LazyLock<HanRegex> = LazyLock::new(|| {
    let base = r"(?:^|[^吉其])[他她](?:[^牌]|$)|我(?:[^们司院公厂店校行]|$)|记者|报道|据悉|据了解|据介绍|新华社|日电|本报讯|消息称|表示|指出|介绍说|发布会|科学家|研究人员|研究者|研究团队|研究表明|研究发现|医学界|临床试验|不得|应当|禁止|第[〇零一二三四五六七八九十百千]+条|虚假|欺诈|违法|处罚|罚款|谎称|感觉|觉得|居然|失望|郁闷|差评|好评|不爽|无语|缺点|优点|不足|缺憾|遗憾|算是|确实|将就|凑合|还行|还可以(?:[，。！？；,.!?;~～…\s吧啦了的]|接受|$)|挺|蛮|[吗呢][？?]|哪[间家个位]";
    // Issue 12, tuned on dev prose and dev exempt phrases (none of these occurs in a dev violation):
    // sport (a player or a team is ranked, not sold); enforcement news (执法人员查获…, review v:
    // 查获一批号称“特效药”的保健品，包装上印有“根治糖尿病”字样); a discovery and construction news (a gene
    // found, a telescope built); a reviewer's feelings (最开心的是, 除了激动); opinions reported as
    // others'. Words that adverts use as much as news are in [`AMBIGUOUS`].
    // A consumer warning (请保持警惕, 注意防范): the text warns against the claim it quotes. Not 谨防,
    // which adverts use (认准商标，谨防假冒).
    // 提防/防范 before 假 (提防假冒, 注意防范假货) is an advert's own anti-counterfeit line.
    // Issue 12 (i12y): a claim exposed as a scam's lure (以“保本高息”为诱饵, 打着“…”的幌子, 非法集资,
    // 宣称…，实则…) or warned against (需特别警惕, 涉嫌): a report or a consumer warning, never the
    // advert's own words (none of these occurs in a dev violation). Not 陷阱 or 噱头 (an advert
    // says 无任何消费陷阱, 不玩噱头) nor 警惕假冒 (an advert's anti-counterfeit line).
    let warning = r"提高警惕|保持(?:足够的?|高度)?警惕|请(?:大家)?警惕|提防(?:[^假]|$)|注意防范(?:[^假]|$)";
    // 切勿轻信 is in [`EXPOSED`] (review-ac): an advert says it of its rivals (切勿轻信小机构，我们承诺提分).
    // A dispute in court (引发百余名业主集体诉讼, 诉至法院, 法院经审理认定): a report of the promise
    // broken, not the offer (i12zs, stored pages on buy-back and leaseback disputes). Not a bare 诉讼
    // or 维权, which a law firm's advert uses (专业诉讼团队, 维权律师).
    // Issue 12 (i12y): a clinical study's arms (观察组…高于对照组) and a name usurped (冒用军队名义) are
    // research and enforcement text; no dev adlaw violation has them. Sanctions (i12u: 美国恢复“最强
    // 制裁”, 对伊实施最高级制裁) are a state's acts, told by news: 制裁 counts only after a verb of a
    // state or a body imposing, lifting or widening it (rv6: a bare 制裁 silenced adverts that boast
    // against it, 无惧制裁，本店…最低价; 受美国制裁也挡不住，我们的芯片性能最强), or as the subject of
    // news (史上最强制裁对全球油价的影响).
    let news = r"选手|球手|棋手|新秀|球员|运动员|联赛|赛季|球队|比赛|体育运动|被发现|在建|建成|竣工|吊装|激动|开心|也有人|有人说|有人认为|查获|查处|查扣|(?:实施|宣布|发起|恢复|解除|取消|扩大|升级|加大|加码|延长|放松|威胁)[^，。！？；\s]{0,4}制裁|最[^，。！？；\s]{1,3}制裁|制裁对|执法人员|执法部门|立案调查|冒用|集体诉讼|诉至法院|起诉至|提起诉讼|法院(?:经审理|审理|判决|认定|裁定|一审|二审)|经审理";
    // A reviewer's hedges, comparisons and surprise (应该是最低价, 不愧是, 比较欣赏, 如所宣传的那样).
    // A superlative that holds only sometimes (有时候是最有效的) is hedged where it stands: see
    // [`HEDGES`].
    // A delivery told as past (下单，今天下午就到了; 18号才收到; 发错了): a buyer's review of an order
    // (i12zn, consumer reviews on shop pages); an advert promises the delivery, it does not tell it.
    // A complaint about what was delivered (难吃, 咬不动, 扔掉了, 太咸了, 态度很差, 还没到, 才送到, 很不满意): a buyer's
    // review of an order (i12zo, food-delivery reviews); no seller says it of its own product, and no
    // dev violation has one of these words.
    // 竟然 is a reviewer's surprise, but not before a boast of a number or a price (通过率竟然高达91.8%,
    // 竟然只要99元: an advert's own surprise at its figures, a dev education violation; i12zs).
    // A buyer's repeat purchase and rating (继续回购, 还会回购, 一星都不想给, 给五星): no seller says it
    // (a seller's 回购 is a buy-back promise: 承诺原价回购). A promise reported as broken (拒不履行, 没有
    // 兑现: a buyer's or a court's story of the promise, not the offer; i12zs).
    let review = r"应该是|不愧|比较|实在|只能|竟然(?:[^高达只仅超]|$)|竟然高[^达]|(?:继续|还会|还要|会再|再次|无限|多次)回购|[一二三四五1-5１-５]星都|给[了个]?[一二三四五1-5１-５]星|拒不履行|拒绝履行|没有履行|未(?:能)?兑现|没有兑现|没兑现|令人不解|很不解|所宣传|以[^，。！？\s]{1,6}为最|就到了|才到了?|才收到|收到货|到货了|送到了|才发货|发错|难吃|不好吃|咬不动|扔掉了|太差|很差|真差|态度差|太[咸辣淡油腻硬慢]了|还没到|没送到|才送到|很不满意";
    // A superlative of a country, a city or a natural feature is geography, and of a sport (最受欢迎的
    // 运动, not 运动鞋) a fact of life, not a claim.
    let geography = r"最[大小高长深古老]的?(?:国家|经济体|城市|岛屿|湖泊|河流|山峰|沙漠|海洋|大陆)|最[^，。！？\s的]{1,4}的运动(?:[，。！？]|$)";
    han_regex(&format!("{base}|{warning}|{news}|{review}|{geography}")).expect("the editorial pattern is valid")
});

/// Words of a text that tells of a claim rather than makes it, weaker than [`EDITORIAL`]: they make
/// a short text editorial only when no reporting verb makes it [`AdSetting::Reported`] (a regulator's
/// 宣称…等误导群众…的内容 stays a visible warning). An institution named in the third person
/// (该校去年的升学率…, 该品牌被评为…): a report about it, where an advert calls itself 本校 or 我们;
/// and a claim called misleading or a rumour (这种说法…显然是误导). Issue 12 (i12y); no dev adlaw
/// violation has one. Not 该款 or 该产品, which product copy uses.
static TOLD: LazyLock<HanRegex> = LazyLock::new(|| han_regex(r"误导|谣言").expect("the told pattern is valid"));

/// An institution named in the third person (该校去年的升学率…, 该品牌被评为…): a report about it, where
/// an advert calls itself 本校 or 我们 (issue 12, i12y). But soft adverts (软文) tell of their product in
/// the third person too (该公司推出的理财产品保本保息; 该平台的理财产品零风险: review-ab, errors before
/// i12y), so alone it makes a claim [`AdSetting::Reported`] (a warning); with a news frame
/// ([`NEWS_FRAME`]: 去年, 近日, 1月13日) or a news-only honour ([`AMBIGUOUS`]: 被评为) it is
/// editorial. Not 该款 or 该产品, which product copy uses.
static INSTITUTION_TOLD: LazyLock<HanRegex> = LazyLock::new(|| {
    han_regex(r"该(?:校|学校|院|医院|公司|企业|集团|品牌|机构|厂|平台)").expect("the institution pattern is valid")
});

/// A clinical study's arms (观察组…高于对照组, 试验组的减药率, review-ad): research text (issue 12, i12y), unless the text speaks
/// for its product ([`OWN_VOICE`]: 服用本品的观察组治愈率达98%, review-ab). Since i12ah also a study or
/// paper speaking of itself and its samples (本研究中…去除率为92.3%, 本文…介绍了中医治疗急性胰腺炎的治法, 实验中…
/// 净化效率为96%, 对样品做了三次检测, 受试者, 课题组): a research report, where an advert cites a test as
/// 经检测 or 实验室检测 (none of these words occurs in a dev case; 研究中 is not one, for 研究中心).
static STUDY: LazyLock<HanRegex> = LazyLock::new(|| {
    han_regex(r"对照组|观察组|试验组|实验组|安慰剂组|本研究|该研究|本文|本实验|实验中|试验中|样品|受试者|课题组")
        .expect("the study pattern is valid")
});

/// A claim exposed as a scam's lure or warned against (以“保本高息”为诱饵, 打着“…”的幌子, 非法集资,
/// 宣称…，实则…, 需特别警惕; since i12za also the scam's actors and victims told of, 不法分子虚构理财项目、
/// 承诺超高收益, 避免上当受骗, and a quoted list called a banner, 打着“…”“…”等旗号): editorial (issue 12,
/// i12y), unless the text also speaks for its own
/// product ([`OWN_VOICE`]): an advert warns against its rivals' scams and then sells (谨防骗局，认准
/// 本品…; 其他平台的高收益都是诱饵，本平台稳赚不赔: review-ab, each an error before i12y).
static EXPOSED: LazyLock<HanRegex> = LazyLock::new(|| {
    han_regex(r#"警惕(?:[^假]|$)|骗局|诱饵|幌子|诈骗|骗取|非法集资|实则|[”」"](?:等)?(?:的)?(?:招牌|旗号)|不法分子|犯罪分子|犯罪嫌疑人|上当受骗|受害人|受害者|被骗|切勿轻信|行骗"#)
        .expect("the exposed pattern is valid")
});

/// A belief held by a share of people (5.7%的老年人认为保健品能治病, 相当一部分老年朋友认为…): a survey
/// or an opinion reported; and the words of an administrative penalty decision (当事人宣传内容明显夸大…,
/// 当事人的上述行为, 经查; not a bare 当事人, which a testimonial uses: 当事人亲测有效). Editorial (issue 12, i12za, real consumer and enforcement news; no dev adlaw violation has
/// one) unless the text speaks for its own product ([`OWN_VOICE`]: 90%的用户认为本品效果显著 is a
/// testimonial).
static OPINION: LazyLock<HanRegex> = LazyLock::new(|| {
    han_regex(r"(?:[0-9０-９][0-9０-９.．]*[%％]|相当一部分|一部分|不少|很多|许多|多数|大多数|部分)的?[^，。！？；,;!?\s]{0,8}认为|当事人的(?:上述)?行为|当事人(?:宣传|宣称|违反|构成)|经查")
        .expect("the opinion pattern is valid")
});

/// Advice to the public (国家卫健委推荐居民每天食盐摄入量不超过5克, 疾控…提醒广大市民…接种流感疫苗是预防流感
/// 最有效的手段之一): an authority or a writer recommends a behaviour to people, a public-health notice,
/// not an offer (issue 12, review-ac and i12ze's real news). Editorial unless the text speaks for its
/// own product ([`OWN_VOICE`]: 提醒广大消费者认准本品).
/// The audience may follow a comma (国家卫健委推荐，孕妇每天补充400微克叶酸, review-ad).
static ADVICE: LazyLock<HanRegex> = LazyLock::new(|| {
    han_regex(r"(?:推荐|建议|提醒|倡导|号召|呼吁|提示)[，,：:]?(?:广大|全市|全省|全国|城乡)?(?:居民|市民|公众|群众|民众|消费者|家长|网民|游客|老年人|孕妇|孕产妇|成人|成年人|儿童|青少年|婴幼儿)")
        .expect("the advice pattern is valid")
});

/// Advice that names a brand to buy (专家推荐广大消费者选用XX牌净水器, review-ad) is an advert's
/// endorsement, not [`ADVICE`]; 品牌 alone (购买正规品牌的产品) is not a brand name.
static BRAND_ADVISED: LazyLock<HanRegex> = LazyLock::new(|| {
    han_regex(r"(?:选用|选购|认准|购买|使用|服用|饮用)[^，。！？；,;!?\s]{0,6}[^品，。！？；,;!?\s]牌")
        .expect("the brand-advised pattern is valid")
});

/// The text speaks for its own product or addresses its buyer (本品, 本平台, 我们的产品, 认准, 为您,
/// 报名从速, 优惠): an advert's voice. It keeps [`EXPOSED`] and [`TOLD`] words from making the text
/// editorial, and a [`SECTOR`] word promotional in a news frame (review-ab: 该公司推出的理财产品保本
/// 保息…本平台; 5月起，该医院的国际专家团队将为您根治鼻炎).
static OWN_VOICE: LazyLock<HanRegex> = LazyLock::new(|| {
    han_regex(&format!("{OWN_WORDS}|为您|您|报名从速|优惠|特惠|特价|套餐")).expect("the own voice pattern is valid")
});

/// The words by which a text names its own product or seller, or sends the reader to it: shared
/// by [`OWN_VOICE`] and [`OWN_PRODUCT`].
const OWN_WORDS: &str = r"本品|本产品|本平台|本公司|本机构|本店|本校|本院|本楼盘|我院|我校|我司|我店|我公司|我们公司|我们店|我们的|只有我们|选择我们|我们(?:承诺|保证|签约)|认准";

/// The text names its own product or seller, or sends the reader to it ([`OWN_VOICE`] without the
/// words addressed to the buyer or of price, 您, 优惠, which a consumer warning also uses: 请您切勿轻信…).
static OWN_PRODUCT: LazyLock<HanRegex> =
    LazyLock::new(|| han_regex(&format!("{OWN_WORDS}|选择本")).expect("the own product pattern is valid"));

/// Whether `text` names its own product or seller ([`OWN_PRODUCT`]): an `unless_near` caution before
/// such words warns against rivals, not against the claim that follows them (kinds::near).
pub(crate) fn speaks_for_itself(text: &str) -> bool {
    OWN_PRODUCT.is_match(text)
}

/// Honours (称号, 获评) and the time words of a narrated experience (第二天, 后来). Adverts use them
/// as much as news does (喜讯：本院荣获…称号, a testimonial told with 后来, 第二天就可以上班), so they
/// are editorial only in a paragraph that also has a [`REPORT`] marker.
static AMBIGUOUS: LazyLock<HanRegex> = LazyLock::new(|| {
    han_regex(r"殊荣|称号|当选|被评为|获评|当晚|第二天|那天|前天|后来|那次")
        .expect("the ambiguous editorial pattern is valid")
});

/// Words of health and science news (a new drug developed, patients discharged). Beside a cue they
/// are an advert's (专家研制…欢迎来电, 治愈病例…咨询热线) and need a [`REPORT`] marker to be
/// editorial; with no cue they are news (治疗乳腺癌有新药, 治愈出院患者已经达到77000多名: on dev,
/// requiring a marker there too caught nothing, and added a warning on prose and an error on an
/// exempt phrase).
static HEALTH_NEWS: LazyLock<HanRegex> =
    LazyLock::new(|| han_regex(r"新药|研制|出院|病例").expect("the health news pattern is valid"));

/// Markers of a news report or an attributed source, beyond those in [`EDITORIAL`] (记者, 据悉,
/// 日电, 表示…): a correspondent, a source named after 据 (据新华社报道, 据院方介绍), a dispatch
/// (又讯, 新华社消息).
static REPORT: LazyLock<HanRegex> = LazyLock::new(|| {
    han_regex(r"通讯员|据[^，。！？；,;\s]{1,12}(?:报道|介绍|透露|统计|消息)|[日又]讯|[社台网报]消息")
        .expect("the report pattern is valid")
});

/// Whether paragraph `para` reads as an advert by its own cues: two or more, or one in a
/// paragraph with no editorial word (the first test of [`DocContext::at`]). A rule whose
/// `unless_near` contexts hold only outside adverts (`unless_in_adverts = false`) asks this: a
/// data source or an approval in an advert's own sentence (据统计，本店销量全市第一，欢迎选购) is
/// the advert's claim, not a sourced fact.
pub fn advertises(para: &str) -> bool {
    cues_advertise(counted_cues(para).len(), || editorial_words(para, true))
}

/// Whether the document `text` as a whole sells something ([`DocContext`]'s document test: two
/// offered cues or more, dense enough in a long text). A rule whose `unless_near` contexts hold only
/// outside adverts asks this when the hit's own paragraph shows no cue: an advert's claim line
/// stands between its title and its offer line (rv1).
pub fn sells(text: &str) -> bool {
    DocContext::analyse(text).promotional(text)
}

/// The promotional cues of `text` that count: not narrated (他说“欢迎选购”) and not inside a longer
/// word.
fn counted_cues(text: &str) -> Vec<Range<usize>> {
    let mut cues = super::cues::find(text);
    cues.retain(|c| {
        !narrated(text, c)
            && !inside_word(text, c)
            && !market_price(text, c)
            && !coupon_used(text, c)
            && !price_paid(text, c)
    });
    drop_reviewed(text, &mut cues);
    // The product named again in its line (这款平板…这款平板全部都有这种现象…不是黑这款平板) is one
    // cue: a buyer's review names the product it reviews as often as an advert does (issue 12,
    // i12zs: consumer reviews were errors by their repeated 这款 alone).
    let mut last_product: Option<(usize, String)> = None;
    cues.retain(|c| {
        let word: String = text[c.clone()].chars().map(simplified).collect();
        if !PRODUCT_NAMED.contains(&word.as_str()) {
            return true;
        }
        let repeated = last_product.as_ref().is_some_and(|(end, w)| *w == word && !text[*end..c.start].contains('\n'));
        last_product = Some((c.end, word));
        !repeated
    });
    cues
}

/// The product-as-subject cues that count once per line (see [`counted_cues`]).
const PRODUCT_NAMED: [&str; 2] = ["这款", "该款"];

// ---------------------------------------------------------------------------------------------
// A consumer's voice (issue 12, i12rv: food-delivery, shop and hotel reviews).
//
// A review tells of an order, a stay or a purchase from the buyer's side: who delivered it (骑手,
// 快递小哥), the seller seen from outside (店家, 卖家), whether the writer will come back (下次还会来,
// 再也不会点了, 回购), how the delivery went (物流超快, 饭送到都凉了), what the writer ordered or
// where they stayed (我们点了, 这次住的, 在京东买的). No seller says these of its own product, so a
// paragraph with one of them is a review ([`review_paragraph`]): editorial, and the prices and
// order words in it (特价买的, 十点下单, 这款) tell what the writer paid or did, not an offer.
// Not when the paragraph names its own product or seller ([`OWN_PRODUCT`]: 还会继续光临本店), frames
// the words as a testimonial ([`TESTIMONIAL`]: 买家秀, 用户反馈) or calls the reader to act (a cue
// that is not [`told_cue`]: 赶紧下单, 扫码, 加微信, 咨询电话): a review an advert quotes and sells
// with stays the advert's.
// ---------------------------------------------------------------------------------------------

/// The words of a consumer's voice (see the section comment above). No dev violation has one.
static REVIEW_VOICE: LazyLock<HanRegex> = LazyLock::new(|| {
    let n = "[一二两三四五六七八九十半几0-9０-９]";
    // Who delivered (送餐员态度很差, 快递小哥还特意发了短信) and the seller seen from outside (店家打电话来说,
    // 卖家态度好): 店家 and 卖家 only before what a buyer says of them, not a bare 店家推荐 or 卖家包邮
    // (review of i12rv). Not 商家, which a platform's advert uses of its merchants (优质商家, 商家必争地).
    let people = r"骑手|骑士|送餐员|配送员|送货员|派送员|快递员|快递哥|(?:外卖|快递|送餐|送货)小哥|送外卖的|这家店|此店|此家|(?:店家|卖家)(?:打电话|打来|说|态度|服务态度|居然|竟然|太|也|还|不|没)";
    // Coming back or not (下次还会光顾, 以后再也不会订了, 会回购). Not a bare 回购: a seller promises
    // one (藏品原价回购) and boasts its rate (回购率).
    let again = r"下次(?:还|再|也|不|就|一定|继续|有机会)|(?:还会|会再|还要|还想|不会再|再也不会?|不再|继续)(?:来|去|点|订|定|买|光顾|惠顾|选择|入住|住|吃|购买|支持)|(?:会|继续|再|已|无限|多次)回购|回购(?:了|过)";
    // The delivery as it went: received (刚收到, 收到货), fast or slow with a degree word (物流超快,
    // 快递非常快, 送餐太慢: an advert promises speed, 极速发货, without 很 or 超), food gone cold or
    // spilt on the way (饭送到都凉了), a wait counted (等了两个小时), a price that fell after the
    // purchase (刚买完就降价). Not 发货, which a seller promises (24小时发货).
    let delivery = format!(
        r"刚收到|已收到|已经收到|收到了|催单|(?:物流|快递|送货|送餐|配送)(?:速度)?(?:很|超|真|非常|也|太|挺|蛮|特别|超级|相当|就是|真的|都)(?:快|慢|给力|及时|迅速|神速)|(?:物流|快递|配送)给力|(?:都|已经|全)(?:凉|冷|洒|撒|坨)了|等了{n}+个?(?:小时|钟头|分钟)|掉价了|(?:就|又)(?:降价|掉价)"
    );
    // What the writer ordered or where they stayed (我们点了, 这次点的, 第二次订, 住了两晚, 入住期间),
    // and the shop they bought it in (在京东买的, 通过携程订的).
    // Not a date before 入住 (12月31日入住享8折 is an offer), nor 今天 or 今晚 (今晚入住立减).
    let ordered = r"我们(?:点|订|定|住|入住|叫)(?:了|的|过)|(?:这次|上次|第[一二三四五六七八九十0-9]次|每次|今天|昨天|中午|晚上|早上|又|还|刚|一共|总共)(?:点|订|定)(?:了|的|过)|(?:住|订|定|点)的是|住了|住过|入住(?:了|过)|(?:这次|上次|我们|那天|昨天|前天|昨晚|第[一二三四五六七八九十0-9]次)入?住";
    // A habit or a repeat purchase (一直用这款, 第八次购买, 多次购买): not 再次购买, which a seller invites.
    let habit = r"一直(?:都)?(?:很)?(?:在)?(?:用|买|使用|喝|穿|喜欢|信赖|支持)|(?:第[二三四五六七八九十0-9]+次|多次|又)(?:购买|买|下单|入手)";
    // The sale caught or missed and the price after it (赶上活动, 没秒到特价, 买完没一天就降了), and a
    // buyer's outcry (坑爹, 建议别买, 不推荐这款, 非常差): not 忽悠消费者, which news reports; not
    // 千万别买, 被坑, 没抢到, which an advert says of others' goods or to its late buyers (review of i12rv).
    // Gifts the buyer got and counts or rates (还有这么多赠品，都很喜欢; 赠品也很实用: i12u, a shop review
    // made an error by its 这款): a seller offers 赠品, it does not rate them. A count of gifts
    // (这么多赠品) is a buyer's only with a purchase told in its sentence (收到, 买了, 拆箱, 到货): a
    // seller marvels at its own gifts too (rv6: 这么多赠品只要99元，快来抢; 好多赠品！最后一天).
    let bought = r"(?:收到|买了|拆箱|开箱|到货)[^。！？；
]{0,20}(?:这么|那么|好)多(?:的)?赠品|(?:这么|那么|好)多(?:的)?赠品[^。！？；
]{0,20}(?:收到|买了|拆箱|开箱|到货)|赠品[，,]?(?:也|都|还)(?:很|挺|蛮)?(?:不错|好|喜欢|实用)|赶上了?(?:搞)?活动|没(?:秒|买)到|买完|买过后|刚买(?:完|了|的)|坑爹|不推荐|建议(?:不要|别)买|(?:非常|特别|超级|极其|真心的?)(?:不好|差)";
    let platform = r"(?:在|通过|从|用)(?:京东|淘宝|天猫|当当|亚马逊|苏宁|拼多多|美团|饿了么|百度外卖|携程|艺龙|去哪儿)(?:上|网上|网)?(?:买|购买|购|下单|下的单|订|定|预订|预定|点|抢)";
    // A complaint, mild or not, of what it cost or how it was (早餐太贵, 位置稍偏, 早餐简陋了点, 尚可)
    // and a reviewer's verdict (总体还不错, 还算丰富): no advert says its product is wanting, or
    // sums it up as passable.
    // A part of it called bad (卫生差, 服务太差, 价格绝对不值) or an extra charge complained of
    // (四肢按摩需要加钱, 要加收15元/天): the complaints of [`EDITORIAL`]'s review words that no seller
    // writes of itself.
    let verdict = r"(?:^|[^不没])(?:太|有点|有些|稍微|稍|略|偏)(?:贵|小|吵|旧|偏|慢|远|咸|淡|油|硬|少)|(?:贵|小|少|旧|慢|远|硬|淡|咸|简陋|简单|吵|窄|暗)了(?:一)?点|尚可|一般般|还算|总体(?:来说|而言|感觉|还|不错|一般)|总的来说|整体来说|(?:卫生|服务|态度|质量|环境|隔音|设施|味道|口味|早餐)(?:很|太|真|极|非常|比较|超级)?差|很不满意|不值|(?:需要|要|还要|得)(?:另外)?(?:加钱|加收|另收|另付)";
    han_regex(&format!("{people}|{again}|{delivery}|{ordered}|{habit}|{bought}|{platform}|{verdict}"))
        .expect("the review voice pattern is valid")
});

/// Words that frame a consumer's words as the seller's testimonial (买家秀, 用户反馈, 好评如潮, 亲测):
/// a review an advert quotes is the advert's. Not a bare 反馈: a hotel's reply to a guest is headed
/// 宾馆反馈.
static TESTIMONIAL: LazyLock<HanRegex> = LazyLock::new(|| {
    han_regex(
        r"买家秀|晒单|(?:买家|用户|顾客|客户|学员|患者|家长|真实|好评)(?:反馈|评价|心声|见证)|好评如潮|口碑|见证|亲测",
    )
    .expect("the testimonial pattern is valid")
});

/// The cue words a buyer tells of as what was paid, got or done (a price, a discount, a coupon,
/// free delivery, a bare order word, the product named: 6元每斤, 特价买的, 十点下单, 喜欢这款); the
/// others call the reader or name the seller (立即下单, 扫码, 加微信, 欢迎选购, 本店, 电话：).
/// An offer's terms (买一送一, 满199减100, 限时特价, 限时抢购) are never told: a seller writes them,
/// and a buyer who paid one tells it with the purchase ([`price_paid`]: 限时特价948买的).
fn told_cue(word: &str) -> bool {
    let word: String = word.chars().map(simplified).collect();
    let first = word.chars().next();
    first.is_some_and(|c| c.is_ascii_digit() || matches!(c, '¥' | '￥'))
        || word.ends_with('价') && !word.starts_with('限')
        || word.ends_with('折')
        || word.ends_with("折优惠")
        || word.ends_with('券')
        || ["包邮", "立减", "下单", "抢购", "订购", "选购", "这款", "该款"].contains(&word.as_str())
}

/// The seller speaking of itself, for [`review_paragraph`]: [`OWN_WORDS`] with 我们的 only before what
/// a seller has (我们的产品, 我们的顾客, 我们的酒店); a guest's 我们的房间 or 我们的迪士尼之行 is not one.
static SELLER_VOICE: LazyLock<HanRegex> = LazyLock::new(|| {
    let own = OWN_WORDS.replace("|我们的|", "|");
    han_regex(&format!(
        "{own}|选择本|我们的(?:产品|课程|服务|团队|顾客|客户|用户|学员|会员|店|门店|餐厅|酒店|品牌|公司|工厂|专家|医生|老师)"
    ))
    .expect("the seller voice pattern is valid")
});

/// Words right before a bare order word that call the reader to order (喜欢的可以下单, 快来抢购,
/// 直接下单): a call, even in a buyer's words, and not [`told_cue`].
const CALLING: [&str; 17] = [
    "可以", "可", "快", "来", "去", "请", "速", "抓紧", "尽快", "直接", "欢迎", "马上", "立即", "立刻", "赶紧", "赶快",
    "亲们",
];

/// Whether the cue at `cue` of `text` is an order word called for ([`CALLING`] right before it).
fn called(text: &str, cue: &Range<usize>) -> bool {
    let word: String = text[cue.clone()].chars().map(simplified).collect();
    ["下单", "抢购", "订购", "选购"].contains(&word.as_str())
        && CALLING.iter().any(|w| text[..cue.start].trim_end_matches([' ', '\u{3000}', '，', ',']).ends_with(w))
}

/// Whether `para` (one paragraph) is a consumer's review: a [`REVIEW_VOICE`] word, with no words of
/// the seller speaking ([`SELLER_VOICE`]) and no testimonial frame ([`TESTIMONIAL`]). The caller
/// checks that its cues are all [`told_cue`]s.
fn review_paragraph(para: &str) -> bool {
    REVIEW_VOICE.is_match(para) && !SELLER_VOICE.is_match(para) && !TESTIMONIAL.is_match(para)
}

/// Drops from `cues` (of `text`, in order) those of a review paragraph whose cues are all told
/// ([`told_cue`], [`review_paragraph`]): what the writer paid or did, not an offer.
/// Not when the seller speaks or quotes its buyers anywhere in `text` ([`SELLER_VOICE`],
/// [`TESTIMONIAL`]): 本店新品上市 on one line and 物流超快，特价99元 on the next are one advert.
fn drop_reviewed(text: &str, cues: &mut Vec<Range<usize>>) {
    let seller = OnceCell::new();
    let seller = || *seller.get_or_init(|| SELLER_VOICE.is_match(text) || TESTIMONIAL.is_match(text));
    let mut keep = vec![true; cues.len()];
    let mut i = 0;
    while i < cues.len() {
        let start = text[..cues[i].start].rfind('\n').map_or(0, |k| k + 1);
        let end = text[cues[i].start..].find('\n').map_or(text.len(), |k| cues[i].start + k);
        let mut j = i;
        while j < cues.len() && cues[j].start < end {
            j += 1;
        }
        let line = &text[start..end];
        // A cue that runs over the line's end is not one the line tells.
        let told = cues[i..j].iter().all(|c| c.end <= end && told_cue(&text[c.clone()]) && !called(text, c));
        // The seller and testimonial checks run once over the whole text (`seller`), which covers
        // the line: [`review_paragraph`] would repeat them on it.
        if told && REVIEW_VOICE.is_match(line) && !seller() {
            keep[i..j].fill(false);
        }
        i = j;
    }
    let mut k = 0;
    cues.retain(|_| {
        k += 1;
        keep[k - 1]
    });
}

/// Words right after a price word that tell of a purchase or a stay at that price (携程特价入住该酒店,
/// 团购价买的, 会员价拿下): a buyer's or a guest's story, not an offer (issue 12, i12zx: hotel reviews).
const PAID_AFTER: [&str; 12] =
    ["入住", "买的", "买了", "买到", "拿下", "入手", "抢到", "购得", "购入", "订的", "订了", "订到"];

/// Words right after a price word and the amount paid that tell of a purchase made (限时特价948买的,
/// 特价99买了): a buyer's story (issue 12, i12zn: shop reviews).
const PAID_AT_AMOUNT: [&str; 4] = ["买的", "买了", "购得", "购入"];

/// Whether a price-word cue (特价, 团购价, 会员价 …) is followed by a purchase told ([`PAID_AFTER`]),
/// or by an amount in digits and a purchase made ([`PAID_AT_AMOUNT`]).
fn price_paid(text: &str, cue: &Range<usize>) -> bool {
    let word: String = text[cue.clone()].chars().map(simplified).collect();
    if !word.ends_with('价') {
        return false;
    }
    let after: String = text[cue.end..].chars().take(2).map(simplified).collect();
    let past_amount = text[cue.end..].trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
    let amount = past_amount.len() < text.len() - cue.end && past_amount.len() + 8 >= text.len() - cue.end;
    let paid: String = past_amount.chars().take(2).map(simplified).collect();
    PAID_AFTER.contains(&after.as_str()) || amount && PAID_AT_AMOUNT.contains(&paid.as_str())
}

/// Words before a coupon that tell of it as used (又用了20元优惠券, 使用了一张代金券): a buyer's
/// review of an order (issue 12, i12zs: consumer reviews), not an offer of the coupon.
const COUPON_USED: [&str; 4] = ["用了", "使用了", "用掉", "用的"];

/// Whether a coupon cue (优惠券, 代金券, 折扣券) is told as used: a [`COUPON_USED`] word at most 8
/// characters before it, in its clause. An advert offers the coupon (领取优惠券, 赠送50元代金券).
fn coupon_used(text: &str, cue: &Range<usize>) -> bool {
    if !text[cue.clone()].ends_with('券') && !text[cue.clone()].ends_with('劵') {
        return false;
    }
    let before = &text[..cue.start];
    let clause = before.rfind(CLAUSE_ENDS).map_or(before, |i| &before[i..]);
    let from = clause.char_indices().rev().nth(7).map_or(0, |(i, _)| i);
    let near: String = clause[from..].chars().map(simplified).collect();
    COUPON_USED.iter().any(|w| near.contains(w))
}

/// Words of a market report before a unit price in its clause: an average, a transaction, a rent,
/// a change, an income (均价, 成交, 房价, 租金, 同比, 上涨, 收入), or the low end of a range (1000元至2000元/月).
/// Property and market news quotes prices per square
/// metre and per month as statistics (成交均价达到19225元/平方米, 租金约2500元/月); an advert's
/// unit price stands with an offer or a call of its own (仅售99元/盒，欢迎选购).
static MARKET: LazyLock<HanRegex> = LazyLock::new(|| {
    han_regex(r"均价|单价|房价|地价|楼面价|开盘价|租金|月租|租赁价格|出租价格|收入|月薪|工资|成交|同比|环比|平均|上涨|下跌|涨到|跌到|涨至|跌至|涨幅|跌幅|蹿升|攀升|回落|\d\s*元?\s*[~～至到]\s*$")
        .expect("the market pattern is valid")
});

/// Offer words that, right before a unit price, mark it as an advert's own price (review-af).
/// Not a bare 仅 (news writes 房价仅为…, 均价仅8000元/平方米).
const OFFERED: [&str; 8] = ["仅需", "仅售", "只需", "只要", "只售", "低至", "特惠", "直降"];

/// Whether a unit-price cue (`19225元/`, `26703元每`) is a market statistic: a [`MARKET`] word in
/// its sentence, at most 30 characters before it (issue 12, i12zk: property news was promotional
/// by its reported prices); or a discount cue on a loan rate.
fn market_price(text: &str, cue: &Range<usize>) -> bool {
    let word = &text[cue.clone()];
    // A discount on a loan rate (房贷利率七折优惠, 八五折利率) is credit policy in finance news.
    if word.contains('折') {
        let from = text[..cue.start].char_indices().rev().nth(5).map_or(0, |(i, _)| i);
        let before = &text[from..cue.start];
        return before.contains("利率") || before.contains("房贷") || text[cue.end..].starts_with("利率");
    }
    if !(word.ends_with('/') || word.ends_with('每')) || !word.contains(['元']) {
        return false;
    }
    let before = &text[..cue.start];
    // An offer word just before the number (月租仅需1800元/月, 租金低至80元/㎡) makes it an
    // advert's price, whatever market word precedes it (review-af).
    if OFFERED.iter().any(|w| before.trim_end_matches([' ', '\u{3000}']).ends_with(w)) {
        return false;
    }
    let sentence = before.rfind(SENTENCE_ENDS).map_or(before, |i| &before[i..]);
    // Up to 30 characters back, within the sentence.
    let from = sentence.char_indices().rev().nth(29).map_or(0, |(i, _)| i);
    MARKET.is_match(&sentence[from..])
}

/// Whether a paragraph with `cues` counted cues reads as an advert: two or more, or one in a
/// paragraph that `editorial` says has no editorial word (a statute or a report quoting one cue
/// is not an advert).
fn cues_advertise(cues: usize, editorial: impl FnOnce() -> bool) -> bool {
    cues >= 2 || cues == 1 && !editorial()
}

/// Whether `para` (one paragraph, with `cued` telling whether it has a cue) has an editorial word:
/// one of [`EDITORIAL`], a consumer's voice with no cue left ([`review_paragraph`]; its told cues
/// are dropped in [`counted_cues`]), one of [`AMBIGUOUS`] with a news marker, or one of
/// [`HEALTH_NEWS`] with a news marker or no cue.
fn editorial_words(para: &str, cued: bool) -> bool {
    let report = || REPORT.is_match(para);
    EDITORIAL.is_match(para)
        || !cued && review_paragraph(para)
        || (EXPOSED.is_match(para)
            || STUDY.is_match(para)
            || OPINION.is_match(para)
            || ADVICE.is_match(para) && !BRAND_ADVISED.is_match(para))
            && !OWN_VOICE.is_match(para)
        || AMBIGUOUS.is_match(para) && report()
        || HEALTH_NEWS.is_match(para) && (!cued || report())
}

/// Medical businesses: in a sentence with no editorial word, a claim about one of these reads as
/// an advert (最好的专科医院). Broader product words (产品, 品牌) are not cues: on the dev split they
/// raised errors on lawful and editorial text more than they found.
static SECTOR: LazyLock<HanRegex> =
    LazyLock::new(|| han_regex(r"医院|诊所|门诊|专科|医疗机构").expect("the sector pattern is valid"));

/// A medical business as the place someone goes to (第二天去天津最好的皮肤病医院一查): a patient's
/// story, not the business speaking (an advert says 来 or 到本院). No dev violation has it.
static VISIT: LazyLock<HanRegex> = LazyLock::new(|| {
    han_regex(r"去[^，。！？,!?\s]{0,12}(?:医院|诊所|门诊|专科|医疗机构)").expect("the visit pattern is valid")
});

/// A medical business described in the third person (该医院是…, 该院始建于…), as encyclopedic and
/// news text describe one: an advert speaks of itself as 本院 or 我院. No dev violation has it
/// (issue 12, i12u).
static DESCRIBED: LazyLock<HanRegex> =
    LazyLock::new(|| han_regex(r"该(?:医院|诊所|门诊|专科|医疗机构|院)").expect("the described pattern is valid"));

/// A sentence that tells of a medical business from outside, as news does (issue 12, i12y: hospital
/// news was reported as an error, 医院烧伤科为这名患者做了植皮祛疤手术): a reported time (日前, 近日,
/// 昨天, 1月13日, 去年; not a deadline: 本周日前, 国庆节日前, 12月31日前, review rv5), the business
/// pointed at or counted (这家医院, 多家医院, 100家医院, 十大, 排行榜), its own news (今年, 院长, 揭牌,
/// 落成, and since i12ah 竣工, 扩建, 开工, 动工: 淮南市唯一的三甲医院今年迎来新院长 was an error, i12ab), or a patient's story (送往, 住进,
/// 转入, 来到, 收治, 抢救, 病房, 这名患者), or outreach told of (开展义诊, 义诊活动, 志愿者: review-ad,
/// 口腔医院的志愿者为留守儿童修补龋洞 was an error once 修补 joined AD150; no case file has these
/// words). Such a sentence is not made promotional by [`SECTOR`] alone; no dev violation has one of
/// these words beside a sector word. Unless the business speaks for itself ([`SELF_PROMOTION`]).
static NEWS_FRAME: LazyLock<HanRegex> = LazyLock::new(|| {
    let digits = "0-9０-９一二三四五六七八九十";
    let num = format!("[{digits}]");
    han_regex(&format!(
        r"(?:^|[^周节生当今明该末{digits}])日前|近日|近期|昨天|昨日|前不久|{num}{{1,2}}月{num}{{1,3}}日(?:[^前]|前往|$)|去年|前年|(?:这|那|某|该|每|多|几|各|{num}+)[家所座]|十大|百强|排行榜|获奖|今年|院长|揭牌|落成|竣工|扩建|开工|动工|送往|送到|送进|送至|住进|转入|转至|转到|来到|收治|接诊|抢救|病房|患儿|(?:这|该)名|开展义诊|义诊活动|志愿者"
    ))
    .expect("the news frame pattern is valid")
});

/// A medical business speaking for itself: its own name for itself, its doctors on duty, an
/// appointment (本院, 我院, 专家坐诊, 预约, 挂号). These keep [`SECTOR`] promotional in any frame.
static SELF_PROMOTION: LazyLock<HanRegex> = LazyLock::new(|| {
    han_regex(r"本院|我院|坐诊|亲诊|预约|挂号|来院|到院|莅临|欢迎").expect("the self-promotion pattern is valid")
});

/// Whether a short text's sentence reads as an advert by the medical business it names: a
/// [`SECTOR`] word, not as the place someone goes to ([`VISIT`]), not described in the third person
/// ([`DESCRIBED`]) and not in a news frame ([`NEWS_FRAME`]) unless the business speaks for itself.
fn sector_advert(sentence: &str) -> Option<Found<'_>> {
    let m = SECTOR.find(sentence)?;
    let news = || NEWS_FRAME.is_match(sentence) && !SELF_PROMOTION.is_match(sentence) && !OWN_VOICE.is_match(sentence);
    (!VISIT.is_match(sentence) && !DESCRIBED.is_match(sentence) && !news()).then_some(m)
}

/// The cues of one document, where its paragraphs start, and (computed when first asked) whether
/// each paragraph reads as editorial. Looking up a hit's context costs a binary search, not a scan
/// of the text before it, so a one-line export with many findings stays linear.
#[derive(Debug, Clone)]
pub struct DocContext {
    /// Cue ranges, in text order.
    cues: Vec<Range<usize>>,
    /// Byte offsets where paragraphs (lines) start; the first is 0.
    paragraphs: Vec<usize>,
    /// Per paragraph: whether it has an editorial word.
    editorial: Vec<OnceCell<bool>>,
    /// The cue words shown for a paragraph, kept at the index of its first cue (a document of a
    /// million lines with a few cues needs a few cells, not a million).
    shown: Vec<OnceCell<Vec<String>>>,
    /// The cue words shown for the document as a whole.
    doc_shown: OnceCell<Vec<String>>,
    /// Length of the text in bytes.
    len: usize,
    /// Length of the text in characters, counted when its bounds (a quarter of `len` to `len`)
    /// do not settle a comparison.
    chars: OnceCell<usize>,
}

impl DocContext {
    /// Finds the cues and paragraphs of `text` (extracted article text).
    pub fn analyse(text: &str) -> Self {
        note_document_len(text.len() as u64);
        let cues = counted_cues(text);
        let mut paragraphs = vec![0];
        paragraphs.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        let editorial = vec![OnceCell::new(); paragraphs.len()];
        let shown = vec![OnceCell::new(); cues.len()];
        Self { cues, paragraphs, editorial, shown, doc_shown: OnceCell::new(), len: text.len(), chars: OnceCell::new() }
    }

    /// Byte offsets where the lines of the analysed text start, as `split_inclusive('\n')` cuts
    /// them (and one after a final line feed): 0, then one past each line feed.
    pub(crate) fn line_starts(&self) -> &[usize] {
        &self.paragraphs
    }

    /// [`DocContext::line_starts`], taken out of a context no longer needed.
    pub(crate) fn into_line_starts(self) -> Vec<usize> {
        self.paragraphs
    }

    /// The lines (indices into [`DocContext::line_starts`]) a cue touches, in order, when they are
    /// the only ones [`DocContext::at_line`] may find other than editorial: in a document long
    /// enough to be editorial without cues and not promotional as a whole, a line with no cue of
    /// its own is editorial. `None` otherwise.
    pub(crate) fn cued_lines(&self, text: &str) -> Option<Vec<usize>> {
        if !self.has_chars(text, EDITORIAL_MIN_CHARS) || self.promotional(text) {
            return None;
        }
        let line_of = |off: usize| self.paragraphs.partition_point(|&s| s <= off) - 1;
        let mut out: Vec<usize> = Vec::new();
        for c in &self.cues {
            for k in line_of(c.start)..=line_of(c.end) {
                if out.last().is_none_or(|&l| l < k) {
                    out.push(k);
                }
            }
        }
        Some(out)
    }

    /// Whether `text` (the analysed text) has at least `n` characters: a UTF-8 character is 1 to 4
    /// bytes, so the byte length mostly answers without counting.
    fn has_chars(&self, text: &str, n: usize) -> bool {
        self.len.div_ceil(4) >= n || (self.len >= n && *self.chars.get_or_init(|| text.chars().count()) >= n)
    }

    /// Whether the document as a whole sells something: two cues or more, and in a long document
    /// at least one per [`DENSE_CHARS`] characters (a statute or a long report that mentions 订购
    /// twice is not an advert).
    ///
    /// A cue alone in a paragraph that has an editorial word (a guest telling the price of a meal,
    /// 78元每个人, in a hotel review) is told, not offered, and does not count (issue 12, i12zx:
    /// hotel reviews were errors by the prices of two paragraphs).
    fn promotional(&self, text: &str) -> bool {
        let n = self.cues.len();
        n >= 2
            && (!self.has_chars(text, DENSE_CHARS * 2) || !self.has_chars(text, n * DENSE_CHARS + 1))
            && self.offered_cues(text) >= 2
    }

    /// The cues of the document less those alone in a paragraph with an editorial word, counting
    /// up to two.
    fn offered_cues(&self, text: &str) -> usize {
        let line_of = |off: usize| self.paragraphs.partition_point(|&s| s <= off) - 1;
        let mut offered = 0;
        let mut i = 0;
        while i < self.cues.len() && offered < 2 {
            let (p, q) = (line_of(self.cues[i].start), line_of(self.cues[i].end));
            let mut j = i + 1;
            while j < self.cues.len() && line_of(self.cues[j].start) == p {
                j += 1;
            }
            let para_start = self.paragraphs[p];
            let para_end = self.paragraphs.get(q + 1).map_or(text.len(), |&next| next - 1);
            let alone = j - i == 1 && p == q;
            if !alone || !*self.editorial[p].get_or_init(|| editorial_words(&text[para_start..para_end], true)) {
                offered += j - i;
            }
            i = j;
        }
        offered
    }

    /// The first [`SHOWN`] distinct cue words among `cues`.
    fn words(text: &str, cues: &[Range<usize>]) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for c in cues {
            let w = text[c.clone()].trim().to_owned();
            if !out.contains(&w) {
                out.push(w);
            }
            if out.len() == SHOWN {
                break;
            }
        }
        out
    }

    /// The advertising context of the stretch `range` of `text`.
    pub fn at(&self, text: &str, range: &Range<usize>) -> Advertising {
        let line_of = |off: usize| self.paragraphs.partition_point(|&s| s <= off) - 1;
        self.at_lines(text, range, line_of(range.start), line_of(range.end))
    }

    /// [`DocContext::at`] for a stretch within paragraph (line) `line` of `text`, 0-based, as
    /// `text.split_inclusive('\n')` counts them: no search for the line (a caller walking the
    /// lines in turn saves two binary searches over every line start of the document per line).
    /// The negation check (不是最佳) looks at the clause around `range.start`; a range covering the
    /// whole paragraph is never negated.
    pub fn at_line(&self, text: &str, range: &Range<usize>, line: usize) -> Advertising {
        debug_assert!(self.paragraphs.get(line).is_some_and(|&s| s <= range.start));
        debug_assert!(self.paragraphs.get(line + 1).is_none_or(|&s| range.end < s));
        self.at_lines(text, range, line, line)
    }

    /// [`DocContext::at`] for a stretch from paragraph `p` to paragraph `q`.
    fn at_lines(&self, text: &str, range: &Range<usize>, p: usize, q: usize) -> Advertising {
        // A negated claim (绝对不是最佳选择, 不代表收益保障; since i12ah also one a negator governs from a few
        // characters off, 在交易中不能快速致富, as for `near` claims) claims nothing, whoever writes it. This
        // applies to a hit; a whole paragraph (the model rules ask once per paragraph) is never
        // negated.
        let para_start = self.paragraphs[p];
        let para_end = self.paragraphs.get(q + 1).map_or(text.len(), |&next| next - 1);
        let whole = range.start == para_start && range.end >= para_end;
        if !whole
            && (negated(text, range.start)
                || crate::detect::kinds::near::denied_by(text, range, false)
                || enumeration_head(text, range))
        {
            return Advertising { setting: AdSetting::Editorial, cues: Vec::new() };
        }
        let para = &text[para_start..para_end];
        let lo = self.cues.partition_point(|c| c.start < para_start);
        let hi = self.cues.partition_point(|c| c.end <= para_end);
        let in_para = &self.cues[lo..hi.max(lo)];
        // Cached per paragraph; a hit spanning a line break is looked at directly.
        let editorial = || {
            let cued = !in_para.is_empty();
            if p == q {
                *self.editorial[p].get_or_init(|| editorial_words(para, cued))
            } else {
                editorial_words(para, cued)
            }
        };
        // One cue in a paragraph that reports, narrates or regulates (a statute quoting 本品不能代替
        // 药物) does not make it an advert; two do.
        if cues_advertise(in_para.len(), editorial) {
            // Cached per paragraph: a long paragraph full of cues is not re-read for every hit.
            let cues = if p == q {
                self.shown[lo].get_or_init(|| Self::words(text, in_para)).clone()
            } else {
                Self::words(text, in_para)
            };
            return Advertising { setting: AdSetting::Promotional, cues };
        }
        if self.promotional(text) {
            let cues = self.doc_shown.get_or_init(|| Self::words(text, &self.cues)).clone();
            return Advertising { setting: AdSetting::Promotional, cues };
        }
        // A nickname reported (有“奇险天下第一山”之称) is editorial, but not in an advert: a product
        // is said to be known by its boast (我们的白酒素有“中国第一酒”之美誉，今日下单享九折).
        if self.has_chars(text, EDITORIAL_MIN_CHARS) || editorial() || !whole && nicknamed(text, range) {
            return Advertising { setting: AdSetting::Editorial, cues: Vec::new() };
        }
        // A claim the sentence reports someone making (宣称保证治愈癌症…的内容, 涉嫌虚假宣传根治…):
        // a reviewer sees it, but a report on enforcement is not an advert, so it is at most a
        // warning. A cue in the paragraph or the document (above) keeps it an error.
        if !whole && let Some(verb) = reported(text, range.start) {
            return Advertising { setting: AdSetting::Reported, cues: vec![verb.to_owned()] };
        }
        if !whole && !OWN_VOICE.is_match(para) {
            if TOLD.is_match(para) {
                return Advertising { setting: AdSetting::Editorial, cues: Vec::new() };
            }
            if let Some(m) = INSTITUTION_TOLD.find(para) {
                // The institution as the object of someone else's act (邹家华为该公司成立45周年题词,
                // dev People's Daily): told from outside.
                let object = para[..m.start()].ends_with(['为', '為', '对', '對', '向', '给', '給', '被', '与', '與']);
                if object || NEWS_FRAME.is_match(para) || AMBIGUOUS.is_match(para) {
                    return Advertising { setting: AdSetting::Editorial, cues: Vec::new() };
                }
                return Advertising { setting: AdSetting::Reported, cues: vec![m.as_str().to_owned()] };
            }
        }
        // A short text that names a medical business in the sentence of the claim, other than as
        // the place someone goes to.
        let sentence = sentence_around(text, range);
        // State news names hospitals as places and subjects (民政部慰问解放军总医院住院官兵, ——记北京交通
        // 医院…专家, 北京铁路总医院接生一巨大女婴（图片）: dev People's Daily headlines), not as sellers.
        if !whole && !OWN_VOICE.is_match(sentence) && state_news_told(para, text, range) {
            return Advertising { setting: AdSetting::Editorial, cues: Vec::new() };
        }
        if let Some(m) = sector_advert(sentence) {
            return Advertising { setting: AdSetting::Promotional, cues: vec![m.as_str().to_owned()] };
        }
        if !whole
            && (co_actor(text, range.start)
                || rate_trend(text, range)
                || outcome_unused(text, range.start)
                || superlative_told(text, range)
                || award_named(text, range)
                || record_told(text, range)
                || question_asked(text, range)
                || ranking_told(para, text, range)
                || field_news_told(para, text, range)
                || blamed_before(&text[..range.start]))
            && !OWN_VOICE.is_match(sentence)
        {
            return Advertising { setting: AdSetting::Editorial, cues: Vec::new() };
        }
        Advertising { setting: AdSetting::Neutral, cues: Vec::new() }
    }
}

/// How far (bytes) after an enumeration head [`enumeration_head`] looks for the next item: 200 CJK
/// characters.
const ENUMERATION_REACH: usize = 600;

/// Whether the hit at `range` is the head of an enumeration (我想说，第一、大企业要注重诚信……第二、…):
/// 第一 opening its clause, followed by a list mark and, further on, by 第二. An ordinal that
/// counts the writer's points ranks nothing (issue 12, i12zs: a buyer's complaint was an error);
/// a ranking claim has its subject before 第一 (品质第一、服务至上, 销量第一).
fn enumeration_head(text: &str, range: &Range<usize>) -> bool {
    let Some(after) = text[range.start..].strip_prefix("第一") else {
        return false;
    };
    let opens = text[..range.start]
        .chars()
        .next_back()
        .is_none_or(|c| CLAUSE_ENDS.contains(&c) || matches!(c, '：' | ':' | ' ' | '\u{3000}'));
    if !opens || !after.starts_with(['、', '，', '：', ',', ':', '.', '．']) {
        return false;
    }
    let to = crate::normalize::floor_char_boundary(after, ENUMERATION_REACH.min(after.len()));
    after[..to].contains("第二")
}

/// Negations that, right before a hit, deny the claim rather than make it. A bare 不 is not one
/// of them: 不复发, 不近视 and 不留疤 are themselves claims.
/// 不再是 and 已非 deny it now (jd已经不再是最具竞争力的供货商: a buyer's complaint, i12zx).
const NEGATIONS: [&str; 13] = [
    "不是",
    "并非",
    "绝非",
    "不代表",
    "不等于",
    "不意味着",
    "谈不上",
    "算不上",
    "称不上",
    "并不",
    "不能说",
    "不再是",
    "已非",
];

/// What ends a hit's clause for [`negated`]: clause and sentence punctuation, a line break.
const CLAUSE_ENDS: [char; 10] = ['，', '。', '！', '？', '；', ',', ';', '!', '?', '\n'];

/// Ad copy separates its phrases with spaces and 、 as often as with commas (不要盲目吃药 本品三天
/// 根治): they also end the stretch a caution before the hit reaches over.
const PHRASE_BREAKS: [char; 3] = [' ', '\u{3000}', '、'];

/// Whether `c` ends a clause ([`CLAUSE_ENDS`]) or a phrase of ad copy ([`PHRASE_BREAKS`]).
fn breaks_phrase(c: char) -> bool {
    CLAUSE_ENDS.contains(&c) || PHRASE_BREAKS.contains(&c)
}

/// How far (bytes) [`negated`] looks for the ends of a hit's clause: 80 CJK characters.
const CLAUSE_REACH: usize = 240;

/// A caution earlier in the clause (不可滥用…药片防癌, 切勿盲目服用…, 不要轻信偏方根治…): the
/// sentence warns against the claim instead of making it. No dev violation has one.
static CAUTION: LazyLock<HanRegex> = LazyLock::new(|| {
    han_regex(r"(?:不可|不要|不能|不宜|切勿|切莫|千万别|勿)再?(?:滥用|盲目|轻信|迷信|乱用|过量|随意)")
        .expect("the caution pattern is valid")
});

/// Whether the hit starting at byte `start` of `text` is directly negated, or cautioned against
/// earlier in its clause.
fn negated(text: &str, start: usize) -> bool {
    // A clause is looked for within [`CLAUSE_REACH`] bytes each side: a hit in a long run without
    // punctuation costs no more than one in a short clause.
    let from = crate::normalize::ceil_char_boundary(text, start.saturating_sub(CLAUSE_REACH));
    let before = &text[from..start];
    let clause = before.rfind(breaks_phrase).map_or(before, |i| &before[i..]);
    let rest = clause_after(text, start);
    // A question (鼻炎不能根治？试试本品) denies nothing; nor does 难以根治的老胃病, which names the
    // ailment a product then cures.
    let question = text[start + rest.len()..].starts_with(['？', '?']);
    let attributive = rest.char_indices().take_while(|&(i, _)| i < 12).any(|(_, c)| c == '的');
    let cure = ["治", "根治", "医治", "痊愈"].iter().any(|c| text[start..].starts_with(c));
    NEGATIONS.iter().any(|n| before.ends_with(n))
        || text[start..].starts_with('最') && HEDGES.iter().any(|h| before.ends_with(h))
        || cautioned(clause)
        || prohibited(before)
        || banned(clause)
        || cure && !question && !attributive && CURE_DENIALS.iter().any(|n| before.ends_with(n))
        || !question && denied_after(rest)
        || !question && existential_at(text, start, clause, rest)
        || mentioned(rest)
        || treatment_topic(&text[start..])
        || low_rate(&text[start..])
        || rate_defined(&text[start..])
        || term_defined(text, start)
        || pejorative(&text[start..])
        || HEDGED_DIFFERENCE.is_match(rest)
        || defined(text, start)
        || guarantee_denied(text, start, before, clause, rest)
        || told_as_lure_or_risk(before, rest)
}

/// After a hit, in its clause: what it did to someone who fell for it (李阿姨被高额回报打动, 被高收益冲昏
/// 头脑), a risk it comes with (高收益往往伴随着高风险), or its purpose denied (不以治疗疾病为目的). A
/// scam victim's story, a risk warning or a rule, not a promise (issue 12, i12za, real news).
static LURE_OR_RISK: LazyLock<HanRegex> = LazyLock::new(|| {
    han_regex(r"^[^，。！？；,;!?]{1,8}?(?:所)?(?:打动|吸引|诱惑|迷惑|冲昏|蒙蔽|诱骗)|^[^，。！？；,;!?]{1,8}?(?:往往|通常|总是|必然)?(?:伴随|伴隨|意味)[着著]?(?:高|更高|更大|巨大|一定|相应)的?风险|^[^，。！？；,;!?]{1,12}?为(?:主要)?目的")
        .expect("the lure or risk pattern is valid")
});

/// Whether the clause around a hit tells of it as a lure that moved someone (被…打动), a risk
/// (…伴随着高风险; not 伴随零风险, a claim) or a purpose denied (不以…为目的): [`LURE_OR_RISK`], with 被 or 不以 right
/// before the hit for the first and the last.
fn told_as_lure_or_risk(before: &str, rest: &str) -> bool {
    let Some(m) = LURE_OR_RISK.find(rest) else { return false };
    let tail = &rest[..m.end()];
    if tail.ends_with("目的") {
        return before.ends_with("不以");
    }
    if tail.contains("风险") {
        return true;
    }
    before.ends_with('被') || before.ends_with("被所")
}

/// A term named rather than used (并有治疗疾病的用语, 发布“零风险日收益X%”等诱惑信息, 以“保本高收益”
/// 为噱头): the sentence tells of the words someone used, as enforcement and consumer news do. An
/// advert uses its claims; it does not call them 用语, 字样 or 话术 (issue 12, i12za; no dev adlaw
/// violation has one). Not 广告语 or 宣传语: a slogan others hoist (商家打出“三天瘦十斤”的广告语) stays
/// reported, a visible warning.
static MENTIONED: LazyLock<HanRegex> = LazyLock::new(|| {
    han_regex(concat!(
        // the words named: 用语, 字样, 话术… (治疗疾病的用语, “最”级绝对化广告用语);
        r#"^[^，。！？；,;!?]{0,40}?(?:(?:等|之类的?)?的?(?:用语|字样|字眼|词语|词汇|话术|诱惑信息|虚假信息)"#,
        // a quoted list called a lure or a line (“…”等诱惑, “…”的幌子, 以“…”为噱头).
        r#"|[”」"](?:(?:等|之类的?)的?(?:说法|噱头|旗号|幌子|诱惑|宣传|承诺|口号)|的?(?:噱头|旗号|幌子)|为(?:噱头|诱饵|幌子|卖点|售卖点)))"#,
    ))
    .expect("the mention pattern is valid")
});

/// Whether the clause from a hit (`rest`) names it as a word ([`MENTIONED`]).
fn mentioned(rest: &str) -> bool {
    MENTIONED.is_match(rest)
}

/// A treatment word that modifies what it costs, how hard it is or how it went (癌症治疗的总成本,
/// 治疗难度大幅上升, 肺腺癌的康复情况), or the advice, plan or guide about it and whether it was right
/// (寻求专业的治疗建议, 治疗是否规范: i12zh): treatment as a topic, as health news and science writing tell
/// of it, not a claim that something treats (issue 12, i12ze's real health news).
static TREATMENT_TOPIC: LazyLock<HanRegex> = LazyLock::new(|| {
    han_regex(r"^(?:治疗|治療|康复|康復|诊疗|診療|医治|醫治)的?总?(?:难度|難度|成本|费用|費用|负担|負擔|开支|開支|支出|情况|情況|进展|進展|建议|建議|原则|原則|指南|是否)")
        .expect("the treatment topic pattern is valid")
});

/// Whether the text from a hit is a treatment word as a topic ([`TREATMENT_TOPIC`]).
fn treatment_topic(from_hit: &str) -> bool {
    TREATMENT_TOPIC.is_match(from_hit)
}

/// An effect said to differ, with a hedge (不同药物对同一种疾病的疗效可能存在显著差异; 疗效因人而异): a
/// comparison across treatments or people, as health writing and disclaimers put it, not a claim
/// that something works (issue 12, i12zh's real health science). Only hedged: 疗效与普通药物存在显著
/// 差异 is a superiority claim.
static HEDGED_DIFFERENCE: LazyLock<HanRegex> = LazyLock::new(|| {
    han_regex(r"^[^，。！？；,;!?]{0,4}?(?:因人而异|可能(?:会)?(?:存在|有)[^，。！？；,;!?]{0,4}?差(?:异|別|别))")
        .expect("the hedged difference pattern is valid")
});

/// A definition earlier in the sentence (药物治疗的成功率通常指的是患者在接受治疗后…症状得到显著改善的
/// 比例): the sentence says what a term means, as encyclopedic and science text does (issue 12, i12zh).
/// Not when the sentence names its own product ([`OWN_PRODUCT`]: 所谓根治，是指本品…).
static DEFINITION: LazyLock<HanRegex> =
    LazyLock::new(|| han_regex(&DEFINES.join("|")).expect("the definition pattern is valid"));

/// The words that define a term ([`DEFINITION`], [`rate_defined`]).
const DEFINES: [&str; 4] = ["指的是", "是指", "定义为", "定義為"];

/// The words that define the term right before them ([`rate_defined`], [`term_defined`]):
/// [`DEFINES`] and the looser 通常指, 一般指.
fn defines_term() -> impl Iterator<Item = &'static str> {
    DEFINES.iter().chain(&["通常指", "一般指"]).copied()
}

/// Whether the hit at byte `start` of `text` follows a definition ([`DEFINITION`]) in its sentence
/// that names no product of its own.
fn defined(text: &str, start: usize) -> bool {
    let before = sentence_before(text, start);
    DEFINITION.is_match(before) && !OWN_PRODUCT.is_match(sentence_around(text, &(start..start)))
}

/// What, right after a rate, tells it as low (治愈率只有50%-60%, 有效率仅为三成): a limit of medicine as
/// health news and patients' stories tell it; an advert states its rate as high (issue 12, i12zh's
/// real charity news). Traditional forms included: the context patterns run on unfolded text.
const LOW_RATE: [&str; 12] =
    ["只有", "仅有", "僅有", "仅为", "僅為", "不足", "不到", "只占", "较低", "較低", "偏低", "低于"];

/// The text after the rate ([`RATES`]) the text from a hit starts with, if it starts with one (no
/// rate begins another, so at most one does).
fn after_rate(from_hit: &str) -> Option<&str> {
    RATES.iter().find_map(|r| from_hit.strip_prefix(r))
}

/// Whether the text from a hit is a rate ([`RATES`]) told as low ([`LOW_RATE`]).
fn low_rate(from_hit: &str) -> bool {
    after_rate(from_hit).is_some_and(|rest| LOW_RATE.iter().any(|l| rest.starts_with(l)))
}

/// Whether the text from a hit is a rate ([`RATES`]) that the sentence goes on to define (有效率是指
/// 治疗后症状得到改善的患者所占的比例: review-ae, an error before): encyclopedic text; an advert states
/// its rate, it does not define it.
fn rate_defined(from_hit: &str) -> bool {
    after_rate(from_hit).is_some_and(|rest| {
        let rest = rest.trim_start_matches(['”', '"', '」', '’', '，', ',']);
        defines_term().any(|d| rest.starts_with(d))
    })
}

/// Words of blame after 最 (最差, 最失败的一次网购, 最气愤的一次, 最不好的一次): a complaint's superlative.
/// No seller calls its product the worst; a buyer's review does (issue 12, i12zn, consumer reviews).
const BLAME: [&str; 16] = [
    "差", "不好", "烂", "糟", "失败", "气愤", "失望", "坑", "垃圾", "难用", "难吃", "难看", "恶心", "郁闷", "后悔",
    "讨厌",
];

/// Troubles a superlative can grade through 的 (中国最大的毒瘤, 最大的困难, 唯一的障碍): a problem
/// ranked in news and opinion, not a product's claim (issue 12, i12pc: news headlines; no dev
/// violation has one). Used by [`pejorative`]'s second shape only.
const TROUBLES: [&str; 16] = [
    "毒瘤", "问题", "难题", "困难", "障碍", "威胁", "隐患", "危害", "弊端", "阻力", "敌人", "祸害", "瓶颈", "短板",
    "败笔", "痛点",
];

/// How many characters after the start of a hit [`pejorative`] looks for 的/得 and a word of blame:
/// a four-character idiom and its particle (史无前例的难吃).
const BLAME_REACH: usize = 6;

/// Whether the text from a hit starts with 最 and a word of blame ([`BLAME`]), or the hit's term
/// grades a word of blame through 的 or 得 within [`BLAME_REACH`] characters of its clause
/// (史无前例的难吃, 极品的垃圾, 无与伦比得恶心): a complaint's intensifier, not a claim (issue 12, i12zo,
/// food-delivery reviews). 差 alone is left out of the second shape (最低的差价 is a price claim).
fn pejorative(from_hit: &str) -> bool {
    if let Some(rest) = from_hit.strip_prefix('最') {
        let rest: String = rest.chars().take(2).map(simplified).collect();
        return BLAME.iter().any(|b| rest.starts_with(b));
    }
    let head: String =
        from_hit.chars().take(BLAME_REACH + 3).take_while(|c| !CLAUSE_ENDS.contains(c)).map(simplified).collect();
    head.char_indices().filter(|&(_, c)| c == '的' || c == '得').take_while(|&(i, _)| i <= BLAME_REACH * 3).any(
        |(i, c)| {
            let after = &head[i + c.len_utf8()..];
            BLAME.iter().filter(|b| **b != "差").chain(TROUBLES.iter()).any(|b| after.starts_with(b))
        },
    )
}

/// Words of blame that, right before 的 or 得 and a hit, make the hit grade them (慢的无与伦比,
/// 横的无与伦比, 难吃得史无前例): a complaint's intensifier, as [`pejorative`] reads the other order
/// (issue 12, i12rv: food-delivery reviews). Only adjectives no advert grades its own product by.
/// A one-character word of blame counts only after a degree word or at the start of its clause
/// ([`DEGREE`]): 灿烂, 尊贵 and 细腻 end in 烂, 贵 and 腻 and praise.
const BLAMED: [&str; 18] = [
    "难吃", "难用", "难看", "恶心", "垃圾", "糟糕", "油腻", "差", "烂", "坑", "慢", "横", "贵", "脏", "吵", "丑", "臭",
    "咸",
];

/// Degree words that may stand before a one-character word of blame (还横的, 太慢的).
const DEGREE: [char; 13] = ['很', '太', '真', '超', '好', '特', '贼', '巨', '极', '也', '又', '还', '更'];

/// Words right before a word of blame that make it the object of what the product does (去除油腻的,
/// 告别垃圾的): an advert's promise, not a complaint (review of i12rv).
const BLAME_REMOVED: [&str; 8] = ["去除", "告别", "解决", "对付", "远离", "消除", "祛除", "赶走"];

/// Whether the text right before a hit (`before`) is a word of blame ([`BLAMED`]) and 的 or 得.
/// Asked only of a text with no cue (like [`superlative_told`]): in an advert the product is what
/// the blame is graded against. Not when the blame is the object of a [`BLAME_REMOVED`] word, nor
/// denied (不太贵的, 不脏的).
fn blamed_before(before: &str) -> bool {
    let Some(head) = before.strip_suffix('的').or_else(|| before.strip_suffix('得')) else { return false };
    let tail: Vec<char> = head.chars().rev().take(5).map(simplified).collect();
    BLAMED.iter().any(|b| {
        let n = b.chars().count();
        let word_matches = b.chars().rev().eq(tail.iter().take(n).copied());
        // The character before a one-character word: none, not Han, or a degree word.
        let prev = tail.get(n).copied();
        let degree = prev.is_some_and(|c| DEGREE.contains(&c));
        // What precedes the word (and its degree word): not 不 or 没, nor a word that removes it.
        let rest = &tail[(n + usize::from(degree)).min(tail.len())..];
        let denied = rest.first().is_some_and(|c| matches!(c, '不' | '没'));
        let lead: String = rest.iter().take(2).rev().collect();
        let removed = BLAME_REMOVED.iter().any(|w| lead.ends_with(w));
        word_matches
            && (n > 1 || prev.is_none_or(|c| DEGREE.contains(&c) || !crate::normalize::is_han(c)))
            && !denied
            && !removed
    })
}

/// How many characters of a term a hit may begin before the sentence defines it
/// ([`term_defined`]): 保本理财产品是指 has six.
const TERM_CHARS: usize = 8;

/// Whether the hit at byte `start` of `text` begins a term that its clause goes on to define
/// (保本理财产品是指银行承诺到期返还本金的理财产品; 零风险投资通常指…): an explainer's definition of a
/// product class, not a promise (issue 12, i12zn: AD121 errors on 保本理财 explainers). Not when the
/// sentence names its own product ([`OWN_PRODUCT`]: 保本是指本平台承诺…).
fn term_defined(text: &str, start: usize) -> bool {
    let rest = clause_after(text, start);
    let term_end = rest.char_indices().nth(TERM_CHARS).map_or(rest.len(), |(i, _)| i);
    let head = &rest[..term_end];
    let at = defines_term().filter_map(|d| head.find(d).map(|i| (i, d))).min();
    at.is_some_and(|(i, d)| {
        // The definition word starts within the term's reach and its clause goes on after it.
        i > 0 && rest.len() > i + d.len() && !OWN_PRODUCT.is_match(sentence_around(text, &(start..start)))
    })
}

/// AD150's outcome words: a disease said to be gone or not to have come back (湿疹全部好了, 再也没犯).
/// A user's story tells them of a product used; news tells them of a child or a patient with no
/// product (李女士说，孩子的湿疹…今年开春后再也没犯过; 全校患病学生都好了: review-ad).
const OUTCOMES: [&str; 9] =
    ["全部好了", "全好了", "都好了", "彻底好了", "完全好了", "不再犯", "没再犯", "再也没犯", "没有再犯"];

/// A use earlier in the sentence (用了两个疗程, 做了九个月艾灸, 我妈喝了两盒, 坚持服用) or a product
/// named there (这款, 本品): what makes an outcome word a testimonial. Every dev violation with an
/// outcome word has one (贴上邦比，鼻炎5年不再犯; 做了九个月艾灸…全部好了).
const USES: [&str; 50] = [
    "用了", "用这", "使用", "吃了", "吃这", "喝了", "喝这", "服用", "服了", "贴了", "涂了", "抹了", "擦了", "敷了",
    "泡了", "喷了", "灸了", "戴了", "做了", "按了", "坚持", "疗程", "这款", "本品", "产品", "用過", "用过", "吃过",
    "喝过", "试了", // the use begun (贴上邦比，鼻炎5年不再犯: a dev miss)
    "贴上", "用上", "吃上", "喝上", "涂上", "抹上", "敷上", "戴上",
    // the use repeated or at once (连喝三盒, 口腔喷雾一喷: review-ad adverts)
    "连喝", "连吃", "连用", "连贴", "连服", "一喷", "一贴", "一涂", "一抹", "一用", "一吃", "一喝",
];

/// An offer in the sentence that the document's cues (cues.rs) do not read: a
/// gift in Chinese numerals (买二送一), a factory sale, an order or purchase, a stock-up. Beside an
/// outcome word it makes the sentence the advert's, whatever stands before the outcome (review-ae:
/// 泡脚一个月，老寒腿彻底好了，XX足浴粉买二送一; XX通络贴，风湿关节痛再也没犯过，买三送一).
static OFFER: LazyLock<HanRegex> = LazyLock::new(|| {
    han_regex(r"买[一二两三四五六七八九十]送[一二三四五六七八九十]|買[一二兩三四五六七八九十]送[一二三四五六七八九十]|厂家直销|廠家直銷|下单|下單|订购|訂購|购买|購買|抢购|搶購|选购|選購|囤货|囤貨|扫码|掃碼|加微信")
        .expect("the offer pattern is valid")
});

/// Whether the hit at byte `start` of `text` is an outcome word ([`OUTCOMES`]) with no use or
/// product ([`USES`]) earlier in its sentence and no offer ([`OFFER`]) anywhere in it: told of,
/// not testified to. Asked only in a text with no cue (after the cue tests of [`DocContext::at`]):
/// an advert's outcome keeps its severity (痛风患者福音！连喝三盒，痛风再也没犯，限时特价; 專利配方，
/// 風濕關節炎全部好了，立即訂購).
fn outcome_unused(text: &str, start: usize) -> bool {
    OUTCOMES.iter().any(|o| text[start..].starts_with(o)) && {
        let before = sentence_before(text, start);
        !USES.iter().any(|u| before.contains(u)) && !OFFER.is_match(sentence_around(text, &(start..start)))
    }
}

/// A rate told as a trend (癌症的早期筛查和治愈率得到了显著提高; 提高癌症治愈率的关键): progress in
/// medicine or a goal, as health news and science writing tell it. An advert states its rate (治愈率
/// 高达98%, 总有效率达96%): a figure anywhere in the sentence, or the text speaking for itself, keeps it
/// a claim (issue 12, i12ze's real health news; i12za saw the goal shape on held-out pages).
static RATE_TREND_AFTER: LazyLock<HanRegex> = LazyLock::new(|| {
    han_regex(&format!(
        r"^(?:{}|总有效率)[^，。！？；,;!?\s]{{0,6}}?(?:得到了?|有了|有所|不断|逐年|逐步|持续)[^，。！？；,;!?\s]{{0,4}}?(?:提高|提升|上升|改善)",
        RATES.join("|")
    ))
    .expect("the rate trend pattern is valid")
});

/// The rates [`rate_trend`] reads a hit at.
const RATES: [&str; 7] = ["治愈率", "有效率", "显效率", "痊愈率", "根治率", "治愈成功率", "生存率"];

/// The goal form of [`RATE_TREND_AFTER`]: the rate as the object of raising (提高癌症治愈率).
static RATE_TREND_BEFORE: LazyLock<HanRegex> = LazyLock::new(|| {
    han_regex(r"(?:提高|提升|改善)[^，。！？；,;!?\s的]{0,6}$").expect("the rate goal pattern is valid")
});

/// Whether the rate hit at `range` of `text` is told as a trend or a goal with no figure in its
/// sentence ([`RATE_TREND_AFTER`], [`RATE_TREND_BEFORE`]).
fn rate_trend(text: &str, range: &Range<usize>) -> bool {
    let sentence = sentence_around(text, range);
    if sentence.chars().any(|c| c.is_ascii_digit() || matches!(c, '%' | '％' | '成') || ('０'..='９').contains(&c))
    {
        return false;
    }
    let tail = &text[range.start..];
    let rate = RATES.iter().any(|r| tail.starts_with(r));
    rate && (RATE_TREND_AFTER.is_match(tail) || RATE_TREND_BEFORE.is_match(sentence_before(text, range.start)))
}

/// The investment guarantees whose denial regulation news reports (资管新规：银行理财今后不再保本保收益,
/// 理财再无刚兑, 打破刚性兑付, 非保本浮动收益).
const GUARANTEES: [&str; 11] =
    ["保本", "保息", "保收益", "保证收益", "保底", "刚性兑付", "刚兑", "稳赚", "零风险", "无风险", "只赚不赔"];

/// Before a guarantee, these end it (不再保本, 再无刚兑, 非保本浮动收益). They are not [`NEGATIONS`]:
/// before other claims they make one (不再复发).
const GUARANTEE_ENDS: [&str; 5] = ["不再", "再无", "不再以", "不再是", "非"];

/// What a guarantee is called when it is the thing criticised (刚性兑付弱化了市场纪律, 打破“稳赚不赔”
/// 的惯性思维, 保本神话): regulation and finance news, not an offer.
static GUARANTEE_CRITICISED: LazyLock<HanRegex> = LazyLock::new(|| {
    han_regex(r"弱化|扭曲|助长|惯性|信仰|神话|思维|现象|顽疾|弊端").expect("the criticised guarantee pattern is valid")
});

/// Whether the investment guarantee at byte `start` of `text` is said to end or be broken (不再保本
/// 保收益, 打破刚性兑付) or is criticised later in its clause (刚性兑付弱化了市场纪律): regulation news
/// (issue 12, i12za: errors on real news of the 2018 asset-management rules). A product named after
/// 打破 (打破常规，本产品保本) starts the advert's own claim.
fn guarantee_denied(text: &str, start: usize, before: &str, clause: &str, rest: &str) -> bool {
    let tail = &text[start..];
    if !GUARANTEES.iter().any(|g| tail.starts_with(g)) {
        return false;
    }
    GUARANTEE_ENDS.iter().any(|n| before.ends_with(n))
        || clause.contains("打破")
            && !PRODUCT.iter().any(|p| clause.rsplit("打破").next().is_some_and(|t| t.contains(p)))
        || GUARANTEE_CRITICISED.is_match(rest)
}

/// [`existential`] for a hit that may sit inside a cure phrase: 百病 in 世上没有包治百病的药 is
/// looked at from its cure verb (包治), as the whole phrase would be.
fn existential_at(text: &str, start: usize, clause: &str, rest: &str) -> bool {
    let Some(head) = clause.strip_suffix('治') else { return existential(text, start, clause, rest) };
    let head = ["包", "专", "專", "医", "醫", "根"].iter().find_map(|p| head.strip_suffix(p)).unwrap_or(head);
    let from = start - (clause.len() - head.len());
    existential(text, from, head, clause_after(text, from))
}

/// A verb of reported speech (宣称, 声称, 号称, 标榜, 谎称, 鼓吹, 吹嘘, 自称), an alleged promotion
/// (涉嫌…宣传, 违规宣传), a slogan someone hoists (打出“包过”的招牌, 打着“…”的旗号) or a claim in a
/// seller's mouth (商家嘴里…, 推销员口中…): what follows in the sentence is a claim someone is said
/// to have made, not the writer's own. Adverts speak for themselves and do not use these of their
/// own product.
static REPORTED: LazyLock<HanRegex> = LazyLock::new(|| {
    han_regex(concat!(
        r"宣称|声称|号称|标榜|谎称|鼓吹|吹嘘|自称|宣稱|聲稱|號稱|標榜|謊稱|吹噓|自稱",
        // 称其/称该 (推销一款保健品，称其能够治疗高血压): a claim about someone else's product told
        // (issue 12, i12za); an advert does not call its own product 其.
        r"|(?:^|[^号號宣声聲堪自谎謊])称(?:其|该|該)",
        r"|(?:涉嫌|违规|违法|擅自|違規|違法)[^，。！？；,;!?]{0,12}宣[传傳]",
        r#"|打[着出著](?:了)?[“「"]"#,
        // A promise quoted (对方…承诺“保本保息，年化收益15%”): the advert's own promise names its
        // subject (本公司承诺“…”, see OWN_SUBJECT) or has a cue.
        r#"|承诺[“「"]"#,
        r"|(?:商家|厂家|厂商|卖家|商贩|销售员|销售人员|推销员|业务员|主播|骗子|商家們|商家们|廠家|賣家|銷售員|推銷員|業務員)(?:的)?(?:嘴里|口中|嘴裡)",
    ))
    .expect("the reported speech pattern is valid")
});

/// The reporting verb before the hit at byte `start` in its sentence (宣称保证治愈癌症…的内容),
/// if any.
fn reported(text: &str, start: usize) -> Option<&str> {
    let sentence = sentence_before(text, start);
    let verb = REPORTED.find_last(sentence)?;
    // The product or the seller as the subject (我们的药膏号称“皮肤病终结者”): an advert naming its
    // own product, not a report.
    if OWN_SUBJECT.is_match(&sentence[..verb.start()]) {
        return None;
    }
    // A verb in an attributive clause (号称“鼻炎克星”的祖传秘方，三天根治鼻炎) names the thing; the
    // clauses after it are the writer's own claims about it. A verb that governs the rest of the
    // sentence (声称，该产品可以…; 宣称其产品能降血压，还能根治…) reports them all.
    let after = &sentence[verb.end()..];
    match after.find(CLAUSE_ENDS) {
        Some(end) if attributive(&after[..end]) => None,
        _ => Some(verb.as_str()),
    }
}

/// The product or the seller right before a reporting verb, as its subject (我们的药膏号称,
/// 本品号称, 我院自称, 我校打出“…”的承诺): at most six characters between, none of them one that makes it someone
/// else's claim heard or believed (我们不要相信号称…, 我们常听到…宣称, 被…号称).
static OWN_SUBJECT: LazyLock<HanRegex> = LazyLock::new(|| {
    han_regex(r"(?:本品|本产品|这款|這款|该款|該款|本店|我店|本公司|我们|我們|我司|本院|我院|本校|我校|本機構|本机构|我机构|我機構|本中心|我中心|本厂|我厂|本廠|我廠|本平台|本品牌|咱们|咱們)[^，。！？；,;!?\s被让讓给給信听聽看见見说說对對]{0,6}$")
        .expect("the own subject pattern is valid")
});

/// Whether the clause after a reporting verb ends in a noun it modifies (…“鼻炎克星”的祖传秘方,
/// 能治愈癌症的“神药”): a 的 outside quotation marks, at most six characters from its end.
fn attributive(clause: &str) -> bool {
    let mut quoted = false;
    let mut since = None;
    for c in clause.chars() {
        match c {
            '“' | '「' | '『' => quoted = true,
            '”' | '」' | '』' => quoted = false,
            '"' => quoted = !quoted,
            '的' if !quoted => since = Some(0),
            _ if !quoted => since = since.map(|n| n + 1),
            _ => {}
        }
    }
    since.is_some_and(|n| n <= 6)
}

/// Hedges right before a superlative (有时候是最有效的): it holds only sometimes, an opinion, not an
/// absolute claim (issue 12, dev technical documentation). Only right before the hit: elsewhere in
/// a paragraph (选择有时候是最难的，本产品是全网销量第一…) it hedges nothing the advert claims.
const HEDGES: [&str; 4] = ["有时是", "有时候是", "有时也是", "有时候也是"];

/// The hit (a body, an institution) and a partner doing a joint piece of work (生态环境部与中国科学院合作研发
/// 大气污染监测系统, review-ac): the body at its own work, as news tells it, not a name lent to a product.
static CO_ACTOR: LazyLock<HanRegex> = LazyLock::new(|| {
    han_regex(r"^[^，。！？；,;!?\s]{1,12}?(?:与|和|同|联合)[^，。！？；,;!?\s的]{1,16}?(?:合作|联合|共同)(?:研发|研制|开发|开展|建设|推进|攻关|完成|举办|签署)(?:[^的]|$)")
        .expect("the co-actor pattern is valid")
});

/// Whether the hit at byte `start` of `text` is one of the two bodies that start a clause of joint
/// work ([`CO_ACTOR`]: the first, or the one after 与). Not a product made by it (合作研发的净水器).
/// Asked only of a text with no cue.
fn co_actor(text: &str, start: usize) -> bool {
    let before = sentence_before(text, start);
    let head = before.rfind(CLAUSE_ENDS).map_or(before, |i| &before[i..]);
    let head = head.trim_start_matches(|c: char| CLAUSE_ENDS.contains(&c) || c.is_whitespace());
    let partner = head.chars().count() <= 13 && head.ends_with(['与', '和', '同']);
    (head.is_empty() || partner) && CO_ACTOR.is_match(clause_after(text, start - head.len()))
}

/// Words right after a superlative that pick one of a set the writer has in front of them (最好吃的
/// 是牛蛙, 最满意的还是服务) or exclaim (支付宝最好用了): a reviewer's choice among the dishes of one
/// order or the options at hand, not a ranking of a product in its market. 的了 closes a
/// reviewer's exclamation (这里无疑是最佳的了: i12rv, hotel reviews).
const CHOSEN_AFTER: [&str; 8] = ["的是", "的还是", "的就是", "的要数", "的当属", "的莫过于", "的了", "了"];

/// Words a little before a superlative in its clause that single one thing out of what the writer
/// had (菠菜里的花生反而是最好吃的, 尤其是9号楼的风景最佳: i12rv, food-delivery and hotel reviews): a
/// reviewer's choice, like 还是 in [`superlative_told`].
const SINGLED_OUT: [&str; 4] = ["还是", "反而", "倒是", "尤其"];

/// Words right before a superlative that bound it by the writer's own experience (住过的最便宜的,
/// 吃过最好吃的): a review, not a claim about the market.
const EXPERIENCED_BEFORE: [&str; 2] = ["过的", "过"];

/// Whether a superlative hit (最…) is a reviewer's choice or experience ([`CHOSEN_AFTER`],
/// [`EXPERIENCED_BEFORE`], or a choice between options told with 还是 or another [`SINGLED_OUT`]
/// word before it in its clause: 这家还是宇宙饼最好吃). Asked only of a text with no cue and no words of its own product
/// (issue 12, i12zx: food-delivery and shop reviews, dev reviews and sentences); in an advert the
/// same words stay a claim (这是您用过的最好的面霜，限时特价). Also a superlative that ranks its subject as
/// one of a class ([`one_of_many`]).
fn superlative_told(text: &str, range: &Range<usize>) -> bool {
    if !text[range.clone()].starts_with('最') {
        return false;
    }
    let after = &text[range.end..];
    let before = &text[..range.start];
    let clause = before.rfind(CLAUSE_ENDS).map_or(before, |i| &before[i..]);
    // 最好 + 用 + an object (分区最好用diskgen分, cpu最好用zm82, 最好用来…): advice, "had better use".
    let advice = text[range.clone()].starts_with("最好用")
        && (after.starts_with(|c: char| c.is_ascii_alphanumeric()) || after.starts_with('来'));
    advice
        || CHOSEN_AFTER.iter().any(|w| after.starts_with(w))
        || EXPERIENCED_BEFORE.iter().any(|w| before.ends_with(w))
        || one_of_many(after)
        || SINGLED_OUT.iter().any(|w| clause.rfind(w).is_some_and(|i| clause[i..].chars().count() <= 8))
}

/// How many characters the class a superlative ranks in may take before its 之一 ([`one_of_many`]).
const ONE_OF_REACH: usize = 12;

/// Whether the clause after a superlative ranks its subject as one of a class (最健康的蔬菜之一,
/// 最伟大的艺术家之一): 的, the class, and 之一 ending the clause. One among the best, of a text with no
/// cue and no words of its own product (the caller's guard), is a statement about a kind of thing,
/// not an absolute claim for a product (issue 12, i12ak: dev sentences 西蓝花是最健康的蔬菜之一); in an
/// advert it stays one (本品是最健康的零食之一, 限时特价).
fn one_of_many(after: &str) -> bool {
    let clause = after.find(CLAUSE_ENDS).map_or(after, |i| &after[..i]).trim_end();
    let Some(class) = clause.strip_suffix("之一") else { return false };
    class.rfind('的').is_some_and(|i| (1..=ONE_OF_REACH).contains(&class[i..].chars().count().saturating_sub(1)))
}

/// How many characters may stand between a superlative and the 奖 of the award it names
/// ([`award_named`]): 最受欢迎导演奖, 最佳新人奖, 最有价值球员奖.
const AWARD_REACH: usize = 8;

/// Characters that, between a superlative and 奖, show the award is something the subject won or a
/// draw (的 获 得 抽 颁 曾 再 送): [`award_named`] is then false.
const AWARD_BREAKS: [char; 9] = ['的', '获', '獲', '得', '抽', '颁', '曾', '再', '送'];

/// Whether a superlative hit (最佳, 最受欢迎, 最有价值 …) is part of an award's name: 奖 follows it
/// within [`AWARD_REACH`] characters of its clause (获最受欢迎导演奖, 最佳新人奖). Naming an award is
/// an exempt use (the rule's own message: 官方奖项名称), not a claim about a product; but not
/// 奖励, 奖品 or 奖金 (给孩子最好的奖励, 最高奖金10万: an offer's words). Asked only of a text with no
/// cue and no words of its own product (issue 12, i12pc: news headlines of awards).
fn award_named(text: &str, range: &Range<usize>) -> bool {
    if !text[range.clone()].contains('最') {
        return false;
    }
    let after = &text[range.end..];
    let mut chars = after.char_indices();
    for _ in 0..=AWARD_REACH {
        let Some((i, c)) = chars.next() else { return false };
        // Review rv4: an award a product won or a draw it offers is not the superlative's own name
        // (最有效的祛斑产品荣获金奖, 最受欢迎的面膜获得年度大奖, 全城最低价再抽大奖).
        if breaks_phrase(c) || AWARD_BREAKS.contains(&c) {
            return false;
        }
        if c == '奖' {
            return !after[i + c.len_utf8()..].starts_with(['励', '品', '金', '勵']);
        }
    }
    false
}

/// Spans of time a record is counted over, right before a superlative (创三月来最佳表现,
/// 创70年来最低温): see [`record_told`]. Not 历史 or 史上 (review rv4: 创历史最佳口感 is an advert's boast).
const RECORD_SPANS: [&str; 4] = ["以来", "年来", "月来", "同期"];

/// How far (characters) before the span [`record_told`] looks for 创.
const RECORD_REACH: usize = 10;

/// Whether a superlative hit (最…) is a record told: 创 (set a record) or a first pass of a mark
/// ([`RECORD_FIRSTS`]: 首超) shortly before it in its
/// clause and a span of time right before it ([`RECORD_SPANS`]: 道指创三月来最佳表现, 创70年来最低温).
/// Market and weather news counts records; an advert boasts without 创 (有史以来最快, a dev violation).
/// Not before 价 (创历史最低价 is an offer). Asked only of a text with no cue and no words of its
/// own product (issue 12, i12pc: news headlines).
fn record_told(text: &str, range: &Range<usize>) -> bool {
    let hit = &text[range.clone()];
    if !hit.starts_with('最') || hit.ends_with('价') || text[range.end..].starts_with('价') {
        return false;
    }
    let before = &text[..range.start];
    let Some(span) = RECORD_SPANS.iter().find(|w| before.ends_with(*w)) else { return false };
    let before = &before[..before.len() - span.len()];
    let clause = before.rfind(CLAUSE_ENDS).map_or(before, |i| &before[i..]);
    // The last RECORD_REACH characters of the clause.
    let near = clause.char_indices().rev().nth(RECORD_REACH - 1).map_or(clause, |(i, _)| &clause[i..]);
    near.contains(['创', '創']) || RECORD_FIRSTS.iter().any(|w| near.contains(w))
}

/// A figure passing a mark for the first time (收入首超万亿为5年来最佳, 销量首破百万): a record set, as 创
/// says, for [`record_told`] (issue 12, i12v: business headlines of the i12of probe's tune half).
const RECORD_FIRSTS: [&str; 4] = ["首超", "首破", "首次突破", "首次超过"];

/// A ranking told: a list headline that names who made it or reviews a field (程咬金上榜, 盘点各国历代影中
/// 实力最强的5位, 亚洲最强肌肉男TOP6), or an award category for a player's or an actor's role (最佳第六人,
/// 最佳阵容, 最佳主攻, 最佳男主角). See [`ranking_told`].
static RANKING: LazyLock<HanRegex> =
    LazyLock::new(|| han_regex(r"上榜|盘点|(?i:top) ?[0-9０-９]").expect("the ranking pattern is valid"));

/// People and game characters a list headline ranks ([`ranking_told`]): counted (5位) or named by
/// what they are (球星, 选手, 明星, 英雄, 辅助). A list of goods (最好用的面膜TOP10) has none.
static RANKED_PEOPLE: LazyLock<HanRegex> = LazyLock::new(|| {
    han_regex(r"英雄|球星|球员|选手|明星|演员|角色|主播|战队|辅助|坦克|射手|肌肉男|第六人")
        .expect("the ranked people pattern is valid")
});

/// People counted (5位) are ranked people of [`RANKED_PEOPLE`] only in a field of sport, games or
/// shows ([`SHOW_FIELD`]): a count of any trade is a seller's list too (rv6: 盘点最强的3位律师，离婚纠纷
/// 找我们律所; 最受欢迎的10位月嫂).
static COUNTED_PEOPLE: LazyLock<HanRegex> =
    LazyLock::new(|| han_regex(r"[0-9０-９一二三四五六七八九十两]位").expect("the counted people pattern is valid"));

/// Words of sport, games, film and history that make counted people ([`COUNTED_PEOPLE`]) a ranking
/// told (盘点各国历代影中实力最强的5位, NBA最强的5位中锋).
static SHOW_FIELD: LazyLock<HanRegex> = LazyLock::new(|| {
    han_regex(r"球|赛|冠军|奥运|(?i:nba)|游戏|电竞|王者荣耀|英雄联盟|火影|海贼|动漫|漫画|电影|影视|剧|综艺|歌手|历代|历史|古代|皇帝|武将|三国")
        .expect("the show field pattern is valid")
});

/// Words that sell beside a list or an award even without a product named (rv6): the seller
/// (我们, 本店), a booking or an enrolment (预约, 报名, 训练营, 讲师, 课), a top-up, a claim or a sale
/// opening (充值, 领取, 开抢, 抢票, 扫码). Looked for in the whole document, not only the headline.
static SELLING: LazyLock<HanRegex> = LazyLock::new(|| {
    han_regex(r"我们的|找我们|来我们|选我们|本店|本公司|我司|预约|报名|招生|训练营|讲师|课程|充值|领取|开抢|抢票|扫码|下单|购买|直播间|咨询")
        .expect("the selling pattern is valid")
});

/// Roles an award category names right after 最佳 (最佳第六人, 最佳阵容, 最佳男主角): [`ranking_told`].
/// Not 教练 or 团队, which a gym or a school sells (最佳教练团队).
const AWARD_ROLES: [&str; 18] = [
    "第六人",
    "阵容",
    "一阵",
    "主攻",
    "副攻",
    "二传",
    "自由人",
    "新秀",
    "新人",
    "男主角",
    "女主角",
    "男配角",
    "女配角",
    "男演员",
    "女演员",
    "导演",
    "球员",
    "门将",
];

/// Words of a product, an endorsement or a purchase (同款, 指定, 代言, 装备, 品牌, 款, 值得买): a list or an
/// award beside them sells (NBA球星同款…最强; 十款最值得买的面霜上榜), and [`ranking_told`] is false.
static ENDORSED: LazyLock<HanRegex> = LazyLock::new(|| {
    han_regex(r"同款|指定|代言|赞助|授权|装备|专用|都在用|都在穿|款|品牌|牌子|产品|神器|好物|值得买|种草|推荐|购买|入手|下单|价|元")
        .expect("the endorsed pattern is valid")
});

/// Whether the superlative hit at `range` of `text` is in a ranking told (issue 12, i12u: sport,
/// game and celebrity headlines of the i12of probe's tune half): its paragraph `para` is a list
/// headline ([`RANKING`]: 上榜, 盘点, TOP6) of people ([`RANKED_PEOPLE`]) or the hit names an award category for a role
/// ([`AWARD_ROLES`]: 最佳第六人), and nothing in the paragraph names a product, an endorsement or a
/// purchase ([`ENDORSED`]). People and game characters ranked by a writer are not goods on sale.
/// Asked only of a text with no cue and no words of its own product.
fn ranking_told(para: &str, text: &str, range: &Range<usize>) -> bool {
    let hit = &text[range.clone()];
    if !hit.contains('最') && !hit.contains("顶级") && !hit.contains("极品") {
        return false;
    }
    let role = hit.ends_with("最佳") && AWARD_ROLES.iter().any(|r| text[range.end..].starts_with(r));
    let people = RANKED_PEOPLE.is_match(para) || COUNTED_PEOPLE.is_match(para) && SHOW_FIELD.is_match(para);
    (role || RANKING.is_match(para) && people) && nothing_sold(para, text)
}

/// Whether paragraph `para` names no product, endorsement or purchase ([`ENDORSED`]) and its text
/// `text` no seller or sale ([`SELLING`]): what a ranking or news told must also show.
fn nothing_sold(para: &str, text: &str) -> bool {
    !ENDORSED.is_match(para) && !SELLING.is_match(text)
}

/// Words of fields whose news ranks people (issue 12, i12z: Toutiao headlines of the i12of probe's
/// tune half): sport's competitions, roles and records (球星, 中锋, 主帅, 夺冠, 名人堂, NBA, 中超, 女排),
/// show business (超模, 女星, 老戏骨), games as played (王者荣耀, 吃鸡, 战队, 段位) and the reactions a
/// headline quotes (网友：, 球迷：, 玩家：). Adverts borrow them for goods (中锋必备！最强护膝, 荒野行动最强
/// 外挂, 西甲球星最爱的面包: rv4–rv6), so they count only when the hit ranks people ([`PERSON_HEAD`]):
/// see [`field_news_told`].
static NEWS_FIELD: LazyLock<HanRegex> = LazyLock::new(|| {
    let sport = r"球星|中锋|前锋|后卫|控卫|主帅|夺冠|争冠|名人堂|季后赛|总决赛|(?i:nba|cba)|中超|英超|西甲|意甲|德甲|斯诺克|女排|男排|男篮|女篮|世界杯|奥运会|锦标赛|转会|法网|温网|澳网|美网";
    let show = r"超模|女星|男星|影帝|影后|剧组|男演员|女演员|老戏骨|(?:网友|球迷|玩家|粉丝|观众)(?:[：:]|纷纷|直呼|热议|调侃|吐槽)";
    let games = r"王者荣耀|英雄联盟|(?i:lol)|吃鸡|荒野行动|绝地求生|电竞|段位";
    han_regex(&format!("{sport}|{show}|{games}")).expect("the news field pattern is valid")
});

/// People, teams and characters a superlative ranks when it stands right before them (顶级中锋,
/// 最强阵容, 世界级超模, 世界最强壮男人, 最受欢迎的英雄): [`field_news_told`]. Not a role that is also sold
/// (辅助 is a game cheat, 教练 and 专家 are sold by gyms and clinics), nor 英雄联盟.
static PERSON_HEAD: LazyLock<HanRegex> = LazyLock::new(|| {
    han_regex(r"^的?(?:[0-9０-９一二三四五六七八九十两]+[位名个大])?[^，。！？；,;!?\s]{0,4}?(?:球星|中锋|前锋|后卫|控卫|球员|选手|运动员|主帅|阵容|超模|模特|演员|戏骨|男人|女人|控球大师|射手|锋霸|二人组|球队|战队|女排|男篮|英雄(?:[^联皮]|$)|角色|主播|歌手|明星|新秀|门将)")
        .expect("the person head pattern is valid")
});

/// Acts and offices that only state news tells (issue 12, i12z: the short paragraphs and headlines of
/// dev People's Daily): 出席, 会见, 慰问, 看望, 座谈会, 党中央, 国务院, 书记, 主席, 总统, 同志, 灾民,
/// 救灾, a profile's or an interview's headline (——记…, ——访…), the paper (本报) and a
/// photo caption (附图片, 图为, 压题). A short text with
/// one of them outside the hit (国务院推荐 is the claim itself) is news: see [`state_news_told`]. Not the
/// words adverts boast with or say: the military (部队特供), 国务院特殊津贴 (a clinic's experts), 总统套房,
/// 主持 (专家主持), 开业 (盛大开业), 视察 (领导莅临视察), 题词 and 贺电 (领导题词), 强调 (医生强调),
/// 大使 (形象大使), 干部 and 党员 (领导干部专供), 军区 (军区特供), 举行 and 召开 (开业典礼隆重举行),
/// 抗震 (building materials), 扶贫 (扶贫好物), 刑事案件 (a law firm's); 主席台 is a place; a plenary only
/// numbered (十五届三中全会: 全会 alone is in 安全会议); 民主 and 政治 (民主路, 政治老师: review rv7); 本报
/// only as the paper's own byline (本报讯, 本报记者, 本报北京…电), not 本报读者.
static NEWS_STATE: LazyLock<HanRegex> = LazyLock::new(|| {
    han_regex(r"出席|会见|慰问|致信|座谈会|招待会|茶话会|[一二三四五六七八九十]中全会|党中央|中共中央|国务院(?:[^特]|$)|政协|人大常委|中纪委|书记|副部长|外长|总统(?:[^套]|$)|总理|首相|同志|主席(?:[^台]|$)|看望|灾民|救灾|——(?:记|访)|本报(?:讯|记者|评论员|特约|[^，。！？读]{1,8}?[电讯])|图为|压题|[（(]附图片|[（(]图片[）)]")
        .expect("the state news pattern is valid")
});

/// Words that make a text with a state-news word an advert after all (review rv7): a gift or an outfit
/// for the occasion (慰问老人的最佳礼物, 出席晚宴的最佳搭配), an endorsement by an office (书记都说好), a
/// reader's offer (本报读者专享), a before-and-after caption or a course of treatment (图为患者治疗前后对比…
/// 一个疗程彻底根治), a shop's signature dish or opening (图为…招牌羊肉串, 新店开业), goods handed over with
/// their sales (送上全国销量第一的凉茶), a brand or a model (图为XX牌净水器，采用全球最先进的过滤技术).
static NOT_STATE_NEWS: LazyLock<HanRegex> = LazyLock::new(|| {
    han_regex(r"礼物|礼品|搭配|之选|的选择|秘密武器|都说好|力荐|推荐|专享|疗程|前后对比|使用前后|对比图|招牌|根治|治愈|彻底|即送|送上|销量|开业|到店|欢迎品尝|欢迎选购|打卡|新店|患者|顾客|学员|我店|本店|本品|产品|牌|款|喝出|采用")
        .expect("the not-state-news pattern is valid")
});

/// Whether `re` matches `para` (a slice of `text`) outside the hit at `range`.
fn matches_outside(re: &HanRegex, para: &str, text: &str, range: &Range<usize>) -> bool {
    let Some(para_start) = (para.as_ptr() as usize).checked_sub(text.as_ptr() as usize) else { return false };
    let mut from = 0;
    while let Some(m) = re.find(&para[from..]) {
        let (s, e) = (para_start + from + m.start(), para_start + from + m.end());
        if e <= range.start || s >= range.end {
            return true;
        }
        from += m.end();
    }
    false
}

/// Whether the hit at `range` of `text` is in a short text of state news ([`NEWS_STATE`] outside the
/// hit) in which nothing sells ([`NOT_STATE_NEWS`], [`nothing_sold`]; `para` is the hit's
/// paragraph). Asked of a text with no cue before a medical business makes it an advert
/// ([`sector_advert`]).
fn state_news_told(para: &str, text: &str, range: &Range<usize>) -> bool {
    matches_outside(&NEWS_STATE, para, text, range) && !NOT_STATE_NEWS.is_match(text) && nothing_sold(para, text)
}

/// Whether the hit at `range` of `text` is in a short text that tells the news of a field that ranks
/// people ([`NEWS_FIELD`] outside the hit), the hit ranking people ([`PERSON_HEAD`]: 顶级中锋, 最强阵容,
/// 最强的五位收割型英雄), with [`nothing_sold`] as [`ranking_told`] asks. Asked only of a text with no
/// cue and no words of its own product, after [`state_news_told`] (asked before [`sector_advert`]).
fn field_news_told(para: &str, text: &str, range: &Range<usize>) -> bool {
    let Some(head) = PERSON_HEAD.find(&text[range.end..]) else { return false };
    // The person's gear or choice (顶级中锋的护膝, 世界级球星的选择) sells a thing, not a ranking
    // (review rv7).
    let after = &text[range.end + head.end()..];
    let owned = ["的", "都在", "御用", "最爱", "同款", "必备", "专用", "推荐", "代言", "指定", "首选"];
    !owned.iter().any(|w| after.starts_with(w))
        && matches_outside(&NEWS_FIELD, para, text, range)
        && nothing_sold(para, text)
}

/// Words that make a sentence ending in ？ a question asked (谁, 什么, 哪, 如何, 为什么, 多少, 能否,
/// 是否, 吗, 呢): see [`question_asked`].
static QUESTION: LazyLock<HanRegex> = LazyLock::new(|| {
    han_regex(r"谁|什么|啥|哪|如何|怎么|怎样|为什么|为何|多少|多钱|多大|多久|几[个种家位款年天次]|能否|是否|可否|有没有|[吗呢](?:[？?]|$)")
        .expect("the question pattern is valid")
});

/// A question closing a headline that asks the reader's view or who will be picked (你怎么看？,
/// 如何看待, 谁会入选？): news and sport headlines ask it of what they just told.
static OPINION_ASKED: LazyLock<HanRegex> = LazyLock::new(|| {
    han_regex(r"怎么看|如何看待|谁(?:会|更|才|将)|哪(?:个|位|一|支|队)").expect("the opinion question pattern is valid")
});

/// A pushing follow-up after a question ([`question_asked`]): 还在犹豫, 还在等, 还等什么, 想…吗, 关注我们.
static PUSHED: LazyLock<HanRegex> = LazyLock::new(|| {
    han_regex(r"还在(?:犹豫|等|纠结|观望)|还等什么|想要?[^，。！？；\s]{1,10}吗|关注我们|赶紧|赶快|快来|心动")
        .expect("the pushed pattern is valid")
});

/// Whether the hit at `range` is in a question the text asks and leaves open: its sentence ends in
/// ？, and its own clause has a question word ([`QUESTION`]: DNF谁的爆发能力最强？, 狼人杀的最强套路是
/// 什么？, 如何瘦到80斤？) or the sentence closes by asking the reader's view or who will be picked
/// ([`OPINION_ASKED`]: …排名第一的哈登比第二名多1200个，你怎么看？); and every sentence after it in the
/// text is a question too. A question headline asks what is best; it claims nothing (issue 12,
/// i12u: Toutiao headlines of the i12of probe's tune half). An advert asks to sell: it answers
/// with its product (哪款面膜最好用？当然是XX面膜; 怎么治疗失眠？来我院，一次根治), so a sentence after the
/// question that is not one keeps the claim; and its rhetorical question follows the claim in
/// another clause and has no open question word (最好的面霜，你还在等什么？; 谁会不爱？). Asked only of
/// a text with no cue and no words of its own product.
fn question_asked(text: &str, range: &Range<usize>) -> bool {
    let Some(end) = text[range.end..].find(SENTENCE_ENDS).map(|i| range.end + i) else { return false };
    let rest = &text[end..];
    if !rest.starts_with(['？', '?']) {
        return false;
    }
    let sentence = sentence_around(text, range);
    let clause_start = text[..range.start].rfind(breaks_phrase);
    let clause_start = clause_start.map_or(0, |i| i + text[i..].chars().next().map_or(1, char::len_utf8));
    let clause_end = text[range.end..].find(breaks_phrase).map_or(text.len(), |i| range.end + i);
    let last = sentence.rfind(breaks_phrase).map_or(sentence, |i| &sentence[i..]);
    let asked = QUESTION.is_match(&text[clause_start.max(end - sentence.len())..clause_end.min(end)])
        || OPINION_ASKED.is_match(last) && !last.contains(['不', '没', '別', '别']);
    // A follow-up that pushes the reader (还在犹豫什么？, 还在等什么？, 想…吗？, 关注我们) answers the
    // question with a sale, even when it is itself a question (rv6: 哪款面膜最好用？还在犹豫什么？).
    if !asked || PUSHED.is_match(rest) {
        return false;
    }
    // Every later stretch with words in it ends in a question mark.
    let mut open = false;
    for c in rest.chars() {
        match c {
            '？' | '?' => open = false,
            _ if SENTENCE_ENDS.contains(&c) && open => return false,
            _ if c.is_alphanumeric() => open = true,
            _ => {}
        }
    }
    !open
}

/// What ends a sentence (for [`sentence_before`], [`excepted_after`] and [`sentence_around`]).
const SENTENCE_ENDS: [char; 8] = ['。', '！', '？', '；', '!', '?', ';', '\n'];

/// The sentence before byte `start` of `text`, within [`CLAUSE_REACH`] bytes, from the end mark of
/// the sentence before it (included) if that is within reach.
fn sentence_before(text: &str, start: usize) -> &str {
    let from = crate::normalize::ceil_char_boundary(text, start.saturating_sub(CLAUSE_REACH));
    let before = &text[from..start];
    before.rfind(SENTENCE_ENDS).map_or(before, |i| &before[i..])
}

/// Existential negation before a cure word: 世上没有（能够）“包治百病”的药, 没有什么药能根治…
/// The world has no such cure: an editorial truth, not a claim. A modal (能, 可以) or a world
/// word (世上, 天下) must frame it, so 没有副作用 (a claim) is not one.
static EXISTENTIAL: LazyLock<HanRegex> = LazyLock::new(|| {
    let open = r#"[“"「『‘]?$"#;
    // Not 有没有 (a question).
    let none = r"(?:没有|沒有|不存在|并无|並無)";
    // What could cure, if anything did: nothing, a quantifier (什么药, 任何一种), or a word ending in
    // a remedy or a healer (药, 方法, 产品, 器材, 医院, 医生, 偏方). Not an adverse quality (没有痛苦
    // 能根治, 没有副作用的药能根治: claims).
    let who =
        r"(?:(?:任何|什么|什麼|哪|一)[^，。？！?!、\s的]{0,6}?|[^，。？！?!、\s的]{0,6}?[药藥法品材器院生方西术術])?";
    han_regex(&format!(
        r"(?:^|[^有]){none}{who}(?:能够|能夠|能|可以){open}|(?:世上|世界上|天下|天底下|世间|世間)(?:根本|从来|從來|还|還|并|並|也)?{none}(?:任何|什么|什麼|一种|一種)?{open}"
    ))
    .expect("the existential negation pattern is valid")
});

/// Words that make 没有…X a claim after all: a second negation (没有本品不能治的病, 没有根治不了的)
/// or the product named (没有本品治不好的).
const DOUBLE: [char; 5] = ['不', '没', '沒', '无', '無'];

/// Before a claim that the world has none of, these make it the advert's own (除了本品，没有能
/// 根治鼻炎的药; 只有我们…).
const EXCEPT: [&str; 7] = ["除了", "除开", "除開", "只有", "唯有", "唯独", "唯獨"];

/// Whether the cure word at byte `start` of `text`, in a clause starting `clause` and continuing
/// `rest`, is denied to exist (世上没有能够“包治百病”的药): a modal or a world word before it, no
/// second negation, no product, no exception before it in the sentence, and for a world word with
/// no modal, the thing named after it (…的药).
fn existential(text: &str, start: usize, clause: &str, rest: &str) -> bool {
    let cure = rest.chars().take(4).any(|c| c == '治' || c == '愈') || rest.starts_with("药到病除");
    if !cure || !clause.contains(['没', '沒', '存', '无', '無']) {
        return false;
    }
    let Some(m) = EXISTENTIAL.find(clause) else { return false };
    let frame = &clause[m.start()..];
    // The negation word itself is the first; a second one, or one in the claim (根治不了的), makes
    // a double negative.
    let after_none = frame.char_indices().skip_while(|&(_, c)| !matches!(c, '有' | '在' | '无' | '無')).nth(1);
    let inner = after_none.map_or("", |(i, _)| &frame[i..]);
    let claim = rest.find('的').map_or(rest, |i| &rest[..i]);
    if inner.contains(DOUBLE)
        || claim.contains(DOUBLE)
        || PRODUCT.iter().any(|p| frame.contains(p) || claim.contains(p))
    {
        return false;
    }
    let modal = ["能", "可以"].iter().any(|w| frame.contains(w));
    let named = claim.chars().count() <= 8 && rest.len() > claim.len();
    let sentence = sentence_before(text, start);
    (modal || named)
        && !EXCEPT.iter().any(|e| sentence.contains(e))
        && !REFUND.iter().any(|r| rest.contains(r))
        && !excepted_after(text, start)
}

/// An exception later in the sentence that names the product (世上没有能根治痛风的药，除了我们的
/// 痛风贴; 没有什么药能根治痛风，唯有这款痛风贴…): the advert's own claim. An exception that names
/// no product (没有任何方法可以根治糖尿病，只有坚持服药) is advice.
static EXCEPT_AFTER: LazyLock<HanRegex> = LazyLock::new(|| {
    let except = EXCEPT.join("|");
    han_regex(&format!(
        r"(?:{except})[^，。！？；,;!?\s]{{0,4}}?(?:本品|本产品|這款|这款|该款|該款|本店|我们的|我們的|本公司|我司|我家)"
    ))
    .expect("the exception pattern is valid")
});

/// Whether the sentence after byte `start` of `text` has an [`EXCEPT_AFTER`] exception.
fn excepted_after(text: &str, start: usize) -> bool {
    let to = crate::normalize::floor_char_boundary(text, start + CLAUSE_REACH);
    let after = &text[start..to];
    EXCEPT_AFTER.is_match(after.find(SENTENCE_ENDS).map_or(after, |i| &after[..i]))
}

/// Whether a clause holds a caution (不要盲目…) that still reaches the hit: a product named after
/// it (不要盲目吃药本品三天根治) starts the advert's own claim.
fn cautioned(clause: &str) -> bool {
    if !clause.contains(['不', '勿', '别', '別', '莫']) {
        return false;
    }
    last_reaches_hit(&CAUTION, clause)
}

/// Whether the last match of `re` in `clause` (the text before a hit) still reaches the hit: no
/// product is named after it, which would start the advert's own claim.
fn last_reaches_hit(re: &HanRegex, clause: &str) -> bool {
    re.find_last(clause).is_some_and(|m| !PRODUCT.iter().any(|p| clause[m.end()..].contains(p)))
}

/// A claim verb denied or forbidden (不能承诺, 不得宣传, 严禁宣称…): what follows is what may not be
/// claimed (食品、保健食品不能宣传疾病预防、治疗功能; 理财产品均不能承诺保本保息), a rule or a warning,
/// not a claim (issue 12, i12y). An advert does not say what it may not promise.
static PROHIBITED: LazyLock<HanRegex> = LazyLock::new(|| {
    han_regex(concat!(
        r"(?:不能|不得|不可|不应|不准|不许|不允许|严禁|禁止|无权)(?:承诺|宣传|宣称|声称|保证|标榜|夸大|暗示|明示)",
        // Whoever is forbidden, then the act of making the claim (严禁校外培训机构作出保过承诺, review-ac;
        // 禁止任何单位发布…): not 不得不 (不得不说，…).
        r"|(?:不得|不准|不许|不允许|严禁|禁止)(?:[^不，。！？；,;!?][^，。！？；,;!?]{0,9}?)?(?:作出|做出|发布|出具)",
    ))
    .expect("the prohibited claim pattern is valid")
});

/// Whether the clause before a hit (up to a clause end; a list joined by 、 stays in it) has a
/// [`PROHIBITED`] claim verb with no product named after it (其他产品不能保证效果，本品…; 不能保证的
/// 本品能做到).
fn prohibited(before: &str) -> bool {
    let clause = before.rfind(CLAUSE_ENDS).map_or(before, |i| &before[i..]);
    if !clause.contains(['不', '禁', '权', '權']) {
        return false;
    }
    last_reaches_hit(&PROHIBITED, clause)
}

/// Bans (严禁, 禁止, 杜绝): earlier in the hit's phrase, with no product or seller named after them,
/// they make the hit the object of a ban (严禁公款购买特供酒, 禁止虚假宣传, 杜绝“包过”承诺): the
/// words of rules and of official notices (issue 12, i12ar, dev prose of the 政府工作报告; the 广告法
/// itself words its bans with 禁止), not a seller's claim. A ban in another phrase (店内严禁吸烟。本店
/// 特供…) leaves the claim alone.
const BANS: [&str; 3] = ["严禁", "禁止", "杜绝"];

/// Whether `clause` (the hit's phrase before it) ends in a [`BANS`] word, the hit its direct object
/// (only quotation marks or spaces between: 严禁“包过”承诺). A ban with words between (杜绝假货全网最低价,
/// 严禁勾兑的国宴特供酒, 杜绝复发根治鼻炎) is an advert's own boast of what it avoids (review rv3).
fn banned(clause: &str) -> bool {
    let gap = |b: &str| clause.rfind(b).map(|i| &clause[i + b.len()..]);
    BANS.iter().filter_map(|b| gap(b)).any(|rest| {
        rest.chars()
            .all(|c| c.is_whitespace() || matches!(c, '“' | '”' | '「' | '」' | '"' | '\'' | '‘' | '’' | '《' | '》'))
    })
}

/// A product or seller named as the subject of a claim.
const PRODUCT: [&str; 6] = ["本品", "本产品", "这款", "本店", "我们的", "本公司"];

/// Before a cure word (治愈, 根治), these deny it (近视不可治愈, 目前无法根治). Before other words
/// they can make a claim (无法超越, 不可替代), so they apply to cure words only.
const CURE_DENIALS: [&str; 4] = ["不可", "不能", "无法", "难以"];

/// A denial later in the hit's clause (对近视治疗没有任何作用, 治疗效果并不明显): the sentence says
/// the claim does not hold. No dev violation has one.
static DENIED_AFTER: LazyLock<HanRegex> = LazyLock::new(|| {
    han_regex(r"(?:没有任何|没有|并没有|毫无|并无)(?:治疗|实际|任何|明显)?的?(?:作用|效果|疗效|功效|帮助)|(?:效果|疗效)并不明显")
        .expect("the denial pattern is valid")
});

/// The thing a hit names said not to exist, later in its clause (稳赚不赔的投资并不存在; i12q), 存在
/// closing the clause: 保本高息的好产品不会存在太久 is scarcity talk (review rv5). Not subject to the
/// money-back test of [`denied_after`]: 稳赚不赔 has 赔 in it, and a refund offer is never said not
/// to exist.
static NOT_EXISTING: LazyLock<HanRegex> = LazyLock::new(|| {
    han_regex(r"^[^，。！？；,;!?]{0,16}?(?:并不|根本不|从来不|从不|不可能|不会)存在(?:[的了吗呢]{0,2})(?:[，。！？；,;!?…]|$)")
        .expect("the non-existence pattern is valid")
});

/// Whether a clause denies its claim later on ([`DENIED_AFTER`]; a refund offer, 没有效果全额退款, is a
/// guarantee, not a denial) or says the thing it names does not exist ([`NOT_EXISTING`]).
fn denied_after(clause: &str) -> bool {
    clause.contains(['没', '沒', '毫', '并', '並'])
        && DENIED_AFTER.is_match(clause)
        && !REFUND.iter().any(|r| clause.contains(r))
        || clause.contains('存') && NOT_EXISTING.is_match(clause)
}

/// Money-back words: 没有效果 before one of them is a guarantee (没有效果不收钱, 无效双倍赔偿).
const REFUND: [&str; 7] = ["退", "赔", "不收钱", "不要钱", "返还", "免单", "包换"];

/// The rest of the clause from byte `start` of `text` (to the next clause or sentence end).
fn clause_after(text: &str, start: usize) -> &str {
    let to = crate::normalize::floor_char_boundary(text, start + CLAUSE_REACH);
    let after = &text[start..to];
    after.find(CLAUSE_ENDS).map_or(after, |i| &after[..i])
}

/// Words that, right after a closing quotation mark, make the quoted words a name something is
/// known by (有“奇险天下第一山”之称, 素有“天下第一泉”的美誉): a nickname reported, not a claim made.
/// Not 称号 (荣获“中国驰名商标”称号 is an advert's own boast of a title) nor 被誉为 before the quote.
const NICKNAMES: [&str; 8] = ["之称", "之美誉", "的美誉", "美誉", "的雅号", "的别称", "的绰号", "的外号"];

/// How far (bytes) [`nicknamed`] looks for the quotation marks around a hit: 20 CJK characters.
const NAME_REACH: usize = 60;

/// Whether the hit at `range` lies inside a quotation (“…”, 「…」, ‘…’) that is directly followed
/// by a nickname word ([`NICKNAMES`]). The quotation must not span a sentence end.
fn nicknamed(text: &str, range: &Range<usize>) -> bool {
    let from = crate::normalize::ceil_char_boundary(text, range.start.saturating_sub(NAME_REACH));
    let before = &text[from..range.start];
    let to = crate::normalize::floor_char_boundary(text, range.end.saturating_add(NAME_REACH).min(text.len()));
    let after = &text[range.end.min(to)..to];
    let Some(open) = before.rfind(['“', '「', '‘']) else { return false };
    let inside_before = &before[open..];
    if inside_before.contains(['”', '」', '’']) || inside_before.contains(SENTENCE_ENDS) {
        return false;
    }
    let Some(close) = after.find(['”', '」', '’']) else { return false };
    if after[..close].contains(SENTENCE_ENDS) {
        return false;
    }
    let tail = &after[close..];
    let tail = &tail[tail.chars().next().map_or(0, char::len_utf8)..];
    NICKNAMES.iter().any(|n| tail.starts_with(n))
}

/// Whether a cue is part of a longer word: 本产品 in 低成本产品, 本品 in 日本品牌, 特价 in 独特价值,
/// 我们的服务 in 我们的服务员, 促销价 in 促销价格, 我们的产品 in 我们的产品线.
fn inside_word(text: &str, cue: &Range<usize>) -> bool {
    let word: String = text[cue.clone()].chars().map(simplified).collect();
    let prev = text[..cue.start].chars().next_back().map_or('\n', simplified);
    let next = text[cue.end..].chars().next().map(simplified);
    (word.starts_with('本') && "日成资样根基版文剧账课原脚".contains(prev))
        || (word.starts_with("特价") && prev == '独')
        || (word.ends_with("服务") && next.is_some_and(|c| "员生台人".contains(c)))
        // 促销价格走低: the word 价格, not a quoted price (i12zk); 我们的产品线.
        || (word.ends_with('价') && next == Some('格'))
        || (word.ends_with("产品") && next == Some('线'))
        // 打车7元起步价: a taxi's flag fall, not a price from (i12rv, hotel reviews).
        || (word.ends_with("元起") && next == Some('步'))
}

/// Whether a call-to-action cue tells of a purchase already made (所以下单了, 抢购过): a buyer's
/// story, not a call; or names the act as a topic (橱柜的选购, 选购技巧).
fn narrated(text: &str, cue: &Range<usize>) -> bool {
    let last = text[cue.clone()].chars().next_back().map(simplified);
    let action = last.is_some_and(|c| "单购买约名询".contains(c));
    let mut after = text[cue.end..].chars().map(simplified);
    let (a, b) = (after.next(), after.next());
    // 所以下单了, 抢购过; 年货被抢购一空, 忙碌地选购年货: a purchase told or described.
    // 发行权的抢购, 整体橱柜的选购, 选购技巧: the act named as a topic, not called for (i12zk).
    let topic = |a: Option<char>, b: Option<char>| {
        let pair: String = [a, b].iter().flatten().collect();
        ["时机", "技巧", "方法", "指南", "攻略", "要点", "窍门", "知识"].contains(&pair.as_str())
    };
    action
        && (matches!(a, Some('了' | '过'))
            || (a, b) == (Some('一'), Some('空'))
            || delivered_after(text, cue.end)
            || PAST_TIMES.iter().any(|w| without_part_of_day(&text[..cue.start]).ends_with(w))
            || last == Some('单') && clocked(text, cue)
            || text[..cue.start].ends_with(['被', '地', '的'])
            || topic(a, b)
            || BULK.is_match(&text[cue.end..])
            || BUYERS.iter().any(|w| {
                // 欢迎广大顾客抢购, 欢迎新老顾客选购: buyers invited, not told of (review-af).
                text[..cue.start].strip_suffix(w).is_some_and(|rest| !INVITING.iter().any(|i| rest.ends_with(i)))
            }))
}

/// A quantity in tens of thousands or more, with its measure word, right after an order word
/// (订购４０万套视窗操作系统, 抢购了2万台): a bulk purchase a report tells of, not a call (issue 12,
/// i12pc: a dev-split People's Daily paragraph outside the test part was an error by it). An
/// offer's terms follow a count with 以上, 起 or 享 (订购1万件以上享八折) or a comma before them (review
/// rv4: 订购1万台，享受出厂最低价), and a seller's 万 counts
/// buyers (已有10万人订购), which come before the word, not after.
static BULK: LazyLock<HanRegex> = LazyLock::new(|| {
    han_regex(r"^(?:了|过)?[0-9０-９.．一二两三四五六七八九十百千]+(?:万|亿)(?:多|余)?(?:套|台|辆|吨|架|艘|部|份|件|个|箱|批|册|张|株|头|只|元)(?:[^以起享送即可立，,]|$)")
        .expect("the bulk pattern is valid")
});

/// A clock time or a day of the month right before an order word (十点下单, 11:35下单, 早上七点多下单,
/// 19号下单): the hour a buyer tells they ordered at (issue 12, i12rv: food-delivery and shop
/// reviews). An advert gives a cut-off (16点前下单) or no hour (今天下单), not the minute.
static CLOCKED: LazyLock<HanRegex> = LazyLock::new(|| {
    han_regex(r"(?:[0-9０-９]{1,2}|[一二两三四五六七八九十]{1,3})(?:点(?:半|多|钟|[0-9０-９]{1,2}分?)?|[:：][0-9０-９]{2}|号)(?:多|左右)?$")
        .expect("the clock pattern is valid")
});

/// Days right before a clock time that make it a sale's hour, not a buyer's (今晚8点下单, 11月11日0点下单).
const SALE_DAYS: [&str; 9] = ["今晚", "今天", "今日", "明天", "明晚", "本周", "日", "双11", "双十一"];

/// Words right after an order word at a clock time that make the hour a sale's (0点下单前100名半价,
/// 8点下单享五折).
const SALE_AFTER: [char; 6] = ['前', '起', '享', '立', '即', '可'];

/// Whether the order-word cue `cue` of `text` follows a clock time ([`CLOCKED`]) that is not a sale's:
/// no [`SALE_DAYS`] word before the time, no [`SALE_AFTER`] word after the cue.
fn clocked(text: &str, cue: &Range<usize>) -> bool {
    let start = cue.start;
    let from = text[..start].char_indices().rev().nth(11).map_or(0, |(i, _)| i);
    let Some(m) = CLOCKED.find(&text[from..start]) else { return false };
    let day = without_part_of_day(&text[..from + m.start()]);
    !SALE_DAYS.iter().any(|d| day.ends_with(d)) && !text[cue.end..].starts_with(SALE_AFTER)
}

/// Words of a delivery that has happened (下单第二天就到了, 11号下单，18号才收到, 下单，星期六上午到货了):
/// a buyer's review telling of an order, not a call to order (issue 12, i12zn: consumer reviews on a
/// shop's page). An advert promises the delivery (今天下单，明天送达) and does not tell it as past.
const DELIVERED: [&str; 22] = [
    // already there (早上下单下午已经到家, i12rv)
    "已经到",
    "已到",
    "已经收到",
    "收货了",
    "就收货",
    "到了",
    "才到",
    "收到了",
    "才收到",
    "就收到",
    "到货了",
    "就到货",
    "才到货",
    "送到了",
    "就送来",
    "才发货",
    "发的货",
    "到的货",
    "货到了",
    "午到货",
    "天到货",
    "上到货",
];

/// How far (bytes) after an order word [`delivered_after`] looks for a delivery told: 24 CJK characters.
const DELIVERY_REACH: usize = 72;

/// Whether the sentence after byte `end` (an order word's end) tells of a delivery that has
/// happened ([`DELIVERED`]) within [`DELIVERY_REACH`].
fn delivered_after(text: &str, end: usize) -> bool {
    let to = crate::normalize::floor_char_boundary(text, end.saturating_add(DELIVERY_REACH).min(text.len()));
    let after = &text[end..to];
    let sentence = after.find(SENTENCE_ENDS).map_or(after, |i| &after[..i]);
    let simple: String = sentence.chars().map(simplified).collect();
    DELIVERED.iter().any(|d| simple.contains(d))
}

/// Time words right before an order word that place the order in the past (昨天下单, 上次购买, 早早下单):
/// a buyer's story (i12zn).
/// Also a buyer's habit (不断下单, 经常购买, 多次抢购: i12zx, shop reviews).
/// Also an order just made (刚下单就降价, 才下单不到24小时) and the day before told with a part of the
/// day (头一天晚上下单, 昨天下午下单: i12rv, shop reviews; see [`without_part_of_day`]).
const PAST_TIMES: [&str; 19] = [
    "昨天",
    "前天",
    "昨晚",
    "上周",
    "上次",
    "当时",
    "那天",
    "早早",
    "之前",
    "不断",
    "经常",
    "多次",
    "屡次",
    "一直",
    "刚",
    "才",
    "已经",
    "头一天",
    "前一天",
];

/// Parts of the day that may stand between a [`PAST_TIMES`] word and the order (昨天下午下单).
const PARTS_OF_DAY: [&str; 8] = ["上午", "下午", "晚上", "早上", "中午", "凌晨", "傍晚", "夜里"];

/// `before` less a part of the day at its end ([`PARTS_OF_DAY`]).
fn without_part_of_day(before: &str) -> &str {
    PARTS_OF_DAY.iter().find_map(|p| before.strip_suffix(p)).unwrap_or(before)
}

/// Words before a buyer that invite the buyer to buy (欢迎广大顾客抢购): a call, not a report.
const INVITING: [&str; 7] = ["广大", "新老", "各位", "欢迎", "诚邀", "邀请", "尊敬的"];

/// Buyers told of as the subject of a purchase (美国电影公司抢购北美发行权, 市民选购年货): a
/// report of who buys, not a call to the reader (i12zk). Not 大家 or 您, whom an advert calls.
const BUYERS: [&str; 14] = [
    "公司",
    "企业",
    "机构",
    "厂商",
    "市民",
    "居民",
    "消费者",
    "游客",
    "网友",
    "投资者",
    "买家",
    "民众",
    "股民",
    "顾客",
];

/// The sentence of `text` around `range` (between sentence ends or line breaks).
fn sentence_around<'t>(text: &'t str, range: &Range<usize>) -> &'t str {
    let start =
        text[..range.start].rfind(SENTENCE_ENDS).map_or(0, |i| i + text[i..].chars().next().map_or(1, char::len_utf8));
    let end = text[range.end.min(text.len())..].find(SENTENCE_ENDS).map_or(text.len(), |i| range.end + i);
    &text[start..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_document_makes_context_patterns_search_with_their_full_compilation() {
        let short = |re: &HanRegex| matches!(re.engine(10), Engine::Light(_));
        let re = han_regex("欢迎|来电").expect("valid");
        let text = "本条所称的内容，欢迎来电。\n".repeat(LONG_DOCUMENT / 20);
        assert!(text.len() > LONG_DOCUMENT);
        let before = re.find(&text[..40]).map(|m| (m.start(), m.end()));
        DocContext::analyse(&text);
        assert!(LONG_RUN.load(Ordering::Relaxed));
        // A pattern the run has not searched with yet: the full compilation, at once.
        assert!(!short(&han_regex("欢迎|来电").expect("valid")));
        assert_eq!(re.find(&text[..40]).map(|m| (m.start(), m.end())), before);
        assert_eq!(before, Some((24, 30)));
    }

    #[test]
    fn a_line_no_cue_touches_is_editorial_when_cued_lines_says_so() {
        let statute = "第一条 为了规范广告活动，制定本法。\n".repeat(200);
        let texts = [
            // Long, one cue per paragraph at most: not promotional as a whole.
            format!("{statute}本品限时优惠，\r\n欢迎来电\n\n价格¥\n99元起。\n{statute}"),
            format!("{statute}新品上市\r\n我们的产品最好。\n"),
            statute.clone(),
            // Short or promotional: no shortcut.
            "本品限时优惠，欢迎来电。\n这款最好。".to_owned(),
            format!("本品包邮，立减五元，限时抢购，扫码下单。\n{}", "最好的产品。\n".repeat(20)),
        ];
        let mut shortcuts = 0;
        for text in &texts {
            let doc = DocContext::analyse(text);
            let Some(cued) = doc.cued_lines(text) else { continue };
            shortcuts += 1;
            assert!(cued.windows(2).all(|w| w[0] < w[1]));
            let starts = doc.line_starts();
            for k in (0..starts.len()).filter(|k| !cued.contains(k)) {
                let end = starts.get(k + 1).copied().unwrap_or(text.len());
                let line = &text[starts[k]..end];
                let para = starts[k]..starts[k] + line.trim_end_matches(['\n', '\r']).len();
                if !para.is_empty() {
                    assert_eq!(doc.at_line(text, &para, k).setting, AdSetting::Editorial, "{text:?} line {k}");
                }
            }
        }
        assert_eq!(shortcuts, 3);
        assert!(DocContext::analyse(&texts[0]).cued_lines(&texts[0]).is_some_and(|c| c.len() >= 3));
    }
    use crate::model::Severity;

    fn setting(text: &str, term: &str) -> (AdSetting, Vec<String>) {
        let at = text.find(term).expect("term");
        let a = DocContext::analyse(text).at(text, &(at..at + term.len()));
        (a.setting, a.cues)
    }

    /// `warm_up` compiles every context pattern (without the lazy DFA): [`PATTERNS`] lists each `LazyLock<HanRegex>` static
    /// of this file (the four i12za added had been left out of the hand-kept list).
    #[test]
    fn warm_up_lists_every_pattern() {
        let source = include_str!("context.rs");
        let declared =
            source.lines().filter(|l| l.starts_with("static ") && l.contains(": LazyLock<HanRegex> =")).count();
        assert_eq!(PATTERNS.len(), declared);
        let mut listed: Vec<*const LazyLock<HanRegex>> = PATTERNS.iter().map(|p| std::ptr::from_ref(*p)).collect();
        listed.sort_unstable();
        listed.dedup();
        assert_eq!(listed.len(), PATTERNS.len(), "a pattern listed twice");
    }

    /// A context pattern's light compilation finds what `regex::Regex` finds (`is_match`, every
    /// match of `find_iter`), on every line of the fixtures and on each fixture whole.
    #[test]
    fn light_context_patterns_find_what_the_regex_crate_finds() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let mut texts = Vec::new();
        for sub in ["violations", "clean"] {
            let Ok(entries) = std::fs::read_dir(dir.join(sub)) else { continue };
            for entry in entries.flatten() {
                if let Ok(text) = std::fs::read_to_string(entry.path()) {
                    texts.extend(text.lines().map(str::to_owned));
                    texts.push(text);
                }
            }
        }
        texts.extend(["该医院坐诊专家，欢迎预约", "据新华社报道，该公司被评为", "不得宣传治疗功能"].map(String::from));
        assert!(texts.len() > 50, "fixtures read: {}", texts.len());
        let mut matched = 0;
        for re in PATTERNS {
            let re = LazyLock::force(re);
            let full = Regex::new(&re.source).expect("a context pattern is valid");
            for text in &texts {
                let light: Vec<_> = re.light.find_iter(text.as_str()).map(|m| m.range()).collect();
                let want: Vec<_> = full.find_iter(text).map(|m| m.range()).collect();
                assert_eq!(light, want, "{} on {text}", re.source);
                assert_eq!(re.light.is_match(text.as_str()), full.is_match(text));
                matched += want.len();
            }
        }
        assert!(matched > 20, "only {matched} matches: the texts do not exercise the patterns");
    }

    /// Asserts that the setting of each `(text, term)` case is `want`.
    fn each_is(cases: &[(&str, &str)], want: AdSetting) {
        for (text, term) in cases {
            assert_eq!(setting(text, term).0, want, "{text}");
        }
    }

    /// Asserts that the setting of each `(text, term)` case is not `not`.
    fn each_is_not(cases: &[(&str, &str)], not: AdSetting) {
        for (text, term) in cases {
            assert_ne!(setting(text, term).0, not, "{text}");
        }
    }

    #[test]
    fn a_medical_business_described_in_the_third_person_is_not_a_cue() {
        // issue 12 (i12u): 该医院 is how an encyclopedia or a report refers to a hospital
        // (since i12y, a text telling of an institution in the third person is at most reported:
        // review-ab, soft adverts tell of their product in the third person too)
        assert_eq!(
            setting("该医院是全国首批三级甲等医院之一，也是国内规模最大的儿童医院。", "最大").0,
            AdSetting::Reported
        );
        assert_eq!(setting("去年该医院门诊量全国最大。", "最大").0, AdSetting::Editorial);
        assert_eq!(setting("邹家华为该公司成立45周年题词：世界最大。", "最大").0, AdSetting::Editorial);
        // the advert's own voice stays promotional
        assert_eq!(setting("本院是国内规模最大的儿童医院。", "最大").0, AdSetting::Promotional);
    }

    /// Issue 12 (i12y): a medical business told of from outside (a reported time, the business
    /// pointed at or counted, a patient's story) is news, not an advert by its sector word; the
    /// business speaking for itself (本院, 坐诊, 预约) stays promotional in any frame.
    #[test]
    fn hospital_news_is_not_promoted_by_its_sector_word() {
        each_is_not(
            &[
                ("这家医院治肝病在省里很有名。", "治"),
                ("医院烧伤科为这名患者做了植皮祛疤手术。", "祛疤"),
                ("中国最好的100家医院，上海占19个。", "最好"),
                ("30岁的小雪于2014年3月3日来到首尔一家整形医院，做了双眼皮手术。", "双眼皮"),
                ("三位获奖者分别是昆明医学院第一附属医院陈医师、肿瘤医院黄博士。", "第一"),
                ("近日，县人民医院最好的外科医生完成了一台手术。", "最好"),
            ],
            AdSetting::Promotional,
        );
        each_is(
            &[
                ("最好的专科医院。", "最好"),
                ("近日，本院特邀专家坐诊，是全省最好的专科医院。", "最好"),
                ("这家医院最好，专家坐诊。", "最好"),
                ("兰州中医白癜风医院是西北地区规模最大的白癜风专科医院", "最大"),
            ],
            AdSetting::Promotional,
        );
    }

    /// Issue 12 (i12y): a claim exposed as a scam's lure or warned against (dev exempt phrases that
    /// warned) is editorial; the same claim in an advert with cues stays promotional.
    #[test]
    fn a_claim_exposed_as_a_lure_or_warned_against_is_editorial() {
        each_is(
            &[
                ("此类平台常宣称“低门槛、高收益、快回报”，实则存在多重风险", "高收益"),
                ("这类骗局均以“保本高息”为核心诱饵，模式隐蔽、欺骗性强。", "保本"),
                ("很多培训机构打出“包过，考不过退费”的招牌进行招生。", "包过"),
                ("需特别警惕：过度强调“低风险、高收益”的宣传，均可能涉嫌非法集资。", "高收益"),
                ("不法分子打着“稳赚不赔”的幌子进行非法集资。", "稳赚不赔"),
                ("这种说法称只要持有黄金就能稳赚，显然是误导。", "稳赚"),
            ],
            AdSetting::Editorial,
        );
        // An advert's own slogan, its anti-counterfeit line and cues keep it an advert.
        assert_eq!(
            setting("我校打出“包过”的招牌，报名热线：400-123-4567，立即报名！", "包过").0,
            AdSetting::Promotional
        );
        assert_eq!(setting("认准商标，警惕假冒，本品保本高收益。", "保本").0, AdSetting::Promotional);
        assert_eq!(setting("保本高息，稳赚不赔，立即抢购！", "保本").0, AdSetting::Promotional);
    }

    /// Issue 12 (i12y): a claim verb denied or forbidden (不能承诺, 不能宣传) governs what follows in
    /// its clause, a 、 list included; a product named after it starts the advert's own claim.
    #[test]
    fn a_forbidden_claim_is_not_claimed() {
        each_is(
            &[
                ("正规金融机构的理财产品均不能承诺保本保息。", "保息"),
                ("理财经理不能承诺保本保收益，这是监管的明确要求。", "保本"),
                ("根據《中華人民共和國食品安全法》,食品、保健食品不能宣傳疾病預防、治療功能。", "治療"),
                ("广告中严禁宣称根治疾病。", "根治"),
            ],
            AdSetting::Editorial,
        );
        assert_ne!(setting("别家不能保证效果，本品三天根治鼻炎。", "根治").0, AdSetting::Editorial);
        // The quick pre-checks before these patterns know the traditional forms (權, 別, 沒, 並).
        each_is(
            &[
                ("普通食品無權宣傳治愈糖尿病。", "治愈"),
                ("醫生說，千萬別盲目服用保健品降血壓。", "降血壓"),
                ("這類藥膏對治療濕疹沒有任何作用。", "治療"),
                ("偏方治療脫髮並無效果。", "治療"),
            ],
            AdSetting::Editorial,
        );
        assert_ne!(setting("不能保证的，本品都能做到：三天根治鼻炎。", "根治").0, AdSetting::Editorial);
    }

    /// Issue 12 (i12ar): a ban right before the hit (严禁, 禁止, 杜绝) makes it the object of a rule or
    /// an official notice; a ban elsewhere in an advert does not.
    #[test]
    fn a_banned_claim_is_not_claimed() {
        each_is(
            &[
                ("严禁特供酒等违规行为，坚决纠正“四风”。", "特供"),
                ("各级机关禁止特供，一律不得使用公款购买。", "特供"),
                ("培训机构要杜绝保过承诺。", "保过"),
                ("培训机构要杜绝“保过”承诺。", "保过"),
            ],
            AdSetting::Editorial,
        );
        assert_ne!(setting("店内严禁吸烟。本店特供茅台，欢迎订购！", "特供").0, AdSetting::Editorial);
        // An advert's boast of what it avoids, words between the ban and the claim (review rv3).
        for (text, hit) in [
            ("杜绝假货全网最低价，正品保证，欢迎选购。", "全网最低价"),
            ("严禁勾兑的国宴特供酒，欢迎订购。", "特供"),
            ("杜绝脱发烦恼根治秃顶只需一瓶，抢购热线。", "根治"),
        ] {
            assert_ne!(setting(text, hit).0, AdSetting::Editorial, "{text}");
        }
    }

    /// Issue 12 (i12y): a promise quoted after 承诺 is reported unless the seller is its subject.
    #[test]
    fn a_quoted_promise_is_reported_unless_the_seller_makes_it() {
        let story = "对方推荐了一款“养老理财产品”，承诺“保本保息，年化收益15%”。";
        assert_eq!(setting(story, "保本"), (AdSetting::Reported, vec!["承诺“".to_owned()]));
        assert_eq!(setting("本公司承诺“保本保息，年化收益15%”。", "保本").0, AdSetting::Neutral);
    }

    /// Issue 12 (i12y): an institution in the third person is reported on (该品牌被评为…, 该校去年
    /// 的升学率…); a product named by the advert is not.
    #[test]
    fn an_institution_in_the_third_person_is_reported_on() {
        assert_eq!(setting("该校去年的本科升学率为100%，今年略有下降。", "100%").0, AdSetting::Editorial);
        assert_eq!(setting("该款产品升学率100%。", "100%").0, AdSetting::Promotional);
        // A reporting verb keeps a regulator's report a visible warning.
        assert_eq!(setting("该公司宣称其产品能根治糖尿病。", "根治").0, AdSetting::Reported);
    }

    /// review-ab: an advert that warns against its rivals' scams, or tells of its product in the
    /// third person, and then speaks for its own product or to its buyer is not editorial; the
    /// warnings and reports of i12y stay editorial.
    #[test]
    fn an_advert_that_warns_against_rivals_still_sells() {
        each_is_not(
            &[
                ("谨防骗局，认准本品，三天根治脚气，无效退款。", "根治"),
                ("其他平台的高收益都是诱饵，本平台稳赚不赔，年化收益12%。", "稳赚不赔"),
                ("警惕骗局！本公司的黄金投资零风险，月收益10%。", "零风险"),
                ("别家所谓的特效药实则是激素，本品纯天然，无任何副作用，根治湿疹。", "根治"),
                ("该公司推出的理财产品保本保息，年化收益高达15%，本平台值得信赖。", "保本"),
                ("该校升学率100%，是本市最好的民办学校，报名从速。", "100%"),
                ("5月起，该医院的国际专家团队将为您根治鼻炎，永不反弹。", "根治"),
            ],
            AdSetting::Editorial,
        );
        each_is(
            &[
                ("不法分子打着“稳赚不赔”的幌子进行非法集资。", "稳赚不赔"),
                ("所谓的“特效药”实则是普通保健品，老人被骗数万元。", "特效药"),
                ("该校去年的本科升学率为100%，今年略有下降。", "100%"),
            ],
            AdSetting::Editorial,
        );
    }

    #[test]
    fn a_line_advertises_by_its_own_cues() {
        // review w: what decides whether a data source or an approval still cancels a hit
        assert!(advertises("据不完全统计，本店销量全市第一，欢迎到店选购。"));
        assert!(!advertises("据中国汽车工业协会统计，该品牌去年销量全国第一。"));
        // one cue in a line that reports is not an advert
        assert!(!advertises("记者了解到，该店销量第一，欢迎选购的标语随处可见。"));
    }

    #[test]
    fn a_quoted_nickname_is_a_name_not_a_claim() {
        // issue 12 (i12u): encyclopedic text reports the names places and dishes are known by
        assert_eq!(setting("华山以险峻著称，有“奇险天下第一山”之称。", "天下第一").0, AdSetting::Editorial);
        assert_eq!(setting("此泉素有「天下第一泉」的美誉。", "天下第一").0, AdSetting::Editorial);
        // an advert's own boast of what its product is known as is promotional (review w)
        assert_eq!(setting("我们的白酒素有“中国第一酒”之美誉，今日下单享九折。", "第一").0, AdSetting::Promotional);
        // a quotation that is not a nickname, or a title an advert boasts of, still claims
        assert_eq!(setting("我们的茶是“天下第一茶”，限时特价。", "天下第一").0, AdSetting::Promotional);
        assert_ne!(setting("荣获“天下第一品牌”称号。", "天下第一").0, AdSetting::Editorial);
        // the quotation must enclose the hit: a nickname later in the sentence does not cover it
        assert_ne!(setting("天下第一好茶，素有“茶中之王”之称。", "天下第一").0, AdSetting::Editorial);
    }

    #[test]
    fn cues_in_the_paragraph_make_it_promotional() {
        let (s, cues) = setting("这款面霜是最好的选择，现在下单立减50元！", "最好");
        assert_eq!(s, AdSetting::Promotional);
        assert_eq!(cues, ["这款", "下单", "立减"]);
        let (s, cues) = setting("全场最低价，¥99 包邮。", "最低价");
        assert_eq!((s, cues.len()), (AdSetting::Promotional, 2));
        // A title with nothing but a price claim sells something (issue 12: it was a warning).
        let (s, cues) = setting("全网最低价，错过再等一年", "全网最低价");
        assert_eq!((s, cues), (AdSetting::Promotional, vec!["全网最低".to_owned(), "错过再等".to_owned()]));
        assert_eq!(setting("该股昨日收盘价创下年内最低价。", "最低价").0, AdSetting::Neutral);
    }

    #[test]
    fn traditional_script_cues_and_editorial_words_count_as_simplified_ones() {
        // the context patterns run on unfolded text: 立即下單 was no cue, so a traditional-script
        // advert (這是全網最低價，立即下單) got a warning where the simplified one got an error
        let (s, cues) = setting("這款面霜是最好的選擇，現在下單立減50元！", "最好");
        assert_eq!(s, AdSetting::Promotional);
        assert_eq!(cues, ["這款", "下單", "立減"]);
        assert_eq!(setting("這是全網最低價，立即下單", "最低價").0, AdSetting::Promotional);
        // and a report in traditional script reads as one
        assert!(!advertises("記者了解到，該店銷量第一，歡迎選購的標語隨處可見。"));
        assert!(advertises("本店銷量全市第一，歡迎到店選購。"));
        // a purchase told, and a cue inside a longer word, are no cues in either script
        assert!(counted_cues("看了評測所以下單了").is_empty());
        assert!(counted_cues("日本產品").is_empty());
        assert!(counted_cues("我們的服務員很熱情").is_empty());
    }

    #[test]
    fn can_also_is_not_a_reviewers_hedge() {
        // 还可以 is a reviewer's "it's OK" (质量还可以。), and "can also" before a verb (还可以治愈癌症,
        // a dev rumour that had dropped to info as editorial)
        assert!(editorial_words("外观还可以，就是有点重。", false));
        assert!(editorial_words("价格还可以接受", false));
        assert!(!editorial_words("喝麦苗汁可以降低三高，还可以治愈癌症", false));
    }

    #[test]
    fn two_cues_anywhere_make_the_document_promotional() {
        let text = "我们的店开在老街。\n这里的小笼包最好吃。\n欢迎到店体验，咨询电话：0591-12345678。";
        assert_eq!(setting(text, "最好").0, AdSetting::Promotional);
    }

    #[test]
    fn long_text_without_cues_is_editorial_and_short_text_neutral() {
        let news = format!("{}他说这是最好的一年。", "记者从市统计局获悉，今年全市经济运行总体平稳。".repeat(15));
        assert_eq!(setting(&news, "最好").0, AdSetting::Editorial);
        assert_eq!(setting("这是最好的一年。", "最好").0, AdSetting::Neutral);
        // A news paragraph of 80+ characters with no cue (issue 12, dev news).
        let para = "恒安集团是目前全国最大的卫生巾生产厂家。经过十年发展，该集团已在全国建立了二十多个销售分公司，年销售额逐年增长，职工收入稳步提高，成为当地的纳税大户。今年一季度，集团又投资新建了两条生产线，预计年底前投产。";
        assert!(para.chars().count() >= EDITORIAL_MIN_CHARS);
        assert_eq!(setting(para, "最大").0, AdSetting::Editorial);
        assert_eq!(setting("恒安集团是目前全国最大的卫生巾生产厂家。", "最大").0, AdSetting::Neutral);
        assert_eq!(setting("他是日本最伟大的艺术家之一。", "最伟大").0, AdSetting::Editorial);
        assert_eq!(setting("这是我住过最好的酒店。", "最好").0, AdSetting::Editorial);
        // Hedges and questions of a review (issue 12, dev split): not the seller's own claim.
        assert_eq!(setting("应该说是济南最好的酒店了，缺点是早餐一般。", "最好").0, AdSetting::Editorial);
        assert_eq!(setting("城里最好的是哪间酒店？", "最好").0, AdSetting::Editorial);
        assert_eq!(setting("我们的产品最滋润。", "最滋润").0, AdSetting::Promotional);
        assert_eq!(setting("吉他弹得最专业。", "最专业").0, AdSetting::Neutral);
        // 他牌 is "another brand" (去污力比他牌强50%, i12ap), not a narrated third person.
        assert_eq!(setting("去污力比他牌强50%，用过都说好。", "比他牌强50%").0, AdSetting::Neutral);
        assert_eq!(setting("最好的专科医院。", "最好").0, AdSetting::Promotional, "a sector business");
        assert_eq!(setting("这是最好的专科医院，他说。", "最好").0, AdSetting::Editorial);
    }

    #[test]
    fn the_character_count_is_settled_from_the_byte_length_or_counted() {
        for text in ["", "a", "最", "ab最", "𠀀𠀀", &"最a𠀀".repeat(30), &"a".repeat(79), &"最".repeat(81)] {
            let doc = DocContext::analyse(text);
            let n = text.chars().count();
            for k in [0, 1, 2, 3, 5, 8, 79, 80, 81, 90, 240, 2000] {
                assert_eq!(doc.has_chars(text, k), n >= k, "{text:?} has {k} chars");
            }
        }
    }

    #[test]
    fn sparse_cues_do_not_make_a_long_document_promotional() {
        let law = format!(
            "第一条 经营者应当公布服务电话：12315。\n{}\n管制最高不能超过三年。\n订购合同应当书面订立。",
            "本法所称经营者，是指从事商品经营或者营利性服务的自然人、法人。".repeat(80)
        );
        assert_eq!(setting(&law, "最高").0, AdSetting::Editorial);
    }

    #[test]
    fn market_prices_and_buying_topics_are_not_cues() {
        // i12zk probe (property, income and shopping news): a unit price beside a market word, the
        // low end of a range, a purchase named as a topic, 价格 and 产品线 are not cues.
        for text in [
            "上城区成交均价达到了19225元/平方米。",
            "一居、两居的租金分别为2900元/月。",
            "月收入在6000~10000元/月的占10.1%。",
            "网民点击1000元至2000元/月的租金价格水平最多。",
            "电影公司对发行权的抢购，体现了他的影响力。",
            "家具建材年底促销价格走低，整体橱柜的选购并不是无章可循。",
            "掌握选购技巧很重要，在我们的产品线里面都能找到。",
            "美国电影公司抢购北美发行权。",
            "有传言说年底即将取消首套房贷利率七折优惠。",
        ] {
            assert!(counted_cues(text).is_empty(), "{text}: {:?}", counted_cues(text));
        }
        // An advert's unit price, a price from (低至), a call to buy and a promotional price stay cues.
        for text in [
            "仅售99元/盒，欢迎选购。",
            "价格低至99元/盒。",
            "赶快抢购吧。",
            "促销价199元。",
            "均价6800元起。",
            "大家赶快抢购吧。",
            "全场七折优惠。",
            // review-af: an offer word before a market word's price, buyers invited to buy.
            "首选品质社区，月租仅需1800元/月，拎包入住。",
            "本市最大的商业综合体，租金低至80元/㎡，欢迎洽谈。",
            "欢迎广大顾客抢购，全市第一品牌。",
            "欢迎新老顾客选购，国家级品质。",
            "欢迎消费者选购。",
        ] {
            assert!(!counted_cues(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn paragraphs_are_found_by_position() {
        let text = "这款面霜最滋润，下单立减！\n他说这是最好的一年。\n\n最好的选择";
        assert_eq!(setting(text, "最滋润").0, AdSetting::Promotional);
        let at = text.find("最好的一年").expect("term");
        let doc = DocContext::analyse(text);
        assert_eq!(doc.at(text, &(at..at + 6)).setting, AdSetting::Promotional, "two cues in the document");
        let one = "他说这是最好的一年。\n最好的选择";
        let d = DocContext::analyse(one);
        let at = one.rfind("最好").expect("term");
        assert_eq!(d.at(one, &(at..at + 6)).setting, AdSetting::Neutral, "the next paragraph has no editorial word");
        assert_eq!(d.at(one, &(12..18)).setting, AdSetting::Editorial);
    }

    #[test]
    fn negated_claims_are_editorial_even_among_cues() {
        let text = "这绝对不是最佳选择，下单立减50元！";
        assert_eq!(setting(text, "最佳").0, AdSetting::Editorial);
        assert_eq!(setting("本基金不代表收益保障，限时抢购。", "收益保障").0, AdSetting::Editorial);
        assert_eq!(setting("jd已经不再是最具竞争力的供货商了", "最具").0, AdSetting::Editorial);
        // A bare 不 is part of the claim (不复发), not a denial of it.
        assert_eq!(setting("不复发，下单立减50元！", "复发").0, AdSetting::Promotional);
    }

    #[test]
    fn a_claim_cautioned_against_or_denied_in_its_clause_is_editorial() {
        each_is(
            &[
                ("专家提醒，切勿滥用抗生素治疗感冒，欢迎咨询。", "治疗"),
                ("医生说，不要盲目服用保健品降血压，本店不推荐。", "降血压"),
                ("消费者不可轻信偏方根治糖尿病，立即咨询医生。", "根治"),
            ],
            AdSetting::Editorial,
        );
        // A consumer warning around the quoted claim.
        each_is(
            &[
                ("监管部门提醒，对承诺保本高收益的理财产品，请保持高度警惕，勿轻易购买。", "保本"),
                ("警方提醒：宣称稳赚不赔的投资项目，要注意防范。", "稳赚不赔"),
                ("对号称根治糖尿病的保健品，消费者要提高警惕，切勿购买。", "根治"),
            ],
            AdSetting::Editorial,
        );
        assert_eq!(setting("认准商标，谨防假冒，本品根治脚气。", "根治").0, AdSetting::Promotional);
        // A cure denied before it, or any claim denied later in its clause.
        each_is(
            &[
                ("这种病目前无法根治，只能控制，欢迎咨询。", "根治"),
                ("高血压不能治愈，但可以控制，欢迎来电。", "治愈"),
                ("这类药膏对治疗湿疹没有任何作用，立即咨询医生。", "治疗"),
                ("偏方治疗脱发毫无效果，欢迎咨询。", "治疗"),
            ],
            AdSetting::Editorial,
        );
        // The caution or denial must be in the hit's own clause, a denial of a cure word only.
        each_is(
            &[
                ("不要再盲目吃药了，本品根治鼻炎，欢迎咨询。", "根治"),
                ("别再乱用面膜，本品三天祛斑，立即抢购！", "祛斑"),
                ("吃了很多药都没有效果，本品三天治愈，立即抢购！", "治愈"),
                ("效果无法超越，本品根治鼻炎，欢迎咨询。", "根治"),
                ("本品效果无法超越，立即抢购！", "超越"),
                ("本品根治鼻炎没有效果全额退款，立即抢购！", "根治"),
                ("本品根治鼻炎没有效果不收钱，立即抢购！", "根治"),
                ("鼻炎不能根治？试试本品，立即抢购！", "根治"),
                ("难以根治的老胃病，喝它三天就好，扫码下单。", "根治"),
                ("不要盲目吃药本品三天根治，立即抢购！", "根治"),
                ("不要盲目吃药 本品三天根治失眠 立即抢购", "根治"),
                ("注意防范假货，正品根治白癜风，扫码下单。", "根治"),
            ],
            AdSetting::Promotional,
        );
    }

    #[test]
    fn a_cure_the_world_has_none_of_is_editorial() {
        // Issue 12: the 天门 工商局 notice (an exempt phrase that got two AD101 errors).
        let tianmen = "保健品不是药品,世上没有能够“包治百病”的药,也没有能够“包治百病”的医疗保健器材;";
        let doc = DocContext::analyse(tianmen);
        for (at, _) in tianmen.match_indices("包治百病") {
            assert_eq!(doc.at(tianmen, &(at..at + "包治百病".len())).setting, AdSetting::Editorial);
        }
        each_is(
            &[
                ("世界上没有包治百病的药，欢迎咨询。", "包治百病"),
                ("没有什么药能根治糖尿病，欢迎咨询。", "根治"),
                ("目前没有任何一种方法可以根治白癜风，欢迎来电。", "根治"),
                ("沒有什麼藥能根治糖尿病，歡迎諮詢。", "根治"),
            ],
            AdSetting::Editorial,
        );
        // Adverts keep erroring: a money-back offer, a question, a double negative (没有…治不好的 is
        // a claim), an exception (除了本品), a quality that is itself a claim (没有副作用, 没有痛苦).
        each_is(
            &[
                ("本品根治鼻炎没有效果不收钱，立即抢购！", "根治"),
                ("没有能根治鼻炎的药？试试本品，立即抢购！", "根治"),
                ("有没有能根治鼻炎的药，试试本品，立即抢购！", "根治"),
                ("没有本品治不好的鼻炎，扫码下单。", "治"),
                ("没有我们根治不了的顽疾，欢迎来电。", "根治"),
                ("除了本品，没有能根治鼻炎的药，立即抢购！", "根治"),
                ("没有副作用的药能根治鼻炎，扫码下单。", "根治"),
                ("没有痛苦能根治痔疮，扫码下单。", "根治"),
                ("没有任何副作用，立即抢购！", "没有任何副作用"),
            ],
            AdSetting::Promotional,
        );
        // Only cure words: 没有人能超越 is a superlative claim.
        assert_eq!(setting("没有人能超越我们的品质，立即抢购！", "超越").0, AdSetting::Promotional);
    }

    /// Review v: a reporting verb in an attributive clause (号称…的祖传秘方) or with the product as
    /// its subject (我们的药膏号称…) does not make the advert's own claims reported speech; a verb
    /// that governs the sentence (声称，该产品可以…) still does.
    #[test]
    fn a_reporting_verb_reports_only_what_it_governs() {
        each_is(
            &[
                ("号称“鼻炎克星”的祖传秘方，三天根治鼻炎，永不复发！", "永不复发"),
                ("号称“降压神器”的黑芝麻丸，每天两颗，彻底治愈高血压。", "彻底治愈"),
                ("这个号称老字号的膏药，保证治愈腰椎间盘突出。", "保证治愈"),
                ("宣称无效退款的祖传秘方，100%治愈鼻炎。", "100%治愈"),
                ("我们的药膏号称“皮肤病克星”，三天根治湿疹，永不复发。", "永不复发"),
                ("我院自称“不孕不育权威”，治愈率高达95%。", "治愈率"),
            ],
            AdSetting::Neutral,
        );
        for (text, term, verb) in [
            ("涉事企业声称，该产品可以治愈癌症，且无任何副作用。", "无任何副作用", "声称"),
            ("该店号称其减肥茶“7天瘦10斤”，并承诺无效退款。", "无效退款", "号称"),
            ("该公司宣称其产品能降血压，还能根治糖尿病。", "根治", "宣称"),
            ("老人买了号称能治愈癌症的“神药”，结果毫无效果。", "治愈", "号称"),
            ("当事人号称“国内最好的医院”，吸引大量患者。", "最好", "号称"),
            ("我们不要相信号称能根治糖尿病的保健品。", "根治", "号称"),
        ] {
            assert_eq!(setting(text, term), (AdSetting::Reported, vec![verb.to_owned()]), "{text}");
        }
        // Enforcement news whose claim follows an attributive verb is editorial by its own words.
        let seized = "执法人员查获一批号称“特效药”的保健品，包装上印有“根治糖尿病”字样。";
        assert_eq!(setting(seized, "根治").0, AdSetting::Editorial);
    }

    /// Review v: an exception after the denial that names the product (…，除了我们的痛风贴) makes it
    /// the advert's claim; one that names no product is advice. A word inside a cure phrase (百病 of
    /// 包治百病) is denied with the phrase.
    #[test]
    fn a_cure_the_world_has_none_of_except_the_product_is_claimed() {
        each_is_not(
            &[
                ("世上没有能根治痛风的药，除了我们的特效痛风贴。", "根治"),
                ("没有任何药物能根治脚气，唯有本品三天断根。", "根治"),
                ("没有什么药能根治痛风，唯有这款痛风贴可以断根。", "根治"),
                ("世上没有能根治鼻炎的药，只有我们的鼻炎膏能做到。", "根治"),
                ("世上没有包治百病的药，除了我们的神奇胶囊。", "百病"),
            ],
            AdSetting::Editorial,
        );
        each_is(
            &[
                ("没有任何方法可以根治糖尿病，只有坚持服药、控制饮食。", "根治"),
                ("世上没有包治百病的神药，老人切莫上当。", "百病"),
                ("世上没有专治百病的药，保健品更不能代替药品。", "百病"),
                ("世界上根本没有包治百病的保健品。", "百病"),
            ],
            AdSetting::Editorial,
        );
        assert_eq!(setting("有没有包治百病的药？本品告诉你答案，立即抢购！", "百病").0, AdSetting::Promotional);
    }

    #[test]
    fn a_reported_claim_is_at_most_a_warning_unless_promoted() {
        // Issue 12: the 晋中 2025 notice (an exempt phrase that got AD101 and AD150 errors).
        let jinzhong = "宣称保证治愈癌症、绝症或者治愈近视等误导群众健康观念、危害群众生命健康安全的内容。";
        assert_eq!(setting(jinzhong, "保证治愈"), (AdSetting::Reported, vec!["宣称".to_owned()]));
        assert_eq!(setting(jinzhong, "治愈近视").0, AdSetting::Reported);
        for (text, term, verb) in [
            ("某公司声称其产品可以根治糖尿病", "根治", "声称"),
            ("聲稱產品或服務具有減肥、壯陽、增高、豐胸、縮陰等功效的內容", "壯陽", "聲稱"),
            ("涉嫌宣传根治鼻炎的保健品", "根治", "涉嫌宣传"),
            ("号称“药到病除”的神药", "药到病除", "号称"),
            // Issue 12, dev exempt phrases of the eighth case set that got errors (AD110/AD111, AD101):
            // a claim in a seller's mouth is reported, not promoted. (A slogan hoisted by others as
            // its 招牌 or 旗号 is editorial since i12y: see below.)
            (
                "商家嘴里那些高科技感十足、功能强大玄幻、包治百病且价格不菲的保健床垫,大多是出自小工厂、小作坊的普通家用电器。",
                "包治百病",
                "商家嘴里",
            ),
        ] {
            assert_eq!(setting(text, term), (AdSetting::Reported, vec![verb.to_owned()]), "{text}");
        }
        each_is(
            &[
                ("很多培训机构打出“包过,考不过退费”的招牌进行招生。", "包过"),
                ("有的机构打着“保本高息”的旗号吸收资金。", "保本"),
            ],
            AdSetting::Editorial,
        );
        assert_eq!(setting("有的机构打着“保本高息”吸收资金。", "保本").0, AdSetting::Reported);
        // A cue in the paragraph keeps an advert an error; the verb must be in the hit's sentence.
        assert_eq!(setting("宣称本品根治鼻炎，立即抢购！", "根治").0, AdSetting::Promotional);
        assert_eq!(setting("别人宣称的都是假的。三天根治鼻炎", "根治").0, AdSetting::Neutral);
        assert_eq!(setting("三天根治鼻炎", "根治").0, AdSetting::Neutral);
        // A merchant's own slogan is not hoisted by someone else: no opening quote after 打出.
        assert_ne!(setting("本店打出五折，三天根治鼻炎", "根治").0, AdSetting::Reported);
        // Review x: a school or an institution hoisting its own slogan is the advert speaking.
        assert_ne!(setting("我校打出“考不过全额退费”的承诺，包过！", "包过").0, AdSetting::Reported);
        assert_ne!(setting("本机构打出“不过退费”承诺，一次通过。", "不过退费").0, AdSetting::Reported);
        // The severity: the rule's own, capped at warning.
        assert_eq!(AdSetting::Reported.severity(Severity::Error), Severity::Warning);
        assert_eq!(AdSetting::Reported.severity(Severity::Warning), Severity::Warning);
        assert_eq!(AdSetting::Reported.severity(Severity::Info), Severity::Info);
    }

    /// The clause around a hit is looked for within a bounded reach, so a long run without
    /// punctuation (a hit in a 10 MB line) costs no more per hit than a short clause.
    #[test]
    fn a_clause_is_looked_for_within_a_bounded_reach() {
        let near = format!("切勿滥用{}根治", "药".repeat(10));
        let far = format!("切勿滥用{}根治", "药".repeat(CLAUSE_REACH));
        assert!(negated(&near, near.find("根治").expect("hit")));
        assert!(!negated(&far, far.find("根治").expect("hit")));
        let after = format!("根治{}没有任何效果", "药".repeat(CLAUSE_REACH));
        assert!(!negated(&after, 0));
        assert!(negated("根治鼻炎没有任何效果", 0));
    }

    #[test]
    fn a_term_the_sentence_defines_is_not_claimed() {
        let at = |t: &str, w: &str| negated(t, t.find(w).expect("hit"));
        assert!(at("保本理财产品是指银行承诺到期返还本金的理财产品。", "保本"));
        assert!(at("所谓零风险投资，通常指国债等品种。", "零风险") || at("零风险投资通常指国债等品种。", "零风险"));
        // The definition word too far from the hit, or the sentence speaking for its own product.
        assert!(!at("保本理财，年化收益高，本金安全，是指日可待的财富。", "保本"));
        assert!(!at("保本是指本平台承诺到期全额兑付。", "保本"));
        assert!(!at("保本保息，稳赚不赔，欢迎咨询。", "保本"));
    }

    #[test]
    fn a_purchase_told_is_not_a_call_to_action() {
        assert_eq!(DocContext::analyse("看中这款的键盘，所以下单了。").cues.len(), 1, "only 这款");
        assert_eq!(DocContext::analyse("现在下单，立即抢购！").cues.len(), 2);
        assert!(DocContext::analyse("土特产品被抢购一空，农民正忙碌地选购年货。").cues.is_empty());
        // A delivery told as past, or a past time before the order: a buyer's review (i12zn).
        assert!(DocContext::analyse("昨天晚上下单，今天下午就到了，速度真快。").cues.is_empty());
        assert!(DocContext::analyse("11号下单，18号才收到。").cues.is_empty());
        assert!(DocContext::analyse("上次购买的也是这个。").cues.is_empty());
        // A delivery promised is still a call: 今天下单，明天送达.
        assert_eq!(DocContext::analyse("今天下单，明天送达。").cues.len(), 1);
        assert_eq!(DocContext::analyse("下单。货到了再付款也行").cues.len(), 1, "the delivery is in another sentence");
    }

    #[test]
    fn a_delivery_told_as_past_is_a_review() {
        let t = "不错是正品，昨天晚上下单，今天下午就到了，这速度真是无与伦比啊！";
        assert_eq!(setting(t, "无与伦比").0, AdSetting::Editorial);
        // A delivery promised is not told: the advert stays what it was.
        let ad = "今天下单，明天送达，无与伦比的速度！";
        assert_ne!(setting(ad, "无与伦比").0, AdSetting::Editorial);
    }

    /// A complaint about the food or the delivery makes a short review editorial (i12zo); the same
    /// superlative in a seller's line is not.
    #[test]
    fn a_complaint_about_the_order_is_a_review() {
        let t = "点的扁豆焖面，还有极品状元粥，这三样真是难吃到无话可说。";
        assert_eq!(setting(t, "极品").0, AdSetting::Editorial);
        let t = "宇宙级蜗牛送餐速度，共花2.5小时，并且还没到。";
        assert_eq!(setting(t, "宇宙级").0, AdSetting::Editorial);
        let ad = "极品状元粥，宇宙级美味，现在下单立减10元！";
        assert_ne!(setting(ad, "极品").0, AdSetting::Editorial);
    }

    /// Issue 12 (i12zx): a superlative that picks among the dishes of an order or is bounded by
    /// the writer's experience, in a text with no cue, is a review; with a cue it stays a claim.
    #[test]
    fn a_reviewers_choice_or_experience_is_not_a_ranking() {
        for (t, term) in [
            ("送货很快，最好吃的是牛蛙，其他都不错。", "最好吃"),
            ("这家还是宇宙饼最好吃。", "最好吃"),
            ("支付宝最好用了，支持支付宝", "最好用"),
            ("这是我住过的最便宜的五星级酒店。", "最便宜"),
            ("装好后分区最好用diskgen分了，再重新建立。", "最好用"),
        ] {
            assert_eq!(setting(t, term).0, AdSetting::Editorial, "{t}");
        }
        for (t, term) in [("这是镇上最便宜的商店。", "最便宜"), ("本店的烤鸭最好吃。", "最好吃")]
        {
            assert_ne!(setting(t, term).0, AdSetting::Editorial, "{t}");
        }
        let ad = "最好吃的是本店招牌烤鸭，现在下单立减10元！";
        assert_eq!(setting(ad, "最好吃").0, AdSetting::Promotional);
    }

    /// Issue 12 (i12ak, dev sentences): a superlative that ranks its subject as one of a class
    /// (最健康的蔬菜之一), in a text with no cue and no words of its own product, is a statement about
    /// a kind of thing; with a cue or the product's own words it stays a claim.
    #[test]
    fn one_of_the_most_in_a_cueless_text_is_no_claim() {
        for (t, term) in [("西蓝花是最健康的蔬菜之一。", "最健康"), ("这是目前最轻松的识字方法之一", "最轻松")]
        {
            assert_eq!(setting(t, term).0, AdSetting::Editorial, "{t}");
        }
        for (t, term) in [
            ("本品是最健康的零食之一。", "最健康"),
            ("这是最健康的零食之一，限时特价，欢迎选购。", "最健康"),
            ("西蓝花是最健康的蔬菜。", "最健康"),
            ("最健康的之一", "最健康"),
            ("最健康的蔬菜之一就在这里", "最健康"),
            // rv1: a seller names itself (本楼盘, 我们店) in a text with no cue
            ("本楼盘是城南最具价值的楼盘之一。", "最具价值"),
            ("这是我们店里最受欢迎的菜品之一。", "最受欢迎"),
        ] {
            assert_ne!(setting(t, term).0, AdSetting::Editorial, "{t}");
        }
    }

    /// Issue 12 (i12zx): a price a guest tells alone in a paragraph of a review does not make the
    /// whole document an advert; two such paragraphs do not either, but an offer paragraph does.
    #[test]
    fn prices_told_in_review_paragraphs_do_not_make_the_document_promotional() {
        let review = "这是山上最老的酒店之一，性价比还不错，我觉得值。\n我们通过携程订了太极宾馆，260元/间，到了一看太烂了，我很失望。\n自助早餐15元/人，难吃得很，我不推荐。";
        assert_eq!(setting(review, "最老").0, AdSetting::Editorial);
        let advert = "这是山上最老的酒店之一，性价比还不错，我觉得值。\n标间260元/间，限时特价，欢迎预订。";
        assert_eq!(setting(advert, "最老").0, AdSetting::Promotional);
        let two_offers = "山上最老的酒店。\n标间260元/间。\n自助早餐15元/人。";
        assert_eq!(setting(two_offers, "最老").0, AdSetting::Promotional);
        // A buyer's habit of ordering is told, not called for.
        assert!(DocContext::analyse("不断下单就是最好的证明。").cues.is_empty());
        assert_eq!(DocContext::analyse("请再次下单。").cues.len(), 1);
        // A stay or a purchase at a price told (携程特价入住该酒店), not offered (特价房间，欢迎预订).
        assert!(DocContext::analyse("国庆期间携程特价入住该酒店豪华房。").cues.is_empty());
        assert_eq!(DocContext::analyse("国庆特价，豪华房入住。").cues.len(), 1);
    }

    /// Issue 12 (i12pc): news headlines and briefs (an award named, a record set, sport, a news
    /// brief's time or event, a bulk purchase told, a trouble ranked) are editorial; the same
    /// superlatives in an advert's words stay claims.
    #[test]
    fn news_headlines_and_briefs_are_editorial() {
        each_is(
            &[
                ("李晨凭《空天猎》获最受欢迎导演奖", "最受欢迎"),
                ("医疗保健与能源股提振 道指七连涨创三月来最佳表现", "最佳"),
                ("高房价是中国最大的毒瘤", "中国最大"),
            ],
            AdSetting::Editorial,
        );
        each_is_not(
            &[
                ("这是给孩子最好的奖励", "最好"),
                ("有史以来最快最安全的生发产品", "最快"),
                ("创历史最低价", "最低"),
                ("本店近日推出最好的面霜", "最好"),
                ("中国最大的面霜工厂", "中国最大"),
            ],
            AdSetting::Editorial,
        );
        // A bulk purchase told is not a call to order; an offer's quantity is.
        assert!(DocContext::analyse("联想集团与微软签订协议，订购４０万套视窗操作系统。").cues.is_empty());
        assert_eq!(DocContext::analyse("订购1万件以上。").cues.len(), 1);
        assert!(!DocContext::analyse("企业客户订购1万台，享受出厂最低价。").cues.is_empty());
        assert!(award_named("获最佳新人奖", &(3..9)));
        assert!(!award_named("最佳奖品", &(0..6)));
        // Review rv4: an award won or a draw offered is not the superlative's name.
        assert!(!award_named("最受欢迎的面膜获得年度大奖", &(0..12)));
        assert!(!award_named("最低价再抽大奖", &(0..9)));
        // Nor is a short advert with a news brief's word or a sport word editorial (rv4).
        each_is_not(
            &[
                ("新店开幕，全场最低价", "最低价"),
                ("世界杯期间，啤酒全网最低价", "全网最低价"),
                ("近日，某眼科医院引进新技术，治愈率100%", "治愈率"),
            ],
            AdSetting::Editorial,
        );
        assert!(record_told("创70年来最低温", &(11..17)));
        assert!(!record_told("有史以来最快", &(12..18)));
        // i12v: a figure passing a mark for the first time sets a record as 创 does; a span
        // without it stays a boast.
        let news = "收入首超万亿为5年来最佳";
        let at = news.find("最佳").unwrap_or(0);
        assert!(record_told(news, &(at..at + "最佳".len())));
        let advert = "本品口感为5年来最佳";
        let at = advert.find("最佳").unwrap_or(0);
        assert!(!record_told(advert, &(at..at + "最佳".len())));
    }

    /// Issue 12 (i12u): a question headline that asks what is best claims nothing; an advert that
    /// asks answers with its product, and a question without a question word is not one.
    #[test]
    fn an_open_question_claims_nothing() {
        each_is(
            &[
                ("DNF谁的爆发能力最强？", "最强"),
                ("狼人杀的最强套路是什么？", "最强"),
                ("如果选出lpl史上最强五个位置，谁会入选？", "史上最强"),
                ("德国顶级电动工具多钱？哪里有卖的？", "顶级"),
                ("这是你用过最好的面霜吗？", "最好"),
                ("NBA公布罚球数量榜排名第一的哈登比第二名多1200个，你怎么看？", "排名第一"),
            ],
            AdSetting::Editorial,
        );
        each_is_not(
            &[
                ("哪款面膜最好用？当然是XX面膜", "最好"),
                ("谁是最好的祛斑霜？XX祛斑霜，一抹就白", "最好"),
                ("钱在哪最安全？存在XX理财最安全！", "最安全"),
                ("全网最低价？", "最低价"),
                ("全网最低价，谁不想要？", "最低价"),
                ("最好的面霜，你还在等什么？", "最好"),
                ("史上最强面膜，谁会不爱？", "史上最强"),
                ("国内最权威的排球品牌，为什么不选？", "最权威"),
            ],
            AdSetting::Editorial,
        );
    }

    /// Issue 12 (i12u): people and game characters ranked in a list headline, or an award category
    /// for a role, are not goods on sale; a list or an award beside a product or an endorsement sells.
    #[test]
    fn a_ranking_of_people_is_told() {
        each_is(
            &[
                ("线上最强的四大辅助 鬼谷子上榜，第一名在场射手根本死不了！", "最强"),
                ("火影忍者：盘点各国历代影中实力最强的5位，最弱都能单挑九尾！", "最强"),
                ("亚洲最强肌肉男TOP6，个个强壮不输欧美巨无霸", "最强"),
                ("瓦基弗银行蝉联欧冠朱婷最佳主攻 排超两外援入选法国男排", "最佳"),
                ("盘点历届NBA最佳第六人中的砍分狂人", "最佳"),
            ],
            AdSetting::Editorial,
        );
        each_is_not(
            &[
                ("十款最值得买的面霜上榜，第一名竟是它", "最值得"),
                ("NBA球星同款篮球鞋，顶级缓震科技，穿上就是球场最强王者", "最强"),
                ("最佳教练团队一对一指导", "最佳"),
                ("最佳主攻都在用的护腕", "最佳"),
                ("年度盘点：最好用的面膜TOP10", "最好用"),
                ("最受女生欢迎的面膜TOP10", "最受女生欢迎"),
                ("最强阵容名师授课，保证提分", "最强"),
            ],
            AdSetting::Editorial,
        );
    }

    /// Issue 12 (i12z): a short text of state news (出席, 慰问, 本报, a caption) or of a field whose news
    /// ranks people, with the hit ranking people (顶级中锋, 世界级超模), is news; the same field's words
    /// beside goods (rv4–rv6: 中锋必备！最强护膝, 荒野行动最强外挂), a state organ inside the hit, a
    /// clinic's 国务院特殊津贴 boast, a product or a sale keep the claim.
    #[test]
    fn news_of_people_and_state_is_told() {
        each_is(
            &[
                ("如果奥尼尔这样的顶级中锋在当今联盟，能否抗衡勇士的死亡五小？", "顶级"),
                ("重磅！巴萨砸巨额违约金强夺顶级球星！苏亚雷斯或成为牺牲品！", "顶级"),
                ("中国世界级超模在维密内衣秀展现风采，刘雯、何慧、奚梦瑶", "世界级"),
                ("王者荣耀最受欢迎的英雄排名：李白第5，亚瑟第2", "最受欢迎"),
                ("民政部慰问驻地官兵，赞扬他们是最可爱的人", "最可爱"),
                ("本报北京１月２５日讯今天上午，首都武术界举行最盛大的迎春联欢会。", "最盛大"),
                ("王者荣耀：后期最强的五位收割型英雄，第一名能抗能打后期无敌", "最强"),
                ("图为灾区群众住进最温暖的保暖简易房。", "最温暖"),
                ("民政部慰问解放军总医院住院官兵，送去最先进的康复设备", "最先进"),
                ("最先进的技术为了病人——记北京交通医院耳鼻喉疾病专家董现明", "最先进"),
            ],
            AdSetting::Editorial,
        );
        each_is_not(
            &[
                ("中锋必备！最强护膝", "最强"),
                ("荒野行动最强外挂，百分百防封", "最强"),
                ("西甲球星最爱的面包，最好吃", "最好吃"),
                ("名人堂级别的品质，全国第一的篮球鞋", "全国第一"),
                ("王者荣耀最强战队指定耳机", "最强"),
                ("享受国务院特殊津贴专家亲诊，技术最先进", "最先进"),
                ("总统套房，全城最豪华", "最豪华"),
                ("DEF CON CHINA登上中关村大屏，全球顶级安全会议进入倒计时", "顶级"),
                ("顶级中锋都在穿的篮球鞋，NBA球星同款", "顶级"),
                ("最先进的设备——记我院引进的新型CT，欢迎预约", "最先进"),
                ("解放军大坪医院拥有最先进的设备", "最先进"),
                ("开业典礼隆重举行，全城最低价", "最低价"),
                ("主席台专用，最高档的会议桌", "最高档"),
                // Review rv7: adverts borrowing a state-news word or a sports star.
                ("图为患者治疗前后对比，XX祛斑霜，一个疗程彻底根治黄褐斑。", "根治"),
                ("慰问老人的最佳礼物——XX人参蜂王浆", "最佳"),
                ("图为老张烧烤的招牌羊肉串，全城最好吃", "最好吃"),
                ("XX集团慰问环卫工人，送上全国销量第一的XX凉茶", "第一"),
                ("书记都说好！全国最好吃的大米", "最好吃"),
                ("出席晚宴的最佳搭配：XX真丝连衣裙", "最佳"),
                ("本报读者专享：最有效的祛湿茶", "最有效"),
                ("民主路新店开业，全城最好吃的火锅", "最好吃"),
                ("世界级球星的选择，XX运动饮料，补水最快", "世界级"),
                ("顶级中锋的护膝，防护效果最好", "顶级"),
                ("王者荣耀最强英雄皮肤，上线即送", "最强"),
                ("图为XX牌净水器，采用全球最先进的过滤技术，喝出健康。", "最先进"),
            ],
            AdSetting::Editorial,
        );
    }

    /// Review rv6: the shapes of i12u that silenced adverts. Sanctions count only as a state's act
    /// or news subject, a gift count only with a purchase told, a ranking only without a selling
    /// word anywhere in the document and counted people only in a field of sport, games or shows,
    /// and a question answered by a push is the advert's.
    #[test]
    fn told_shapes_do_not_silence_adverts() {
        each_is(
            &[
                ("美国宣布对伊朗实施最严厉的制裁，油价应声最高涨5%", "最高"),
                ("专家分析：史上最强制裁对全球油价的影响", "史上最强"),
                ("刚收到货，这么多赠品，颜色是最理想的一款", "最理想"),
                ("盘点NBA历史上最强的5位中锋", "最强"),
            ],
            AdSetting::Editorial,
        );
        each_is_not(
            &[
                ("无惧制裁，本店进口红酒最低价清仓", "最低价"),
                ("受美国制裁也挡不住，我们的芯片性能最强，立即预订", "最强"),
                ("制裁之下逆势增长，净水器销量全国第一，欢迎选购", "全国第一"),
                ("这么多赠品只要99元，最划算的一次，快来抢", "最划算"),
                ("好多赠品！最后一天，最低价，抢完即止", "最低价"),
                ("最佳阵容讲师团，助你一次过关", "最佳"),
                ("最佳主攻朱婷的训练营，暑期报名开始", "最佳"),
                ("盘点最强的3位律师，离婚纠纷找我们律所", "最强"),
                ("上榜！最受欢迎的10位月嫂，来我们家政公司预约", "最受欢迎"),
                ("盘点王者荣耀最强的5位英雄\n\n充值6元即送限定皮肤，扫码领取。", "最强"),
                ("哪款面膜最好用？还在犹豫什么？", "最好用"),
            ],
            AdSetting::Editorial,
        );
    }

    #[test]
    fn a_superlative_of_blame_is_a_complaint() {
        assert!(pejorative("最失败的一次网购"));
        assert!(pejorative("最不好的一次"));
        assert!(pejorative("最差體驗"));
        assert!(!pejorative("最好的一次"));
        assert!(!pejorative("失败"));
        assert!(pejorative("史无前例的难吃。"));
        assert!(pejorative("无与伦比得恶心"));
        assert!(!pejorative("史无前例的低价"));
        assert!(!pejorative("最低的差价"));
        assert!(!pejorative("史无前例，难吃"));
    }

    /// Issue 12 (i12zs), consumer reviews: an enumeration of the writer's points, the reviewed
    /// product named again, a coupon used, a repeat purchase and a broken promise told; the same
    /// words in an advert's voice stay promotional.
    #[test]
    fn a_buyers_review_is_not_an_advert_by_its_review_words() {
        // 第一、…第二、: the writer's points, not a ranking, even among cues.
        let points =
            "既然下单的时候可以选择，我想说，第一、大企业要注重诚信，还让客户下单。第二、其他地方的站点我不清楚。";
        assert_eq!(setting(points, "第一").0, AdSetting::Editorial);
        let ranked = "我们的产品销量第一、服务第一，立即下单，欢迎选购。";
        assert_eq!(setting(ranked, "第一").0, AdSetting::Promotional);
        let no_second = "立即下单，欢迎选购！第一、品质保证。";
        assert_eq!(setting(no_second, "第一").0, AdSetting::Promotional);
        // The reviewed product named three times is one cue; with 我 the review is editorial.
        let review =
            "这款平板屏幕有拖影，你叫我咋升级？客服说这款平板全部都有这种现象，京东强制最低一星，不是黑这款平板。";
        assert_eq!(setting(review, "最低").0, AdSetting::Editorial);
        let advert = "这款面霜效果最好，我推荐这款，立即下单。";
        assert_eq!(setting(advert, "最好").0, AdSetting::Promotional);
        // A coupon used is told; one offered is a cue.
        let used = "京东秒杀，又用了20元优惠券，超值。京东速度一流，相信京东的品质。";
        assert_eq!(setting(used, "一流").0, AdSetting::Neutral);
        let offered = "领取20元优惠券，京东速度一流。";
        assert_eq!(setting(offered, "一流").0, AdSetting::Promotional);
        // A repeat purchase and a broken promise are a buyer's and a reporter's words.
        let again = "不错新鲜，上午下单下午配送，五分。支持京东继续回购，万能的京东。";
        assert_eq!(setting(again, "万能").0, AdSetting::Editorial);
        let broken = "开发商曾承诺三年后原价回购商铺，如今却拒不履行。";
        assert_eq!(setting(broken, "原价回购").0, AdSetting::Editorial);
        let dispute = "约定开发商以15年返租模式销售商铺,承诺年回报率8%。但运营两年后,管理公司单方面降低返租比例,引发百余名业主集体诉讼。";
        assert_eq!(setting(dispute, "承诺年回报率8%").0, AdSetting::Editorial);
        let offer = "藏品原价回购，稳赚不赔。";
        assert_eq!(setting(offer, "原价回购").0, AdSetting::Promotional);
        // 竟然 before a boast of the advert's own figure is no reviewer's surprise.
        let boast = "零基礎全程班的通過率竟然高達91.8%";
        assert_ne!(setting(boast, "91.8%").0, AdSetting::Editorial);
        let surprise = "打开一喝竟然是坏的，通过率高达91.8%的质检";
        assert_eq!(setting(surprise, "91.8%").0, AdSetting::Editorial);
    }

    #[test]
    fn cue_words_inside_longer_words_are_not_cues() {
        // Issue 12, dev news and reviews: 低成本产品, 日本品牌, 独特价值, a phone call's speech.
        let text = "仍然靠低成本产品出口，日本品牌的独特价值，接到一个电话：“我是旅客。”向我们的服务员提出。";
        assert!(DocContext::analyse(text).cues.is_empty());
        assert_eq!(DocContext::analyse("本产品特价，电话：0591-12345678").cues.len(), 3);
    }

    #[test]
    fn sport_science_news_and_review_hedges_are_editorial() {
        // Issue 12, dev prose and dev exempt phrases: short lines with no cue.
        assert_eq!(setting("这些是阿尔及利亚最优秀的18岁以下篮球选手。", "最优秀").0, AdSetting::Editorial);
        let telescope = "由中国电子科技集团研制的全球最大射电天文望远镜的首台中频天线完成吊装";
        assert_eq!(setting(telescope, "全球最大").0, AdSetting::Editorial);
        assert_eq!(
            setting("目前,新冠肺炎治愈出院患者已经达到77000多名,治愈率约94%。", "治愈率").0,
            AdSetting::Editorial
        );
        assert_eq!(setting("中国是亚洲最大的国家。", "亚洲最大").0, AdSetting::Editorial);
        assert_eq!(setting("目前的配置应该是最低价。", "最低价").0, AdSetting::Editorial);
        assert_eq!(setting("水果以苹果为最佳。", "最佳").0, AdSetting::Editorial);
        assert_eq!(setting("耐心有时候是最有效的武器。", "最有效").0, AdSetting::Editorial);
        assert_eq!(setting("耐心是最有效的武器。", "最有效").0, AdSetting::Neutral);
        // Review v: the hedge reaches only the superlative right after it, not an advert's claim
        // elsewhere in the paragraph.
        assert_eq!(setting("选择有时候是最难的，本产品是全网销量第一的护肝片。", "销量第一").0, AdSetting::Promotional);
        assert_eq!(setting("减肥有时候是最难的事，但我们的减肥茶永不反弹。", "永不反弹").0, AdSetting::Neutral);
        assert_eq!(setting("跑步有时也是最好的减压方式。", "最好").0, AdSetting::Editorial);
        assert_eq!(setting("全球最大的净水器生产基地。", "全球最大").0, AdSetting::Neutral);
        // A hospital someone goes to (第二天去…医院) is not the business speaking: not an advert,
        // but 第二天 alone does not make the review editorial either.
        let review = "住店当晚身上就起了红包，第二天去天津最好的皮肤病医院一查，医生当即确诊为过敏！";
        assert_eq!(setting(review, "最好").0, AdSetting::Neutral);
        assert_eq!(setting("来天津最好的皮肤病医院一查", "最好").0, AdSetting::Promotional);
    }

    #[test]
    fn honours_health_news_and_time_words_are_editorial_only_in_a_report() {
        // Review dec4d item 2: adverts announce honours, new drugs and cures, and testimonials
        // narrate with 后来; without a news marker these words make nothing editorial.
        let honour = "喜讯:健民男科荣获‘全国男科新技术推广医院’称号";
        assert_eq!(setting(honour, "推广医院").0, AdSetting::Promotional, "a medical business");
        let cue = format!("{honour}，咨询热线：400-123-4567");
        assert_eq!(setting(&cue, "推广医院"), (AdSetting::Promotional, vec!["咨询热线".to_owned()]));
        let testimonial = "后来坚持服用三个疗程，肿瘤完全消失，咨询电话：0591-12345678";
        assert_eq!(setting(testimonial, "完全消失").0, AdSetting::Promotional);
        assert_eq!(setting("专家研制抗癌新药，治愈病例上万，欢迎来电", "治愈").0, AdSetting::Promotional);
        // The same words with a news marker (a correspondent, a dispatch, a source after 据).
        for marker in ["通讯员张华 ", "又讯 ", "据院方介绍，", "据卫健委统计，"] {
            let news = format!("{marker}健民男科荣获‘全国男科新技术推广医院’称号，咨询热线：400-123-4567");
            assert_eq!(setting(&news, "推广医院").0, AdSetting::Editorial, "{marker}");
        }
        let news = "又讯 专家研制的抗癌新药上市，治愈病例上万，欢迎来电";
        assert_eq!(setting(news, "治愈").0, AdSetting::Editorial);
        // A news marker alone is not an editorial word.
        assert_eq!(setting("又讯 最好的面霜，咨询电话：0591-12345678", "最好").0, AdSetting::Promotional);
    }

    #[test]
    fn a_line_looked_up_by_index_has_the_context_found_by_position() {
        let promo = "这款面霜最滋润，下单立减！\r\n他说这是最好的一年。\n\n最好的专科医院\n本品\n记者表示最好\n最佳";
        for text in [promo.to_owned(), promo.replace("下单立减", "")] {
            let (text, doc) = (text.as_str(), DocContext::analyse(&text));
            let mut start = 0;
            for (k, line) in text.split_inclusive('\n').enumerate() {
                let para = start..start + line.trim_end_matches(['\n', '\r']).len();
                start += line.len();
                let (a, b) = (doc.at(text, &para), doc.at_line(text, &para, k));
                assert_eq!((a.setting, a.cues), (b.setting, b.cues), "line {k}");
            }
        }
    }

    /// Issue 12 (i12rv): a consumer's voice (the courier, the seller from outside, coming back or
    /// not, what was ordered or where the writer stayed) makes a short review editorial; real
    /// lines from the i12zo and i12zn tune halves. The seller's voice or a testimonial frame keeps
    /// the same words the advert's.
    #[test]
    fn a_consumers_voice_makes_a_review_editorial() {
        for (t, term) in [
            // food-delivery reviews (i12zo tune)
            ("点的至尊肥牛，结果店家打电话来说至尊肥牛没了，换了个红烧牛肉。", "至尊"),
            (
                ",卷饼味道一般，很肥腻，价格很高，简单的一个饼卷肉，一个最便宜的20，和肉夹馍差不多，总之，再也不会定了",
                "最便宜",
            ),
            // hotel and shop reviews (i12zn tune)
            ("服务员及保安态度都很好（我们入住的为该酒店最便宜的房间290/天）！", "最便宜"),
            ("劝诫后来的买家小心从事，这家服务态度极差，网购碰到的极品卖家！", "极品"),
            ("家里的大多数食品都在京东上买到，万能的京东。", "万能"),
            ("总体来说寰岛是亚龙湾最具有性价比的酒店了！", "最具"),
        ] {
            assert_eq!(setting(t, term).0, AdSetting::Editorial, "{t}");
        }
        for (t, term) in [
            // the seller speaks, or quotes its buyers
            ("我们的顾客都说下次还会来，至尊肥牛全城最好吃。", "最好吃"),
            ("买家秀：物流超快，下次还要买，万能的清洁膏！", "万能"),
            // no consumer's voice (再次购买 is invited by sellers)
            ("欢迎再次购买，万能的清洁膏！", "万能"),
        ] {
            assert_ne!(setting(t, term).0, AdSetting::Editorial, "{t}");
        }
        assert!(SELLER_VOICE.is_match("我们的产品"));
        assert!(!SELLER_VOICE.is_match("让我们的迪士尼之行没有那么匆忙"));
    }

    /// Review of i12rv: adverts in a seller's words that read like a buyer's (店家推荐, 不好吃不要钱,
    /// 到货啦, 物流超快), offers' terms (买一送一, 满199减100, 限时特价), a seller named on another
    /// line, blame as the object of a promise (去除油腻的) or denied (不太贵的), and a sale's hour
    /// (今晚8点下单, 0点下单前100名): all promotional, as before i12rv.
    #[test]
    fn an_advert_in_a_buyers_words_stays_an_advert() {
        for (t, term) in [
            ("店家推荐：招牌牛肉面，特价18元，全城最好吃", "最好吃"),
            ("不好吃不要钱！特价18元一份，全城最正宗", "最正宗"),
            ("别再被坑了！装修找我们，限时特价9.9元，全市最专业", "最专业"),
            ("卖家包邮！特价99元，全网最好用的吸尘器", "最好用"),
            ("降价了！特价99元，最好用的吸尘器", "最好用"),
            ("千万别买假货！正品特价99元，最好用的吸尘器", "最好用"),
            ("24小时接单，特价99元上门，最专业的开锁师傅", "最专业"),
            ("入住期间免费早餐，特价199元一晚，全市最豪华的五星酒店", "最豪华"),
            ("新货到货啦！买一送一，限时抢购，全网最好用的吸尘器", "最好用"),
            ("物流超快！买一送一，满199减100，限时抢购，最好用的吸尘器", "最好用"),
            ("本店新品上市\n物流超快，限时特价99元，包邮，最好用的吸尘器", "最好用"),
            ("去除油腻的最佳选择，限时特价9.9元，立即下单", "最佳"),
            ("告别垃圾的最强收纳神器，限时特价，立即下单", "最强"),
            ("价格不太贵的顶级面霜，限时特价99元，立即下单", "顶级"),
            ("11月11日0点下单，前100名半价，最好用的吸尘器", "最好用"),
            ("今晚8点下单，最好用的吸尘器", "最好用"),
        ] {
            assert_eq!(setting(t, term).0, AdSetting::Promotional, "{t}");
        }
        // With no cue, blame before the hit is still a complaint; not after 去除 or 不.
        assert!(blamed_before("慢的"));
        assert!(blamed_before("太贵的"));
        assert!(!blamed_before("去除油腻的"));
        assert!(!blamed_before("价格不太贵的"));
        // A sale's hour is no buyer's: a clock time after 今晚 or a date, or 下单 before 前.
        let clock = |t: &str| {
            let at = t.find("下单").expect("cue");
            clocked(t, &(at..at + "下单".len()))
        };
        assert!(clock("十点下单，下午三点送到"));
        assert!(!clock("今晚8点下单，最好用的吸尘器"));
        assert!(!clock("11月11日0点下单，前100名半价"));
        assert!(!clock("0点下单前100名半价"));
    }

    /// Issue 12 (i12rv): the prices, discounts and order words of a review paragraph tell what the
    /// writer paid or did; a call to act (赶紧下单, 可以下单, 加微信), the seller's voice or a
    /// testimonial frame keeps them cues.
    #[test]
    fn prices_and_orders_in_a_review_are_told_not_offered() {
        // i12zn tune, hotel: two prices in a guest's complaint about breakfast.
        let hotel = "酒店下午3点才能入住，上午11点就要退房，有点不公平啊，好在行李寄存服务还周到。早餐太贵，成人198元一位，儿童100元一位，如果想用餐还需预订。";
        assert!(!advertises(hotel));
        assert!(DocContext::analyse(hotel).cues.is_empty());
        // i12zn tune, hotel: 下次有机会还会选择这家 … 318元/天 … 278元/天.
        let again = "下次有机会还会选择这家，试一试贵宾楼的服务！我在携程网上预定的经济标准间318元/天，但是小本子上写的是278元/天。";
        assert!(!advertises(again));
        // i12zn tune, shop: a buyer who missed the sale, or warns against the product.
        assert!(DocContext::analyse("好好好 虽然618没秒到特价的 还是买了 一直想试试这个樱花的").cues.is_empty());
        assert!(DocContext::analyse("这款平板非常不好，屏幕分辨率很低，看高清视频非常不清楚！").cues.is_empty());
        assert!(DocContext::analyse("京东快递就是快，下午下单晚上就到。").cues.is_empty());
        assert_eq!(DocContext::analyse("这款平板分辨率很高，看高清视频非常清楚！").cues.len(), 1);
        // i12zn tune, shop: 限时特价 told by a buyer who bought twice.
        let bought = "6-13时限时特价948买的，一下买了两个，以为6/18也是这个价就买了。今天6/18一看899，一下亏了100。京东以后又降价了";
        assert!(DocContext::analyse(bought).cues.is_empty());
        // The same words with a call, the seller's voice or a testimonial frame: still cues.
        for ad in [
            "早餐太贵？成人198元一位，儿童100元一位，赶紧下单！",
            "下次还会来！成人198元一位，儿童100元一位，喜欢的可以下单",
            "我们的酒店下次还会让您满意，成人198元一位，儿童100元一位。",
            "用户反馈：下次还会来！成人198元一位，儿童100元一位。",
        ] {
            assert!(advertises(ad), "{ad}");
        }
    }

    /// Issue 12 (i12rv): a clock time right before 下单 (十点下单, 11:35下单) is the hour a buyer
    /// ordered at; a cut-off (16点前下单) or no hour is an advert's.
    #[test]
    fn an_order_at_a_clock_time_is_told() {
        // i12zn and i12zo tune lines
        assert!(DocContext::analyse("十点下单，下午三点送到，速度杠杠的。").cues.is_empty());
        assert!(DocContext::analyse("11:35下单'14:20送到,想吃的自己掂量掂量时间！").cues.is_empty());
        assert!(DocContext::analyse("19号下单，20号到货，用了八天系统出问题").cues.is_empty());
        // i12zn tune: an order just made or the evening before, and a delivery already there.
        assert!(DocContext::analyse("*元买的，刚下单就变成*元了，申请价格保护还拒绝了").cues.is_empty());
        assert!(DocContext::analyse("发货速度很快，头一天晚上下单，第二天上午收到，包装完好无损。").cues.is_empty());
        assert!(DocContext::analyse("对物流的速度无法挑剔，早上下单下午已经到家。").cues.is_empty());
        assert_eq!(DocContext::analyse("早上下单，下午送达。").cues.len(), 1);
        assert_eq!(DocContext::analyse("每天16点前下单，当天发货。").cues.len(), 1);
        assert_eq!(DocContext::analyse("今天下单，明天送达。").cues.len(), 1);
    }

    /// Issue 12 (i12rv): a word of blame graded by the hit (慢的无与伦比, i12zo tune) is a complaint;
    /// a reviewer singles one dish out (菠菜里的花生反而是最好吃的) or closes an exclamation (这里无疑是
    /// 最佳的了); a taxi's 7元起步价 is not a price from.
    #[test]
    fn a_reviewers_intensifiers_and_fares_are_not_claims() {
        assert_eq!(setting("慢的无与伦比啊", "无与伦比").0, AdSetting::Editorial);
        assert_eq!(setting("送外卖的大妈还横的无与伦比，各种吼！", "无与伦比").0, AdSetting::Editorial);
        assert_ne!(setting("口感细腻得无与伦比", "无与伦比").0, AdSetting::Editorial);
        assert_ne!(setting("尊贵的至尊体验", "至尊").0, AdSetting::Editorial);
        assert_eq!(setting("菠菜里的花生反而是最好吃的！", "最好吃").0, AdSetting::Editorial);
        assert_eq!(setting("这里无疑是最佳的了。", "最佳").0, AdSetting::Editorial);
        assert_ne!(setting("这里无疑是最佳的选择。", "最佳").0, AdSetting::Editorial);
        assert!(DocContext::analyse("打车到超市7元起步价+1元燃油费").cues.is_empty());
        assert_eq!(DocContext::analyse("标间99元起，欢迎。").cues.len(), 1);
    }

    #[test]
    fn news_amounts_and_court_words_are_not_cues() {
        let text = "该项目总投资12亿元，本院认为被告的行为构成违约，购买力持续增强。";
        assert!(DocContext::analyse(text).cues.is_empty());
    }

    #[test]
    fn a_deadline_is_not_a_news_time() {
        for news in [
            "日前，XX医院为一名患者根治了牙周病",
            "XX医院日前为患者做了手术",
            "1月13日，XX医院收治一名患者",
            "1月13日前往医院",
        ] {
            assert!(NEWS_FRAME.is_match(news), "{news}");
        }
        for deadline in ["国庆节日前，XX医院种植牙根治牙周病", "本周日前到XX医院", "12月31日前到XX医院", "十日前"]
        {
            assert!(!NEWS_FRAME.is_match(deadline), "{deadline}");
        }
    }

    #[test]
    fn a_guarantee_said_not_to_exist_is_editorial() {
        each_is(
            &[("零风险的理财产品并不存在", "零风险"), ("保证收益的投资根本不存在", "保证收益")],
            AdSetting::Editorial,
        );
        assert_eq!(setting("零风险的理财产品，本店有售，立即抢购！", "零风险").0, AdSetting::Promotional);
        // Scarcity talk, not a denial (review rv5).
        assert_ne!(setting("保本高息的好产品不会存在太久", "保本").0, AdSetting::Editorial);
    }
}
