/**
 * The live page at /_rangeway/: one card per upload with its byte map (acknowledged ranges, and
 * the writes arriving right now), rate, ETA, state and expiry, refreshed twice a second from
 * /_rangeway/sessions. Plain HTML and script, so nothing needs building. With an admin token,
 * open it as /_rangeway/?token=T: the page itself is served without one, its calls send it.
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
  .sub { color: #667; margin-bottom: 12px; }
  .tools { display: flex; gap: 16px; align-items: center; flex-wrap: wrap; margin-bottom: 16px; }
  .legend { display: flex; gap: 12px; color: #556; font-size: 12px; }
  .key { display: inline-block; width: 12px; height: 12px; border-radius: 2px; vertical-align: -2px; margin-right: 4px; }
  .upload { background: #fff; border: 1px solid #dde1e7; border-radius: 8px; padding: 12px 14px; margin-bottom: 12px; }
  .head { display: flex; gap: 12px; align-items: baseline; flex-wrap: wrap; }
  .target { font-weight: 600; word-break: break-all; }
  .tag { font-size: 12px; padding: 1px 8px; border-radius: 10px; background: #eef1f6; }
  .tag.state-open { background: #fff3d6; } .tag.state-complete { background: #e3ecff; } .tag.state-committed { background: #d9f5e1; }
  .tag.state-aborted, .tag.state-expired { background: #fbe0e0; }
  .nums { color: #556; font-variant-numeric: tabular-nums; margin-left: auto; }
  .bar { position: relative; height: 22px; margin-top: 8px; border-radius: 4px; overflow: hidden; }
  .bar, .key.missing { background: repeating-linear-gradient(45deg,#eceff3,#eceff3 6px,#e4e8ee 6px,#e4e8ee 12px); }
  .seg, .key.acked { background: #3b82f6; } .seg { position: absolute; top: 0; bottom: 0; }
  .state-committed .seg { background: #22a35a; } .key.committed { background: #22a35a; }
  .fly, .key.inflight { background: #f59e0b; } .fly { position: absolute; top: 0; bottom: 0; opacity: .85; }
  .meta { display: flex; gap: 16px; flex-wrap: wrap; color: #556; font-size: 12px; margin-top: 6px; font-variant-numeric: tabular-nums; }
  .meta a { color: #2456c9; }
  code { font-size: 12px; }
  pre.json { background: #f3f5f8; border-radius: 6px; padding: 8px; max-height: 240px; overflow: auto; font-size: 12px; }
  .empty { color: #889; padding: 40px 0; text-align: center; }
</style>
</head>
<body>
<h1>Rangeway · live uploads</h1>
<div class="sub" id="sub">connecting…</div>
<div class="tools">
  <label>dialect <select id="dialect"><option value="">all</option><option>box</option><option>eos</option><option>deoss</option><option>clickhelp</option></select></label>
  <label>state <select id="state"><option value="">all</option><option>open</option><option>complete</option><option>committed</option><option>aborted</option><option>expired</option></select></label>
  <span class="legend">
    <span><i class="key acked"></i>acknowledged</span>
    <span><i class="key inflight"></i>arriving now (not yet acknowledged)</span>
    <span><i class="key committed"></i>committed</span>
    <span><i class="key missing"></i>not received</span>
  </span>
</div>
<div id="list"></div>
<script>
const params = new URLSearchParams(location.search);
const token = params.get('token');
const headers = token ? { authorization: 'Bearer ' + token } : {};
const fmt = (n) => n >= 1073741824 ? (n / 1073741824).toFixed(2) + ' GiB' : n >= 1048576 ? (n / 1048576).toFixed(1) + ' MiB' : n >= 1024 ? (n / 1024).toFixed(1) + ' KiB' : n + ' B';
const dur = (s) => !isFinite(s) ? '–' : s < 60 ? Math.ceil(s) + ' s' : s < 3600 ? Math.floor(s / 60) + ' min ' + Math.ceil(s % 60) + ' s' : s < 172800 ? (s / 3600).toFixed(1) + ' h' : (s / 86400).toFixed(1) + ' days';
const until = (iso) => { if (!iso) return 'never'; const s = (Date.parse(iso) - Date.now()) / 1000; return s <= 0 ? 'due' : 'in ' + dur(s); };
// byte rate per upload, smoothed over the last few polls
const seen = new Map();
function rateOf(s, now) {
  const bytes = s.receivedBytes + s.inFlightBytes;
  const prev = seen.get(s.id);
  let rate = prev ? prev.rate : 0;
  if (prev && now > prev.at) rate = 0.5 * rate + 0.5 * Math.max(0, (bytes - prev.bytes) * 1000 / (now - prev.at));
  seen.set(s.id, { bytes, at: now, rate });
  return rate;
}
function el(tag, cls, text) { const e = document.createElement(tag); if (cls) e.className = cls; if (text !== undefined) e.textContent = text; return e; }
// details and requests open below their card (fetched with the token, which a plain link cannot send)
const panels = new Map();
function link(s, text, href) {
  const a = el('a', 'open-' + text, text);
  a.href = href;
  a.onclick = async (ev) => {
    ev.preventDefault();
    const key = s.id + ' ' + text;
    if (panels.has(key)) { panels.delete(key); return tick(false); }
    const res = await fetch(href, { headers });
    panels.set(key, text + ' (snapshot): ' + JSON.stringify(await res.json(), null, 2));
    tick(false);
  };
  return a;
}
function card(s, now) {
  const size = s.total ?? Math.max(1, ...s.received.map((r) => r.end), ...s.inFlight.map((w) => w.end));
  const rate = rateOf(s, now);
  const card = el('div', 'upload state-' + s.state);
  card.dataset.id = s.id;
  const head = el('div', 'head');
  const pct = s.total ? ' · ' + (100 * s.receivedBytes / s.total).toFixed(1) + '%' : '';
  head.append(el('span', 'target', s.target), el('span', 'tag', s.dialect), el('span', 'tag state-' + s.state, s.state),
    el('span', 'nums', fmt(s.receivedBytes) + ' / ' + (s.total == null ? 'size unknown' : fmt(s.total)) + pct));
  const bar = el('div', 'bar');
  bar.title = s.received.map((r) => r.start + '-' + (r.end - 1)).join(', ') || 'nothing received';
  for (const r of s.received) {
    const seg = el('div', 'seg');
    seg.style.left = (100 * r.start / size) + '%';
    seg.style.width = Math.max(0.2, 100 * (r.end - r.start) / size) + '%';
    bar.append(seg);
  }
  for (const w of s.inFlight) {
    const fly = el('div', 'fly');
    fly.style.left = (100 * w.start / size) + '%';
    fly.style.width = Math.max(0.2, 100 * w.bytes / size) + '%';
    fly.title = 'arriving: ' + fmt(w.bytes) + ' of ' + fmt(w.end - w.start) + ' at ' + w.start;
    bar.append(fly);
  }
  const left = s.total == null ? NaN : s.total - s.receivedBytes - s.inFlightBytes;
  const meta = el('div', 'meta');
  const live = s.state === 'open' || s.state === 'complete';
  meta.append(
    el('span', 'inflight', 'in flight: ' + (s.inFlight.length ? fmt(s.inFlightBytes) + ' in ' + s.inFlight.length + ' request(s)' : 'none')),
    el('span', 'rate', 'rate: ' + (live ? fmt(rate) + '/s' : '–')),
    el('span', 'eta', 'ETA: ' + (live && rate > 0 && left >= 0 ? dur(left / rate) : '–')),
    el('span', 'expiry', 'expires: ' + (live ? until(s.expiresAt) : '–')),
    el('span', 'updated', 'updated ' + new Date(s.updatedAt).toLocaleTimeString()),
  );
  const id = el('span', 'id'); id.append('id ', el('code', '', s.id));
  meta.append(id, link(s, 'details', s.links.detail), link(s, 'requests', s.links.requests));
  card.append(head, bar, meta);
  for (const kind of ['details', 'requests']) if (panels.has(s.id + ' ' + kind)) card.append(el('pre', 'json', panels.get(s.id + ' ' + kind)));
  return card;
}
const filters = ['dialect', 'state'];
for (const f of filters) {
  const sel = document.getElementById(f);
  sel.value = params.get(f) ?? '';
  sel.onchange = () => {
    if (sel.value) params.set(f, sel.value); else params.delete(f);
    history.replaceState(null, '', '?' + params.toString());
    tick(false);
  };
}
function render(sessions) {
  const list = document.getElementById('list');
  const now = Date.now();
  document.getElementById('sub').textContent = sessions.length + ' upload(s) · updated ' + new Date(now).toLocaleTimeString();
  if (!sessions.length) { list.replaceChildren(el('div', 'empty', 'No uploads yet. Start one with any client.')); return; }
  list.replaceChildren(...sessions.map((s) => card(s, now)));
}
let timer;
async function tick(again = true) {
  clearTimeout(timer);
  const q = new URLSearchParams();
  for (const f of filters) if (params.get(f)) q.set(f, params.get(f));
  try {
    const res = await fetch('/_rangeway/sessions?' + q, { headers });
    if (!res.ok) throw new Error(res.status === 401 ? 'the admin token is missing or wrong (open this page as /_rangeway/?token=…)' : 'HTTP ' + res.status);
    render((await res.json()).sessions);
  } catch (e) {
    document.getElementById('sub').textContent = 'cannot reach the gateway: ' + e.message;
  }
  timer = setTimeout(tick, 500);
}
tick();
</script>
</body>
</html>
`;
