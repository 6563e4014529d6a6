// The web chat's behaviour. A served file, not inline, so the page's CSP can forbid inline script.
(() => {
  const log = document.getElementById('log');
  const form = document.getElementById('ask');
  const input = document.getElementById('text');
  const send = document.getElementById('send');

  const escape = (s) => s.replace(/[&<>"']/g, (c) => ({ '&':'&amp;', '<':'&lt;', '>':'&gt;', '"':'&quot;', "'":'&#39;' }[c]));
  // Knowledge texts use light Markdown only: **bold** and "- " bullet lines.
  function markdown(text) {
    const out = []; let list = null;
    for (const line of escape(text).split('\n')) {
      const inline = line.replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>').replace(/(^|\s)_(.+?)_(?=\s|$)/g, '$1<em>$2</em>');
      if (/^\s*[-•]\s+/.test(line)) { if (!list) { list = []; } list.push('<li>' + inline.replace(/^\s*[-•]\s+/, '') + '</li>'); continue; }
      if (list) { out.push('<ul class="body">' + list.join('') + '</ul>'); list = null; }
      if (line.trim()) out.push('<p>' + inline + '</p>');
    }
    if (list) out.push('<ul class="body">' + list.join('') + '</ul>');
    return out.join('');
  }

  function add(who, html) {
    const row = document.createElement('div');
    row.className = 'msg ' + who;
    const bubble = document.createElement('div');
    bubble.className = 'bubble';
    bubble.innerHTML = html;
    row.appendChild(bubble);
    log.appendChild(row);
    row.scrollIntoView({ behavior: 'smooth', block: 'end' });
    return bubble;
  }

  function chips(bubble, label, items, onPick) {
    if (!items.length) return;
    const box = document.createElement('div');
    box.className = 'chips';
    box.setAttribute('aria-label', label);
    for (const item of items) {
      const b = document.createElement('button');
      b.type = 'button'; b.textContent = item.title; b.dataset.id = item.id;
      b.addEventListener('click', () => onPick(item));
      box.appendChild(b);
    }
    bubble.appendChild(box);
  }

  function feedback(bubble, data) {
    const box = document.createElement('div');
    box.className = 'feedback';
    box.innerHTML = '<span>Apakah jawaban ini membantu?</span>';
    for (const [rating, label] of [['up', '👍'], ['down', '👎']]) {
      const b = document.createElement('button');
      b.type = 'button'; b.textContent = label; b.dataset.rating = rating;
      b.addEventListener('click', async () => {
        box.querySelectorAll('button').forEach((x) => (x.disabled = true));
        try {
          const res = await fetch('/api/feedback', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ queryId: data.queryId, feedbackToken: data.feedbackToken, rating, entryId: data.entry && data.entry.id }) });
          box.querySelector('span').textContent = res.ok ? 'Terima kasih atas penilaian Anda.' : 'Penilaian gagal dikirim.';
        } catch { box.querySelector('span').textContent = 'Penilaian gagal dikirim.'; }
      });
      box.appendChild(b);
    }
    bubble.appendChild(box);
  }

  // Regulations and explanatory pages in separate blocks, so a forwarded answer keeps the law apart from its explanation.
  function sourceBlock(sources, kind, heading) {
    const items = sources.filter((s) => s.kind === kind).map((s) => {
      const link = /^https?:\/\//.test(s.url || '') ? '<a href="' + escape(s.url) + '" target="_blank" rel="noopener noreferrer">' + escape(s.title) + '</a>' : escape(s.title);
      return '<li>' + link + escape(', ' + s.ref) + '</li>';
    }).join('');
    return items ? '<div class="sources ' + kind + '"><strong>' + heading + ':</strong><ul>' + items + '</ul></div>' : '';
  }

  function render(data) {
    if (data.status === 'answered' && data.entry) {
      const bubble = add('bot',
        '<span class="badge ' + escape(data.entry.verdict) + '">' + escape(data.entry.verdictLabel) + '</span>' +
        '<div class="title">' + escape(data.entry.title) + '</div>' + markdown(data.answer) +
        sourceBlock(data.sources, 'regulation', 'Dasar hukum') + sourceBlock(data.sources, 'reference', 'Rujukan') +
        (data.disclaimer ? '<div class="disclaimer">' + markdown(data.disclaimer) + '</div>' : ''));
      chips(bubble, 'Topik terkait', data.related, (item) => ask({ entryId: item.id }, item.title));
      feedback(bubble, data);
      return;
    }
    const bubble = add('bot', markdown(data.answer));
    chips(bubble, 'Pilihan topik', data.suggestions, (item) => ask({ entryId: item.id }, item.title));
    if (data.categories.length === 1) chips(bubble, 'Topik', data.categories[0].entries, (item) => ask({ entryId: item.id }, item.title));
    else chips(bubble, 'Kategori', data.categories, (cat) => ask({ text: '/topik ' + cat.id }, cat.title));
  }

  async function ask(body, shown) {
    add('user', escape(shown));
    send.disabled = true;
    try {
      const res = await fetch('/api/ask', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const data = await res.json();
      if (!res.ok) add('bot', escape(data.message || 'Maaf, terjadi kesalahan. Silakan coba lagi.'));
      else render(data);
    } catch {
      add('bot', 'Maaf, server tidak dapat dihubungi. Periksa koneksi Anda lalu coba lagi.');
    } finally {
      send.disabled = false;
      input.focus();
    }
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    ask({ text }, text);
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); form.requestSubmit(); }
  });
  ask({ text: '/start' }, 'Mulai');
})();
