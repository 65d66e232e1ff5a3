// Independent reference for a CLIP-format model folder: token ids, text and image embeddings computed by
// transformers.js (offline, from the local folder). Usage: node transformers-parity.mjs <model-dir> (text:<t> | <image>)...
import { env, AutoTokenizer, AutoProcessor, CLIPTextModelWithProjection, CLIPVisionModelWithProjection, RawImage } from '@huggingface/transformers';
import path from 'node:path';

const [modelDir, ...items] = process.argv.slice(2);
const folder = path.resolve(modelDir);
env.allowRemoteModels = false;
env.allowLocalModels = true;
env.localModelPath = path.dirname(folder) + path.sep;
const id = path.basename(folder);

const tokenizer = await AutoTokenizer.from_pretrained(id);
const processor = await AutoProcessor.from_pretrained(id);
const textModel = await CLIPTextModelWithProjection.from_pretrained(id, { dtype: 'fp32' });
const visionModel = await CLIPVisionModelWithProjection.from_pretrained(id, { dtype: 'fp32' });
const results = [];
for (const item of items) {
  if (item.startsWith('text:')) {
    const text = item.slice(5);
    const inputs = tokenizer([text], { padding: 'max_length', truncation: true });
    const { text_embeds } = await textModel(inputs);
    results.push({ text, ids: Array.from(tokenizer.encode(text)), embedding: Array.from(text_embeds.data) });
  } else {
    const inputs = await processor(await RawImage.read(item));
    const { image_embeds } = await visionModel(inputs);
    results.push({ image: item, embedding: Array.from(image_embeds.data) });
  }
}
console.log(JSON.stringify(results));
