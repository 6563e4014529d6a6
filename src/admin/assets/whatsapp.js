// /admin/whatsapp: reloads the page when the session state or its QR changes (the QR rotates every ~20 s).
(() => {
  const box = document.querySelector('.wa-state');
  if (!box || box.dataset.status === 'open') return;
  const shown = `${box.dataset.status}|${box.dataset.since}`;
  let seenQr;
  const check = async () => {
    try {
      const response = await fetch('/admin/whatsapp/status', { headers: { accept: 'application/json' }, credentials: 'same-origin' });
      if (!response.ok) return;
      const state = await response.json();
      if (seenQr === undefined) seenQr = state.qr;
      if (`${state.status}|${state.since}` !== shown || state.qr !== seenQr) window.location.reload();
    } catch {
      // Network hiccup: try again on the next tick.
    }
  };
  setInterval(check, 5000);
})();
