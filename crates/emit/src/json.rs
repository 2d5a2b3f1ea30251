//! A JSON writer into a byte vector, byte for byte what `serde_json::to_writer` and
//! `serde_json::to_writer_pretty` write.
//!
//! Why not serde_json itself: its string escaping looks every byte up in a table, one at a
//! time (`format_escaped_str`, about 5 % of a text conversion's instructions); the
//! documents' strings are long Japanese texts in which nothing needs escaping, and
//! [`string`] skips them 16 bytes per test. serde_json's `Formatter` has no hook for that
//! scan. Integers are written in plain decimal, as serde_json writes them (tested against
//! it); floats and 128-bit integers by serde_json itself, so their text cannot differ.

use std::fmt;

use serde::ser::{self, Serialize};

/// Why a value cannot be written as JSON (a map key that is not a string or a number, or
/// a message from a type's own `Serialize`).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Error(String);

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

/// Append `value` as compact JSON (`pretty`: false) or as serde_json's pretty form (two
/// spaces per level, `": "` after keys).
pub fn write<T: Serialize + ?Sized>(
    out: &mut Vec<u8>,
    value: &T,
    pretty: bool,
) -> Result<(), Error> {
    value.serialize(&mut Writer {
        out,
        pretty,
        indent: 0,
    })
}

struct Writer<'a> {
    out: &'a mut Vec<u8>,
    pretty: bool,
    /// Nesting depth, for the pretty form.
    indent: usize,
}

impl<'a> Writer<'a> {
    fn newline(&mut self) {
        self.out.push(b'\n');
        for _ in 0..self.indent {
            self.out.extend_from_slice(b"  ");
        }
    }

    fn open<'w>(&'w mut self, bracket: u8) -> Compound<'w, 'a> {
        self.indent += 1;
        self.out.push(bracket);
        Compound {
            w: self,
            first: true,
        }
    }

    /// `{"variant":` of a tuple or struct variant, whose array or object follows; its
    /// `end` closes both ([`Compound::close_variant`]).
    fn open_variant(&mut self, variant: &str) {
        let mut obj = self.open(b'{');
        obj.key(variant);
    }

    /// A number, written by serde_json.
    fn by_serde_json<T: Serialize>(&mut self, v: T) -> Result<(), Error> {
        serde_json::to_writer(&mut *self.out, &v).map_err(|e| Error(e.to_string()))
    }
}

/// An array or object being written.
struct Compound<'w, 'a> {
    w: &'w mut Writer<'a>,
    /// Nothing written in it yet.
    first: bool,
}

impl Compound<'_, '_> {
    /// Before an element or a key: the separator and, pretty, the line break.
    fn next(&mut self) {
        if !self.first {
            self.w.out.push(b',');
        }
        self.first = false;
        if self.w.pretty {
            self.w.newline();
        }
    }

    fn key(&mut self, key: &str) {
        self.next();
        string(self.w.out, key);
        self.w
            .out
            .extend_from_slice(if self.w.pretty { b": " } else { b":" });
    }

    fn close(self, bracket: u8) {
        self.w.indent -= 1;
        if self.w.pretty && !self.first {
            self.w.newline();
        }
        self.w.out.push(bracket);
    }
}

/// A byte that JSON strings must escape.
#[inline(always)]
fn escaped(x: u8) -> bool {
    (x < 0x20) | (x == b'"') | (x == b'\\')
}

/// Whether no byte of `b` needs an escape, tested eight bytes at a time in a `u64` with
/// no branch per byte (a byte table, as serde_json looks bytes up, costs a load and a
/// branch each).
fn clean(b: &[u8]) -> bool {
    let mut words = b.chunks_exact(8);
    let mut dirty = 0u64;
    for w in &mut words {
        let mut word = [0u8; 8];
        word.copy_from_slice(w);
        dirty |= escapes(u64::from_le_bytes(word));
    }
    // The tail, padded with spaces (which need no escape).
    let tail = words.remainder();
    let mut word = [b' '; 8];
    word[..tail.len()].copy_from_slice(tail);
    dirty |= escapes(u64::from_le_bytes(word));
    dirty == 0
}

/// Non-zero when a byte of the eight in `v` is a control, `"` or `\\`. The classic tests
/// for "a byte below n" and "a zero byte" (exact as to whether there is one).
#[inline(always)]
fn escapes(v: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let below = |x: u64, n: u64| x.wrapping_sub(ONES * n) & !x & HIGH;
    below(v, 0x20)
        | below(v ^ (ONES * u64::from(b'"')), 1)
        | below(v ^ (ONES * u64::from(b'\\')), 1)
}

/// `s` as a JSON string, escaped as serde_json escapes (`\"`, `\\`, `\b`, `\f`, `\n`, `\r`,
/// `\t`, other controls as `\u00xx`; nothing else).
fn string(out: &mut Vec<u8>, s: &str) {
    let b = s.as_bytes();
    out.reserve(b.len() + 2);
    out.push(b'"');
    if clean(b) {
        out.extend_from_slice(b);
    } else {
        // `b[start..i]` needs no escape and is not written yet.
        let mut start = 0;
        for (i, &x) in b.iter().enumerate() {
            if escaped(x) {
                out.extend_from_slice(&b[start..i]);
                escape(out, x);
                start = i + 1;
            }
        }
        out.extend_from_slice(&b[start..]);
    }
    out.push(b'"');
}

/// `v` in decimal, as serde_json (`itoa`) writes an unsigned integer.
// Line numbers are most of a document's numbers; serde_json's writer costs a serializer
// and an `io::Write` call per number.
fn uint(out: &mut Vec<u8>, mut v: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[i..]);
}

/// `v` in decimal, `-` before a negative number, as serde_json writes a signed integer.
fn int(out: &mut Vec<u8>, v: i64) {
    if v < 0 {
        out.push(b'-');
    }
    uint(out, v.unsigned_abs());
}

fn escape(out: &mut Vec<u8>, x: u8) {
    let short = match x {
        b'"' => b'"',
        b'\\' => b'\\',
        0x08 => b'b',
        0x0C => b'f',
        b'\n' => b'n',
        b'\r' => b'r',
        b'\t' => b't',
        _ => {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(b"\\u00");
            out.push(HEX[usize::from(x >> 4)]);
            out.push(HEX[usize::from(x & 0xF)]);
            return;
        }
    };
    out.push(b'\\');
    out.push(short);
}

impl<'w, 'a> ser::Serializer for &'w mut Writer<'a> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'w, 'a>;
    type SerializeTuple = Compound<'w, 'a>;
    type SerializeTupleStruct = Compound<'w, 'a>;
    type SerializeTupleVariant = Compound<'w, 'a>;
    type SerializeMap = Compound<'w, 'a>;
    type SerializeStruct = Compound<'w, 'a>;
    type SerializeStructVariant = Compound<'w, 'a>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.out
            .extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        int(self.out, i64::from(v));
        Ok(())
    }
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        int(self.out, i64::from(v));
        Ok(())
    }
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        int(self.out, i64::from(v));
        Ok(())
    }
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        int(self.out, v);
        Ok(())
    }
    fn serialize_i128(self, v: i128) -> Result<(), Error> {
        self.by_serde_json(v)
    }
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        uint(self.out, u64::from(v));
        Ok(())
    }
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        uint(self.out, u64::from(v));
        Ok(())
    }
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        uint(self.out, u64::from(v));
        Ok(())
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        uint(self.out, v);
        Ok(())
    }
    fn serialize_u128(self, v: u128) -> Result<(), Error> {
        self.by_serde_json(v)
    }
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.by_serde_json(v)
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        self.by_serde_json(v)
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        string(self.out, v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        string(self.out, v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        let mut seq = self.open(b'[');
        for &x in v {
            seq.next();
            seq.w.by_serde_json(x)?;
        }
        seq.close(b']');
        Ok(())
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.out.extend_from_slice(b"null");
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        string(self.out, variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        let mut obj = self.open(b'{');
        obj.key(variant);
        value.serialize(&mut *obj.w)?;
        obj.close(b'}');
        Ok(())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'w, 'a>, Error> {
        Ok(self.open(b'['))
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'w, 'a>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Compound<'w, 'a>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'w, 'a>, Error> {
        self.open_variant(variant);
        Ok(self.open(b'['))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'w, 'a>, Error> {
        Ok(self.open(b'{'))
    }
    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<Compound<'w, 'a>, Error> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'w, 'a>, Error> {
        self.open_variant(variant);
        Ok(self.open(b'{'))
    }
}

impl Compound<'_, '_> {
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.next();
        value.serialize(&mut *self.w)
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), Error> {
        self.key(key);
        value.serialize(&mut *self.w)
    }

    /// The end of a variant's inner array or object, then of the object around it (see
    /// [`Writer::open_variant`]).
    fn close_variant(self, bracket: u8) {
        let w = &mut *self.w;
        Compound {
            w: &mut *w,
            first: self.first,
        }
        .close(bracket);
        Compound { w, first: false }.close(b'}');
    }
}

impl ser::SerializeSeq for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        self.close(b']');
        Ok(())
    }
}

impl ser::SerializeTuple for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        self.close(b']');
        Ok(())
    }
}

impl ser::SerializeTupleStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        self.close(b']');
        Ok(())
    }
}

impl ser::SerializeTupleVariant for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        self.close_variant(b']');
        Ok(())
    }
}

impl ser::SerializeMap for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.next();
        key.serialize(KeyWriter(&mut *self.w.out))?;
        self.w
            .out
            .extend_from_slice(if self.w.pretty { b": " } else { b":" });
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(&mut *self.w)
    }
    fn end(self) -> Result<(), Error> {
        self.close(b'}');
        Ok(())
    }
}

impl ser::SerializeStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.field(key, value)
    }
    fn end(self) -> Result<(), Error> {
        self.close(b'}');
        Ok(())
    }
}

impl ser::SerializeStructVariant for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.field(key, value)
    }
    fn end(self) -> Result<(), Error> {
        self.close_variant(b'}');
        Ok(())
    }
}

/// A map key: strings as they are, numbers and booleans quoted, as serde_json writes them.
struct KeyWriter<'a>(&'a mut Vec<u8>);

impl KeyWriter<'_> {
    fn quoted(self, text: &str) -> Result<(), Error> {
        string(self.0, text);
        Ok(())
    }

    fn number<T: Serialize>(self, v: T) -> Result<(), Error> {
        let text = serde_json::to_string(&v).map_err(|e| Error(e.to_string()))?;
        self.quoted(&text)
    }
}

fn key_error() -> Error {
    Error("key must be a string".to_string())
}

impl ser::Serializer for KeyWriter<'_> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = ser::Impossible<(), Error>;
    type SerializeTuple = ser::Impossible<(), Error>;
    type SerializeTupleStruct = ser::Impossible<(), Error>;
    type SerializeTupleVariant = ser::Impossible<(), Error>;
    type SerializeMap = ser::Impossible<(), Error>;
    type SerializeStruct = ser::Impossible<(), Error>;
    type SerializeStructVariant = ser::Impossible<(), Error>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.quoted(if v { "true" } else { "false" })
    }
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.number(v)
    }
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.number(v)
    }
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.number(v)
    }
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        self.number(v)
    }
    fn serialize_i128(self, v: i128) -> Result<(), Error> {
        self.number(v)
    }
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.number(v)
    }
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.number(v)
    }
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.number(v)
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.number(v)
    }
    fn serialize_u128(self, v: u128) -> Result<(), Error> {
        self.number(v)
    }
    fn serialize_f32(self, _v: f32) -> Result<(), Error> {
        Err(key_error())
    }
    fn serialize_f64(self, _v: f64) -> Result<(), Error> {
        Err(key_error())
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.quoted(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.quoted(v)
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result<(), Error> {
        Err(key_error())
    }
    fn serialize_none(self) -> Result<(), Error> {
        Err(key_error())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _value: &T) -> Result<(), Error> {
        Err(key_error())
    }
    fn serialize_unit(self) -> Result<(), Error> {
        Err(key_error())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        Err(key_error())
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.quoted(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), Error> {
        Err(key_error())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        Err(key_error())
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, Error> {
        Err(key_error())
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, Error> {
        Err(key_error())
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(key_error())
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Err(key_error())
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, Error> {
        Err(key_error())
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(key_error())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Serialize;

    use super::*;

    fn both<T: Serialize>(v: &T) {
        for pretty in [false, true] {
            let mut ours = Vec::new();
            write(&mut ours, v, pretty).unwrap();
            let theirs = if pretty {
                serde_json::to_vec_pretty(v).unwrap()
            } else {
                serde_json::to_vec(v).unwrap()
            };
            assert_eq!(
                String::from_utf8_lossy(&ours),
                String::from_utf8_lossy(&theirs),
                "pretty {pretty}"
            );
        }
    }

    #[derive(Serialize)]
    enum Shape {
        Unit,
        New(u8),
        Tuple(i32, String),
        EmptyTuple(),
        Struct { a: Option<u32>, b: Vec<u8> },
        EmptyStruct {},
    }

    #[derive(Serialize)]
    struct Outer {
        name: &'static str,
        #[serde(skip_serializing_if = "Option::is_none")]
        gone: Option<u8>,
        shapes: Vec<Shape>,
        empty: Vec<u8>,
        nested: Vec<Vec<u8>>,
        by_no: BTreeMap<u32, &'static str>,
        by_name: BTreeMap<String, Vec<()>>,
        pair: (i64, bool, char),
        unit: (),
        nothing: Option<String>,
        wide: (i128, u128, f64, f32, u64),
    }

    #[derive(Serialize)]
    struct Nothing {
        #[serde(skip_serializing_if = "Option::is_none")]
        gone: Option<u8>,
    }

    #[test]
    fn every_shape_is_written_as_serde_json_writes_it() {
        both(&Outer {
            name: "実施項目",
            gone: None,
            shapes: vec![
                Shape::Unit,
                Shape::New(7),
                Shape::Tuple(-3, "x".into()),
                Shape::EmptyTuple(),
                Shape::Struct {
                    a: Some(1),
                    b: vec![],
                },
                Shape::Struct {
                    a: None,
                    b: vec![1, 2],
                },
                Shape::EmptyStruct {},
            ],
            empty: vec![],
            nested: vec![vec![], vec![1], vec![]],
            by_no: BTreeMap::from([(1, "a"), (20, "b")]),
            by_name: BTreeMap::from([("".into(), vec![]), ("k\"ey".into(), vec![(), ()])]),
            pair: (i64::MIN, true, '\n'),
            unit: (),
            nothing: None,
            wide: (i128::MIN, u128::MAX, 0.1, 1e-7, u64::MAX),
        });
        both(&Nothing { gone: None });
        both(&Vec::<Nothing>::new());
        both(&serde_json::json!({"b": [1, {"c": {}}, []], "a": null, "z": 1.5}));
    }

    #[test]
    fn integers_are_written_as_serde_json_writes_them() {
        let mut v: Vec<i64> = vec![0, 1, -1, 9, 10, -10, 99, 100, i64::MIN, i64::MAX];
        v.extend((0..19).map(|k| 10i64.pow(k) - 1));
        v.extend((0..19).map(|k| -(10i64.pow(k))));
        both(&v);
        both(&[0u64, 1, 10, u64::MAX, u64::MAX / 10]);
        both(&(i8::MIN, i16::MIN, i32::MIN, u8::MAX, u16::MAX, u32::MAX));
    }

    #[test]
    fn clean_finds_every_byte_to_escape_at_every_offset() {
        // Fillers that need no escape, next to the three kinds that do (a borrow from a
        // byte below 0x20 must not hide or invent a neighbour).
        for filler in [0x20u8, 0x21, 0x23, 0x5B, 0x5D, 0x7F, 0x80, 0xA1, 0xE3, 0xFF] {
            for len in 0..20 {
                let mut b = vec![filler; len];
                assert!(clean(&b), "{filler:#x} {len}");
                for at in 0..len {
                    for x in 0..=255u8 {
                        b[at] = x;
                        assert_eq!(clean(&b), !escaped(x), "{filler:#x} {len} {at} {x:#x}");
                    }
                    b[at] = filler;
                }
            }
        }
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let mut texts: Vec<String> = (0u8..0x80).map(|b| char::from(b).to_string()).collect();
        texts.extend(
            [
                "",
                "実施項目",
                "a\"b\\c",
                "\u{7F}\u{2028}\u{FEFF}😀",
                "改行\nの後\tに\r\u{1}\u{1F}",
            ]
            .map(String::from),
        );
        // Escapes at every offset of a block and across block edges.
        for n in 0..40 {
            for e in ["\"", "\\", "\n", "\u{0}", "漢"] {
                texts.push(format!("{}{e}{}", "あa".repeat(n), "字".repeat(n % 7)));
            }
        }
        for t in &texts {
            both(t);
        }
        both(&texts);
    }
}
