// Independent reference for the text side of a model folder: token ids (unpadded and padded to the context length)
// and the text tower's output, computed by transformers.js offline from the local folder.
// Usage: node text-parity.mjs <model-dir> <texts.json> <TextModelClass> <context-length>
import { env, AutoTokenizer, SiglipTextModel, CLIPTextModelWithProjection, XLMRobertaModel, BertModel } from '@huggingface/transformers';
import fs from 'node:fs';
import path from 'node:path';

const [modelDir, textsFile, className, contextLength] = process.argv.slice(2);
const folder = path.resolve(modelDir);
env.allowRemoteModels = false;
env.allowLocalModels = true;
env.localModelPath = path.dirname(folder) + path.sep;
const id = path.basename(folder);
const classes = { SiglipTextModel, CLIPTextModelWithProjection, XLMRobertaModel, BertModel };
const texts = JSON.parse(fs.readFileSync(textsFile, 'utf8'));
const tokenizer = await AutoTokenizer.from_pretrained(id);
const model = await classes[className].from_pretrained(id, { dtype: 'fp32' });
const length = Number(contextLength);
const results = [];
for (const text of texts) {
  const ids = Array.from(tokenizer.encode(text));
  const inputs = tokenizer([text], { padding: 'max_length', truncation: true, max_length: length });
  if (ids.length > length) {
    // transformers.js cuts the closing special token off a long text; the Python tokenizers (and VlSearch) keep it
    // in the last position. The reference follows Python so that both sides embed the same ids.
    inputs.input_ids.data[length - 1] = BigInt(ids[ids.length - 1]);
  }
  const output = await model(inputs);
  const embedding = output.text_embeds ?? output.pooler_output ?? output.sentence_embedding;
  results.push({ text, ids, padded: Array.from(inputs.input_ids.data, Number), embedding: Array.from(embedding.data) });
}
console.log(JSON.stringify(results));
