"""A reliability diagram as a PNG, with no plotting library (zlib + struct only).

Bars: per-bin observed accuracy (blue) over the bin's range; a dark dot marks the bin's mean
confidence; the grey diagonal is perfect calibration. Bins with no items are left empty.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

SIZE, MARGIN = 320, 20


def _png(width: int, height: int, pixels: list[bytearray]) -> bytes:
    raw = b"".join(b"\x00" + bytes(row) for row in pixels)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def reliability_png(bins: list[dict], path: Path | str) -> Path:
    """bins: evaluate.calibration(...)[...]["bins"] rows (lower, upper, count, confidence, accuracy)."""
    width = height = SIZE + 2 * MARGIN
    pixels = [bytearray(b"\xff\xff\xff" * width) for _ in range(height)]

    def put(x: int, y: int, rgb: tuple[int, int, int]) -> None:
        if 0 <= x < width and 0 <= y < height:
            pixels[y][3 * x:3 * x + 3] = bytes(rgb)

    def to_xy(fx: float, fy: float) -> tuple[int, int]:
        return MARGIN + round(fx * SIZE), MARGIN + SIZE - round(fy * SIZE)

    for row in bins:
        if not row["count"]:
            continue
        (x0, y0), (x1, _) = to_xy(row["lower"], row["accuracy"]), to_xy(row["upper"], 0)
        for x in range(x0 + 1, x1):
            for y in range(y0, MARGIN + SIZE):
                put(x, y, (70, 130, 200))
        cx, cy = to_xy((row["lower"] + row["upper"]) / 2, row["confidence"])
        for dx in range(-3, 4):
            for dy in range(-3, 4):
                put(cx + dx, cy + dy, (30, 30, 30))
    for i in range(SIZE + 1):  # axes and the diagonal
        put(*to_xy(i / SIZE, i / SIZE), (150, 150, 150))
        put(MARGIN + i, MARGIN + SIZE, (0, 0, 0))
        put(MARGIN, MARGIN + i, (0, 0, 0))
    path = Path(path)
    path.write_bytes(_png(width, height, pixels))
    return path
