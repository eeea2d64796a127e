//! Sets of token positions as bits, `stride` 64-bit words each (bit `t % 64` of word `t / 64` is
//! token `t`). A whole message's positions are handled in a few machine words, so asking "can
//! this pattern match anywhere" costs a handful of shifts and ANDs per term instead of a walk.
//!
//! Bits at or beyond the text's length may appear after a left shift; they are harmless because
//! every set they are later combined with (by AND) only holds real tokens.

/// `dst &= src >> by`: bit `t` of the result is bit `t + by` of `src`.
pub fn and_shifted_down(dst: &mut [u64], src: &[u64], by: usize) {
    let (words, bits) = (by / 64, by % 64);
    let n = src.len();
    for (i, d) in dst.iter_mut().enumerate() {
        let k = i + words;
        let mut v = if k < n { src[k] >> bits } else { 0 };
        if bits > 0 && k + 1 < n {
            v |= src[k + 1] << (64 - bits);
        }
        *d &= v;
    }
}

/// Word `i` of `set << by`, given `by` as whole words and bits (`i >= words`).
fn shifted_up_word(set: &[u64], i: usize, words: usize, bits: usize) -> u64 {
    let k = i - words;
    let mut v = set[k] << bits;
    if bits > 0 && k > 0 {
        v |= set[k - 1] >> (64 - bits);
    }
    v
}

/// `dst |= src << by`: bit `t + by` of the result is bit `t` of `src`.
pub fn or_shifted_up(dst: &mut [u64], src: &[u64], by: usize) {
    let (words, bits) = (by / 64, by % 64);
    for i in (words..dst.len()).rev() {
        dst[i] |= shifted_up_word(src, i, words, bits);
    }
}

/// `set |= set << by`, in place: from the top down, each word is read before it is overwritten.
fn or_self_shifted_up(set: &mut [u64], by: usize) {
    let (words, bits) = (by / 64, by % 64);
    for i in (words..set.len()).rev() {
        set[i] |= shifted_up_word(set, i, words, bits);
    }
}

/// The positions that lie 1 to `gap + 1` tokens after a position of `ends`: where the next term
/// of a pattern may begin when up to `gap` words may stand between.
pub fn followers(out: &mut [u64], ends: &[u64], gap: usize) {
    out.fill(0);
    or_shifted_up(out, ends, 1);
    // Doubling: after each step `out` holds the shifts 1..=covered.
    let mut covered = 1;
    while covered < gap + 1 {
        let step = covered.min(gap + 1 - covered);
        or_self_shifted_up(out, step);
        covered += step;
    }
}

/// `set |= set >> by`, in place: from the bottom up, each word is read before it is overwritten.
fn or_self_shifted_down(set: &mut [u64], by: usize) {
    let (words, bits) = (by / 64, by % 64);
    let n = set.len();
    for i in 0..n {
        let k = i + words;
        let mut v = if k < n { set[k] >> bits } else { 0 };
        if bits > 0 && k + 1 < n {
            v |= set[k + 1] << (64 - bits);
        }
        set[i] |= v;
    }
}

/// The positions from which a position of `set` lies 0 to `gap` tokens ahead: where an
/// alternative may end, one token before, for the next term to begin at a position of `set`.
pub fn reaching(out: &mut [u64], set: &[u64], gap: usize) {
    out.copy_from_slice(set);
    // Doubling: after each step `out` holds the shifts 0..covered.
    let mut covered = 1;
    while covered < gap + 1 {
        let step = covered.min(gap + 1 - covered);
        or_self_shifted_down(out, step);
        covered += step;
    }
}

/// The first position of `set` in `from..=to`.
pub fn first_in(set: &[u64], from: usize, to: usize) -> Option<usize> {
    let to = to.min(set.len() * 64 - 1);
    let mut at = from;
    while at <= to {
        let word = set[at / 64] >> (at % 64);
        if word != 0 {
            let found = at + word.trailing_zeros() as usize;
            return (found <= to).then_some(found);
        }
        at = (at / 64 + 1) * 64;
    }
    None
}

pub fn is_empty(set: &[u64]) -> bool {
    set.iter().all(|&w| w == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(positions: &[usize], stride: usize) -> Vec<u64> {
        let mut s = vec![0; stride];
        for &p in positions {
            s[p / 64] |= 1 << (p % 64);
        }
        s
    }

    fn positions(s: &[u64]) -> Vec<usize> {
        (0..s.len() * 64).filter(|&p| s[p / 64] >> (p % 64) & 1 == 1).collect()
    }

    #[test]
    fn shifts_cross_word_boundaries_both_ways() {
        for by in [0, 1, 5, 63, 64, 65, 130] {
            let src = set(&[0, 3, 63, 64, 100, 190], 3);
            let mut up = vec![0; 3];
            or_shifted_up(&mut up, &src, by);
            let expected: Vec<usize> = [0, 3, 63, 64, 100, 190].iter().map(|p| p + by).filter(|&p| p < 192).collect();
            assert_eq!(positions(&up), expected, "up by {by}");
            let mut down = vec![u64::MAX; 3];
            and_shifted_down(&mut down, &src, by);
            let expected: Vec<usize> = [0, 3, 63, 64, 100, 190].iter().filter(|&&p| p >= by).map(|p| p - by).collect();
            assert_eq!(positions(&down), expected, "down by {by}");
        }
    }

    #[test]
    fn followers_cover_exactly_one_to_gap_plus_one_tokens_after() {
        for gap in [0, 1, 2, 3, 7, 30] {
            for stride in [1, 2] {
                let ends = set(&[2, 60], stride);
                let mut out = vec![0; stride];
                followers(&mut out, &ends, gap);
                let mut expected: Vec<usize> = [2usize, 60].iter().flat_map(|&e| e + 1..=e + 1 + gap).filter(|&p| p < stride * 64).collect();
                expected.sort();
                expected.dedup();
                assert_eq!(positions(&out), expected, "gap {gap}, stride {stride}");
            }
        }
    }

    #[test]
    fn reaching_covers_exactly_zero_to_gap_tokens_before() {
        for gap in [0, 1, 2, 3, 7, 30, 64, 70] {
            for stride in [1, 2, 3] {
                let targets = [0usize, 2, 60, 64, 130];
                let set = set(&targets.iter().copied().filter(|&p| p < stride * 64).collect::<Vec<_>>(), stride);
                let mut out = vec![0; stride];
                reaching(&mut out, &set, gap);
                let mut expected: Vec<usize> = targets.iter().filter(|&&t| t < stride * 64).flat_map(|&t| t.saturating_sub(gap)..=t).collect();
                expected.sort();
                expected.dedup();
                assert_eq!(positions(&out), expected, "gap {gap}, stride {stride}");
            }
        }
    }

    #[test]
    fn first_in_finds_the_lowest_position_of_a_range() {
        let s = set(&[3, 64, 100, 191], 3);
        assert_eq!(first_in(&s, 0, 191), Some(3));
        assert_eq!(first_in(&s, 4, 63), None);
        assert_eq!(first_in(&s, 4, 64), Some(64));
        assert_eq!(first_in(&s, 65, 99), None);
        assert_eq!(first_in(&s, 65, 500), Some(100));
        assert_eq!(first_in(&s, 101, 191), Some(191));
        assert_eq!(first_in(&s, 192, 300), None);
    }

    #[test]
    fn emptiness() {
        assert!(is_empty(&[0, 0]));
        assert!(!is_empty(&set(&[70], 2)));
    }
}
