//! `vectors` (golden frames from the reference encoder) and `decode` (the reference decoder).

use std::io::{BufRead, Write};

use serde_json::{Map, Value, json};
use shardmap::ShardCacheError;
use shardmap::replication::{
    FrameKind, HelloRole, ReplicationCompressionMode, ReplicationHello, ReplicationMutation,
    ReplicationSnapshotChunk, ShardWatermarks, decode_ack, decode_error, decode_frame,
    decode_hello, decode_mutation_batch, decode_snapshot_chunk, encode_ack, encode_error,
    encode_frame, encode_hello, encode_mutation_batch, encode_snapshot_chunk,
};
use shardmap::storage::{MutationBytes, MutationOp, MutationRecord, StoredEntry};

use crate::args::{Args, CliError, CliResult, failed};
use crate::digest::{from_hex, to_hex};
use crate::json::{
    get_bool, get_opt_u64, get_str, get_u64, get_u64_array, opt_u64_value, u64_array, u64_value,
};

/// zstd level for compressed vectors (the reference default `zstd_level`).
const ZSTD_LEVEL: i32 = 3;
const DEFAULT_FILE: &str = "interop/vectors.json";

pub fn run_vectors(args: &Args) -> CliResult<u8> {
    let path = args.string("--file").unwrap_or_else(|| DEFAULT_FILE.to_string());
    let text = std::fs::read_to_string(&path).map_err(failed(&format!("cannot read {path}")))?;
    let doc: Value = serde_json::from_str(&text).map_err(failed(&format!("invalid JSON in {path}")))?;
    let Value::Array(items) = doc else {
        return Err(CliError::Failed(format!("{path}: expected a JSON array")));
    };
    let mut stdout = std::io::stdout().lock();
    for (index, item) in items.iter().enumerate() {
        let name = item
            .get("name")
            .and_then(Value::as_str)
            .map(str::to_string)
            .unwrap_or_else(|| format!("#{index}"));
        let frame = encode_vector(item, &name).map_err(CliError::Failed)?;
        writeln!(stdout, "{name} {}", to_hex(&frame)).map_err(failed("stdout"))?;
    }
    stdout.flush().map_err(failed("stdout"))?;
    Ok(0)
}

fn kind_of(name: &str) -> Result<FrameKind, String> {
    Ok(match name {
        "Hello" => FrameKind::Hello,
        "SnapshotBegin" => FrameKind::SnapshotBegin,
        "SnapshotChunk" => FrameKind::SnapshotChunk,
        "SnapshotEnd" => FrameKind::SnapshotEnd,
        "MutationBatch" => FrameKind::MutationBatch,
        "Ack" => FrameKind::Ack,
        "Error" => FrameKind::Error,
        other => return Err(format!("unknown kind `{other}`")),
    })
}

fn hex_field(obj: &Value, field: &str, ctx: &str) -> Result<Vec<u8>, String> {
    from_hex(get_str(obj, field, ctx)?).map_err(|e| format!("{ctx}.{field}: {e}"))
}

/// The optional `governance` (hex) of a record or entry: null or absent for a plain one.
fn governance_field(obj: &Value, ctx: &str) -> Result<Option<Vec<u8>>, String> {
    match obj.get("governance") {
        None | Some(Value::Null) => Ok(None),
        Some(_) => hex_field(obj, "governance", ctx).map(Some),
    }
}

/// 0.1.0 has no governance dialect: a governed vector is an error, never a silently plain frame.
#[cfg(not(feature = "shardmap-0-7"))]
fn refuse_governance(governance: Option<Vec<u8>>, ctx: &str) -> Result<(), String> {
    match governance {
        None => Ok(()),
        Some(_) => Err(format!(
            "{ctx}.governance: {} cannot encode governance metadata (use the shardmap 0.7.1 peer)",
            crate::REFERENCE_CRATE
        )),
    }
}

/// Adds `"governance": hex` to a decoded record or entry that has metadata (0.7.1 only).
#[cfg(feature = "shardmap-0-7")]
fn with_governance(mut obj: Value, governance: Option<&[u8]>) -> Value {
    if let Some(governance) = governance {
        obj["governance"] = Value::from(to_hex(governance));
    }
    obj
}

/// Builds the payload with the reference payload encoder, then the frame with the reference
/// frame encoder (`encode_frame`), zstd level 3 when `"compressed": true`.
fn encode_vector(item: &Value, name: &str) -> Result<Vec<u8>, String> {
    let kind = kind_of(get_str(item, "kind", name)?)?;
    let compressed = item.get("compressed").and_then(Value::as_bool).unwrap_or(false);
    let payload = match kind {
        FrameKind::Hello => {
            let version = get_u64(item, "version", name)?;
            let version =
                u8::try_from(version).map_err(|_| format!("{name}.version: out of range"))?;
            let role = match get_u64(item, "role", name)? {
                1 => HelloRole::Replica,
                2 => HelloRole::ServiceSubscriber,
                other => return Err(format!("{name}.role: the encoder has no role {other}")),
            };
            let auth_token = match item.get("token") {
                None | Some(Value::Null) => None,
                Some(Value::String(s)) => Some(s.clone()),
                Some(other) => return Err(format!("{name}.token: expected string or null, got {other}")),
            };
            let since = match item.get("since") {
                None | Some(Value::Null) => None,
                Some(_) => Some(ShardWatermarks::from_vec(get_u64_array(item, "since", name)?)),
            };
            encode_hello(&ReplicationHello {
                version,
                role,
                auth_token,
                since,
            })
        }
        FrameKind::SnapshotBegin | FrameKind::SnapshotEnd | FrameKind::Ack => {
            encode_ack(&ShardWatermarks::from_vec(get_u64_array(item, "watermarks", name)?))
        }
        FrameKind::Error => encode_error(get_str(item, "message", name)?),
        FrameKind::MutationBatch => {
            let Some(Value::Array(records)) = item.get("records") else {
                return Err(format!("{name}: `records` must be an array"));
            };
            let mut mutations = Vec::with_capacity(records.len());
            for (i, record) in records.iter().enumerate() {
                let ctx = format!("{name}.records[{i}]");
                let op = match get_str(record, "op", &ctx)? {
                    "Set" => MutationOp::Set,
                    "Del" => MutationOp::Del,
                    "Expire" => MutationOp::Expire,
                    other => return Err(format!("{ctx}.op: unknown op `{other}`")),
                };
                let shard_id = usize::try_from(get_u64(record, "shard", &ctx)?)
                    .map_err(|_| format!("{ctx}.shard: out of range"))?;
                let governance = governance_field(record, &ctx)?;
                #[cfg(not(feature = "shardmap-0-7"))]
                refuse_governance(governance, &ctx)?;
                // `from_record` computes key_hash (XXH3-64) and key_tag from the key.
                mutations.push(ReplicationMutation::from_record(&MutationRecord {
                    shard_id,
                    sequence: get_u64(record, "seq", &ctx)?,
                    timestamp_ms: get_u64(record, "ts", &ctx)?,
                    op,
                    key: MutationBytes::from(hex_field(record, "key", &ctx)?),
                    value: MutationBytes::from(hex_field(record, "value", &ctx)?),
                    expire_at_ms: get_opt_u64(record, "expire", &ctx)?,
                    // a Set with metadata is encoded as op 4
                    #[cfg(feature = "shardmap-0-7")]
                    governance: governance.map(MutationBytes::from),
                }));
            }
            encode_mutation_batch(&mutations)
        }
        FrameKind::SnapshotChunk => {
            let Some(Value::Array(entries)) = item.get("entries") else {
                return Err(format!("{name}: `entries` must be an array"));
            };
            let mut stored = Vec::with_capacity(entries.len());
            for (i, entry) in entries.iter().enumerate() {
                let ctx = format!("{name}.entries[{i}]");
                let governance = governance_field(entry, &ctx)?;
                #[cfg(not(feature = "shardmap-0-7"))]
                refuse_governance(governance, &ctx)?;
                stored.push(StoredEntry {
                    key: hex_field(entry, "key", &ctx)?,
                    value: hex_field(entry, "value", &ctx)?,
                    expire_at_ms: get_opt_u64(entry, "expire", &ctx)?,
                    #[cfg(feature = "shardmap-0-7")]
                    governance,
                });
            }
            encode_snapshot_chunk(&ReplicationSnapshotChunk {
                watermarks: ShardWatermarks::from_vec(get_u64_array(item, "watermarks", name)?),
                chunk_index: get_u64(item, "chunk_index", name)?,
                is_last: get_bool(item, "is_last", name)?,
                entries: stored,
            })
        }
    };
    let mode = if compressed {
        ReplicationCompressionMode::Zstd
    } else {
        ReplicationCompressionMode::None
    };
    encode_frame(kind, mode, ZSTD_LEVEL, &payload).map_err(|e| format!("{name}: {}", error_text(&e)))
}

/// The reference's error message (without the `protocol error: ` prefix of its Display).
fn error_text(error: &ShardCacheError) -> String {
    match error {
        ShardCacheError::Protocol(message) => message.clone(),
        other => other.to_string(),
    }
}

pub fn run_decode() -> CliResult<u8> {
    let stdin = std::io::stdin();
    let mut stdout = std::io::stdout().lock();
    for line in stdin.lock().lines() {
        let line = line.map_err(failed("stdin"))?;
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let (name, hex) = match line.split_once(char::is_whitespace) {
            Some((name, hex)) => (name, hex.trim()),
            None => (line, ""),
        };
        let out = match from_hex(hex) {
            Err(e) => json!({"name": name, "error": format!("invalid hex input: {e}")}),
            Ok(bytes) => match decode_vector(&bytes) {
                Ok(obj) => {
                    let mut ordered = Map::new();
                    ordered.insert("name".into(), Value::from(name));
                    ordered.extend(obj);
                    Value::Object(ordered)
                }
                Err(e) => json!({"name": name, "error": e}),
            },
        };
        writeln!(stdout, "{out}").map_err(failed("stdout"))?;
    }
    stdout.flush().map_err(failed("stdout"))?;
    Ok(0)
}

fn kind_name(kind: FrameKind) -> &'static str {
    match kind {
        FrameKind::Hello => "Hello",
        FrameKind::SnapshotBegin => "SnapshotBegin",
        FrameKind::SnapshotChunk => "SnapshotChunk",
        FrameKind::SnapshotEnd => "SnapshotEnd",
        FrameKind::MutationBatch => "MutationBatch",
        FrameKind::Ack => "Ack",
        FrameKind::Error => "Error",
    }
}

/// Reference decoder: `decode_frame` (header checks + zstd), then the payload decoder of the kind.
fn decode_vector(bytes: &[u8]) -> Result<Map<String, Value>, String> {
    let frame = decode_frame(bytes).map_err(|e| error_text(&e))?;
    let mut obj = Map::new();
    obj.insert("kind".into(), Value::from(kind_name(frame.kind)));
    obj.insert("compressed".into(), Value::from(frame.compressed));
    let payload = frame.payload.as_slice();
    match frame.kind {
        FrameKind::Hello => {
            let hello = decode_hello(payload).map_err(|e| error_text(&e))?;
            obj.insert("version".into(), Value::from(hello.version));
            let role = match hello.role {
                HelloRole::Replica => 1,
                HelloRole::ServiceSubscriber => 2,
            };
            obj.insert("role".into(), Value::from(role));
            obj.insert(
                "token".into(),
                hello.auth_token.map(Value::from).unwrap_or(Value::Null),
            );
            obj.insert(
                "since".into(),
                hello
                    .since
                    .map(|w| u64_array(w.as_slice()))
                    .unwrap_or(Value::Null),
            );
        }
        FrameKind::SnapshotBegin | FrameKind::SnapshotEnd | FrameKind::Ack => {
            let watermarks = decode_ack(payload).map_err(|e| error_text(&e))?;
            obj.insert("watermarks".into(), u64_array(watermarks.as_slice()));
        }
        FrameKind::Error => {
            let message = decode_error(payload).map_err(|e| error_text(&e))?;
            obj.insert("message".into(), Value::from(message));
        }
        FrameKind::MutationBatch => {
            let mutations = decode_mutation_batch(payload).map_err(|e| error_text(&e))?;
            let records: Vec<Value> = mutations
                .iter()
                .map(|m| {
                    let record = json!({
                        "shard": m.shard_id,
                        "seq": u64_value(m.sequence),
                        "ts": u64_value(m.timestamp_ms),
                        // The op enum is not re-exported by the crate; its Debug name is
                        // exactly Set / Del / Expire.
                        "op": format!("{:?}", m.op),
                        "key": to_hex(&m.key),
                        "value": to_hex(&m.value),
                        "expire": opt_u64_value(m.expire_at_ms),
                        "hash": format!("{:016x}", m.key_hash),
                        "tag": u64_value(m.key_tag),
                    });
                    #[cfg(feature = "shardmap-0-7")]
                    let record = with_governance(record, m.governance.as_deref());
                    record
                })
                .collect();
            obj.insert("records".into(), Value::Array(records));
        }
        FrameKind::SnapshotChunk => {
            let chunk = decode_snapshot_chunk(payload).map_err(|e| error_text(&e))?;
            obj.insert("chunk_index".into(), u64_value(chunk.chunk_index));
            obj.insert("is_last".into(), Value::from(chunk.is_last));
            obj.insert("watermarks".into(), u64_array(chunk.watermarks.as_slice()));
            let entries: Vec<Value> = chunk
                .entries
                .iter()
                .map(|e| {
                    let entry = json!({
                        "key": to_hex(&e.key),
                        "value": to_hex(&e.value),
                        "expire": opt_u64_value(e.expire_at_ms),
                    });
                    #[cfg(feature = "shardmap-0-7")]
                    let entry = with_governance(entry, e.governance.as_deref());
                    entry
                })
                .collect();
            obj.insert("entries".into(), Value::Array(entries));
        }
    }
    Ok(obj)
}
