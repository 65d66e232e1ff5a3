"""Reference pixels from Pillow (Debian's python3-pil), as the Hugging Face image processors compute them: the
8-bit image resized with Pillow's bicubic filter (squash: both sides to the crop size, or to `resize` and a center crop; shortest: the short side to
`resize`, the long side floor-scaled, then a Hugging Face center crop), then rescaled and normalized in floating point.

Usage: python3 pillow-preprocess.py <image> <out.f32> <squash|shortest> <resize> <crop_h> <crop_w> <rescale> <m0> <m1> <m2> <s0> <s1> <s2>
Writes crop_h * crop_w * 3 float32 values, channel-major (CHW), little-endian.
"""
import sys
from array import array

from PIL import Image

path, out, mode, resize, crop_h, crop_w, rescale = sys.argv[1:8]
mean = [float(v) for v in sys.argv[8:11]]
std = [float(v) for v in sys.argv[11:14]]
resize, crop_h, crop_w, rescale = int(resize), int(crop_h), int(crop_w), float(rescale)

image = Image.open(path).convert("RGB")
if mode == "squash":
    # Both sides to the crop size, or (EfficientNet) to a larger square, then a center crop.
    side = max(resize, crop_w, crop_h)
    image = image.resize((crop_w, crop_h) if side == max(crop_w, crop_h) else (side, side), Image.BICUBIC)
    top = (image.size[1] - crop_h) // 2
    left = (image.size[0] - crop_w) // 2
    image = image.crop((left, top, left + crop_w, top + crop_h))
else:
    width, height = image.size
    if width <= height:
        size = (resize, int(resize * height / width))
    else:
        size = (int(resize * width / height), resize)
    image = image.resize(size, Image.BICUBIC)
    # transformers' center_crop: top = (height - crop_h) // 2, left = (width - crop_w) // 2.
    top = (image.size[1] - crop_h) // 2
    left = (image.size[0] - crop_w) // 2
    image = image.crop((left, top, left + crop_w, top + crop_h))

pixels = image.load()
values = array("f")
for c in range(3):
    for y in range(crop_h):
        for x in range(crop_w):
            values.append((pixels[x, y][c] * rescale - mean[c]) / std[c])
if sys.byteorder != "little":
    values.byteswap()
with open(out, "wb") as f:
    values.tofile(f)
