//! The build date that dated outputs carry (the PDF's cover and metadata, the
//! EPUB's `dcterms:modified` and zip entries): SOURCE_DATE_EPOCH when set, so
//! that builds are reproducible, else the current time.

use thiserror::Error;

#[derive(Debug, Error)]
#[error("SOURCE_DATE_EPOCH is not a number of seconds between the years 0 and 9999: {0:?}")]
pub struct EpochError(String);

/// The dates the formats can write: four-digit years.
const EARLIEST: i64 = -62_167_219_200; // 0000-01-01T00:00:00Z
const LATEST: i64 = 253_402_300_799; // 9999-12-31T23:59:59Z

/// Seconds since 1970-01-01 UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuildDate(pub i64);

/// A calendar date and time of day, UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Civil {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl BuildDate {
    /// SOURCE_DATE_EPOCH when set (an empty value counts as unset), else now.
    pub fn from_env() -> Result<BuildDate, EpochError> {
        match std::env::var("SOURCE_DATE_EPOCH") {
            Ok(value) if !value.trim().is_empty() => match value.trim().parse() {
                Ok(seconds) if (EARLIEST..=LATEST).contains(&seconds) => Ok(BuildDate(seconds)),
                _ => Err(EpochError(value)),
            },
            _ => Ok(BuildDate(
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_secs() as i64),
            )),
        }
    }

    /// The proleptic Gregorian calendar date, UTC.
    pub fn civil(self) -> Civil {
        let days = self.0.div_euclid(86_400);
        let seconds = self.0.rem_euclid(86_400);
        // Days since 0000-03-01, in 400-year eras of 146,097 days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let day_of_era = z.rem_euclid(146_097);
        let year_of_era =
            (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let month_index = (5 * day_of_year + 2) / 153;
        let day = (day_of_year - (153 * month_index + 2) / 5 + 1) as u32;
        let month = if month_index < 10 {
            month_index + 3
        } else {
            month_index - 9
        } as u32;
        Civil {
            year: year_of_era + era * 400 + i64::from(month <= 2),
            month,
            day,
            hour: (seconds / 3600) as u32,
            minute: (seconds / 60 % 60) as u32,
            second: (seconds % 60) as u32,
        }
    }

    /// "25 November 2026", for people.
    pub fn long(self) -> String {
        let c = self.civil();
        format!("{} {} {}", c.day, MONTHS[c.month as usize - 1], c.year)
    }

    /// "D:20261125083000Z", a PDF date.
    pub fn pdf(self) -> String {
        let c = self.civil();
        format!(
            "D:{:04}{:02}{:02}{:02}{:02}{:02}Z",
            c.year, c.month, c.day, c.hour, c.minute, c.second
        )
    }

    /// "2026-11-25T08:30:00Z", the W3C form EPUB's `dcterms:modified` requires.
    pub fn iso(self) -> String {
        let c = self.civil();
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            c.year, c.month, c.day, c.hour, c.minute, c.second
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_utc_calendar_dates() {
        assert_eq!(BuildDate(0).iso(), "1970-01-01T00:00:00Z");
        assert_eq!(BuildDate(951_782_400).pdf(), "D:20000229000000Z");
        assert_eq!(BuildDate(1_795_600_000).long(), "25 November 2026");
        assert_eq!(BuildDate(-1).pdf(), "D:19691231235959Z");
        assert_eq!(BuildDate(1_795_606_245).iso(), "2026-11-25T11:30:45Z");
        assert_eq!(BuildDate(EARLIEST).iso(), "0000-01-01T00:00:00Z");
        assert_eq!(BuildDate(LATEST).iso(), "9999-12-31T23:59:59Z");
    }
}
