#!/usr/bin/env python3
"""Writes the seed corpus of every fuzz target into fuzz/corpus/<target>/ (gitignored), from the
labelled texts in tests/corpus/*.jsonl, the scripted conversations in tests/conversations/*.toml
and the example export in examples/, and a libFuzzer dictionary fuzz/corpus/vigie.dict: every
word of the rule packs (rules/*.toml) plus the characters and fragments the normaliser, the
export parser and the extractors treat specially. Run at fuzzing time by run.sh; idempotent
(files are named by their SHA-1, as libFuzzer names the inputs it adds)."""

import datetime
import hashlib
import json
import os
import pathlib
import re
import struct
import sys
import tomllib

FUZZ = pathlib.Path(__file__).resolve().parent
ROOT = FUZZ.parent
RS = b"\x1e"  # message separator of the conversation target


def write(target, data):
    d = FUZZ / "corpus" / target
    d.mkdir(parents=True, exist_ok=True)
    (d / hashlib.sha1(data).hexdigest()).write_bytes(data)


def option_bytes(i):
    """Sensitivity byte then minor-mode byte (see OptionBytes in fuzz/src/lib.rs)."""
    return bytes([i % 3, (i // 3) % 2])


def meta(msg_id, direction, time_ms):
    """The Meta of the conversation target: id, direction (0 in, 1 out), Option<f64> time (a flag
    byte, then 8 little-endian bytes, as `arbitrary` reads them), sender flag."""
    out = bytes([msg_id % 256, direction])
    out += b"\x00" if time_ms is None else b"\x01" + struct.pack("<d", float(time_ms))
    return out + b"\x01"


# Characters and fragments with a meaning of their own (see src/text/fold.rs, src/chat/,
# src/extract/): invisible and bidi controls, combining marks, look-alikes, emoji, export headers,
# identifier shapes, and the message separator of the conversation target.
SPECIAL = [
    "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202a", "\u202c", "\u202e", "\u2066", "\ufeff", "\u00ad",
    "\u0301", "\u0308", "\u0327", "\u202f", "\u00a0", "\u3000", "\r\n", "\u2028", "\u0085",
    "\u0430", "\u0435", "\u043e", "\u0440", "\u0441", "\u03bf", "\u0432", "\uff57", "\U0001d42f", "\u00df", "\u0153", "\u00e6", "\u00fe",
    "\U0001f4f9", "\U0001f92b", "\U0001f4b0", "\U0001f351", "\U0001f346", "\U0001f468\u200d\U0001f469\u200d\U0001f467", "\ufffd",
    "12/03/2024, 21:15 - ", "[12/03/2024, 21:15:30] ", "3/25/24, 9:05 PM - ", "12.03.24 21:15 - ", "02/11/2026 \u00e0 20:02 - ",
    "\u200e[", " AM", " p.m.", ": ", " - ",
    "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
    "https://", "http://", "@mail.example", ".fr", "+225 07 48 12 33 90", "06 12 34 56 78", "4829 1038 5521 0047",
    "\u20ac", "$", "\u00a3", " euros", " BTC", " FCFA", "MTCN ", "PCS ", "Neosurf", "paysafecard", "coupon ",
    "<num>", "0", "1", "3", "4", "@", "!", "|", "\x1e",
]


def dictionary():
    """Every word of the rule packs and aliases, plus SPECIAL, as a libFuzzer dictionary."""
    words = set()
    for path in sorted((ROOT / "rules").glob("*.toml")):
        if path.stem == "explanations":
            continue
        pack = tomllib.loads(path.read_text(encoding="utf-8"))
        words.update(pack.get("aliases", {}))
        for rule in pack.get("rule", []):
            for pattern in rule.get("patterns", []):
                words.update(w.rstrip("*") for w in re.split(r"[\s()|]+", pattern) if w and not w.startswith("~") and w != "<num>")
    entries = sorted(words) + SPECIAL
    out = []
    for e in entries:
        b = e.encode("utf-8")
        if 0 < len(b) <= 64:  # libFuzzer's longest dictionary entry
            out.append('"' + "".join(chr(c) if 0x20 <= c < 0x7F and c not in (0x22, 0x5C) else f"\\x{c:02x}" for c in b) + '"')
    (FUZZ / "corpus").mkdir(exist_ok=True)
    (FUZZ / "corpus" / "vigie.dict").write_text("\n".join(out) + "\n", encoding="ascii")
    return len(out)


def long_seeds(texts):
    """One input past MAX_TEXT_BYTES per target (see main)."""
    long = ("\n".join(texts) * 40).encode("utf-8")[: 66_000 - 1] + "é".encode("utf-8")[:1]
    for target in ("message", "identifiers", "parse_export"):
        write(target, long)
    write("message_utf8", option_bytes(0) + long[:-1])
    write("conversation", option_bytes(0) + meta(0, 0, None) + long)


def main():
    texts = []
    for path in sorted((ROOT / "tests" / "corpus").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(json.loads(line)["text"])
    conversations = []
    for path in sorted((ROOT / "tests" / "conversations").glob("*.toml")):
        conv = tomllib.loads(path.read_text(encoding="utf-8"))
        conversations.append([(m.get("from", "in"), m.get("minute"), m["text"]) for m in conv.get("message", [])])

    for i, t in enumerate(texts):
        b = t.encode("utf-8")
        write("message", b)
        write("identifiers", b)
        write("message_utf8", option_bytes(i) + b)

    base = 1_764_000_000_000  # 2025-11-24, in milliseconds
    start = datetime.datetime(2026, 11, 2, 20, 0)
    for i, conv in enumerate(conversations):
        records = [meta(n, 1 if d == "out" else 0, None if m is None else base + m * 60_000) + t.encode("utf-8") for n, (d, m, t) in enumerate(conv)]
        write("conversation", option_bytes(i) + RS.join(records))
        # The same conversation as WhatsApp Android and iOS exports, and as named lines.
        android, ios, named = [], [], []
        for d, m, t in conv:
            name = "Moi" if d == "out" else "Alex"
            when = start + datetime.timedelta(minutes=m or 0)
            android.append(f"{when:%d/%m/%Y, %H:%M} - {name}: {t}")
            ios.append(f"[{when:%d/%m/%Y, %H:%M:%S}] {name}: {t}")
            named.append(f"{name}: {t}")
        for lines in (android, ios, named):
            write("parse_export", "\n".join(lines).encode("utf-8") + b"\n")
    # Corpus texts as conversations of five incoming messages without times, and as paragraphs.
    for i in range(0, len(texts), 5):
        chunk = texts[i : i + 5]
        write("conversation", option_bytes(i // 5) + RS.join(meta(n, 0, None) + t.encode("utf-8") for n, t in enumerate(chunk)))
        write("parse_export", "\n\n".join(chunk).encode("utf-8"))
    for path in sorted((ROOT / "examples").glob("*.txt")):
        write("parse_export", path.read_bytes())
    # Every pattern of the rule packs, for the rule_syntax target.
    for path in sorted((ROOT / "rules").glob("*.toml")):
        if path.stem == "explanations":
            continue
        for rule in tomllib.loads(path.read_text(encoding="utf-8")).get("rule", []):
            for pattern in rule.get("patterns", []):
                write("rule_syntax", pattern.encode("utf-8"))
    # With FUZZ_LONG=1, one input past MAX_TEXT_BYTES (64 KiB) per target, so the cut on a
    # character boundary, signals and identifiers near it, and time on long inputs are fuzzed:
    # every corpus text, repeated, to 66,000 bytes cut inside a character ("é"). Off by default:
    # the fuzzer then grows most inputs to that size and runs 5 to 30 times fewer of them.
    if os.environ.get("FUZZ_LONG") == "1":
        long_seeds(texts)

    print(f"seeds: dictionary: {dictionary()} entries", file=sys.stderr)
    for target in sorted(p.name for p in (FUZZ / "corpus").iterdir() if p.is_dir()):
        print(f"seeds: {target}: {len(list((FUZZ / 'corpus' / target).iterdir()))} inputs", file=sys.stderr)


if __name__ == "__main__":
    main()
