//! JSON helpers for the vectors schema: u64 values above 2^53 are written as decimal strings
//! (JavaScript/Jackson-safe) and both forms are accepted on input.

use serde_json::Value;

const MAX_SAFE: u64 = 1 << 53;

pub fn u64_value(v: u64) -> Value {
    if v > MAX_SAFE {
        Value::String(v.to_string())
    } else {
        Value::from(v)
    }
}

pub fn u64_array(values: &[u64]) -> Value {
    Value::Array(values.iter().copied().map(u64_value).collect())
}

pub fn opt_u64_value(v: Option<u64>) -> Value {
    v.map(u64_value).unwrap_or(Value::Null)
}

pub fn as_u64(v: &Value, what: &str) -> Result<u64, String> {
    match v {
        Value::Number(n) => n
            .as_u64()
            .ok_or_else(|| format!("{what}: `{n}` is not an unsigned 64-bit integer")),
        Value::String(s) => s
            .parse::<u64>()
            .map_err(|_| format!("{what}: `{s}` is not an unsigned 64-bit integer")),
        other => Err(format!("{what}: expected a number, got {other}")),
    }
}

pub fn field<'a>(obj: &'a Value, name: &str, ctx: &str) -> Result<&'a Value, String> {
    obj.get(name)
        .ok_or_else(|| format!("{ctx}: missing field `{name}`"))
}

pub fn get_u64(obj: &Value, name: &str, ctx: &str) -> Result<u64, String> {
    as_u64(field(obj, name, ctx)?, &format!("{ctx}.{name}"))
}

pub fn get_opt_u64(obj: &Value, name: &str, ctx: &str) -> Result<Option<u64>, String> {
    match obj.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => as_u64(v, &format!("{ctx}.{name}")).map(Some),
    }
}

pub fn get_u64_array(obj: &Value, name: &str, ctx: &str) -> Result<Vec<u64>, String> {
    match field(obj, name, ctx)? {
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| as_u64(v, &format!("{ctx}.{name}[{i}]")))
            .collect(),
        other => Err(format!("{ctx}.{name}: expected an array, got {other}")),
    }
}

pub fn get_str<'a>(obj: &'a Value, name: &str, ctx: &str) -> Result<&'a str, String> {
    field(obj, name, ctx)?
        .as_str()
        .ok_or_else(|| format!("{ctx}.{name}: expected a string"))
}

pub fn get_bool(obj: &Value, name: &str, ctx: &str) -> Result<bool, String> {
    field(obj, name, ctx)?
        .as_bool()
        .ok_or_else(|| format!("{ctx}.{name}: expected a boolean"))
}
