//! Minimal `--flag value` / `--switch` argument parsing (no extra dependency).

use std::collections::HashMap;
use std::str::FromStr;

#[derive(Debug)]
pub enum CliError {
    /// Bad command line: exit code 2.
    Usage(String),
    /// Runtime failure: exit code 1.
    Failed(String),
}

pub type CliResult<T> = Result<T, CliError>;

pub fn failed<E: std::fmt::Display>(context: &str) -> impl FnOnce(E) -> CliError + '_ {
    move |error| CliError::Failed(format!("{context}: {error}"))
}

/// Flags that take no value.
const SWITCHES: &[&str] = &["--stdin-commands"];

#[derive(Debug, Default)]
pub struct Args {
    values: HashMap<String, String>,
    switches: Vec<String>,
}

impl Args {
    pub fn parse(argv: &[String]) -> CliResult<Self> {
        let mut args = Args::default();
        let mut i = 0;
        while i < argv.len() {
            let flag = &argv[i];
            if !flag.starts_with("--") {
                return Err(CliError::Usage(format!("unexpected argument `{flag}`")));
            }
            if let Some((name, value)) = flag.split_once('=') {
                args.values.insert(name.to_string(), value.to_string());
                i += 1;
                continue;
            }
            if SWITCHES.contains(&flag.as_str()) {
                args.switches.push(flag.clone());
                i += 1;
                continue;
            }
            let Some(value) = argv.get(i + 1) else {
                return Err(CliError::Usage(format!("missing value for `{flag}`")));
            };
            args.values.insert(flag.clone(), value.clone());
            i += 2;
        }
        Ok(args)
    }

    pub fn switch(&self, name: &str) -> bool {
        self.switches.iter().any(|s| s == name)
    }

    pub fn string(&self, name: &str) -> Option<String> {
        self.values.get(name).cloned()
    }

    pub fn required(&self, name: &str) -> CliResult<String> {
        self.string(name)
            .ok_or_else(|| CliError::Usage(format!("`{name}` is required")))
    }

    pub fn parsed<T: FromStr>(&self, name: &str) -> CliResult<Option<T>> {
        match self.values.get(name) {
            None => Ok(None),
            Some(raw) => raw
                .parse::<T>()
                .map(Some)
                .map_err(|_| CliError::Usage(format!("invalid value `{raw}` for `{name}`"))),
        }
    }

    pub fn parsed_or<T: FromStr>(&self, name: &str, default: T) -> CliResult<T> {
        Ok(self.parsed(name)?.unwrap_or(default))
    }
}
