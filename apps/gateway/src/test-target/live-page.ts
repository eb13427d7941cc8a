/**
 * The live byte map at /_rangeway/: one bar per upload, received ranges filled in, refreshed
 * twice a second from /_rangeway/sessions. Plain HTML and script, so nothing needs building.
 */
export const LIVE_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Rangeway · live uploads</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  :root { font: 14px/1.4 system-ui, sans-serif; color: #1d2330; background: #f6f7f9; }
  body { margin: 24px auto; max-width: 1100px; padding: 0 16px; }
  h1 { font-size: 20px; margin: 0 0 4px; }
  .sub { color: #667; margin-bottom: 20px; }
  .upload { background: #fff; border: 1px solid #dde1e7; border-radius: 8px; padding: 12px 14px; margin-bottom: 12px; }
  .head { display: flex; gap: 12px; align-items: baseline; flex-wrap: wrap; }
  .target { font-weight: 600; word-break: break-all; }
  .tag { font-size: 12px; padding: 1px 8px; border-radius: 10px; background: #eef1f6; }
  .tag.state-open { background: #fff3d6; } .tag.state-committed { background: #d9f5e1; }
  .tag.state-aborted, .tag.state-expired { background: #fbe0e0; }
  .bar { position: relative; height: 22px; margin-top: 8px; background: repeating-linear-gradient(45deg,#eceff3,#eceff3 6px,#e4e8ee 6px,#e4e8ee 12px); border-radius: 4px; overflow: hidden; }
  .seg { position: absolute; top: 0; bottom: 0; background: #3b82f6; }
  .state-committed .seg { background: #22a35a; }
  .nums { color: #556; font-variant-numeric: tabular-nums; margin-left: auto; }
  .empty { color: #889; padding: 40px 0; text-align: center; }
</style>
</head>
<body>
<h1>Rangeway · live uploads</h1>
<div class="sub" id="sub">connecting…</div>
<div id="list"></div>
<script>
const token = new URLSearchParams(location.search).get('token');
const headers = token ? { authorization: 'Bearer ' + token } : {};
const fmt = (n) => n >= 1048576 ? (n / 1048576).toFixed(1) + ' MiB' : n >= 1024 ? (n / 1024).toFixed(1) + ' KiB' : n + ' B';
function render(sessions) {
  const list = document.getElementById('list');
  document.getElementById('sub').textContent = sessions.length + ' upload(s) · updated ' + new Date().toLocaleTimeString();
  if (!sessions.length) { list.innerHTML = '<div class="empty">No uploads yet. Start one with any client.</div>'; return; }
  list.replaceChildren(...sessions.map((s) => {
    const size = s.total ?? Math.max(1, ...s.received.map((r) => r.end));
    const el = document.createElement('div');
    el.className = 'upload state-' + s.state;
    el.dataset.id = s.id;
    const head = document.createElement('div');
    head.className = 'head';
    const t = document.createElement('span'); t.className = 'target'; t.textContent = s.target;
    const d = document.createElement('span'); d.className = 'tag'; d.textContent = s.dialect;
    const st = document.createElement('span'); st.className = 'tag state-' + s.state; st.textContent = s.state;
    const n = document.createElement('span'); n.className = 'nums';
    n.textContent = fmt(s.receivedBytes) + ' / ' + (s.total == null ? '?' : fmt(s.total)) + (s.total ? ' · ' + (100 * s.receivedBytes / s.total).toFixed(1) + '%' : '');
    head.append(t, d, st, n);
    const bar = document.createElement('div');
    bar.className = 'bar';
    bar.title = s.received.map((r) => r.start + '-' + (r.end - 1)).join(', ') || 'nothing received';
    for (const r of s.received) {
      const seg = document.createElement('div');
      seg.className = 'seg';
      seg.style.left = (100 * r.start / size) + '%';
      seg.style.width = Math.max(0.2, 100 * (r.end - r.start) / size) + '%';
      bar.append(seg);
    }
    el.append(head, bar);
    return el;
  }));
}
async function tick() {
  try {
    const res = await fetch('/_rangeway/sessions', { headers });
    if (!res.ok) throw new Error('HTTP ' + res.status);
    render((await res.json()).sessions);
  } catch (e) {
    document.getElementById('sub').textContent = 'cannot reach the gateway: ' + e.message;
  }
  setTimeout(tick, 500);
}
tick();
</script>
</body>
</html>
`;
