// Ask and Imagine on the search page: streams /api/v1/ask (server-sent events over fetch) and shows /api/v1/imagine.
// Handlers are delegated from the document, so Blazor's re-rendering of the page never detaches them.
const el = id => document.getElementById(id);

function thumbnails(target, photos) {
  target.replaceChildren(...photos.map(p => {
    const link = document.createElement('a');
    link.href = `/photos/${p.id}`;
    const img = document.createElement('img');
    img.src = p.thumbnailUrl;
    img.alt = `photo ${p.id}`;
    img.loading = 'lazy';
    link.append(img);
    return link;
  }));
}

async function problem(response) {
  try {
    const body = await response.json();
    return body.detail || body.title || `HTTP ${response.status}`;
  } catch {
    return `HTTP ${response.status}`;
  }
}

async function ask() {
  const question = el('ask-question').value.trim();
  const query = el('query')?.value.trim();
  const answer = el('ask-answer');
  const cited = el('ask-cited');
  if (!question) {
    answer.textContent = 'Type a question first.';
    return;
  }

  answer.textContent = '';
  cited.replaceChildren();
  el('ask-button').disabled = true;
  try {
    const response = await fetch('/api/v1/ask', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
      body: JSON.stringify({ question, query: query || null }),
    });
    if (!response.ok) {
      answer.textContent = await problem(response);
      return;
    }

    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const name = /^event: (.*)$/m.exec(block)?.[1];
        const data = JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? '{}');
        if (name === 'delta') answer.textContent += data.text;
        else if (name === 'done') thumbnails(cited, data.photos);
        else if (name === 'error') answer.textContent += `\n(${data.detail})`;
      }
    }
  } catch (e) {
    answer.textContent += `\n(${e.message})`;
  } finally {
    el('ask-button').disabled = false;
  }
}

async function imagine() {
  const description = el('query')?.value.trim();
  const result = el('imagine-result');
  if (!description) {
    result.textContent = 'Describe the picture in the search box first.';
    return;
  }

  result.textContent = 'Imagining…';
  const response = await fetch('/api/v1/imagine', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ description, k: 24 }),
  });
  if (!response.ok) {
    result.textContent = await problem(response);
    return;
  }

  const body = await response.json();
  const picture = document.createElement('img');
  picture.src = body.image;
  picture.alt = `imagined: ${description}`;
  picture.className = 'imagined-picture';
  const hits = document.createElement('div');
  hits.className = 'cited';
  thumbnails(hits, body.items);
  result.replaceChildren(picture, hits);
}

document.addEventListener('click', e => {
  if (e.target?.id === 'ask-button') ask();
  else if (e.target?.id === 'imagine-button') imagine();
});
document.addEventListener('keydown', e => {
  if (e.key === 'Enter' && e.target?.id === 'ask-question') ask();
});
