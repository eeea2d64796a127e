//! Formats export timestamps for the report (no time-zone database: exports carry local times
//! read as UTC, so printing them as UTC gives back what the export showed).

pub fn format_ms(ms: f64) -> String {
    let secs = (ms / 1000.0).floor() as i64;
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!("{d:02}/{m:02}/{y} {:02}:{:02}", rem / 3600, (rem % 3600) / 60)
}

/// Inverse of days-since-epoch (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    #[test]
    fn formats() {
        assert_eq!(super::format_ms(0.0), "01/01/1970 00:00");
        assert_eq!(super::format_ms(1_711_400_700_000.0), "25/03/2024 21:05");
    }
}
