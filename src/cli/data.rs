//! Data commands: hubs, meetings, working groups, members, countries, metrics, targets, narratives.

use super::{Ctx, ListArgs};
use anyhow::{bail, Result};
use clap::Subcommand;
use std::io::Read;
use tenkai::dates::{now, parse_date, AsOf};
use tenkai::period::Period;
use tenkai::store::{self, status_label};
use tenkai::table::{write_all, Cell, Format};
use tenkai::targets::{self, Forecast};

fn out() -> std::io::StdoutLock<'static> {
    std::io::stdout().lock()
}

fn json_out<T: serde::Serialize>(v: &T) -> Result<()> {
    serde_json::to_writer_pretty(out(), v)?;
    println!();
    Ok(())
}

#[derive(Subcommand)]
pub enum HubCmd {
    /// List hubs with their status at a date
    #[command(
        after_help = "Examples:\n  tenkai hub list\n  tenkai hub list --as-of 2016-03-31 --status opened\n  tenkai hub list --country VN --format csv"
    )]
    List {
        #[command(flatten)]
        list: ListArgs,
        /// Only hubs with this status (feasibility, planned, opened, suspended, closed)
        #[arg(long)]
        status: Option<String>,
        /// Only hubs in this country (ISO code)
        #[arg(long)]
        country: Option<String>,
    },
    /// Show one hub with its operators and status history
    #[command(after_help = "Example:\n  tenkai hub show H01")]
    Show {
        /// The hub's code (H01) or its unique name
        hub: String,
        #[command(flatten)]
        list: ListArgs,
    },
    /// Add a hub
    #[command(
        after_help = "Example:\n  tenkai hub add H29 --name-ja 日本式検診センター --country TR --kind screening --operator 富士フイルム --status planned --date 2018-06-01"
    )]
    Add {
        /// A new unique code
        code: String,
        #[arg(long)]
        name_ja: String,
        #[arg(long)]
        name_en: Option<String>,
        /// ISO 3166 country code (see `tenkai country list`)
        #[arg(long)]
        country: String,
        /// imaging, hospital, clinic, training, rehabilitation, screening, dental, distribution, dialysis, health_check, prevention
        #[arg(long)]
        kind: String,
        /// An operating organisation (repeat for several)
        #[arg(long = "operator")]
        operators: Vec<String>,
        /// The first status
        #[arg(long, default_value = "planned")]
        status: String,
        /// The date the status became true (YYYY-MM-DD)
        #[arg(long)]
        date: String,
        /// For a planned hub, the expected opening date
        #[arg(long)]
        expected: Option<String>,
        #[arg(long)]
        note: Option<String>,
    },
    /// Record a status change; the same date again records a correction
    #[command(
        after_help = "Examples:\n  tenkai hub set-status H10 opened --date 2018-05-15\n  tenkai hub set-status H10 planned --date 2018-05-15 --note \"correction: opening postponed\""
    )]
    SetStatus {
        hub: String,
        /// feasibility, planned, opened, suspended or closed
        status: String,
        /// The date it became true (YYYY-MM-DD)
        #[arg(long)]
        date: String,
        #[arg(long)]
        expected: Option<String>,
        #[arg(long)]
        note: Option<String>,
    },
}

pub fn hub(ctx: &Ctx, cmd: HubCmd) -> Result<()> {
    match cmd {
        HubCmd::List {
            list,
            status,
            country,
        } => {
            let at = list.as_of()?;
            if let Some(s) = &status {
                if !store::STATUSES.contains(&s.as_str()) {
                    return Err(tenkai::Error::Usage(format!(
                        "unknown status '{s}'; use one of: {}",
                        store::STATUSES.join(", ")
                    ))
                    .into());
                }
            }
            let store = ctx.store()?;
            let hubs: Vec<_> = store::hubs(&store.conn, &at)?
                .into_iter()
                .filter(|h| h.status.is_some())
                .filter(|h| status.as_ref().is_none_or(|s| h.status.as_ref() == Some(s)))
                .filter(|h| {
                    country
                        .as_ref()
                        .is_none_or(|c| h.country_iso.eq_ignore_ascii_case(c))
                })
                .collect();
            if list.format == Format::Json {
                return json_out(&hubs);
            }
            let rows = hubs
                .into_iter()
                .map(|h| {
                    vec![
                        h.code.into(),
                        h.name_ja.into(),
                        h.country_ja.into(),
                        h.kind_ja.into(),
                        h.operators_ja.join("、").into(),
                        h.status
                            .as_deref()
                            .map(|s| status_label(s, "ja").to_string())
                            .into(),
                        h.status_since.into(),
                    ]
                })
                .collect();
            write_all(
                out(),
                list.format,
                &[
                    "code",
                    "name",
                    "country",
                    "kind",
                    "operators",
                    "status",
                    "since",
                ],
                rows,
            )?;
        }
        HubCmd::Show { hub, list } => {
            let at = list.as_of()?;
            let store = ctx.store()?;
            let id = store::hub_id(&store.conn, &hub)?;
            let code: String =
                store
                    .conn
                    .query_row("SELECT code FROM hubs WHERE id = ?1", [id], |r| r.get(0))?;
            let Some(h) = store::hubs(&store.conn, &at)?
                .into_iter()
                .find(|h| h.code == code)
            else {
                bail!("hub {code} was not yet known at {}", at.known_at_str());
            };
            let history = store::hub_history(&store.conn, id, at.known_at)?;
            if list.format == Format::Json {
                return json_out(&serde_json::json!({ "hub": h, "history": history }));
            }
            let fields: Vec<(&str, Cell)> = vec![
                ("code", h.code.clone().into()),
                ("name_ja", h.name_ja.clone().into()),
                ("name_en", h.name_en.clone().into()),
                (
                    "country",
                    format!("{} {} ({})", h.country_iso, h.country_ja, h.country_en).into(),
                ),
                ("kind", format!("{} ({})", h.kind_ja, h.kind_en).into()),
                ("operators", h.operators_ja.join("、").into()),
                (
                    "status",
                    h.status
                        .as_deref()
                        .map(|s| format!("{} ({s})", status_label(s, "ja")))
                        .into(),
                ),
                ("since", h.status_since.clone().into()),
                ("expected", h.expected_date.clone().into()),
                ("note", h.note.clone().into()),
            ];
            if list.format == Format::Table {
                write_all(
                    out(),
                    Format::Table,
                    &["field", "value"],
                    fields.into_iter().map(|(k, v)| vec![k.into(), v]).collect(),
                )?;
                println!("history (as known at {}):", at.known_at_str());
            }
            let rows = history
                .into_iter()
                .map(|s| {
                    vec![
                        s.effective_date.into(),
                        s.status.into(),
                        s.expected_date.into(),
                        s.note.into(),
                        s.recorded_at.into(),
                    ]
                })
                .collect();
            write_all(
                out(),
                list.format,
                &[
                    "effective_date",
                    "status",
                    "expected",
                    "note",
                    "recorded_at",
                ],
                rows,
            )?;
        }
        HubCmd::Add {
            code,
            name_ja,
            name_en,
            country,
            kind,
            operators,
            status,
            date,
            expected,
            note,
        } => {
            let h = store::NewHub {
                code: code.clone(),
                name_ja,
                name_en,
                country: country.to_ascii_uppercase(),
                kind,
                operators,
                status,
                effective_date: parse_date(&date)?,
                expected_date: expected.as_deref().map(parse_date).transpose()?,
                note,
            };
            let mut store = ctx.store()?;
            let tx = store.conn.transaction()?;
            store::add_hub(&tx, &h, now())?;
            tx.commit()?;
            ctx.say(format!("added hub {code}"));
        }
        HubCmd::SetStatus {
            hub,
            status,
            date,
            expected,
            note,
        } => {
            let d = parse_date(&date)?;
            let e = expected.as_deref().map(parse_date).transpose()?;
            let store = ctx.store()?;
            let code =
                store::set_hub_status(&store.conn, &hub, &status, d, e, note.as_deref(), now())?;
            ctx.say(format!("{code}: {status} from {d}"));
        }
    }
    Ok(())
}

#[derive(Subcommand)]
pub enum MeetingCmd {
    /// List task-force meetings held by a date
    #[command(after_help = "Example:\n  tenkai meeting list --as-of 2016-03-31")]
    List {
        #[command(flatten)]
        list: ListArgs,
    },
    /// Add a meeting
    #[command(
        after_help = "Example:\n  tenkai meeting add 14 --date 2018-06-20 --agenda 医療国際展開の取組について"
    )]
    Add {
        number: i64,
        #[arg(long)]
        date: String,
        /// Held by circulation (持ち回り開催)
        #[arg(long)]
        circulation: bool,
        /// An agenda item (repeat for several)
        #[arg(long)]
        agenda: Vec<String>,
    },
}

pub fn meeting(ctx: &Ctx, cmd: MeetingCmd) -> Result<()> {
    match cmd {
        MeetingCmd::List { list } => {
            let at = list.as_of()?;
            let store = ctx.store()?;
            let ms = store::meetings(&store.conn, &at, None)?;
            if list.format == Format::Json {
                return json_out(&ms);
            }
            let rows = ms
                .into_iter()
                .map(|m| {
                    vec![
                        Cell::Int(m.number),
                        m.held_on.into(),
                        (if m.by_circulation { "持ち回り" } else { "" }).into(),
                        m.agenda_ja.join("／").into(),
                    ]
                })
                .collect();
            write_all(
                out(),
                list.format,
                &["number", "held_on", "circulation", "agenda"],
                rows,
            )?;
        }
        MeetingCmd::Add {
            number,
            date,
            circulation,
            agenda,
        } => {
            let d = parse_date(&date)?;
            let mut store = ctx.store()?;
            let tx = store.conn.transaction()?;
            store::add_meeting(&tx, number, d, circulation, &agenda, now())?;
            tx.commit()?;
            ctx.say(format!("added meeting {number} ({d})"));
        }
    }
    Ok(())
}

#[derive(Subcommand)]
pub enum WgCmd {
    /// List working groups set up by a date, with their events
    #[command(after_help = "Example:\n  tenkai wg list --as-of 2017-03-31")]
    List {
        #[command(flatten)]
        list: ListArgs,
    },
    /// Add a working group
    #[command(
        after_help = "Example:\n  tenkai wg add digital --name-ja デジタルヘルスWG --meeting 14 --date 2018-06-20"
    )]
    Add {
        code: String,
        #[arg(long)]
        name_ja: String,
        #[arg(long)]
        name_en: Option<String>,
        /// The meeting that set it up
        #[arg(long)]
        meeting: Option<i64>,
        #[arg(long)]
        date: String,
    },
}

pub fn wg(ctx: &Ctx, cmd: WgCmd) -> Result<()> {
    match cmd {
        WgCmd::List { list } => {
            let at = list.as_of()?;
            let store = ctx.store()?;
            let wgs = store::working_groups(&store.conn, &at, None)?;
            let events = store::wg_events(&store.conn, &at, None)?;
            if list.format == Format::Json {
                return json_out(&serde_json::json!({ "working_groups": wgs, "events": events }));
            }
            let rows = wgs
                .into_iter()
                .map(|w| {
                    let n = events.iter().filter(|e| e.wg_code == w.code).count() as i64;
                    vec![
                        w.code.into(),
                        w.name_ja.into(),
                        w.set_up_by_meeting.into(),
                        w.set_up_on.into(),
                        Cell::Int(n),
                    ]
                })
                .collect();
            write_all(
                out(),
                list.format,
                &["code", "name", "set_up_by_meeting", "set_up_on", "events"],
                rows,
            )?;
        }
        WgCmd::Add {
            code,
            name_ja,
            name_en,
            meeting,
            date,
        } => {
            let d = parse_date(&date)?;
            let store = ctx.store()?;
            store::add_working_group(
                &store.conn,
                &code,
                &name_ja,
                name_en.as_deref(),
                meeting,
                d,
                now(),
            )?;
            ctx.say(format!("added working group {code}"));
        }
    }
    Ok(())
}

#[derive(Subcommand)]
pub enum MembersCmd {
    /// The member-count series up to a date
    #[command(after_help = "Example:\n  tenkai members list --format csv")]
    List {
        #[command(flatten)]
        list: ListArgs,
        #[arg(long, default_value = "nutrition")]
        platform: String,
    },
    /// Record a member count (a correction is a new record for the same date)
    #[command(after_help = "Example:\n  tenkai members record 61 --date 2018-06-30")]
    Record {
        count: i64,
        #[arg(long)]
        date: String,
        #[arg(long, default_value = "nutrition")]
        platform: String,
        /// Where the figure comes from
        #[arg(long)]
        source: Option<String>,
    },
}

pub fn members(ctx: &Ctx, cmd: MembersCmd) -> Result<()> {
    match cmd {
        MembersCmd::List { list, platform } => {
            let at = list.as_of()?;
            let store = ctx.store()?;
            let series = store::member_series(&store.conn, &platform, &at)?;
            if list.format == Format::Json {
                return json_out(&series);
            }
            let rows = series
                .into_iter()
                .map(|m| {
                    vec![
                        m.platform.into(),
                        m.effective_date.into(),
                        Cell::Int(m.members),
                        m.recorded_at.into(),
                    ]
                })
                .collect();
            write_all(
                out(),
                list.format,
                &["platform", "effective_date", "members", "recorded_at"],
                rows,
            )?;
        }
        MembersCmd::Record {
            count,
            date,
            platform,
            source,
        } => {
            let d = parse_date(&date)?;
            let store = ctx.store()?;
            store::record_members(&store.conn, &platform, count, d, source.as_deref(), now())?;
            ctx.say(format!("{platform}: {count} members on {d}"));
        }
    }
    Ok(())
}

#[derive(Subcommand)]
pub enum CountryCmd {
    /// List countries
    #[command(after_help = "Example:\n  tenkai country list --format csv")]
    List {
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
    /// Add a country
    #[command(
        after_help = "Example:\n  tenkai country add SA --name-ja サウジアラビア --name-en \"Saudi Arabia\""
    )]
    Add {
        iso: String,
        #[arg(long)]
        name_ja: String,
        #[arg(long)]
        name_en: String,
        /// A priority country for new hubs
        #[arg(long)]
        priority: bool,
    },
}

pub fn country(ctx: &Ctx, cmd: CountryCmd) -> Result<()> {
    match cmd {
        CountryCmd::List { format } => {
            let store = ctx.store()?;
            let cs = store::countries(&store.conn)?;
            if format == Format::Json {
                return json_out(&cs);
            }
            let rows = cs
                .into_iter()
                .map(|c| {
                    vec![
                        c.iso.into(),
                        c.name_ja.into(),
                        c.name_en.into(),
                        c.priority.into(),
                    ]
                })
                .collect();
            write_all(
                out(),
                format,
                &["iso", "name_ja", "name_en", "priority"],
                rows,
            )?;
        }
        CountryCmd::Add {
            iso,
            name_ja,
            name_en,
            priority,
        } => {
            let store = ctx.store()?;
            store::add_country(&store.conn, &iso, &name_ja, &name_en, priority)?;
            ctx.say(format!("added country {iso}"));
        }
    }
    Ok(())
}

pub fn export(ctx: &Ctx, table: &str, format: Format) -> Result<()> {
    let Some((name, order)) = store::EXPORTABLE.iter().find(|(t, _)| *t == table) else {
        let names: Vec<&str> = store::EXPORTABLE.iter().map(|(t, _)| *t).collect();
        return Err(tenkai::Error::Usage(format!(
            "unknown table '{table}'; choose one of: {}",
            names.join(", ")
        ))
        .into());
    };
    if !matches!(
        format,
        Format::Csv | Format::Json | Format::Jsonl | Format::Tsv
    ) {
        return Err(tenkai::Error::Usage("export writes csv, tsv, json or jsonl".into()).into());
    }
    let store = ctx.store()?;
    drop(store);
    let (conn, refusal) = tenkai::sql::open(&ctx.db, tenkai::sql::Mode::ReadOnly)?;
    let sql = format!("SELECT * FROM {name} ORDER BY {order}");
    let limits = tenkai::sql::Limits {
        timeout: std::time::Duration::from_secs(3600),
        max_rows: None,
    };
    let query = tenkai::sql::Query {
        sql: &sql,
        params: &[],
        mode: tenkai::sql::Mode::ReadOnly,
        limits,
    };
    tenkai::sql::run(&conn, &refusal, &query, out(), format)?;
    Ok(())
}

pub fn period(p: &str, format: Format) -> Result<()> {
    let p = Period::parse(p)?;
    let rows = vec![
        vec!["period".into(), p.to_string().into()],
        vec!["start".into(), p.start().to_string().into()],
        vec!["end".into(), p.end().to_string().into()],
        vec!["label_ja".into(), p.label_ja().into()],
        vec!["label_en".into(), p.label_en().into()],
        vec!["previous".into(), p.previous().to_string().into()],
        vec!["year_earlier".into(), p.year_earlier().to_string().into()],
    ];
    write_all(out(), format, &["field", "value"], rows)?;
    Ok(())
}

pub fn wareki(input: &str) -> Result<()> {
    if input.trim().starts_with(|c: char| c.is_ascii_digit()) {
        let d = parse_date(input)?;
        println!("{}", tenkai::wareki::to_wareki(d)?.to_ja());
    } else {
        println!("{}", tenkai::wareki::parse(input)?);
    }
    Ok(())
}

#[derive(Subcommand)]
pub enum MetricCmd {
    /// List the metrics with their values at a date
    #[command(after_help = "Example:\n  tenkai metric list --as-of 2018-03-31")]
    List {
        #[command(flatten)]
        list: ListArgs,
    },
    /// Add a metric: read-only SQL returning one number, using :as_of and :known_at
    #[command(
        after_help = "Example:\n  tenkai metric add dental_hubs --title-ja 歯科拠点数 --title-en \"Dental hubs\" \\\n    --sql \"SELECT count(*) FROM hubs h WHERE h.kind = 'dental' AND h.recorded_at <= :known_at\""
    )]
    Add {
        name: String,
        #[arg(long)]
        title_ja: String,
        #[arg(long)]
        title_en: String,
        #[arg(long)]
        sql: String,
    },
}

pub fn metric(ctx: &Ctx, cmd: MetricCmd) -> Result<()> {
    match cmd {
        MetricCmd::List { list } => {
            let at = list.as_of()?;
            let store = ctx.store()?;
            let mut rows = Vec::new();
            for m in targets::metrics(&store.conn)? {
                let v = targets::metric_value(&store.conn, &m.sql, at.date, &at.known_at_str())?;
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
                out(),
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
        } => {
            let store = ctx.store()?;
            targets::add_metric(&store, &name, &title_ja, &title_en, &sql, now())?;
            ctx.say(format!("added metric {name}"));
        }
    }
    Ok(())
}

#[derive(Subcommand)]
pub enum TargetCmd {
    /// Each target's actual, trajectory, progress, RAG and forecast
    #[command(
        after_help = "Examples:\n  tenkai target status --period FY2017Q4\n  tenkai target status --as-of 2016-03-31 --format json"
    )]
    Status {
        /// Evaluate at the end of this period (and show its assessments)
        #[arg(long, conflicts_with = "as_of")]
        period: Option<String>,
        #[command(flatten)]
        list: ListArgs,
    },
    /// Interim milestones
    #[command(subcommand)]
    Milestone(MilestoneCmd),
    /// Record the staff's assessed rating for a period (a new row; never overwritten)
    #[command(
        after_help = "Example:\n  tenkai target assess priority_countries --period FY2017Q4 --rating amber_red --comment \"トルコ・エジプト・ケニアで案件形成中\""
    )]
    Assess {
        target: String,
        #[arg(long)]
        period: String,
        /// green, amber_green, amber, amber_red or red
        #[arg(long)]
        rating: String,
        #[arg(long, default_value = "")]
        comment: String,
    },
}

#[derive(Subcommand)]
pub enum MilestoneCmd {
    /// Add an interim milestone; the trajectory then runs through it
    #[command(
        after_help = "Example:\n  tenkai target milestone add priority_countries --date 2018-12-31 --value 6"
    )]
    Add {
        target: String,
        #[arg(long)]
        date: String,
        #[arg(long)]
        value: f64,
        #[arg(long)]
        note: Option<String>,
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
        TargetCmd::Status { period, list } => {
            let (at, p) = match &period {
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
            let store = ctx.store()?;
            let statuses = targets::evaluate_all(&store.conn, &at, p.as_ref())?;
            if list.format == Format::Json {
                return json_out(&statuses);
            }
            let rows = statuses
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
                        s.rag.clone().into(),
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
                .collect();
            if list.format == Format::Table {
                eprintln!("targets at {} (known at {})", at.date, at.known_at_str());
            }
            write_all(
                out(),
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
        TargetCmd::Milestone(MilestoneCmd::Add {
            target,
            date,
            value,
            note,
        }) => {
            let d = parse_date(&date)?;
            let store = ctx.store()?;
            targets::add_milestone(&store.conn, &target, d, value, note.as_deref(), now())?;
            ctx.say(format!("{target}: milestone {value} by {d}"));
        }
        TargetCmd::Assess {
            target,
            period,
            rating,
            comment,
        } => {
            let p = Period::parse(&period)?;
            let store = ctx.store()?;
            targets::assess(&store.conn, &target, &p, &rating, &comment, now())?;
            ctx.say(format!("{target} {p}: assessed {rating}"));
        }
    }
    Ok(())
}

#[derive(Subcommand)]
pub enum NarrativeCmd {
    /// Set a narrative section for a period (replaces the shown text; history is kept)
    #[command(
        after_help = "Examples:\n  tenkai narrative set --period FY2017Q4 --section summary --lang ja --text \"…\"\n  tenkai narrative set --period FY2017Q4 --section issues --lang en --file issues.txt\n  echo \"…\" | tenkai narrative set --period FY2017Q4 --section key_events --lang ja"
    )]
    Set {
        #[arg(long)]
        period: String,
        /// summary, key_events or issues
        #[arg(long)]
        section: String,
        /// ja or en
        #[arg(long)]
        lang: String,
        /// The text (otherwise --file, otherwise stdin)
        #[arg(long, conflicts_with = "file")]
        text: Option<String>,
        #[arg(long)]
        file: Option<std::path::PathBuf>,
    },
}

pub fn narrative(ctx: &Ctx, cmd: NarrativeCmd) -> Result<()> {
    let NarrativeCmd::Set {
        period,
        section,
        lang,
        text,
        file,
    } = cmd;
    let p = Period::parse(&period)?;
    let body = match (text, file) {
        (Some(t), _) => t,
        (None, Some(f)) => std::fs::read_to_string(&f)
            .map_err(|e| anyhow::anyhow!("cannot read {} as UTF-8 text: {e}", f.display()))?,
        (None, None) => {
            let mut s = String::new();
            std::io::stdin()
                .read_to_string(&mut s)
                .map_err(|e| anyhow::anyhow!("cannot read the text from stdin as UTF-8: {e}"))?;
            s
        }
    };
    if body.trim().is_empty() {
        return Err(tenkai::Error::Usage("the narrative text is empty".into()).into());
    }
    let store = ctx.store()?;
    targets::set_narrative(&store.conn, &p, &section, &lang, body.trim(), now())?;
    ctx.say(format!("{p} {section} ({lang}) set"));
    Ok(())
}
