//! Filling a paragraph's segments into lines: each segment goes on the line if it fits, else
//! starts the next; a phrase that would leave a line only a little short goes whole to the next
//! rather than break inside (a soft break), and a segment wider than a line is placed character
//! by character.

use super::*;

/// How far short of its width, in characters of the text's size, a line may end at a phrase's
/// start rather than at a soft break inside the phrase (「…開業予定3か所、／実行可能性調査中1か所」
/// against 「…実行可能性調査中／1か所」).
const SHORT_AT_PHRASE: f64 = 2.0;

/// Where the line being filled could end at a phrase's start: its first `pieces`, the last of
/// them cut to `len` bytes, `width` wide, with `trailing` white space after.
#[derive(Clone, Copy)]
struct Mark {
    pieces: usize,
    len: usize,
    width: f64,
    trailing: f64,
}

/// Fills segments into lines no wider than `width`. A segment that does not fit goes to a new
/// line; when the break before it is soft (inside a phrase) and the line would end no more than
/// [`SHORT_AT_PHRASE`] characters short at the phrase's start, the line ends there instead and
/// the phrase goes whole to the next. Returns the lines and the indices of those that start after
/// a forced break (each ends what comes before it).
pub(super) fn fill(
    m: &dyn Measure,
    pieces: &mut [SegPiece<'_>],
    segs: Vec<Seg>,
    size: f64,
    width: f64,
) -> (Vec<Line>, Vec<usize>) {
    let mut lines: Vec<Line> = vec![Line::default()];
    let mut after_break: Vec<usize> = vec![0];
    let mut pending_space = 0.0;
    let (mut mark, mut soft_before) = (None::<Mark>, false);
    for seg in segs {
        let seg_pieces = &mut pieces[seg.from..seg.to];
        let w: f64 = seg_pieces.iter().map(|p| p.width).sum::<f64>() - seg.trailing;
        let line = lines.last_mut().expect("a line");
        if !line.pieces.is_empty() && line.width + pending_space + w > width + 0.01 {
            let back = mark.filter(|k| {
                let tail = line.width - k.width - k.trailing;
                soft_before
                    && width - k.width <= SHORT_AT_PHRASE * size
                    && tail + pending_space + w <= width + 0.01
            });
            let next = match back {
                Some(k) => split_at(m, line, k, size),
                None => {
                    pending_space = 0.0;
                    Line::default()
                }
            };
            lines.push(next);
            mark = None;
        }
        if w > width + 0.01 {
            break_between_characters(m, &mut lines, seg_pieces, size, width);
            mark = None;
        } else {
            let line = lines.last_mut().expect("a line");
            line.width += pending_space;
            for p in seg_pieces.iter_mut() {
                line.width += p.width;
                match line.pieces.last_mut() {
                    Some(last)
                        if p.badge.is_none() && last.joins(p.face, p.color, None, p.within) =>
                    {
                        last.text.push_str(&p.text);
                        last.width += p.width;
                    }
                    _ => line.pieces.push(Piece {
                        text: std::mem::take(&mut p.text).into_owned(),
                        face: p.face,
                        color: p.color,
                        badge: p.badge,
                        width: p.width,
                        within: p.within.clone(),
                    }),
                }
            }
            line.width -= seg.trailing;
            if !seg.soft {
                mark = line.pieces.last().map(|last| Mark {
                    pieces: line.pieces.len(),
                    len: last.text.len(),
                    width: line.width,
                    trailing: seg.trailing,
                });
            }
        }
        pending_space = seg.trailing;
        soft_before = seg.soft;
        if seg.mandatory {
            lines.push(Line::default());
            pending_space = 0.0;
            after_break.push(lines.len() - 1);
            (mark, soft_before) = (None, false);
        }
    }
    (lines, after_break)
}

/// Ends `line` at `mark` and returns the line of what followed it.
fn split_at(m: &dyn Measure, line: &mut Line, mark: Mark, size: f64) -> Line {
    let mut tail = line.pieces.split_off(mark.pieces);
    let last = line.pieces.last_mut().expect("a mark follows a piece");
    if last.text.len() > mark.len {
        let text = last.text.split_off(mark.len);
        let w = m.width(&text, size, last.face);
        last.width -= w;
        let piece = Piece {
            text,
            face: last.face,
            color: last.color,
            badge: None,
            width: w,
            within: last.within.clone(),
        };
        tail.insert(0, piece);
    }
    let tail_width = line.width - mark.width - mark.trailing;
    line.width = mark.width;
    Line {
        pieces: tail,
        width: tail_width,
    }
}

/// Places a segment wider than a whole line character by character, starting new lines as it
/// fills them.
fn break_between_characters(
    m: &dyn Measure,
    lines: &mut Vec<Line>,
    seg_pieces: &[SegPiece<'_>],
    size: f64,
    width: f64,
) {
    for p in seg_pieces {
        for ch in p.text.chars() {
            let cw = m.width(ch.encode_utf8(&mut [0; 4]), size, p.face);
            let line = lines.last_mut().expect("a line");
            if line.width + cw > width + 0.01 && !line.pieces.is_empty() {
                lines.push(Line::default());
            }
            let line = lines.last_mut().expect("a line");
            match line.pieces.last_mut() {
                Some(last) if last.joins(p.face, p.color, p.badge, p.within) => {
                    last.text.push(ch);
                    last.width += cw;
                }
                _ => line.pieces.push(Piece {
                    text: ch.to_string(),
                    width: cw,
                    face: p.face,
                    color: p.color,
                    badge: p.badge,
                    within: p.within.clone(),
                }),
            }
            line.width += cw;
        }
    }
}
