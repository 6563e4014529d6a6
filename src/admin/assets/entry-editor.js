// Entry page: live character counter, extra source rows, and the live preview (POST /api/admin/preview,
// rendered by the channels' own renderers on the server, so it matches what each channel sends).
(() => {
  const form = document.getElementById('entry-form');
  if (!form) return;
  const answer = document.getElementById('f-answer');
  const counter = document.getElementById('answer-count');
  const limit = Number(answer.dataset.limit || 900);
  const csrf = document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') || '';

  const escape = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

  function updateCounter() {
    const n = answer.value.trim().length;
    counter.textContent = n > limit ? `${n} / ${limit} karakter — kelebihan ${n - limit}, persingkat jawaban` : `${n} / ${limit} karakter`;
    counter.classList.toggle('over', n > limit);
  }

  // One source row more: a copy of the last row, emptied, with fresh ids so labels still point at their inputs.
  document.getElementById('add-source')?.addEventListener('click', () => {
    const rows = document.getElementById('source-rows');
    const last = rows.querySelector('[data-source-row]:last-of-type');
    const index = rows.querySelectorAll('[data-source-row]').length;
    const row = last.cloneNode(true);
    row.querySelector('legend').textContent = `Sumber ${index + 1}`;
    row.querySelectorAll('.field-error').forEach((e) => e.remove());
    row.querySelectorAll('input, select').forEach((input) => {
      const id = input.id.replace(/-\d+$/, `-${index}`);
      row.querySelector(`label[for="${input.id}"]`)?.setAttribute('for', id);
      input.id = id;
      if (input.tagName === 'INPUT') input.value = '';
      input.removeAttribute('aria-invalid');
    });
    rows.appendChild(row);
    row.querySelector('input').focus();
  });

  const lines = (text) => text.split(/\r?\n|,/).map((l) => l.trim()).filter(Boolean);
  function draft() {
    const data = new FormData(form);
    const all = (name) => data.getAll(name).map(String);
    const urls = all('source_url');
    const refs = all('source_ref');
    const kinds = all('source_kind');
    const sources = all('source_title')
      .map((title, i) => ({ title: title.trim(), ref: (refs[i] || '').trim(), url: (urls[i] || '').trim(), kind: kinds[i] }))
      .filter((s) => s.title || s.ref)
      .map((s) => ({ title: s.title, ref: s.ref, ...(s.url ? { url: s.url } : {}), ...(s.kind ? { kind: s.kind } : {}) }));
    const distinction = String(data.get('distinction') || '').trim();
    return {
      id: String(data.get('id') || ''),
      title: String(data.get('title') || ''),
      ...(distinction ? { distinction } : {}),
      category: String(data.get('category') || ''),
      verdict: String(data.get('verdict') || 'informasi'),
      questions: String(data.get('questions') || '').split(/\r?\n/).map((l) => l.trim()).filter(Boolean),
      keywords: lines(String(data.get('keywords') || '')),
      related: lines(String(data.get('related') || '')),
      reviewed: String(data.get('reviewed') || ''),
      answer: String(data.get('answer') || ''),
      sources,
      baseVersion: Number(form.dataset.baseVersion || 0),
    };
  }

  // The web chat's own light Markdown (src/channels/web-page.html): **bold**, _italic_, "- " lists.
  function webMarkdown(text) {
    const out = [];
    let list = null;
    for (const line of escape(text).split('\n')) {
      const inline = line.replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>').replace(/(^|\s)_(.+?)_(?=\s|$)/g, '$1<em>$2</em>');
      if (/^\s*[-•]\s+/.test(line)) { (list ||= []).push('<li>' + inline.replace(/^\s*[-•]\s+/, '') + '</li>'); continue; }
      if (list) { out.push('<ul>' + list.join('') + '</ul>'); list = null; }
      if (line.trim()) out.push('<p>' + inline + '</p>');
    }
    if (list) out.push('<ul>' + list.join('') + '</ul>');
    return out.join('');
  }

  function renderWeb(data) {
    const sources = data.sources.map((s) => '<li>' + escape(s.title + ', ' + s.ref) + '</li>').join('');
    return '<span class="badge ' + escape(data.entry.verdict) + '">' + escape(data.entry.verdictLabel) + '</span>' +
      '<div class="title">' + escape(data.entry.title) + '</div>' + webMarkdown(data.answer) +
      '<div class="sources"><strong>Dasar hukum:</strong><ul>' + sources + '</ul></div>' +
      (data.disclaimer ? '<div class="disclaimer">' + webMarkdown(data.disclaimer) + '</div>' : '');
  }

  // WhatsApp shows *bold*, _italic_ and ~strike~; the text itself is exactly what is sent.
  const whatsappHtml = (text) =>
    escape(text).replace(/\*([^*\n]+)\*/g, '<strong>$1</strong>').replace(/(^|[\s(])_([^_\n]+)_/g, '$1<em>$2</em>').replace(/~([^~\n]+)~/g, '<s>$1</s>');

  function renderChanges(changes) {
    if (!changes.length) return '<p class="muted">Belum ada perubahan.</p>';
    return '<dl class="diff">' + changes.map((c) => {
      const body = c.kind === 'value'
        ? '<p class="diff-value"><del><span class="visually-hidden">dihapus: </span>' + escape(c.before || '(kosong)') + '</del> <span aria-hidden="true">→</span> <ins><span class="visually-hidden">menjadi: </span>' + escape(c.after) + '</ins></p>'
        : '<ul class="diff-lines">' + c.lines.map((l) => l.op === 'same'
          ? '<li class="same"><span class="mark" aria-hidden="true"> </span>' + escape(l.text || ' ') + '</li>'
          : l.op === 'added'
            ? '<li class="added"><span class="mark" aria-hidden="true">+</span><ins><span class="visually-hidden">ditambah: </span>' + escape(l.text || ' ') + '</ins></li>'
            : '<li class="removed"><span class="mark" aria-hidden="true">−</span><del><span class="visually-hidden">dihapus: </span>' + escape(l.text || ' ') + '</del></li>').join('') + '</ul>';
      return '<div class="diff-field"><dt>' + escape(c.label) + '</dt><dd>' + body + '</dd></div>';
    }).join('') + '</dl>';
  }

  const status = document.getElementById('preview-status');
  let timer;
  let sequence = 0;
  async function refresh() {
    const mine = ++sequence;
    try {
      const res = await fetch('/api/admin/preview', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
        body: JSON.stringify(draft()),
        credentials: 'same-origin',
      });
      if (mine !== sequence) return;
      if (!res.ok) { status.textContent = 'Pratinjau belum bisa ditampilkan (isian belum lengkap).'; return; }
      const p = await res.json();
      status.textContent = p.characters > p.limit ? `Jawaban ${p.characters} karakter, melebihi batas ${p.limit}: tidak bisa disimpan.` : '';
      status.className = p.characters > p.limit ? 'pv-warning' : 'muted';
      document.getElementById('pv-web').innerHTML = renderWeb(p.web);
      // Telegram HTML comes from the bot's renderer (escaped there); buttons are shown as labels.
      document.getElementById('pv-telegram').innerHTML = p.telegram.map((m) =>
        '<div class="pv-bubble telegram">' + m.html + (m.buttons.length ? '<div class="pv-buttons">' + m.buttons.map((b) => '<span>' + escape(b) + '</span>').join('') + '</div>' : '') + '</div>').join('');
      document.getElementById('pv-whatsapp').innerHTML = whatsappHtml(p.whatsapp);
      document.getElementById('pv-changes').innerHTML = renderChanges(p.changes);
      form.dataset.previewReady = String(mine);
    } catch {
      if (mine === sequence) status.textContent = 'Pratinjau gagal dimuat. Periksa koneksi.';
    }
  }

  form.addEventListener('input', () => {
    updateCounter();
    clearTimeout(timer);
    timer = setTimeout(refresh, 350);
  });
  form.addEventListener('change', () => { clearTimeout(timer); timer = setTimeout(refresh, 100); });
  updateCounter();
  refresh();
})();
