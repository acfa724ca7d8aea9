//! `tenkai metric` and `tenkai target`: the metrics, the targets and their status.

use super::write_all;
use super::{Ctx, ListArgs};
use anyhow::Result;
use clap::Subcommand;
use tenkai::dates::{now, parse_date, AsOf};
use tenkai::period::{Period, PeriodKind};
use tenkai::store::Text;
use tenkai::table::{Cell, Format};
use tenkai::targets::{self, Forecast};

#[derive(Subcommand)]
pub enum MetricCmd {
    /// List the metrics with their values at a date
    #[command(after_help = "Example:\n  tenkai metric list --as-of 2018-03-31")]
    List {
        #[command(flatten)]
        list: ListArgs,
        /// How long each metric's query may take (e.g. 5s, 2m)
        #[arg(long, default_value = "60s", value_parser = super::sql::parse_duration)]
        timeout: std::time::Duration,
    },
    /// Add a metric: read-only SQL returning one number, using :as_of and :known_at
    #[command(
        after_help = "Example:\n  tenkai metric add dental_hubs --title-ja 歯科拠点数 --title-en \"Dental hubs\" \\\n    --sql \"SELECT count(*) FROM hubs h WHERE h.kind = 'dental' AND h.recorded_at <= :known_at\""
    )]
    Add {
        /// The metric's name: lower-case letters, digits and _
        name: String,
        /// Its title in Japanese
        #[arg(long)]
        title_ja: String,
        /// Its title in English
        #[arg(long)]
        title_en: String,
        /// One read-only SELECT returning one number, using :as_of (the date) and :known_at
        #[arg(long)]
        sql: String,
        /// Accept SQL that uses neither :as_of nor :known_at (a value that does not change over
        /// time, so that a report re-rendered for another date still shows it)
        #[arg(long)]
        timeless: bool,
        /// How long the trial run of the SQL may take (e.g. 5s)
        #[arg(long, default_value = "5s", value_parser = super::sql::parse_duration)]
        timeout: std::time::Duration,
    },
}

pub fn metric(ctx: &Ctx, cmd: MetricCmd) -> Result<()> {
    match cmd {
        MetricCmd::List { list, timeout } => {
            let mut store = ctx.reader()?;
            let at = list.as_of_in(ctx, &store.conn)?;
            let mut rows = Vec::new();
            for m in targets::metrics(&store.conn)? {
                let what = format!("metric {} at {}", m.name, at.date);
                let v = targets::within(&mut store.conn, timeout, &what, |c| {
                    targets::metric_value(c, &m.sql, at.date, &at.known_at_str())
                })?;
                let v = match v {
                    Some(x) if x.fract() == 0.0 => Cell::Int(x as i64),
                    other => other.into(),
                };
                rows.push(vec![
                    m.name.into(),
                    m.title_ja.into(),
                    m.title_en.into(),
                    v,
                    m.builtin.into(),
                ]);
            }
            write_all(
                list.sink()?,
                list.format,
                &["name", "title_ja", "title_en", "value", "builtin"],
                rows,
            )?;
        }
        MetricCmd::Add {
            name,
            title_ja,
            title_en,
            sql,
            timeless,
            timeout,
        } => {
            ctx.check_texts(&[
                ("--title-ja", Some(&title_ja), Text::Name),
                ("--title-en", Some(&title_en), Text::Name),
            ])?;
            let store = ctx.store()?;
            let metric = targets::NewMetric {
                name: &name,
                title_ja: &title_ja,
                title_en: &title_en,
                sql: &sql,
                timeless,
                timeout,
            };
            targets::add_metric(&store, &metric, now())?;
            ctx.say(format!("added metric {name}"));
        }
    }
    Ok(())
}

#[derive(Subcommand)]
pub enum TargetCmd {
    /// Each target's actual, trajectory, progress, RAG and forecast; then the indicators
    #[command(
        long_about = "Each target's actual, trajectory, progress, RAG and forecast; then the indicators.\n\nA target is set by a sentence of a source: a number by a date. It is rated. An indicator is the office's own measure (参考指標), shown with its value and its value at the end of the period before; it is never rated, because no source sets it.",
        after_help = "Examples:\n  tenkai target status --period FY2017Q4\n  tenkai target status --as-of 2016-03-31 --format json"
    )]
    Status {
        /// Evaluate at the end of this period (and show its assessments)
        #[arg(long, conflicts_with = "as_of")]
        period: Option<String>,
        /// Only the indicators (for csv, tsv and jsonl, which hold one table: the targets
        /// unless this is given)
        #[arg(long)]
        indicators: bool,
        #[command(flatten)]
        list: ListArgs,
        /// How long the metrics' queries may take, together (e.g. 5s, 2m)
        #[arg(long, default_value = "60s", value_parser = super::sql::parse_duration)]
        timeout: std::time::Duration,
    },
    /// Interim milestones
    #[command(subcommand)]
    Milestone(MilestoneCmd),
    /// Record the staff's assessed rating for a period (a new row; never overwritten)
    #[command(
        after_help = "Example:\n  tenkai target assess hubs_2020 --period FY2017Q4 --rating green --comment \"21か所が開業済み\""
    )]
    Assess {
        /// The target's name (see `tenkai target status`)
        target: String,
        /// The period: FY2017Q4 (fiscal quarter), FY2017, 2018Q1, 2018-03 or 2018
        #[arg(long)]
        period: String,
        /// green, amber_green, amber, amber_red or red
        #[arg(long)]
        rating: String,
        /// The assessment's reasoning, shown beside the rating
        #[arg(long, default_value = "")]
        comment: String,
    },
}

#[derive(Subcommand)]
pub enum MilestoneCmd {
    /// Add an interim milestone; the trajectory then runs through it
    #[command(
        after_help = "Example:\n  tenkai target milestone add hubs_2020 --date 2018-12-31 --value 22"
    )]
    Add {
        /// The target's name (see `tenkai target status`)
        target: String,
        /// The date (YYYY-MM-DD)
        #[arg(long)]
        date: String,
        /// The value the trajectory passes through on that date
        #[arg(long)]
        value: f64,
        /// A note on the milestone
        #[arg(long)]
        note: Option<String>,
        /// Where the milestone comes from: a document and its page or line, a URL
        #[arg(long, value_parser = super::values::source)]
        source: Option<String>,
    },
}

fn fmt_num(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

pub fn target(ctx: &Ctx, cmd: TargetCmd) -> Result<()> {
    match cmd {
        TargetCmd::Status {
            period,
            indicators: only_indicators,
            list,
            timeout,
        } => target_status(ctx, period.as_deref(), only_indicators, &list, timeout)?,
        TargetCmd::Milestone(MilestoneCmd::Add {
            target,
            date,
            value,
            note,
            source,
        }) => {
            let d = parse_date(&date)?;
            ctx.check_texts(&[
                ("--note", note.as_deref(), Text::Note),
                ("--source", source.as_deref(), Text::Note),
            ])?;
            let store = ctx.store()?;
            let milestone = targets::NewMilestone {
                due: d,
                value,
                note: note.as_deref(),
                source: source.as_deref(),
            };
            targets::add_milestone(&store.conn, &target, &milestone, now())?;
            ctx.say(format!("{target}: milestone {value} by {d}"));
        }
        TargetCmd::Assess {
            target,
            period,
            rating,
            comment,
        } => {
            let p = Period::parse(&period)?;
            ctx.check_texts(&[("--comment", Some(&comment), Text::Note)])?;
            let store = ctx.store()?;
            targets::assess(&store.conn, &target, &p, &rating, &comment, now())?;
            ctx.say(format!("{target} {p}: assessed {rating}"));
        }
    }
    Ok(())
}

/// `target status`: the targets rated at the date (or the period's end), then the indicators.
fn target_status(
    ctx: &Ctx,
    period: Option<&str>,
    only_indicators: bool,
    list: &ListArgs,
    timeout: std::time::Duration,
) -> Result<()> {
    let (at, p) = match period {
        Some(p) => {
            let p = Period::parse(p)?;
            let known = match &list.known_at {
                Some(k) => tenkai::dates::parse_instant(k)?,
                None => now(),
            };
            (AsOf::new(p.end(), known), Some(p))
        }
        None => (list.as_of()?, None),
    };
    let before = match &p {
        Some(p) => p.previous().end(),
        None => Period::containing(PeriodKind::FiscalQuarter, at.date)
            .previous()
            .end(),
    };
    let mut store = ctx.reader()?;
    let what = format!("the targets' and indicators' metrics at {}", at.date);
    let (statuses, indicators) = targets::within(&mut store.conn, timeout, &what, |c| {
        Ok((
            targets::evaluate_all(c, &at, p.as_ref())?,
            targets::evaluate_indicators(c, &at, before)?,
        ))
    })?;
    if list.format == Format::Json {
        return list.json(&serde_json::json!({
            "targets": statuses,
            "indicators": indicators,
        }));
    }
    let one_table = matches!(list.format, Format::Csv | Format::Tsv | Format::Jsonl);
    let rows = target_rows(statuses);
    if list.format == Format::Table {
        eprintln!("targets at {} (known at {})", at.date, at.known_at_str());
    }
    if !only_indicators {
        write_all(
            list.sink()?,
            list.format,
            &[
                "target",
                "title",
                "actual",
                "target_value",
                "deadline",
                "trajectory",
                "progress",
                "rag",
                "assessed",
                "comment",
                "forecast",
            ],
            rows,
        )?;
    }
    if one_table && !only_indicators {
        return Ok(());
    }
    if list.format == Format::Table {
        eprintln!(
            "\nindicators: the office's own measures, not targets (never rated); previous = at {before}"
        );
    }
    let rows = indicator_rows(indicators);
    write_all(
        list.sink()?,
        list.format,
        &["indicator", "title", "value", "previous", "change"],
        rows,
    )?;
    Ok(())
}

/// The targets as rows of `target status`.
fn target_rows(statuses: Vec<targets::TargetStatus>) -> Vec<Vec<Cell>> {
    statuses
        .into_iter()
        .map(|s| {
            let forecast = match &s.forecast {
                Forecast::Achieved { date } => format!("achieved {date}"),
                Forecast::OnTrend { date, by_deadline } => format!(
                    "{date}{}",
                    if *by_deadline {
                        ""
                    } else {
                        " (after deadline)"
                    }
                ),
                Forecast::NotOnTrend => "not on current trend".into(),
                Forecast::InsufficientData => "insufficient data".into(),
            };
            vec![
                s.target.name.clone().into(),
                s.target.title_ja.clone().into(),
                s.actual.map(fmt_num).into(),
                fmt_num(s.target.target_value).into(),
                s.target.deadline.to_string().into(),
                format!("{:.2}", s.trajectory).into(),
                s.progress.map(|p| format!("{:.0}%", p * 100.0)).into(),
                s.rag.code().into(),
                s.assessment
                    .as_ref()
                    .map(|a| a.rating.clone())
                    .unwrap_or_default()
                    .into(),
                s.assessment
                    .as_ref()
                    .map(|a| a.comment.clone())
                    .unwrap_or_default()
                    .into(),
                forecast.into(),
            ]
        })
        .collect()
}

/// The indicators as rows of `target status`, with their change since the previous quarter.
fn indicator_rows(indicators: Vec<targets::IndicatorStatus>) -> Vec<Vec<Cell>> {
    indicators
        .into_iter()
        .map(|i| {
            vec![
                i.indicator.name.into(),
                i.indicator.title_ja.into(),
                i.value.map(fmt_num).into(),
                i.previous.map(fmt_num).into(),
                i.value
                    .zip(i.previous)
                    .map(|(a, b)| format!("{:+}", a - b))
                    .into(),
            ]
        })
        .collect()
}
