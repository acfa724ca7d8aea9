//! The time zone of a schedule: Asia/Tokyo unless a definition names another IANA zone.
//!
//! Asia/Tokyo is built in as Japan Standard Time, +09:00 (`JST`): Japan has kept no daylight
//! saving time since 1951, so the fixed offset is the zone's rule for every date tenkai schedules.
//! Any other zone is read from the system's time zone database (`$TZDIR`, else
//! `/usr/share/zoneinfo`), a compiled TZif file with the zone's transitions and its rule for the
//! years after them, when the definition is read. The executable carries no copy of the database.

use chrono::{FixedOffset, MappedLocalTime, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use std::fmt;
use std::sync::Arc;

/// A named time zone: its IANA name and its rules.
#[derive(Clone)]
pub struct Zone {
    name: Arc<str>,
    rules: Arc<tz::TimeZone>,
}

/// The offset of a [`Zone`] at one moment; shown (`%Z`) as the zone's abbreviation then, `JST`.
#[derive(Clone)]
pub struct ZoneOffset {
    zone: Zone,
    local: tz::LocalTimeType,
}

/// The folder of the system's time zone database.
fn database() -> std::path::PathBuf {
    std::env::var_os("TZDIR")
        .filter(|d| !d.is_empty())
        .map(Into::into)
        .unwrap_or_else(|| "/usr/share/zoneinfo".into())
}

impl Zone {
    /// Asia/Tokyo: Japan Standard Time, +09:00.
    pub fn tokyo() -> Zone {
        let jst = tz::LocalTimeType::new(9 * 3600, false, Some(b"JST"))
            .expect("+09:00 JST is a valid local time type");
        let rules = tz::TimeZone::new(Vec::new(), vec![jst], Vec::new(), None)
            .expect("one fixed local time type is a valid time zone");
        Zone {
            name: "Asia/Tokyo".into(),
            rules: Arc::new(rules),
        }
    }

    /// The zone an IANA name (`Europe/London`) names, or `None` when the name is not one of the
    /// system database's zones.
    pub fn named(name: &str) -> Option<Zone> {
        if name == "Asia/Tokyo" {
            return Some(Zone::tokyo());
        }
        let plain = |part: &str| {
            !part.is_empty()
                && part != "."
                && part != ".."
                && part
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"_+-".contains(&b))
        };
        if !name.split('/').all(plain) {
            return None;
        }
        let bytes = std::fs::read(database().join(name)).ok()?;
        let rules = tz::TimeZone::from_tz_data(&bytes).ok()?;
        Some(Zone {
            name: name.into(),
            rules: Arc::new(rules),
        })
    }

    /// The local time type at a moment (seconds since 1970 UTC). A moment beyond the file's
    /// range (none in a database of version 2 or later, whose rule runs on) is taken at UTC.
    fn at(&self, unix: i64) -> tz::LocalTimeType {
        self.rules
            .find_local_time_type(unix)
            .copied()
            .unwrap_or_else(|_| tz::LocalTimeType::utc())
    }

    fn offset(&self, local: tz::LocalTimeType) -> ZoneOffset {
        ZoneOffset {
            zone: self.clone(),
            local,
        }
    }
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

impl fmt::Debug for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

impl fmt::Display for ZoneOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.local.time_zone_designation() {
            "" => write!(f, "{}", chrono::Offset::fix(self)),
            abbreviation => f.write_str(abbreviation),
        }
    }
}

impl fmt::Debug for ZoneOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self, self.zone)
    }
}

impl chrono::Offset for ZoneOffset {
    fn fix(&self) -> FixedOffset {
        FixedOffset::east_opt(self.local.ut_offset()).unwrap_or(FixedOffset::east_opt(0).unwrap())
    }
}

impl TimeZone for Zone {
    type Offset = ZoneOffset;

    fn from_offset(offset: &ZoneOffset) -> Zone {
        offset.zone.clone()
    }

    fn offset_from_local_date(&self, local: &NaiveDate) -> MappedLocalTime<ZoneOffset> {
        self.offset_from_local_datetime(&local.and_time(NaiveTime::MIN))
    }

    /// The offsets under which a wall-clock time exists: none in a spring-forward gap, two in an
    /// autumn overlap (the earlier moment first). The candidates are the offsets a day before and
    /// after, which covers every zone that changes its offset at most once a day.
    fn offset_from_local_datetime(&self, local: &NaiveDateTime) -> MappedLocalTime<ZoneOffset> {
        let wall = local.and_utc().timestamp();
        let mut fits: Vec<tz::LocalTimeType> = Vec::with_capacity(2);
        for probe in [wall - 86_400, wall + 86_400] {
            let candidate = self.at(probe);
            let offset = i64::from(candidate.ut_offset());
            let actual = self.at(wall - offset);
            if i64::from(actual.ut_offset()) == offset
                && !fits.iter().any(|f| f.ut_offset() == actual.ut_offset())
            {
                fits.push(actual);
            }
        }
        // The larger offset is the earlier moment.
        fits.sort_by_key(|f| std::cmp::Reverse(f.ut_offset()));
        match fits[..] {
            [] => MappedLocalTime::None,
            [one] => MappedLocalTime::Single(self.offset(one)),
            [earlier, later, ..] => {
                MappedLocalTime::Ambiguous(self.offset(earlier), self.offset(later))
            }
        }
    }

    fn offset_from_utc_date(&self, utc: &NaiveDate) -> ZoneOffset {
        self.offset_from_utc_datetime(&utc.and_time(NaiveTime::MIN))
    }

    fn offset_from_utc_datetime(&self, utc: &NaiveDateTime) -> ZoneOffset {
        self.offset(self.at(utc.and_utc().timestamp()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    fn utc(s: &str) -> chrono::DateTime<Utc> {
        s.parse().unwrap()
    }

    fn wall(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn tokyo_is_jst_at_plus_nine_without_reading_the_database() {
        let z = Zone::named("Asia/Tokyo").unwrap();
        let t = z
            .from_local_datetime(&wall("2018-07-10 09:00"))
            .single()
            .unwrap();
        assert_eq!(t.with_timezone(&Utc), utc("2018-07-10T00:00:00Z"));
        assert_eq!(t.format("%H:%M %Z").to_string(), "09:00 JST");
        assert_eq!(z.to_string(), "Asia/Tokyo");
    }

    #[test]
    fn a_zone_with_summer_time_has_its_gap_and_its_overlap() {
        // London, 2018: clocks forward at 01:00 UTC on 25 March, back at 01:00 UTC on 28 October.
        let z = Zone::named("Europe/London").expect("the system has the tz database");
        let summer = utc("2018-07-10T08:00:00Z").with_timezone(&z);
        assert_eq!(summer.format("%H:%M %Z").to_string(), "09:00 BST");
        let winter = utc("2018-12-10T09:00:00Z").with_timezone(&z);
        assert_eq!(winter.format("%H:%M %Z").to_string(), "09:00 GMT");
        assert!(matches!(
            z.from_local_datetime(&wall("2018-03-25 01:30")),
            MappedLocalTime::None
        ));
        let MappedLocalTime::Ambiguous(a, b) = z.from_local_datetime(&wall("2018-10-28 01:30"))
        else {
            panic!("01:30 on 28 October 2018 is twice in London")
        };
        assert_eq!(a.with_timezone(&Utc), utc("2018-10-28T00:30:00Z"));
        assert_eq!(b.with_timezone(&Utc), utc("2018-10-28T01:30:00Z"));
        // Past the file's last transition, the zone's rule runs on.
        let later = z
            .from_local_datetime(&wall("2040-07-01 12:00"))
            .single()
            .unwrap();
        assert_eq!(later.with_timezone(&Utc), utc("2040-07-01T11:00:00Z"));
    }

    #[test]
    fn a_name_outside_the_database_is_no_zone() {
        for name in [
            "Asia/Tokio",
            "../etc/passwd",
            "/etc/localtime",
            "",
            "Europe//London",
        ] {
            assert!(Zone::named(name).is_none(), "{name}");
        }
    }
}
