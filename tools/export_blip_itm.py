#!/usr/bin/env python3
"""Export a Salesforce BLIP-ITM checkpoint to vlsearch's split BLIP-ITM layout (see docs/models.md).

    pip install torch transformers onnx onnxruntime pillow
    python3 tools/export_blip_itm.py --model Salesforce/blip-itm-base-coco --out models/blip-itm-base-coco
    # then copy the folder into the data folder's models/ (see docs/models.md)

Writes onnx/vision_model.onnx (pixel_values -> image_embeds), onnx/text_matcher.onnx (input_ids, attention_mask,
image_embeds, image_attention_mask -> itm_logits), config.json, preprocessor_config.json, vocab.txt and
tokenizer_config.json. No official ONNX export of BLIP-ITM exists; this split is the project's own. CI only
byte-compiles this file (PyTorch is not installed there).
"""

import argparse
import inspect
import json
import os
import sys

MAX_TEXT_LENGTH = 35
OPSET = 17


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="Salesforce/blip-itm-base-coco", help="Hugging Face id or local folder of a BlipForImageTextRetrieval checkpoint")
    parser.add_argument("--out", required=True, help="output model folder")
    parser.add_argument("--no-enc", action="store_true", help="keep [CLS] first (as transformers' forward does) instead of BLIP's [ENC]")
    parser.add_argument("--no-check", action="store_true", help="skip comparing ONNX Runtime with PyTorch on one pair")
    return parser.parse_args()


def export(module, args, path, input_names, output_names, dynamic_axes):
    import torch

    options = {}
    # Newer releases default to the dynamo exporter; the TorchScript one takes dynamic_axes as written here.
    if "dynamo" in inspect.signature(torch.onnx.export).parameters:
        options["dynamo"] = False
    torch.onnx.export(module, args, path, input_names=input_names, output_names=output_names,
                      dynamic_axes=dynamic_axes, opset_version=OPSET, do_constant_folding=True, **options)


def main():
    args = parse_args()
    import torch
    from transformers import BlipForImageTextRetrieval, BlipProcessor

    model = BlipForImageTextRetrieval.from_pretrained(args.model).eval()
    processor = BlipProcessor.from_pretrained(args.model)
    tokenizer = processor.tokenizer
    os.makedirs(os.path.join(args.out, "onnx"), exist_ok=True)

    class Vision(torch.nn.Module):
        def __init__(self, blip):
            super().__init__()
            self.vision_model = blip.vision_model

        def forward(self, pixel_values):
            # last_hidden_state is already post-layer-normed: the image tokens BLIP's ITM cross-attends to.
            return self.vision_model(pixel_values=pixel_values, return_dict=True).last_hidden_state

    class TextMatcher(torch.nn.Module):
        def __init__(self, blip):
            super().__init__()
            self.text_encoder = blip.text_encoder
            self.itm_head = blip.itm_head

        def forward(self, input_ids, attention_mask, image_embeds, image_attention_mask):
            hidden = self.text_encoder(input_ids=input_ids, attention_mask=attention_mask,
                                       encoder_hidden_states=image_embeds, encoder_attention_mask=image_attention_mask,
                                       return_dict=True).last_hidden_state
            return self.itm_head(hidden[:, 0, :])

    size = model.config.vision_config.image_size
    pixels = torch.randn(2, 3, size, size)
    with torch.no_grad():
        embeds = Vision(model)(pixels)
    tokens, width = embeds.shape[1], embeds.shape[2]
    export(Vision(model), (pixels,), os.path.join(args.out, "onnx", "vision_model.onnx"),
           ["pixel_values"], ["image_embeds"], {"pixel_values": {0: "batch"}, "image_embeds": {0: "batch"}})

    enc_token_id = None if args.no_enc else tokenizer.convert_tokens_to_ids("[ENC]")
    if enc_token_id is not None and enc_token_id == tokenizer.unk_token_id:
        enc_token_id = None
    encoded = tokenizer(["a photo of a dog", "two people on a beach at sunset"], padding="max_length",
                        truncation=True, max_length=MAX_TEXT_LENGTH, return_tensors="pt")
    ids, mask = encoded.input_ids.clone(), encoded.attention_mask
    if enc_token_id is not None:
        ids[:, 0] = enc_token_id
    image_mask = torch.ones(embeds.shape[:2], dtype=torch.long)
    export(TextMatcher(model), (ids, mask, embeds, image_mask), os.path.join(args.out, "onnx", "text_matcher.onnx"),
           ["input_ids", "attention_mask", "image_embeds", "image_attention_mask"], ["itm_logits"],
           {"input_ids": {0: "batch", 1: "sequence"}, "attention_mask": {0: "batch", 1: "sequence"},
            "image_embeds": {0: "batch"}, "image_attention_mask": {0: "batch"}, "itm_logits": {0: "batch"}})

    vocabulary = sorted(tokenizer.get_vocab().items(), key=lambda pair: pair[1])
    if [index for _, index in vocabulary] != list(range(len(vocabulary))):
        sys.exit("the tokenizer's ids are not contiguous; vocab.txt cannot hold them")
    with open(os.path.join(args.out, "vocab.txt"), "w", encoding="utf-8") as handle:
        handle.writelines(token + "\n" for token, _ in vocabulary)

    config = {
        "model_type": "blip",
        "architectures": ["BlipForImageTextRetrieval"],
        "_name_or_path": args.model if not os.path.isdir(args.model) else os.path.basename(os.path.normpath(args.model)),
        "max_text_length": MAX_TEXT_LENGTH,
        "enc_token_id": enc_token_id,
        "text_config": {"vocab_size": model.config.text_config.vocab_size,
                        "pad_token_id": tokenizer.pad_token_id or 0},
        "vision_config": {"image_size": size, "feature_tokens": int(tokens), "feature_width": int(width)},
    }
    write_json(os.path.join(args.out, "config.json"), config)
    processor.image_processor.save_pretrained(args.out)
    write_json(os.path.join(args.out, "tokenizer_config.json"),
               {"tokenizer_class": "BertTokenizer", "do_lower_case": bool(getattr(tokenizer, "do_lower_case", True))})

    if not args.no_check:
        check(args.out, TextMatcher(model), Vision(model), pixels, ids, mask, image_mask)
    print(f"wrote {args.out}: image_embeds [batch, {tokens}, {width}], enc_token_id {enc_token_id}")


def check(folder, text_matcher, vision, pixels, ids, mask, image_mask):
    try:
        import onnxruntime
    except ImportError:
        print("onnxruntime is not installed: skipping the comparison with PyTorch")
        return
    import numpy
    import torch

    with torch.no_grad():
        embeds = vision(pixels)
        expected = text_matcher(ids, mask, embeds, image_mask).numpy()
    vision_session = onnxruntime.InferenceSession(os.path.join(folder, "onnx", "vision_model.onnx"))
    text_session = onnxruntime.InferenceSession(os.path.join(folder, "onnx", "text_matcher.onnx"))
    onnx_embeds = vision_session.run(["image_embeds"], {"pixel_values": pixels.numpy()})[0]
    logits = text_session.run(["itm_logits"], {"input_ids": ids.numpy(), "attention_mask": mask.numpy(),
                                               "image_embeds": onnx_embeds, "image_attention_mask": image_mask.numpy()})[0]
    difference = float(numpy.abs(logits - expected).max())
    print(f"max |ONNX - PyTorch| of itm_logits: {difference:.2e}")
    if difference > 1e-3:
        sys.exit("the exported graphs disagree with PyTorch")


def write_json(path, value):
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(value, handle, indent=2)
        handle.write("\n")


if __name__ == "__main__":
    main()
