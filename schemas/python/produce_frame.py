#!/usr/bin/env python3
"""Produce one image as a Frame to screening.frames.v1, using only Frame.avsc.

Needs Debian's python3-avro (1.11) for the Avro binary body and python3-confluent-kafka (1.7)
to send it. The single-object header (C3 01 + CRC-64-AVRO fingerprint) is written here because
python3-avro 1.11 has no fingerprint function, and its canonical_form keeps logical types as
{"type":"long"} where the specification (and Java) write "long", which would give the wrong
fingerprint.
"""

import argparse
import datetime
import io
import json
import os
import struct
import sys
import uuid

import avro.io
import avro.schema

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SCHEMA = os.path.join(HERE, "..", "src", "main", "avro", "Frame.avsc")
PRIMITIVES = {"null", "boolean", "int", "long", "float", "double", "bytes", "string"}
EMPTY64 = 0xC15D213AA4D7A795


def parsing_canonical_form(schema, namespace=None, seen=None):
    """The Avro specification's Parsing Canonical Form of a schema given as parsed JSON."""
    seen = set() if seen is None else seen
    if isinstance(schema, list):
        return "[" + ",".join(parsing_canonical_form(s, namespace, seen) for s in schema) + "]"
    if isinstance(schema, str):
        if schema in PRIMITIVES or "." in schema or not namespace:
            return json.dumps(schema)
        return json.dumps(namespace + "." + schema)
    kind = schema["type"]
    if kind in ("record", "error", "enum", "fixed"):
        name = schema["name"]
        if "." not in name:
            namespace = schema.get("namespace", namespace)
            name = namespace + "." + name if namespace else name
        else:
            namespace = name.rsplit(".", 1)[0]
        if name in seen:
            return json.dumps(name)
        seen.add(name)
        parts = ['"name":' + json.dumps(name), '"type":' + json.dumps(kind)]
        if kind == "enum":
            parts.append('"symbols":' + json.dumps(schema["symbols"], separators=(",", ":")))
        elif kind == "fixed":
            parts.append('"size":' + str(int(schema["size"])))
        else:
            fields = ('{"name":' + json.dumps(f["name"]) + ',"type":'
                      + parsing_canonical_form(f["type"], namespace, seen) + "}" for f in schema["fields"])
            parts.append('"fields":[' + ",".join(fields) + "]")
        return "{" + ",".join(parts) + "}"
    if kind == "array":
        return '{"type":"array","items":' + parsing_canonical_form(schema["items"], namespace, seen) + "}"
    if kind == "map":
        return '{"type":"map","values":' + parsing_canonical_form(schema["values"], namespace, seen) + "}"
    # A primitive in object form, e.g. {"type": "long", "logicalType": "timestamp-millis"}.
    return parsing_canonical_form(kind, namespace, seen)


def _fingerprint_table():
    table = []
    for i in range(256):
        fp = i
        for _ in range(8):
            fp = (fp >> 1) ^ (EMPTY64 & -(fp & 1))
        table.append(fp)
    return table


FP_TABLE = _fingerprint_table()


def crc64_avro(data):
    """CRC-64-AVRO (Rabin) fingerprint, as Java's SchemaNormalization.parsingFingerprint64."""
    fp = EMPTY64
    for byte in data:
        fp = (fp >> 8) ^ FP_TABLE[(fp ^ byte) & 0xFF]
    return fp


class SingleObjectWriter:
    """Writes records of one schema as Avro single-object encoded messages."""

    def __init__(self, schema_path):
        with open(schema_path, encoding="utf-8") as f:
            schema_json = json.load(f)
        self.fingerprint = crc64_avro(parsing_canonical_form(schema_json).encode("utf-8"))
        self.header = b"\xc3\x01" + struct.pack("<Q", self.fingerprint)
        self.writer = avro.io.DatumWriter(avro.schema.parse(json.dumps(schema_json)))

    def encode(self, record):
        out = io.BytesIO()
        out.write(self.header)
        self.writer.write(record, avro.io.BinaryEncoder(out))
        return out.getvalue()


def image_info(data):
    """(encoding, width, height, channels) read from a PNG or baseline/progressive JPEG header."""
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        width, height, _, color_type = struct.unpack(">IIBB", data[16:26])
        channels = {0: 1, 2: 3, 3: 3, 4: 2, 6: 4}[color_type]
        return "PNG", width, height, channels
    if data[:2] == b"\xff\xd8":
        i = 2
        while i + 9 < len(data):
            marker, length = data[i + 1], struct.unpack(">H", data[i + 2:i + 4])[0]
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                height, width = struct.unpack(">HH", data[i + 5:i + 9])
                if data[i + 9] == 4:
                    raise ValueError("a CMYK or YCCK JPEG is refused (UNSUPPORTED_IMAGE): "
                                     "convert it to RGB")
                return "JPEG", width, height, data[i + 9]
            i += 2 + length
        raise ValueError("JPEG without a frame header")
    raise ValueError("not a PNG or JPEG image; give --width, --height and --channels for raw u8 pixels")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bootstrap", default="localhost:9092", help="Kafka bootstrap servers")
    parser.add_argument("--topic", default="screening.frames.v1")
    parser.add_argument("--image", required=True,
                        help="PNG, JPEG, or raw u8 pixels with --width/--height/--channels")
    parser.add_argument("--feed", required=True, help="feed id, also the Kafka key")
    parser.add_argument("--tenant", required=True)
    parser.add_argument("--tasks", default="CLASSIFY", help="comma-separated: CLASSIFY,SEGMENT")
    parser.add_argument("--modality", default="OTHER",
                        choices=["PATHOLOGY_TILE", "ENDOSCOPY_FRAME", "MICROSCOPY_FIELD",
                                 "RADIOLOGY_SLICE", "OTHER"])
    parser.add_argument("--qos", default="BATCH", choices=["LIVE", "BATCH"])
    parser.add_argument("--frame-id", default=None, help="default: a random UUID")
    parser.add_argument("--sequence", type=int, default=0)
    parser.add_argument("--model-override", default=None, help="name:version, e.g. medic-cls:1")
    parser.add_argument("--deadline-ms", type=int, default=None, help="deadline, milliseconds from now")
    parser.add_argument("--pixels-ref", default=None, help="send this URI instead of the pixel bytes")
    parser.add_argument("--explain", action="store_true",
                        help="ask for a Grad-CAM heat map with each classification")
    parser.add_argument("--width", type=int)
    parser.add_argument("--height", type=int)
    parser.add_argument("--channels", type=int)
    parser.add_argument("--schema", default=DEFAULT_SCHEMA, help="path to Frame.avsc")
    parser.add_argument("--output", default=None,
                        help="write the encoded value to this file instead of sending it")
    args = parser.parse_args()

    with open(args.image, "rb") as f:
        data = f.read()
    if args.width and args.height and args.channels:
        encoding, width, height, channels = "RAW_U8", args.width, args.height, args.channels
        if len(data) != width * height * channels:
            parser.error(f"{args.image}: {len(data)} bytes, expected width * height * channels"
                         f" = {width * height * channels}")
    else:
        encoding, width, height, channels = image_info(data)

    now = datetime.datetime.now(datetime.timezone.utc)
    deadline = None
    if args.deadline_ms is not None:
        deadline = now + datetime.timedelta(milliseconds=args.deadline_ms)
    frame = {
        "frame_id": args.frame_id or str(uuid.uuid4()),
        "tenant": args.tenant,
        "feed_id": args.feed,
        "sequence": args.sequence,
        "capture_time": now,
        "modality": args.modality,
        "encoding": encoding,
        "width": width,
        "height": height,
        "channels": channels,
        "pixels": None if args.pixels_ref else data,
        "pixels_ref": args.pixels_ref,
        "tasks": [t.strip().upper() for t in args.tasks.split(",") if t.strip()],
        "model_override": args.model_override,
        "qos": args.qos,
        "deadline": deadline,
        "attributes": {},
        "tile": None,  # a slide tile's position (send slide)
        "last_in_feed": False,  # True on a procedure's last frame
        "explain": args.explain,
    }
    value = SingleObjectWriter(args.schema).encode(frame)

    if args.output:
        with open(args.output, "wb") as f:
            f.write(value)
        print(f"wrote frame {frame['frame_id']} ({len(value)} bytes) to {args.output}")
        return 0

    from confluent_kafka import Producer  # only needed when sending

    failures = []
    # The delivery timeout is shorter than flush's so that a failure reports librdkafka's reason.
    # murmur2_random is the Java client's partitioner (librdkafka's default, consistent_random,
    # hashes with CRC32): without it a feed produced from Python and Java lands on two
    # partitions and loses its order.
    producer = Producer({"bootstrap.servers": args.bootstrap, "message.timeout.ms": 20000,
                         "message.max.bytes": max(1_000_000, len(value) + 1024),
                         "partitioner": "murmur2_random"})
    producer.produce(args.topic, key=args.feed.encode("utf-8"), value=value,
                     on_delivery=lambda err, msg: failures.append(err) if err else None)
    if producer.flush(30) > 0:
        failures.append("not delivered within 30 s")
    if failures:
        print(f"frame {frame['frame_id']} not delivered: {failures[0]}", file=sys.stderr)
        return 1
    print(f"sent frame {frame['frame_id']} ({len(value)} bytes) to {args.topic}, key {args.feed}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
