//! `replica`: the reference `ReplicationReplicaClient`, polled until a condition holds.

use std::io::{BufRead, Write};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use serde_json::json;
use shardmap::config::{ReplicationConfig, ReplicationRole};
use shardmap::replication::ReplicationReplicaClient;

use crate::args::{Args, CliError, CliResult, failed};
use crate::bench::ProgressPrinter;
use crate::digest::{digest, join_u64};
use crate::json::u64_array;

const POLL: Duration = Duration::from_millis(25);

struct State {
    keys: usize,
    digest: String,
    watermarks: Vec<u64>,
}

fn observe(client: &ReplicationReplicaClient) -> State {
    // Copy out under the lock, hash outside it (the lock also guards the apply path).
    let (entries, watermarks) = {
        let replica = client.replica();
        let guard = replica.lock();
        (guard.inner().entry_snapshot(), guard.watermarks().as_slice().to_vec())
    };
    let (digest, keys) = digest(entries);
    State {
        keys,
        digest,
        watermarks,
    }
}

/// The applied watermarks only: cheap, unlike [`observe`].
fn watermarks(client: &ReplicationReplicaClient) -> Vec<u64> {
    client.replica().lock().watermarks().as_slice().to_vec()
}

struct Conditions {
    until_keys: Option<usize>,
    until_digest: Option<String>,
    until_quiet: Option<Duration>,
}

struct Progress {
    initial: Vec<u64>,
    last: Vec<u64>,
    last_change: Instant,
    moved: bool,
}

impl Progress {
    fn new(initial: Vec<u64>) -> Self {
        Self {
            last: initial.clone(),
            initial,
            last_change: Instant::now(),
            moved: false,
        }
    }

    fn update(&mut self, watermarks: &[u64]) {
        if watermarks != self.last.as_slice() {
            self.last = watermarks.to_vec();
            self.last_change = Instant::now();
        }
        if watermarks != self.initial.as_slice() {
            self.moved = true;
        }
    }
}

impl Conditions {
    /// All given conditions must hold; with none given the condition is trivially true.
    fn hold(&self, state: &State, progress: &Progress) -> bool {
        if let Some(n) = self.until_keys
            && state.keys < n
        {
            return false;
        }
        if let Some(hex) = &self.until_digest
            && !state.digest.eq_ignore_ascii_case(hex)
        {
            return false;
        }
        if let Some(quiet) = self.until_quiet
            && !(progress.moved && progress.last_change.elapsed() >= quiet)
        {
            return false;
        }
        true
    }
}

fn final_line(state: &State, reached: bool) -> String {
    json!({
        "keys": state.keys,
        "watermarks": u64_array(&state.watermarks),
        "digest": state.digest,
        "reached": reached,
    })
    .to_string()
}

pub fn run(args: &Args) -> CliResult<u8> {
    let of = args.required("--of")?;
    let conditions = Conditions {
        until_keys: args.parsed("--until-keys")?,
        until_digest: args.string("--until-digest"),
        until_quiet: args
            .parsed::<u64>("--until-quiet-ms")?
            .map(Duration::from_millis),
    };
    let timeout = Duration::from_secs_f64(args.parsed_or("--timeout", 30.0f64)?);
    let stdin_commands = args.switch("--stdin-commands");

    let config = ReplicationConfig {
        enabled: true,
        role: ReplicationRole::Replica,
        replica_of: Some(of),
        auth_token: args.string("--token"),
        ..ReplicationConfig::default()
    };
    let progress_period = match args.parsed::<u64>("--progress-ms")? {
        None => None,
        Some(0) => return Err(CliError::Usage("--progress-ms must be at least 1".into())),
        Some(ms) => Some(Duration::from_millis(ms)),
    };
    let client =
        ReplicationReplicaClient::start(config).map_err(failed("cannot start the replica"))?;
    let progress = progress_period.map(|period| ProgressPrinter::start(&client, period));

    let code = if stdin_commands {
        run_commands(&client, &conditions, progress)
    } else {
        run_until(&client, &conditions, timeout, progress)
    };
    client.shutdown().map_err(failed("replica shutdown"))?;
    code
}

fn run_until(
    client: &ReplicationReplicaClient,
    conditions: &Conditions,
    timeout: Duration,
    mut printer: Option<ProgressPrinter>,
) -> CliResult<u8> {
    let started = Instant::now();
    let mut state = observe(client);
    let mut progress = Progress::new(state.watermarks.clone());
    loop {
        progress.update(&state.watermarks);
        let reached = conditions.hold(&state, &progress);
        if reached || started.elapsed() >= timeout {
            // the JSON line is the last one
            if let Some(printer) = printer.take() {
                printer.stop();
            }
            println!("{}", final_line(&state, reached));
            return Ok(if reached { 0 } else { 1 });
        }
        std::thread::sleep(POLL);
        state = observe(client);
    }
}

/// `--stdin-commands`: runs until `quit` (or EOF), answering `digest` and `watermarks`.
/// The final JSON line reports whether the `--until-*` conditions hold at that moment.
/// Between commands it only looks at the watermarks: digesting the whole store at every poll
/// would cost the replica more CPU than applying (and the benchmark measures that CPU).
fn run_commands(
    client: &ReplicationReplicaClient,
    conditions: &Conditions,
    mut printer: Option<ProgressPrinter>,
) -> CliResult<u8> {
    let (tx, rx) = mpsc::channel::<String>();
    std::thread::spawn(move || {
        for line in std::io::stdin().lock().lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut progress = Progress::new(watermarks(client));
    loop {
        let command = match rx.recv_timeout(POLL) {
            Ok(line) => Some(line),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => Some("quit".to_string()),
        };
        progress.update(&watermarks(client));
        let Some(command) = command else { continue };
        let answer = match command.trim() {
            "" => continue,
            "digest" => {
                let state = observe(client);
                format!("DIGEST {} {}", state.digest, state.keys)
            }
            "watermarks" => format!("WATERMARKS {}", join_u64(&watermarks(client))),
            "quit" => {
                let state = observe(client);
                progress.update(&state.watermarks);
                let reached = conditions.hold(&state, &progress);
                // the JSON line is the last one
                if let Some(printer) = printer.take() {
                    printer.stop();
                }
                let mut stdout = std::io::stdout().lock();
                writeln!(stdout, "{}", final_line(&state, reached)).map_err(failed("stdout"))?;
                stdout.flush().map_err(failed("stdout"))?;
                return Ok(if reached { 0 } else { 1 });
            }
            other => format!("ERR unknown command `{other}`"),
        };
        let mut stdout = std::io::stdout().lock();
        writeln!(stdout, "{answer}").map_err(failed("stdout"))?;
        stdout.flush().map_err(failed("stdout"))?;
    }
}
