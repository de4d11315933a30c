//! Real spinning (伪原创 tools): paragraphs where nearly every word that has a near-synonym is
//! swapped the way spinning tools swap them (很多专家 → 无数大方, 有效 → 实惠, 信息 → 音讯,
//! 接收到 → 收取至, 已经 → 现已, 发展 → 开展 …), beside stock-phrased negatives that share only
//! common words. The paragraphs were written for this test (marketing prose in the style of 公众号
//! articles); the spun versions apply the substitutions such tools make.
//!
//! `cargo test --release --test dedup_spinning -- --nocapture` prints recall and each passage's
//! unchanged share.

use hegui::dedup::{Index, PassageKind, QueryOptions};

/// (source, spun draft).
const SPUN: [(&str, &str); 6] = [
    (
        "很多专家认为，微信营销最有效的方法是提供有价值的信息，让用户在接收到推送之后愿意主动转发给身边的朋友。",
        "无数大方以为，微信营销最实惠的办法是供给有价值的音讯，让用户在收取至推送之后愿意主动转发给身边的朋友。",
    ),
    (
        "目前企业公众号的发展已经进入了新的阶段，简单地发布广告已经很难获得关注，快速回应粉丝的问题才是提高效果的关键。",
        "当前企业公众号的开展现已进入了新的阶段，简略地发布广告现已很难取得关注，敏捷回应粉丝的疑问才是提高作用的关键。",
    ),
    (
        "开始运营之前，需要先了解目标读者的阅读习惯，因为只有这样才能够选择合适的推送时间，从而增加文章的打开率。",
        "开端运营之前，须要先了解目标读者的阅读习惯，由于只有这样才可以挑选合适的推送时间，因而添加文章的打开率。",
    ),
    (
        "很多商家已经发现，通过公众号发送的优惠信息比短信更有效，用户接收到以后往往会马上打开查看详细的内容。",
        "无数商家现已发觉，经由公众号发送的优惠音讯比短信更实惠，用户收取至以后往往会立刻打开查看详细的内容。",
    ),
    (
        "专家提醒，评估一篇推文的效果不能只看阅读量，还需要关注转发、收藏和留言等数据，这样才能发现真正的问题。",
        "大方提醒，评估一篇推文的作用不能只看阅读量，还须要关注转发、收藏和留言等数据，这样才能发觉真正的疑问。",
    ),
    (
        "对于刚开始做公众号的团队来说，最简单有效的做法是坚持原创，并且快速回应读者提出的每一个问题。",
        "对于刚开端做公众号的团队来说，最简略实惠的做法是坚持原创，而且敏捷回应读者提出的每一个疑问。",
    ),
];

/// Drafts sharing stock words and phrasing with the sources but no content.
const NEGATIVES: [&str; 3] = [
    "很多读者问我们，公众号的推送时间到底应该怎么选？其实答案因人而异，关键还是看你的读者是谁，他们什么时候有空。",
    "今天给大家分享一道家常菜的做法，简单易学，营养丰富，周末在家就能做，喜欢的朋友记得收藏转发。",
    "本店新品上市，欢迎新老顾客到店品尝，关注公众号即可领取优惠券，详细信息请留言咨询客服。",
];

fn index() -> Index {
    let mut index = Index::new();
    for (i, (src, _)) in SPUN.iter().enumerate() {
        let mut hash = [0u8; 32];
        hash[0] = i as u8;
        // Each source within an article of its own: a title line and an unrelated closing line.
        let text = format!("第{i}篇 运营笔记\n\n{src}\n\n以上内容仅供参考，第{i}期完。");
        index.add(&format!("src{i}.md"), None, hash, &text, &|r| r);
    }
    index
}

#[test]
#[allow(clippy::print_stdout)]
fn spun_paragraphs_are_traced_to_their_source() {
    let index = index();
    let opts = QueryOptions::default();
    let mut found = 0;
    for (i, (src, spun)) in SPUN.iter().enumerate() {
        let matches = index.query(spun, &opts);
        let hit = matches.iter().find(|m| m.path == format!("src{i}.md"));
        let unchanged: Vec<String> = hit
            .map(|m| m.passages.iter().map(|p| format!("{:?} unchanged {:.0}%", p.kind, p.unchanged * 100.0)).collect())
            .unwrap_or_default();
        println!("spin {i}: {} {unchanged:?}", if hit.is_some() { "found" } else { "missed" });
        if let Some(m) = hit {
            found += 1;
            // A rewritten passage is mostly not word for word the same: the figure an editor
            // reads reflects the swaps (a lightly spun one may be near, half unchanged).
            let p = m.passages.iter().max_by_key(|p| p.chars).expect("a passage");
            assert!(p.unchanged < 0.9, "spin {i}: unchanged {} of {src}", p.unchanged);
            if p.kind == PassageKind::Rewritten {
                assert!(p.unchanged < 0.5, "spin {i}: {p:?}");
            }
        }
    }
    println!("real spinning: {found}/{} found", SPUN.len());
    assert_eq!(found, SPUN.len());
}

#[test]
fn stock_phrasing_is_not_flagged() {
    let index = index();
    let opts = QueryOptions::default();
    for n in NEGATIVES {
        let flagged: Vec<String> = index.query(n, &opts).into_iter().map(|m| m.path).collect();
        assert!(flagged.is_empty(), "{n} flagged against {flagged:?}");
    }
}

#[test]
fn a_verbatim_copy_is_unchanged() {
    let index = index();
    let (src, _) = SPUN[0];
    let m = index.query(src, &QueryOptions::default());
    let p = &m.first().expect("found").passages[0];
    assert!(p.unchanged > 0.9, "{p:?}");
}
