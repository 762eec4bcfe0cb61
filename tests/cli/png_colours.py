#!/usr/bin/env python3
"""Count the pixels of given colours in a PNG screenshot, for the browser test of runner report.

Usage: png_colours.py FILE.png RRGGBB [RRGGBB ...]
Prints "size WIDTH HEIGHT", then one line per colour: "RRGGBB COUNT". A pixel counts when each channel is within
TOLERANCE of the colour, so that the centre of an anti-aliased line still counts. Reads 8-bit
RGB and RGBA PNGs without interlacing, which is what Chromium writes, using only the standard
library (zlib), so the test needs no imaging package.
"""
import struct
import sys
import zlib

TOLERANCE = 12


def read_png(path):
    """Return width, height, channels and the unfiltered rows of an 8-bit RGB or RGBA PNG."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path}: not a PNG file")
    position = 8
    idat = b""
    width = height = 0
    colour_type = None
    while position < len(data):
        (length,) = struct.unpack(">I", data[position:position + 4])
        kind = data[position + 4:position + 8]
        body = data[position + 8:position + 8 + length]
        position += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour_type, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or colour_type not in (2, 6) or interlace != 0:
                raise ValueError(f"{path}: unsupported PNG (bit depth {depth}, colour type {colour_type}, interlace {interlace})")
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
    channels = 3 if colour_type == 2 else 4
    return width, height, channels, unfilter(zlib.decompress(idat), width, height, channels)


def unfilter(raw, width, height, channels):
    """Undo the per-row filters of the PNG specification, section 9; return the rows."""
    stride = width * channels
    rows = []
    previous = bytearray(stride)
    offset = 0
    for _ in range(height):
        kind = raw[offset]
        line = bytearray(raw[offset + 1:offset + 1 + stride])
        offset += 1 + stride
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            up_left = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + ((left + up) >> 1)) & 0xFF
            elif kind == 4:
                estimate = left + up - up_left
                pa, pb, pc = abs(estimate - left), abs(estimate - up), abs(estimate - up_left)
                if pa <= pb and pa <= pc:
                    predictor = left
                elif pb <= pc:
                    predictor = up
                else:
                    predictor = up_left
                line[i] = (line[i] + predictor) & 0xFF
        rows.append(bytes(line))
        previous = line
    return rows


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: png_colours.py FILE.png RRGGBB [RRGGBB ...]")
    width, height, channels, rows = read_png(sys.argv[1])
    targets = [(name, tuple(int(name[i:i + 2], 16) for i in (0, 2, 4))) for name in sys.argv[2:]]
    counts = {name: 0 for name, _ in targets}
    for row in rows:
        for x in range(0, width * channels, channels):
            r, g, b = row[x], row[x + 1], row[x + 2]
            if r > 240 and g > 240 and b > 240:
                continue  # background; most pixels
            for name, (tr, tg, tb) in targets:
                if abs(r - tr) <= TOLERANCE and abs(g - tg) <= TOLERANCE and abs(b - tb) <= TOLERANCE:
                    counts[name] += 1
    print(f"size {width} {height}")
    for name, _ in targets:
        print(f"{name} {counts[name]}")


if __name__ == "__main__":
    main()
