//! How fresh the facts are: every chapter and role says when its facts were last checked
//! (`reviewed:`), and a date over a year before today earns a warning. Only the warning
//! depends on today's date, never the built site.

use std::time::{SystemTime, UNIX_EPOCH};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::Date;
use crate::model::Site;
use crate::yaml::line_of_key;

/// Today's date (UTC) from the system clock, as `YYYY-MM-DD`.
pub(crate) fn today_utc() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    civil_date(i64::try_from(secs / 86_400).unwrap_or(0))
}

/// The calendar date `days` days after 1970-01-01 (the proleptic Gregorian calendar).
fn civil_date(days: i64) -> String {
    // Counts in 400-year eras starting on 1 March, so leap days fall at the end of a year.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// Whether `text` is a date written `YYYY-MM-DD`.
pub(crate) fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

/// Whether facts reviewed on `reviewed` are over a year old on `today` (both YYYY-MM-DD).
pub(crate) fn is_stale(reviewed: &str, today: &str) -> bool {
    let Some(year) = reviewed.get(..4).and_then(|y| y.parse::<u32>().ok()) else {
        return false;
    };
    let anniversary = format!("{:04}{}", year + 1, &reviewed[4..]);
    anniversary.as_str() < today
}

/// A warning for every chapter and role whose `reviewed:` date is over a year before `today`,
/// at the line of the key.
pub(crate) fn check(site: &Site, today: &str, diagnostics: &mut Diagnostics) {
    let mut warn = |file: std::path::PathBuf, source: &str, reviewed: &Date| {
        if is_stale(&reviewed.0, today) {
            diagnostics.push(
                Diagnostic::warning(
                    file,
                    format!(
                        "the facts here were last reviewed on {}, over a year ago",
                        reviewed.0
                    ),
                )
                .at(source, line_of_key(source, "reviewed"), 0)
                .with_help("check them against the sources, then update `reviewed:`"),
            );
        }
    };
    for page in &site.pages {
        if let Some(reviewed) = &page.meta().reviewed {
            warn(page.loaded.shown_path(), &page.loaded.source, reviewed);
        }
    }
    for role in &site.roles {
        warn(
            role.loaded.path.clone(),
            &role.loaded.source,
            &role.loaded.role.reviewed,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_from_day_counts() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(59), "1970-03-01");
        assert_eq!(civil_date(11_016), "2000-02-29");
        assert_eq!(civil_date(20_779), "2026-11-22");
        assert_eq!(civil_date(-1), "1969-12-31");
    }

    #[test]
    fn stale_means_more_than_a_year() {
        assert!(!is_stale("2025-11-23", "2026-11-23"));
        assert!(is_stale("2025-11-22", "2026-11-23"));
        assert!(!is_stale("2026-01-01", "2026-11-23"));
        assert!(is_stale("2024-02-29", "2025-03-01"));
        assert!(!is_stale("2024-02-29", "2025-02-28"));
    }

    #[test]
    fn recognises_dates() {
        assert!(is_date("2026-11-23"));
        assert!(!is_date("2026-11-3"));
        assert!(!is_date("23/11/2026"));
    }
}
